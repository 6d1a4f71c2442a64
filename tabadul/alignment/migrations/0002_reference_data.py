from django.db import migrations

from tabadul.alignment.reference import load_reference_data


def forwards(apps, schema_editor):
    load_reference_data(apps.get_model("alignment", "SdgGoal"), apps.get_model("alignment", "SdgTarget"))


class Migration(migrations.Migration):
    dependencies = [("alignment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
