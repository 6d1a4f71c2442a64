"""Reads of core's own pages: the home page's figures and what the apps give it (core/hooks.py).

The home page shows the platform's figures (local bodies, hubs, events held, documents, plans published). Core sits
below every app, so each app declares its figure under the hook `core.home_figures` (a `HomeFigure`, whose `count`
is one query) and its lists under `core.home_context` (the next events, the latest news, a signed-in person's hubs,
events and waiting work). The figures are the same for every visitor and are read as stored (`StoredFigure`, one
query): counting 20,000 events and 50,000 documents on a visit cost tens of milliseconds at regional scale. They
are counted anew (`core.services.home_figures_store`) after `migrate`, after a commit that wrote a model a figure
counts, and every hour (`manage.py home_figures`: an event becomes "held" when it ends, with no write).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from . import hooks
from .models import StoredFigure


@dataclass(frozen=True)
class HomeFigure:
    """One figure of the platform on the home page, declared by the app that owns what it counts."""

    key: str
    label: object  # a lazy translation, said under the number ("Local bodies")
    count: Callable[[], int]  # one query, the same for every visitor (counts only what anyone may know exists)
    url_name: str = ""  # the list the figure leads to
    icon: str = ""  # a Heroicons name
    counts: tuple[type[models.Model], ...] = ()  # the models whose writes change it (it is counted anew after them)


@dataclass(frozen=True)
class ShownFigure:
    key: str
    label: object
    value: int
    url: str
    icon: str


def home_figures() -> list[ShownFigure]:
    """The declared figures with their stored values, in one query; a figure not stored yet is counted now."""
    declared = hooks.get_hooks("core.home_figures")
    stored = dict(StoredFigure.objects.values_list("key", "value"))
    return [
        ShownFigure(
            figure.key,
            figure.label,
            stored[figure.key] if figure.key in stored else int(figure.count()),
            reverse(figure.url_name) if figure.url_name else "",
            figure.icon,
        )
        for figure in declared
    ]


def home_context(*, user) -> dict:
    """What the apps give the home page for this visitor (each contribution reads a fixed number of queries)."""
    context: dict = {}
    for contribution in hooks.get_hooks("core.home_context"):
        context.update(contribution(user=user))
    return context
