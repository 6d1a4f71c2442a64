"""The library's organisations are the directory's now (docs/decisions/010): state only, the table and its rows
stay as they are (directory 0005 declared the model on this table; directory 0006 renames it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_document_programme"),
        ("directory", "0005_organisation_from_library"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="document",
                    name="author_organisations",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="documents",
                        to="directory.organisation",
                        verbose_name="authoring programmes and organisations",
                    ),
                ),
                migrations.AlterField(
                    model_name="recommendation",
                    name="owner_organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="directory.organisation",
                        verbose_name="owner (programme or organisation)",
                    ),
                ),
                migrations.DeleteModel(name="Organisation"),
            ],
            database_operations=[],
        )
    ]
