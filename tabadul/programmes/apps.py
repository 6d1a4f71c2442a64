from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "tabadul.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        # A programme's stored results (figures.py) are stored anew after a write to what they count.
        from . import figures  # function-level: it imports the models, loaded only now

        figures.connect()
