from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tabadul.demo import demo_modules
from tabadul.demo.accounts import enable_sign_in


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
        enable_sign_in(not no_accounts)
        try:
            with transaction.atomic():
                for label, module in demo_modules():
                    if label == "accounts" and no_accounts:
                        continue
                    self.stdout.write(f"{label}: {module.load()}")
                # A second pass for demo data that points at what later modules loaded (the programmes name
                # their hubs, events, Meter pilots and twinning groups).
                for label, module in demo_modules():
                    if hasattr(module, "link"):
                        self.stdout.write(f"{label}: {module.link()}")
        finally:
            enable_sign_in(True)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
