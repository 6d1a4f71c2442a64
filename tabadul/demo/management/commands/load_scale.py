import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tabadul.demo import scale


class Command(BaseCommand):
    help = (
        "Add regional-scale generated data (issue 22) on top of what the database holds: N local bodies and, in "
        "proportion, their staff, citizens, hub memberships, events, documents, questions, twinning groups, Meter "
        "plans and notifications; then rebuild the search index. Development and benchmarks only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=scale.DEFAULT_BODIES, help="How many bodies (10,000).")
        parser.add_argument("--seed", type=int, default=scale.DEFAULT_SEED, help="The same seed, the same rows.")
        parser.add_argument("--no-search-index", action="store_true", help="Leave the search index as it is.")

    def handle(self, *args, bodies, seed, no_search_index=False, **options):
        if bodies < 1:
            raise CommandError("--bodies must be at least 1.")
        started = time.monotonic()
        try:
            result = scale.generate(bodies, seed, search_index=not no_search_index, stream=self.stdout)
        except scale.AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        for label, count in result.counts.items():
            self.stdout.write(f"{label}: {count:,}")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data loaded ({bodies:,} bodies, seed {seed}) in {seconds:.0f} s on {connection.vendor}."
            )
        )
