"""What the hubs give the home page (core/selectors.py): the number of hubs (those the hub list shows)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure

from .models import Hub


def hub_count() -> int:
    return Hub.objects.exclude(status=Hub.Status.CLOSED).count()


FIGURE = HomeFigure("hubs", _("Exchange hubs"), hub_count, "hubs:hub_list", "user-group", counts=(Hub,))
