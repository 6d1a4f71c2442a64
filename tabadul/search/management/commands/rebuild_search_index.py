import time

from django.core.management.base import BaseCommand, CommandError

from tabadul.search import index
from tabadul.search.sources import REGISTRY


class Command(BaseCommand):
    help = "Recreate the search index from the content tables (progress on stderr)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=sorted(REGISTRY), help="Only this type (repeatable).")

    def handle(self, *args, kind=None, **options):
        started = time.monotonic()
        try:
            outcome = index.rebuild(kind, stream=self.stderr._out)
        except KeyError as error:
            raise CommandError(f"Unknown type {error}") from error
        self.stdout.write(
            f"Search index rebuilt in {time.monotonic() - started:.1f} s: {outcome.created} created, "
            f"{outcome.updated} updated, {outcome.unchanged} unchanged, {outcome.deleted} deleted."
        )
