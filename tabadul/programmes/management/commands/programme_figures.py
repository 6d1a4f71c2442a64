"""Store every programme's results anew (programmes/figures.py): every hour (events become held and the Meter's
schedules move on with time, without a write), and after a bulk load or an import that wrote without the services'
signals. Writes to what the figures count store them in the background themselves."""

from django.core.management.base import BaseCommand

from tabadul.programmes import figures


class Command(BaseCommand):
    help = "Store every programme's results (the programme page's figures without a period)."

    def handle(self, *args, **options):
        changed = figures.store()
        self.stdout.write(f"programme figures stored: {changed} changed")
