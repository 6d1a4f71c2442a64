from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "tabadul.hubs"
    label = "hubs"
    verbose_name = _("Exchange hubs")

    def ready(self):
        # The hub page's stored member counts (member_figures.py) hold each body's type and place and each place's
        # names: refreshed when one of these is saved (a stored figure, as a cache is invalidated).
        from tabadul.directory.models import Country, Governorate, LocalBody, Region

        from . import member_figures  # function-level: it imports the models, loaded only now

        post_save.connect(member_figures.body_saved, sender=LocalBody, dispatch_uid="hubs:member_figures:body")
        for model in (Country, Region, Governorate):
            post_save.connect(member_figures.place_saved, sender=model, dispatch_uid=f"hubs:member_figures:{model}")
