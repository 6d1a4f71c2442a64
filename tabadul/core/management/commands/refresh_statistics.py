from django.core.management.base import BaseCommand

from tabadul.core.statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics (ANALYZE): nightly, and after a bulk load. Idempotent."

    def handle(self, *args, **options):
        refresh_planner_statistics()
        self.stdout.write(self.style.SUCCESS("Planner statistics refreshed."))
