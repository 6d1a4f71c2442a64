from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def demo_modules():
    """Each Tabadul app may have a `demo` module with `load() -> str`; they run in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("tabadul."):
            continue
        try:
            yield config.label, import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


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
        from tabadul.accounts.demo import enable_sign_in

        enable_sign_in(not no_accounts)
        try:
            with transaction.atomic():
                for label, module in demo_modules():
                    if label == "accounts" and no_accounts:
                        continue
                    self.stdout.write(f"{label}: {module.load()}")
                # A second pass for demo data that points at what apps later in INSTALLED_APPS loaded (the
                # programmes name their hubs, events, Meter pilots and twinning groups).
                for label, module in demo_modules():
                    if hasattr(module, "link"):
                        self.stdout.write(f"{label}: {module.link()}")
        finally:
            enable_sign_in(True)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
