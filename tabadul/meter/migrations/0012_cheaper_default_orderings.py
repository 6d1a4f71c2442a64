from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meter", "0011_plan_rollup"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="project",
            options={
                "ordering": ["plan_id", "external_id"],
                "verbose_name": "project",
                "verbose_name_plural": "projects",
            },
        ),
        migrations.AlterModelOptions(
            name="projectstatus",
            options={
                "ordering": ["body_id", "position", "pk"],
                "verbose_name": "project status",
                "verbose_name_plural": "project statuses",
            },
        ),
        migrations.AlterModelOptions(
            name="strategicgoal",
            options={
                "ordering": ["plan_id", "position", "pk"],
                "verbose_name": "strategic goal",
                "verbose_name_plural": "strategic goals",
            },
        ),
    ]
