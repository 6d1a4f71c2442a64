from django.core.management.base import BaseCommand

from tabadul.notifications.tasks import send_daily_digest


class Command(BaseCommand):
    help = "Queue the daily e-mail digest of notifications (run once a day, e.g. from cron at 07:00)."

    def handle(self, *args, **options):
        result = send_daily_digest.enqueue()
        self.stdout.write(f"Digest queued ({result.id}).")
