from django.core.management.base import BaseCommand

from tabadul.events.services import reminders_enqueue_due


class Command(BaseCommand):
    help = (
        "Remind (notification EVENT_REMINDER, e-mailed as each person chose) every confirmed registration for an "
        "event starting within the next day. Idempotent: a registration is reminded once per start time, however "
        "often this runs (run it e.g. every hour)."
    )

    def handle(self, *args, **options):
        count = reminders_enqueue_due()
        self.stdout.write(f"{count} reminder(s) sent.")
