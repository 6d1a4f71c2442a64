"""What "my work" gives the home page of a signed-in person (core/selectors.py): what waits for them, their hubs,
their next events and their body. Nothing for anonymous visitors."""

from django.core.cache import cache

from tabadul.core.work import registered, waiting_total_key
from tabadul.hubs.models import Hub
from tabadul.hubs.selectors import hub_relations

from .selectors import TOTAL_CACHE_SECONDS, my_upcoming_registrations

MY_HUBS = 6
MY_EVENTS = 4


def home_context(*, user) -> dict:
    if not user.is_authenticated:
        return {}
    waiting = []
    for kind in registered():
        count = kind.count(user)
        if count:
            waiting.append((kind.label, count))
    # The header's total, counted here anyway, is kept for the next pages.
    cache.set(waiting_total_key(user.pk), sum(count for _label, count in waiting), TOTAL_CACHE_SECONDS)
    return {
        "my_waiting": waiting,
        "my_hubs": _first_hubs(user),
        "my_registrations": my_upcoming_registrations(user, limit=MY_EVENTS),
        "my_body": user.local_body if user.local_body_id else None,
    }


def _first_hubs(user) -> list[Hub]:
    """The first of the person's hubs by name, without the member counts "my work" lists them with (selectors.
    my_hubs): the home page shows names only, and counting a large hub's thousands of members cost more than the
    rest of its lists at regional scale (issue 22). One query once the person's relations are read."""
    return list(Hub.objects.filter(pk__in=hub_relations(user).hub_ids).order_by("name_ar", "pk")[:MY_HUBS])
