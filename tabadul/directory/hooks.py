"""What the directory contributes to other apps' pages (tabadul/core/hooks.py)."""

from tabadul.core import hooks
from tabadul.core.pickers import SEPARATOR, Picker

from . import home
from .models import LocalBody

hooks.register("core.home_figures", home.FIGURE, order=10)


def _body_label(body) -> str:
    """A body's name and its governorate, which tells apart two bodies of one name (core/pickers.py)."""
    return f"{body.name}{SEPARATOR}{body.governorate.name}" if body.governorate_id else body.name


hooks.register(
    "core.pickers",
    Picker(
        name="bodies",
        names=("name_ar", "name_en"),
        label=_body_label,
        suggestions=lambda user: LocalBody.objects.all(),  # the directory is public
        public=True,
        related=("governorate",),
    ),
)
