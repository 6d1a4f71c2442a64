from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from tabadul.meter import stages
from tabadul.meter.models import Project
from tabadul.meter.rollup import annotate_achievement
from tabadul.meter.services import project_status_sync


class Command(BaseCommand):
    help = (
        "List the projects whose status contradicts their published achievement (meter/stages.py: a completed "
        "status means 100 %, a not-started one 0 %, in progress anything between); with --fix, move each one's "
        "status to the body's status of its achievement's stage, audited as a change by the system."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="move the statuses (otherwise only report)")

    def handle(self, *args, fix=False, **options):
        projects = (
            annotate_achievement(Project.objects.select_related("plan__body", "status"))
            .filter(last_update_date__isnull=False)
            .order_by("plan__body__slug", "plan_id", "external_id")
        )
        found = fixed = 0
        for project in projects:
            if stages.agree(project.status.default_percent, project.achievement):
                continue
            found += 1
            self.stdout.write(
                f"{project.plan.body.slug} {project.external_id} (#{project.pk}): "
                f"{project.status.code} ({project.status.default_percent} %) "
                f"at {project.achievement} % [{stages.stage_of(project.achievement)}]"
            )
            if fix:
                try:
                    with transaction.atomic():
                        fixed += project_status_sync(actor=None, project=Project.objects.get(pk=project.pk))
                except ValidationError as error:
                    self.stderr.write(f"  not fixed: {' '.join(error.messages)}")
        self.stdout.write(f"{found} project(s) disagree; {fixed} fixed.")
