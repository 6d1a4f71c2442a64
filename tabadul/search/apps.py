from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tabadul.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # The index follows writes through model signals (decisions/007), connected for every source once the
        # hooks modules have registered them (CoreConfig.ready() runs first).
        from . import signals  # function-level: signals imports the content apps' models, loaded only now

        signals.connect()
        # The place words are kept in a row (models.PlaceWords): counted after `migrate`, where none is stored yet.
        post_migrate.connect(_store_place_words, sender=self, dispatch_uid="search:places:migrate")


def _store_place_words(*, using, **_signal) -> None:
    from django.db import connection

    from . import analysis  # function-level: analysis and the models load only once the registry is ready
    from .models import PlaceWords  # (as above)

    # Not after a partial `migrate` (an app taken back to an earlier migration) that left the table out.
    if using == DEFAULT_DB_ALIAS and PlaceWords._meta.db_table in connection.introspection.table_names():
        analysis.store_place_words()
