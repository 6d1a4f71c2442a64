from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_migrate, post_save
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
        # The home page's stored figures (core/selectors.py) are counted anew after a write to what they count, and
        # after `migrate` (a new figure, a new deployment: none is stored yet).
        from .services import home_figures_changed

        for figure in hooks.get_hooks("core.home_figures"):
            for model in figure.counts:
                label = model._meta.label
                post_save.connect(home_figures_changed, sender=model, dispatch_uid=f"core:figures:{label}")
                post_delete.connect(home_figures_changed, sender=model, dispatch_uid=f"core:figures-del:{label}")
        post_migrate.connect(_store_home_figures, sender=self, dispatch_uid="core:figures:migrate")


def _store_home_figures(*, using, **_signal) -> None:
    from django.db import connection

    from .models import StoredFigure  # function-level: models load only once the app registry is ready
    from .services import home_figures_store  # (and services import the models)

    # Not after a partial `migrate` (an app taken back to an earlier migration) that left a table out.
    tables = {StoredFigure._meta.db_table}
    tables |= {model._meta.db_table for figure in hooks.get_hooks("core.home_figures") for model in figure.counts}
    if using == DEFAULT_DB_ALIAS and tables <= set(connection.introspection.table_names()):
        home_figures_store()
