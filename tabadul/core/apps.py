from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from . import formats, hooks


class CoreConfig(AppConfig):
    name = "tabadul.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        # Every app's hooks.py (core/hooks.py). ready() runs once the models of every app are loaded, so the
        # hooks modules may import any app's models, selectors and rules.
        hooks.autodiscover()
        # Every app's audit actions (core/audit.py), registered before any page lists them.
        autodiscover_modules("audit_actions")
        # Dates on a page use the month names of the country the page is about (core/formats.py); no request
        # inherits the country its thread's previous request chose.
        request_started.connect(formats.reset_country, dispatch_uid="tabadul.core.formats.reset_country")
        # Nor does what runs after a request in the same thread (a command, a task, the next test after the test
        # client's request): the country is the page's, for that page only.
        request_finished.connect(formats.reset_country, dispatch_uid="tabadul.core.formats.reset_country_after")
