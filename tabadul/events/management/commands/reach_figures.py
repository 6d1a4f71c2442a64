"""Store the reach dashboard's figures without filters anew (events/reach.py): nightly (a change of who sees what,
such as a new hub coordinator, gets its figures then), and after a bulk load or an import that wrote registrations,
events or local bodies without the services. The services store them after every change of attendance themselves."""

from django.core.management.base import BaseCommand

from tabadul.events import reach


class Command(BaseCommand):
    help = "Store the reach dashboard's figures (without filters) for the scope of everyone who may open it."

    def handle(self, *args, **options):
        scopes = reach.store()
        self.stdout.write(f"reach figures stored for {scopes} scopes")
