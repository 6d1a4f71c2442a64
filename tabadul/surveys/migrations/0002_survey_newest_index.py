from django.db import migrations, models

from tabadul.core.statistics import refresh_planner_statistics


def analyse_surveys(apps, schema_editor):
    """The planner's statistics of the new index at once (as events' index migrations do)."""
    refresh_planner_statistics("surveys_survey", using=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="survey",
            index=models.Index(fields=["starts_at", "id"], name="surveys_survey_newest"),
        ),
        migrations.RunPython(analyse_surveys, migrations.RunPython.noop, elidable=True),
    ]
