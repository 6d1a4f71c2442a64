"""What the directory gives the home page (core/selectors.py): the number of local bodies."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.selectors import HomeFigure

from .models import LocalBody


def body_count() -> int:
    return LocalBody.objects.count()


FIGURE = HomeFigure(
    "bodies", _("Local bodies"), body_count, "directory:body_list", "building-office-2", counts=(LocalBody,)
)
