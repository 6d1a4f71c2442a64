"""Reads of core's own pages: the home page's figures and what the apps give it (core/hooks.py).

The home page shows the platform's figures (local bodies, hubs, events held, documents, plans published). Core sits
below every app, so each app declares its figure under the hook `core.home_figures` (a `HomeFigure`, whose `count`
is one query) and its lists under `core.home_context` (the next events, the latest news, a signed-in person's hubs,
events and waiting work). The figures are the same for every visitor and are kept in the cache for
`FIGURES_TIMEOUT` seconds: a busy home page counts them once every five minutes, not on every visit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from . import hooks

FIGURES_CACHE_KEY = "core:home:figures"
FIGURES_TIMEOUT = 300


@dataclass(frozen=True)
class HomeFigure:
    """One figure of the platform on the home page, declared by the app that owns what it counts."""

    key: str
    label: object  # a lazy translation, said under the number ("Local bodies")
    count: Callable[[], int]  # one query, the same for every visitor (counts only what anyone may know exists)
    url_name: str = ""  # the list the figure leads to
    icon: str = ""  # a Heroicons name


@dataclass(frozen=True)
class ShownFigure:
    key: str
    label: object
    value: int
    url: str
    icon: str


def home_figures() -> list[ShownFigure]:
    """The declared figures with their values, read from the cache or counted (one query each) and cached."""
    declared = hooks.get_hooks("core.home_figures")
    values = cache.get(FIGURES_CACHE_KEY)
    if not isinstance(values, dict) or set(values) != {figure.key for figure in declared}:
        values = {figure.key: int(figure.count()) for figure in declared}
        cache.set(FIGURES_CACHE_KEY, values, FIGURES_TIMEOUT)
    return [
        ShownFigure(
            figure.key,
            figure.label,
            values[figure.key],
            reverse(figure.url_name) if figure.url_name else "",
            figure.icon,
        )
        for figure in declared
    ]


def forget_home_figures() -> None:
    cache.delete(FIGURES_CACHE_KEY)


def home_context(*, user) -> dict:
    """What the apps give the home page for this visitor (each contribution reads a fixed number of queries)."""
    context: dict = {}
    for contribution in hooks.get_hooks("core.home_context"):
        context.update(contribution(user=user))
    return context
