from django.core.management.base import BaseCommand, CommandError

from tabadul.search import index
from tabadul.search.sources import REGISTRY

SHOWN = 20


class Command(BaseCommand):
    help = "Report objects missing from the search index, stale entries, and entries of vanished objects."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=sorted(REGISTRY), help="Only this type (repeatable).")

    def handle(self, *args, kind=None, **options):
        report = index.check(kind)
        for label, problems in (("missing", report.missing), ("stale", report.stale), ("orphaned", report.orphaned)):
            for problem_kind, ids in sorted(problems.items()):
                shown = ", ".join(str(pk) for pk in ids[:SHOWN]) + (" …" if len(ids) > SHOWN else "")
                self.stdout.write(f"{label} {problem_kind}: {len(ids)} ({shown})")
        if not report.ok:
            raise CommandError("The search index disagrees with the tables: run rebuild_search_index.")
        self.stdout.write(f"The search index agrees with the tables ({report.checked} objects checked).")
