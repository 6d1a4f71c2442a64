from django.db import migrations

from tabadul.directory.reference import load_reference_data


def forwards(apps, schema_editor):
    load_reference_data(
        apps.get_model("directory", "Country"),
        apps.get_model("directory", "Region"),
        apps.get_model("directory", "Governorate"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
