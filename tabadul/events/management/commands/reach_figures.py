"""Store the reach dashboard's figures without filters anew (events/reach.py): nightly, and after a bulk load or
an import that wrote registrations, events or local bodies without the services (the page then computes them live
until they are stored). The services store them after every change of attendance themselves."""

from django.core.management.base import BaseCommand

from tabadul.events import reach


class Command(BaseCommand):
    help = "Store the reach dashboard's figures (without filters) for every scope."

    def handle(self, *args, **options):
        reach.store()
        self.stdout.write(f"reach figures stored for {', '.join(reach.SCOPES)}")
