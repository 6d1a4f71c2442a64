"""The funders' and partners' text fields go: the programme names organisations now (0005 carried the text over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_funder_and_partner_organisations"),
    ]

    operations = [
        migrations.RemoveField(model_name="programme", name="funders_ar"),
        migrations.RemoveField(model_name="programme", name="funders_en"),
        migrations.RemoveField(model_name="programme", name="partners_ar"),
        migrations.RemoveField(model_name="programme", name="partners_en"),
    ]
