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
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin, is_specialist, programme_officer_ids
from tabadul.core import hooks


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


def _hub_member_ids(user) -> set[int]:
    """Hubs whose active member bodies include the person's body."""
    if not user.is_authenticated or user.local_body_id is None:
        return set()
    if not hasattr(user, "_discussions_hub_ids"):
        Membership = apps.get_model("hubs", "Membership")
        user._discussions_hub_ids = set(
            Membership.objects.filter(body_id=user.local_body_id, status="active")
            .order_by()
            .values_list("hub_id", flat=True)
        )
    return user._discussions_hub_ids


def _coordinated_hub_ids(user) -> set[int]:
    from tabadul.hubs.rules import _hub_roles

    return set(_hub_roles(user)["manage"]) if user.is_authenticated else set()


def _hub_is_member(user, hub) -> bool:
    return hub.pk in _hub_member_ids(user) or hub.pk in _coordinated_hub_ids(user)


def _programme_hub_ids(user) -> set[int]:
    """Hubs of the programmes whose officer the person is: they moderate those hubs' forums too."""
    programmes = programme_officer_ids(user) if user.is_authenticated else set()
    if not programmes:
        return set()
    Hub = apps.get_model("hubs", "Hub")
    return _cached(
        user, "_programme_hub_ids", lambda: Hub.objects.filter(programme_id__in=programmes).values_list("pk", flat=True)
    )


def _hub_is_moderator(user, hub) -> bool:
    return hub.pk in _coordinated_hub_ids(user) or hub.pk in _programme_hub_ids(user)


def _hub_moderated_ids(user) -> set[int]:
    return _coordinated_hub_ids(user) | _programme_hub_ids(user)


def _hub_moderator_ids(hub) -> set[int]:
    """The hub's coordinators and deputies within their term (as `hubs.rules._hub_roles` counts them), and the
    officers of the hub's programme."""
    Mandate = apps.get_model("hubs", "Mandate")
    today = timezone.localdate()
    ids = set(
        Mandate.objects.filter(hub_id=hub.pk, starts_on__lte=today, ends_on__gte=today).values_list(
            "user_id", flat=True
        )
    )
    if hub.programme_id:
        officers = RoleGrant.objects.filter(role=RoleGrant.Role.PROGRAMME_OFFICER, programme_id=hub.programme_id)
        ids |= set(officers.values_list("user_id", flat=True))
    return ids


def _group_members(topic) -> set[int]:
    cache = getattr(topic, "_discussions_member_ids", None)
    if cache is None:
        cache = set(topic.working_group.order_by().values_list("user_id", flat=True))
        topic._discussions_member_ids = cache
    return cache


def _group_lead_ids(user) -> set[int]:
    """Working groups (topics) the person leads; once per user object."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_discussions_lead_ids"):
        WorkingGroupMember = apps.get_model("hubs", "WorkingGroupMember")
        user._discussions_lead_ids = set(
            WorkingGroupMember.objects.filter(user_id=user.pk, role="lead")
            .order_by()
            .values_list("topic_id", flat=True)
        )
    return user._discussions_lead_ids


def _group_is_moderator(user, topic) -> bool:
    if not user.is_authenticated:
        return False
    return topic.pk in _group_lead_ids(user) or topic.work_plan.hub_id in _coordinated_hub_ids(user)


def _group_moderator_ids(topic) -> set[int]:
    WorkingGroupMember = apps.get_model("hubs", "WorkingGroupMember")
    leads = WorkingGroupMember.objects.filter(topic_id=topic.pk, role="lead").values_list("user_id", flat=True)
    return set(leads) | _hub_moderator_ids(topic.work_plan.hub)


def _group_is_member(user, topic) -> bool:
    return user.is_authenticated and (user.pk in _group_members(topic) or _group_is_moderator(user, topic))


def _cached(user, attr: str, compute) -> set[int]:
    """An answer about this person computed once per user object (one request, one test step)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, attr):
        setattr(user, attr, set(compute()))
    return getattr(user, attr)


def _group_moderated_ids(user) -> set[int]:
    WorkPlanTopic = apps.get_model("hubs", "WorkPlanTopic")
    return _cached(
        user,
        "_discussions_moderated_topic_ids",
        lambda: (
            WorkPlanTopic.objects.filter(
                Q(work_plan__hub_id__in=_coordinated_hub_ids(user)) | Q(pk__in=_group_lead_ids(user))
            )
            .order_by()
            .values_list("pk", flat=True)
        ),
    )


def _group_member_ids(user) -> set[int]:
    WorkPlanTopic = apps.get_model("hubs", "WorkPlanTopic")
    return _cached(
        user,
        "_discussions_member_topic_ids",
        lambda: (
            WorkPlanTopic.objects.filter(
                Q(working_group__user_id=user.pk) | Q(work_plan__hub_id__in=_coordinated_hub_ids(user))
            )
            .order_by()
            .values_list("pk", flat=True)
            .distinct()
        ),
    )


def _hub_member_or_coordinator_ids(user) -> set[int]:
    return _hub_member_ids(user) | _coordinated_hub_ids(user)


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
    for attr in (
        "_discussions_hub_ids",
        "_discussions_lead_ids",
        "_discussions_moderated_topic_ids",
        "_discussions_member_topic_ids",
        "_hub_roles_cache",
        "_programme_hub_ids",
        "_role_grants_cache",
    ):
        user.__dict__.pop(attr, None)


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
