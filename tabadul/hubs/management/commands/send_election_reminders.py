from django.core.management.base import BaseCommand

from tabadul.hubs.services import election_reminders_send


class Command(BaseCommand):
    help = (
        "Remind the representatives of member bodies that have not voted of every hub election whose voting ends "
        "tomorrow. Idempotent: one reminder per person and election, however often it runs (run it daily)."
    )

    def handle(self, *args, **options):
        count = election_reminders_send()
        self.stdout.write(f"{count} reminder(s) written.")
