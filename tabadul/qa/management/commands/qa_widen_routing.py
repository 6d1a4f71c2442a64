from django.core.management.base import BaseCommand

from tabadul.qa.services import WIDEN_AFTER_DAYS, questions_widen_unanswered


class Command(BaseCommand):
    help = (
        "Offer to all specialists every question that nobody with matching expertise answered within N days. "
        "Run it once a day (cron or systemd timer); running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=WIDEN_AFTER_DAYS, help=f"default {WIDEN_AFTER_DAYS}")

    def handle(self, *args, days: int, **options):
        widened = questions_widen_unanswered(after_days=days)
        self.stdout.write(f"{len(widened)} question(s) offered to all specialists.")
