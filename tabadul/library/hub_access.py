"""What the library asks the hubs app: which hubs a person belongs to or coordinates, the hub of a topic.

One small door, so that the library reads the hubs app in a single place. Answers are cached on the user
object for the request. Until the hubs app has its membership models, the answers are empty.
"""

from django.apps import apps


def _hubs_ready() -> bool:
    try:
        apps.get_model("hubs", "Hub")
    except LookupError:
        return False
    return True


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


# --- The door itself: the only functions that know the hubs app's models. ---


def _member_hub_ids(user) -> set[int]:
    return set()


def _coordinated_hub_ids(user) -> set[int]:
    return set()


def _topic_hub_id(topic) -> int | None:
    return getattr(topic, "hub_id", None)
