from django.db import migrations

from tabadul.directory.reference import load_libya_and_tunisia


def forwards(apps, schema_editor):
    load_libya_and_tunisia(
        apps.get_model("directory", "Country"),
        apps.get_model("directory", "Region"),
        apps.get_model("directory", "Governorate"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_private_files")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
