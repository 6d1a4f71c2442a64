"""What the library asks the hubs app: which hubs a person belongs to or coordinates, the hub of a topic.

One small door, so that the library reads the hubs app in a single place. Answers are cached on the user
object for the request.
"""


def member_hub_ids(user) -> set[int]:
    """Hubs whose member bodies include the person's body (staff represent their body in its hubs)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_library_member_hub_ids"):
        user._library_member_hub_ids = _member_hub_ids(user)
    return user._library_member_hub_ids


def coordinated_hub_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_library_coordinated_hub_ids"):
        user._library_coordinated_hub_ids = _coordinated_hub_ids(user)
    return user._library_coordinated_hub_ids


def forget(user) -> None:
    for name in ("_library_member_hub_ids", "_library_coordinated_hub_ids"):
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
    """Coordinators and deputies within their term."""
    from django.utils import timezone

    from tabadul.hubs.models import Mandate

    today = timezone.localdate()
    return set(
        Mandate.objects.filter(user=user, starts_on__lte=today, ends_on__gte=today).values_list("hub_id", flat=True)
    )


def _topic_hub_id(topic) -> int | None:
    return topic.work_plan.hub_id if topic is not None else None
