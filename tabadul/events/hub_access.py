"""What the events app asks the hubs app: membership, coordination and the hub of a topic.

Kept in one module so that the events app reads the hubs app through a single, small door.
Results are cached on the user object for the request.
"""


def event_hub_ids(obj) -> set[int]:
    """The organising hubs of an event or a course (uses a prefetch of `organiser_hubs` when present)."""
    if obj is None or obj.pk is None:
        return set()
    cache = getattr(obj, "_hub_ids_cache", None)
    if cache is None:
        cache = {hub.pk for hub in obj.organiser_hubs.all()}
        obj._hub_ids_cache = cache
    return cache


def member_hub_ids(user) -> set[int]:
    """Hubs whose member bodies include the person's body (staff represent their body in its hubs)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_events_member_hub_ids"):
        user._events_member_hub_ids = _member_hub_ids(user)
    return user._events_member_hub_ids


def coordinated_hub_ids(user) -> set[int]:
    """Hubs the person coordinates (coordinator or deputy)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_events_coordinated_hub_ids"):
        user._events_coordinated_hub_ids = _coordinated_hub_ids(user)
    return user._events_coordinated_hub_ids


def forget(user) -> None:
    """Drop the cached answers (tests and services that change membership call it)."""
    for name in ("_events_member_hub_ids", "_events_coordinated_hub_ids"):
        user.__dict__.pop(name, None)


def topic_hub_id(topic) -> int | None:
    return _topic_hub_id(topic)


# --- The door itself: the only functions that know the hubs app's models (read only). ---


def _member_hub_ids(user) -> set[int]:
    """Active memberships of the person's body, plus hubs where they are a named representative."""
    from tabadul.hubs.models import Membership, Representative

    ids = set()
    if user.local_body_id:
        ids |= set(
            Membership.objects.filter(body_id=user.local_body_id, status=Membership.Status.ACTIVE).values_list(
                "hub_id", flat=True
            )
        )
    ids |= set(
        Representative.objects.filter(user=user, membership__status=Membership.Status.ACTIVE).values_list(
            "membership__hub_id", flat=True
        )
    )
    return ids


def _coordinated_hub_ids(user) -> set[int]:
    """Coordinators and deputies within their term (the same rule as hubs.rules.is_hub_coordinator)."""
    from django.utils import timezone

    from tabadul.hubs.models import Mandate

    today = timezone.localdate()
    return set(
        Mandate.objects.filter(user=user, starts_on__lte=today, ends_on__gte=today).values_list("hub_id", flat=True)
    )


def _topic_hub_id(topic) -> int | None:
    return topic.work_plan.hub_id if topic is not None else None


def hub_by_slug_or_404(slug: str):
    from django.http import Http404

    from tabadul.hubs.models import Hub

    hub = Hub.objects.filter(slug=slug[:80]).first()
    if hub is None:
        raise Http404
    return hub


def all_hubs():
    from tabadul.hubs.models import Hub

    return Hub.objects.order_by("position", "pk")


def hubs_for_form(user, *, keep=()):
    """The hubs a person may name as organisers (those they act for, a programme officer's programme hubs
    included), plus `keep`: those already named."""
    from tabadul.hubs.selectors import acts_for

    return acts_for(user, programme_hubs=True).limit(all_hubs(), keep=keep)


def topics_for_form(user):
    from tabadul.hubs.models import WorkPlanTopic

    topics = WorkPlanTopic.objects.select_related("work_plan__hub").filter(rank__isnull=False)
    hubs = hubs_for_form(user)
    return topics.filter(work_plan__hub__in=hubs).order_by("work_plan__hub__position", "work_plan_id", "rank")
