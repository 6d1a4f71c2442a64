"""The group's discussion thread: a forum of the discussions app owned by the twinning group.

Members of the forum are the group's participants (staff of its member bodies, the facilitator); the
facilitator moderates it. `FORUM_POLICY` is declared to the discussions app in twinning/hooks.py.
"""

from django.urls import NoReverseMatch, reverse

from tabadul.discussions.owners import ForumPolicy

from .models import TwinningGroup


def _is_member(user, group) -> bool:
    return user.is_authenticated and user.has_perm("twinning.view_group_private", group)


def _is_moderator(user, group) -> bool:
    return user.is_authenticated and user.has_perm("twinning.change_group", group)


def _moderated_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(TwinningGroup.objects.filter(facilitator_id=user.pk).values_list("pk", flat=True))


FORUM_POLICY = ForumPolicy(
    owner="twinning.twinninggroup",
    is_member=_is_member,
    is_moderator=_is_moderator,
    moderated_owner_ids=_moderated_ids,
    moderator_ids=lambda group: [group.facilitator_id] if group.facilitator_id else [],
    title=lambda group: group.name_ar,
)


def forum_url(group) -> str:
    """The address of the group's forum (the discussions app creates it on first visit), or "" without that app."""
    try:
        return reverse("discussions:owner_forum", args=["twinning.twinninggroup", group.pk])
    except NoReverseMatch:
        return ""
