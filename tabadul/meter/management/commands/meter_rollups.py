from django.core.management.base import BaseCommand
from django.db import transaction

from tabadul.meter import rollup_store
from tabadul.meter.models import StrategicPlan


class Command(BaseCommand):
    help = (
        "Store today's figures of every plan (or of the plans given) for its public page (meter/rollup_store.py). "
        "Run once after the migration that adds them and after a bulk load that bypasses the services, then daily "
        "after midnight: a page whose stored figures are of another day computes them live, correct but slower."
    )

    def add_arguments(self, parser):
        parser.add_argument("plans", nargs="*", type=int, help="plan ids (default: every plan)")

    def handle(self, *args, plans=(), **options):
        ids = list(plans) or list(StrategicPlan.objects.order_by("pk").values_list("pk", flat=True))
        for plan_id in ids:
            with transaction.atomic():  # one plan at a time: a short lock on each plan row
                rollup_store.store(plan_id=plan_id)
        self.stdout.write(f"Stored the figures of {len(ids)} plan(s).")
