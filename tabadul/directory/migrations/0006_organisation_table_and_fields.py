"""Organisations (docs/decisions/010): the table takes the directory's name (its many-to-many table of staff
follows), the audit trail's content type follows the model, and the new kinds, country and summary come in."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Audit events name their target by content type: keep them pointing at the moved model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="directory", model="organisation").exists():
        ContentType.objects.filter(app_label="library", model="organisation").update(app_label="directory")


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="library", model="organisation").exists():
        ContentType.objects.filter(app_label="directory", model="organisation").update(app_label="library")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_organisation_from_library"),
        ("library", "0006_organisation_moves_to_directory"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelTable(name="organisation", table=None),
        migrations.RunPython(content_type_follows, content_type_back),
        migrations.AlterModelOptions(
            name="organisation",
            options={"ordering": ["name_ar"], "verbose_name": "organisation", "verbose_name_plural": "organisations"},
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("ministry", "Ministry or public agency"),
                    ("association", "Association of local authorities"),
                    ("funder", "Funder or development agency"),
                    ("civil_society", "Civil-society organisation"),
                    ("training_centre", "Training centre"),
                    ("programme", "Programme"),
                    ("organisation", "Other organisation"),
                ],
                db_index=True,
                default="organisation",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="staff",
            field=models.ManyToManyField(
                blank=True, related_name="organisations", to=settings.AUTH_USER_MODEL, verbose_name="staff"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="country",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for an international organisation.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="directory.country",
                verbose_name="country",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="summary_ar",
            field=models.TextField(blank=True, verbose_name="summary (Arabic)"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="summary_en",
            field=models.TextField(blank=True, verbose_name="summary (English)"),
        ),
    ]
