from django.core.management.base import BaseCommand

from tabadul.hubs import member_figures


class Command(BaseCommand):
    help = (
        "Store every hub's counts of active member bodies by type and place (the hub page's; hubs/member_figures.py). "
        "The services keep them current; run it after memberships are loaded in bulk. Idempotent."
    )

    def handle(self, *args, **options):
        count = member_figures.store_all()
        self.stdout.write(f"Member figures stored for {count} hub(s).")
