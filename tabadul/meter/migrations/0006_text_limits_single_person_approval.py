import django.core.validators
from django.db import migrations, models


def bounded_text(verbose_name, **kwargs):
    return models.TextField(
        max_length=3000,
        validators=[
            django.core.validators.MaxLengthValidator(3000),
            django.core.validators.ProhibitNullCharactersValidator(),
        ],
        verbose_name=verbose_name,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meter", "0005_private_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="strategicplan",
            name="single_person_approval",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Only for a body with a single staff member. Otherwise a progress report is published by an "
                    "approver other than its author."
                ),
                verbose_name="one person may report and approve progress",
            ),
        ),
        migrations.AlterField(model_name="progressupdate", name="note", field=bounded_text("note", blank=True)),
        migrations.AlterField(model_name="feedback", name="text", field=bounded_text("your message")),
        migrations.AlterField(model_name="feedback", name="reply", field=bounded_text("public reply", blank=True)),
    ]
