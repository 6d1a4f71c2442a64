from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlignmentConfig(AppConfig):
    name = "tabadul.alignment"
    label = "alignment"
    verbose_name = _("Sustainable Development Goals and reform indicators")
