from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "tabadul.library"
    label = "library"
    verbose_name = _("Knowledge library")

    def ready(self):
        from tabadul.alignment import registry

        from . import story
        from .models import Document
        from .selectors import document_visibility_q

        registry.register(
            Document,
            visible=lambda queryset, user: queryset.filter(document_visibility_q(user)) if user else queryset.public(),
            order_by=("-year", "-pk"),
        )
        story.register_defaults()

        from tabadul.core import work

        from .work import RECOMMENDATIONS_TO_FOLLOW_UP

        work.register(RECOMMENDATIONS_TO_FOLLOW_UP)
