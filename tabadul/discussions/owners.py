"""Who belongs to and who moderates a forum, asked of the forum's owner.

Each app whose objects own forums declares one `ForumPolicy` for its model in its hooks.py, under the hook
`discussions.forum_policies` (core/hooks.py; see docs/discussions.md):

    from tabadul.core import hooks
    from tabadul.discussions.owners import ForumPolicy

    hooks.register("discussions.forum_policies", ForumPolicy(
        owner="twinning.twinninggroup",               # the owner model's label
        is_member=lambda user, group: ...,            # may post (and read a members-only forum)
        is_moderator=lambda user, group: ...,         # may restore or remove reported posts
        moderated_owner_ids=lambda user: [...],       # ids of the owners this person moderates (queue)
        moderator_ids=lambda group: [...],            # ids of the people who moderate this owner (told of reports)
        member_owner_ids=lambda user: [...],          # ids of the owners this person belongs to (forum list)
        title=lambda group: str(group),               # the forum's title when it is created
    ))

Forums without an owner (platform-wide) use `PLATFORM_POLICY`. Platform administrators always moderate.
The hubs policies below (`HUB_POLICY`, `TOPIC_POLICY`, declared in discussions/hooks.py: the hubs app sits below
this one) are the only code here that knows the hubs app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin, is_specialist
from tabadul.core import hooks
from tabadul.hubs.selectors import (
    forget_hub_relations,
    hub_manager_ids,
    hub_programme_officer_ids,
    hub_relations,
    working_group_lead_ids,
)


@dataclass(frozen=True)
class ForumPolicy:
    is_member: Callable
    is_moderator: Callable
    moderated_owner_ids: Callable[..., Iterable[int]]
    # Ids of the people who moderate the owner's forum: they are told when one of its posts is reported.
    moderator_ids: Callable[..., Iterable[int]]
    title: Callable = str
    default_visibility: str = "members"
    # Ids of the owners whose forums the person takes part in; used to list "my forums" in one query.
    member_owner_ids: Callable[..., Iterable[int]] = lambda user: []
    owner: str = ""  # the owner model's label, "app_label.model"; "" for the platform's own forums


POLICIES = hooks.Declared("discussions.forum_policies", key=lambda policy: policy.owner.lower())


def registered() -> dict[str, ForumPolicy]:
    return dict(POLICIES)


def policy_for_label(model_label: str) -> ForumPolicy | None:
    return POLICIES.get(model_label.lower())


def policy_for(forum) -> ForumPolicy:
    if forum.owner_type_id is None:
        return PLATFORM_POLICY
    content_type = forum.owner_type
    return POLICIES.get(f"{content_type.app_label}.{content_type.model}") or NOBODY_POLICY


def _is_platform_member(user, _owner=None) -> bool:
    return user.is_authenticated and user.is_active and (user.local_body_id is not None or is_specialist(user))


PLATFORM_POLICY = ForumPolicy(
    is_member=_is_platform_member,
    is_moderator=lambda user, owner=None: False,
    moderated_owner_ids=lambda user: [],
    moderator_ids=lambda owner=None: [],
    default_visibility="public",
)

# An owner type nobody registered: nobody but platform administrators takes part.
NOBODY_POLICY = ForumPolicy(
    is_member=lambda user, owner: False,
    is_moderator=lambda user, owner: False,
    moderated_owner_ids=lambda user: [],
    moderator_ids=lambda owner: [],
)


# --- The hubs app: a hub's forum and each working group's forum. ---
# A person's relation to a hub is the hubs app's one answer (hubs/relations.py, docs/hubs.md): members of a hub are
# the staff of its active member bodies; its managers are its coordinator and deputy in their term.


def _hub_is_member(user, hub) -> bool:
    relations = hub_relations(user)
    return hub.pk in relations.member_hub_ids or hub.pk in relations.managed_hub_ids


def _hub_is_moderator(user, hub) -> bool:
    """The hub's coordinator and deputy, and the officers of the hub's programme."""
    relations = hub_relations(user)
    return hub.pk in relations.managed_hub_ids or hub.pk in relations.programme_hub_ids


def _hub_moderated_ids(user) -> set[int]:
    relations = hub_relations(user)
    return set(relations.managed_hub_ids | relations.programme_hub_ids)


def _hub_moderator_ids(hub) -> set[int]:
    """The hub's coordinator and deputy within their term, and the officers of the hub's programme."""
    return hub_manager_ids(hub=hub) | hub_programme_officer_ids(hub=hub)


def _group_is_moderator(user, topic) -> bool:
    """The group's lead, and the coordinator and deputy of the topic's hub."""
    relations = hub_relations(user)
    return topic.pk in relations.led_topic_ids or topic.work_plan.hub_id in relations.managed_hub_ids


def _group_moderator_ids(topic) -> set[int]:
    return working_group_lead_ids(topic=topic) | _hub_moderator_ids(topic.work_plan.hub)


def _group_is_member(user, topic) -> bool:
    return topic.pk in hub_relations(user).working_group_topic_ids or _group_is_moderator(user, topic)


def _group_moderated_ids(user) -> set[int]:
    relations = hub_relations(user)
    return set(relations.led_topic_ids | relations.managed_topic_ids)


def _group_member_ids(user) -> set[int]:
    relations = hub_relations(user)
    return set(relations.working_group_topic_ids | relations.managed_topic_ids)


def _hub_member_or_coordinator_ids(user) -> set[int]:
    relations = hub_relations(user)
    return set(relations.member_hub_ids | relations.managed_hub_ids)


HUB_POLICY = ForumPolicy(
    owner="hubs.hub",
    is_member=_hub_is_member,
    is_moderator=_hub_is_moderator,
    moderated_owner_ids=_hub_moderated_ids,
    moderator_ids=_hub_moderator_ids,
    member_owner_ids=_hub_member_or_coordinator_ids,
    title=lambda hub: hub.name_ar,
)
TOPIC_POLICY = ForumPolicy(
    owner="hubs.workplantopic",
    is_member=_group_is_member,
    is_moderator=_group_is_moderator,
    moderated_owner_ids=_group_moderated_ids,
    moderator_ids=_group_moderator_ids,
    member_owner_ids=_group_member_ids,
    title=lambda topic: topic.title_ar[:200],
)


def forget(user) -> None:
    """Drop cached answers about this person (tests and membership changes)."""
    user.__dict__.pop("_role_grants_cache", None)
    forget_hub_relations(user)


def _orphaned(forum) -> bool:
    """The forum's owner was deleted (a generic relation does not cascade): only administrators take part."""
    return forum.owner_type_id is not None and forum.owner is None


def is_forum_moderator(user, forum) -> bool:
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if _orphaned(forum):
        return False
    return bool(policy_for(forum).is_moderator(user, forum.owner))


def forum_moderator_ids(forum) -> set[int]:
    """Who is told of a reported post: the owner's moderators, or the platform administrators when it has none
    (the platform forum, an orphaned forum, a group without a facilitator)."""
    ids = set() if _orphaned(forum) else set(policy_for(forum).moderator_ids(forum.owner))
    if ids:
        return ids
    User = apps.get_model("accounts", "User")
    admin = Q(is_superuser=True) | Q(role_grants__role=RoleGrant.Role.PLATFORM_ADMIN)
    admins = User.objects.filter(admin, is_active=True)
    return set(admins.values_list("pk", flat=True))


def is_forum_member(user, forum) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_forum_moderator(user, forum):
        return True
    return not _orphaned(forum) and bool(policy_for(forum).is_member(user, forum.owner))
