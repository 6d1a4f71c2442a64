"""Organisations move from the library to the directory (docs/decisions/010) without copying a row: the model is
declared here on the library's table (state only), the library's fields are pointed at it (library 0006), then
the table is renamed and the new fields added (directory 0006)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_libya_and_tunisia"),
        ("library", "0004_document_follow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("name_ar", models.CharField(max_length=200, verbose_name="name (Arabic)")),
                        ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name (English)")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="address name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("programme", "Programme"),
                                    ("organisation", "Organisation"),
                                    ("ministry", "Ministry or public agency"),
                                ],
                                default="organisation",
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("acronym", models.CharField(blank=True, max_length=30, verbose_name="acronym")),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                        (
                            "staff",
                            models.ManyToManyField(
                                blank=True,
                                related_name="library_organisations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "programme or organisation",
                        "verbose_name_plural": "programmes and organisations",
                        "ordering": ["name_ar"],
                        "db_table": "library_organisation",
                    },
                )
            ],
            database_operations=[],
        )
    ]
