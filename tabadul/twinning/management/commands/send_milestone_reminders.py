from django.core.management.base import BaseCommand

from tabadul.twinning.services import milestones_remind


class Command(BaseCommand):
    help = (
        "Tell the participants of current twinning groups of each unfinished milestone due within seven days or "
        "overdue (notification MILESTONE_DUE, e-mailed as each person chose). Idempotent per milestone and state "
        "(due, overdue): run it daily."
    )

    def handle(self, *args, **options):
        count = milestones_remind()
        self.stdout.write(f"{count} milestone reminder(s) written.")
