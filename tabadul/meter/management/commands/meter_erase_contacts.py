from django.conf import settings
from django.core.management.base import BaseCommand

from tabadul.meter.services import feedback_erase_contacts, platform_feedback_erase_contacts


class Command(BaseCommand):
    help = (
        "Erase the e-mail or phone citizens left with their Meter feedback (and with suggestions to improve the "
        "Meter) once METER_FEEDBACK_CONTACT_DAYS have "
        "passed (and any e-mail whose reply was sent). Audited; idempotent: run it daily."
    )

    def handle(self, *args, **options):
        count = feedback_erase_contacts() + platform_feedback_erase_contacts()
        self.stdout.write(f"{count} contact(s) erased (kept at most {settings.METER_FEEDBACK_CONTACT_DAYS} days).")
