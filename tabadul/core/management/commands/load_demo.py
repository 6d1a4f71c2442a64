from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tabadul.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from tabadul.directory.demo import load_demo_bodies


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Load content only, no demo accounts.")

    def handle(self, *args, no_accounts=False, **options):
        if not no_accounts and not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo accounts: DEBUG is off. They have public passwords and are for "
                "development only. Use --no-accounts to load the demo content alone."
            )
        with transaction.atomic():
            bodies = load_demo_bodies()
            self.stdout.write(f"Local bodies: {bodies}")
            if not no_accounts:
                accounts = load_demo_accounts()
                self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): {', '.join(accounts)}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
