"""Sessions of a course now admit enrolled people through the single-event registration rules, closed
registration included. Until now every session was created with registration closed (the flag had no effect on
enrolment), so open it on existing sessions, or enrolment would stop giving places in them."""

from django.db import migrations


def open_course_sessions(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(course__isnull=False, registration_open=False).update(registration_open=True)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_private_event_documents"),
    ]

    operations = [
        migrations.RunPython(open_course_sessions, migrations.RunPython.noop),
    ]
