from django.core.management.base import BaseCommand

from tabadul.core.services import home_figures_store


class Command(BaseCommand):
    help = (
        "Count the home page's figures anew and store them: hourly (an event is held once it ends, with no write), "
        "and after a bulk load. Idempotent."
    )

    def handle(self, *args, **options):
        home_figures_store()
        self.stdout.write(self.style.SUCCESS("Home figures stored."))
