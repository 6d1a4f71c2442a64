"""What "my work" shows: the items waiting for the person (declared by each app in tabadul/core/work.py),
then their hubs, upcoming events, questions and what they follow.

The waiting total is cached per person for the header (`waiting_total`); "my work" recomputes it, and a new
notification for a person forgets theirs (core.work.forget_waiting_totals), so the header is never far behind.
A page shows the total only when it is cached (`cached_waiting_total`): counting every kind of waiting work takes
one query per kind, so a page rendered without it asks for it once loaded (work/views.py `waiting_badge`).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from tabadul.core.work import WorkItem, registered, waiting_total_key
from tabadul.events.models import Registration
from tabadul.hubs import selectors as hub_selectors
from tabadul.meter.models import Follow
from tabadul.qa.models import Question

ITEMS_PER_GROUP = 5
TOTAL_CACHE_SECONDS = 300


@dataclass
class WaitingGroup:
    key: str
    label: str
    count: int
    items: list[WorkItem] = field(default_factory=list)


def waiting_groups(user) -> list[WaitingGroup]:
    """Each kind of waiting work that has items for the person, with its count and first items."""
    groups = []
    for waiting in registered():
        count = waiting.count(user)
        if count:
            groups.append(WaitingGroup(waiting.key, waiting.label, count, waiting.items(user, ITEMS_PER_GROUP)))
    cache.set(waiting_total_key(user.pk), sum(group.count for group in groups), TOTAL_CACHE_SECONDS)
    return groups


def cached_waiting_total(user) -> int | None:
    """The number shown in the header if it is cached, else None (not counted)."""
    return cache.get(waiting_total_key(user.pk))


def waiting_total(user) -> int:
    """The number shown in the header: from the cache, counted again when it has expired or was forgotten."""
    total = cached_waiting_total(user)
    if total is None:
        total = sum(waiting.count(user) for waiting in registered())
        cache.set(waiting_total_key(user.pk), total, TOTAL_CACHE_SECONDS)
    return total


def my_hubs(user) -> list:
    """The hubs the person has any relation to: their body is a member, they coordinate or deputise, they sit in
    one of its working groups or are an officer of its programme (hubs/relations.py), with member counts."""
    return hub_selectors.my_hubs(user)


def my_upcoming_registrations(user, *, limit: int = 10) -> list:
    """The person's registrations for events still to come, each with its waiting-list position if any."""

    registrations = list(
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    positions = _waitlist_positions(waiting)
    for registration in registrations:
        registration.position = positions.get(registration.pk)
    return registrations


def _waitlist_positions(registrations) -> dict[int, int]:
    """Waiting-list positions of several registrations in one query: their rank among their event's list."""

    if not registrations:
        return {}
    queue = (
        Registration.objects.filter(
            event_id__in={r.event_id for r in registrations}, status=Registration.Status.WAITLISTED
        )
        .order_by("event_id", "waitlisted_at", "pk")
        .values_list("pk", "event_id")
    )
    positions, rank, previous_event = {}, 0, None
    for pk, event_id in queue:
        rank = rank + 1 if event_id == previous_event else 1
        previous_event = event_id
        positions[pk] = rank
    return {r.pk: positions[r.pk] for r in registrations if r.pk in positions}


def my_questions(user, *, limit: int = 5) -> list:
    return list(
        Question.objects.filter(asker=user).annotate(answer_count=Count("answers")).order_by("-asked_at")[:limit]
    )


def my_follows(user, *, limit: int = 10) -> list:
    """Plans and projects of the Meter the person follows."""

    return list(
        Follow.objects.filter(user=user)
        .select_related("plan__body", "project__plan__body")
        .order_by("-created_at")[:limit]
    )
