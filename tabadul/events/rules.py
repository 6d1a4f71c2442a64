"""Who may do what with events and courses (django-rules). The role × permission table is in docs/permissions.md.

Managing an event (edit, invite, check in, close) belongs to its organisers (people), the coordinators of an
organising hub and platform administrators. Who may *see* an event is decided by `selectors.visible_events`,
the one place that turns visibility into a query; `can_see_event` below asks it.
"""

import rules

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import _grants, is_platform_admin, is_specialist, staff_organisation_ids
from tabadul.core import hooks
from tabadul.hubs.selectors import hub_relations
from tabadul.programmes.rules import is_officer_of_programme, is_programme_officer

from .models import Event
from .selectors import event_is_visible, is_invited


def _organises(user, obj) -> bool:
    """Whether the person is one of the organisers of an event or a course: a look-up of that one pair, kept on the
    object for the page's other questions (an event may have hundreds of organisers: loading them all for one
    permission cost 5 ms of CPU at 10,000 bodies)."""
    cache = obj.__dict__.setdefault("_organised_by", {})
    if user.pk not in cache:
        cache[user.pk] = obj.organisers.filter(pk=user.pk).exists()
    return cache[user.pk]


def organiser_hub_ids(obj) -> set[int]:
    """The organising hubs of an event or a course (uses a prefetch of `organiser_hubs` when present)."""
    if obj is None or obj.pk is None:
        return set()
    cache = getattr(obj, "_hub_ids_cache", None)
    if cache is None:
        cache = {hub.pk for hub in obj.organiser_hubs.all()}
        obj._hub_ids_cache = cache
    return cache


@rules.predicate
def is_event_organiser(user, event) -> bool:
    return bool(user.is_authenticated and event is not None and _organises(user, event))


@rules.predicate
def is_organising_hub_coordinator(user, event) -> bool:
    if not user.is_authenticated or event is None:
        return False
    return bool(organiser_hub_ids(event) & hub_relations(user).managed_hub_ids)


@rules.predicate
def is_any_hub_coordinator(user) -> bool:
    return bool(hub_relations(user).managed_hub_ids)


@rules.predicate
def is_twinning_facilitator(user) -> bool:
    """Facilitators of twinning groups schedule their groups' meetings (twinning.services.meeting_schedule).
    The twinning app sits above events: it answers through the hook `events.platform_organisers`."""
    if not user.is_authenticated:
        return False
    return any(answers(user) for answers in hooks.get_hooks("events.platform_organisers"))


# A local body holds its own events (community meetings, open days, consultations): its editors and its
# administrators create and manage them, in the body's name only (the service checks `acts_for`).
BODY_EVENT_ROLES = {RoleGrant.Role.BODY_EDITOR, RoleGrant.Role.BODY_ADMIN}


def body_event_manager_ids(user) -> set[int]:
    """The bodies whose events the person manages: those where they are an editor or an administrator."""
    return {body_id for role, body_id in _grants(user) if role in BODY_EVENT_ROLES}


def _organiser_body_ids(event) -> set[int]:
    cache = getattr(event, "_organiser_body_ids_cache", None)
    if cache is None:
        cache = {body.pk for body in event.organiser_bodies.all()}
        event._organiser_body_ids_cache = cache
    return cache


@rules.predicate
def is_any_body_event_manager(user) -> bool:
    return bool(user.is_authenticated and body_event_manager_ids(user))


@rules.predicate
def is_organising_body_manager(user, event) -> bool:
    """An editor or administrator of a local body organising the event (a course has no organising bodies)."""
    if not user.is_authenticated or not isinstance(event, Event) or event.pk is None:
        return False
    return bool(_organiser_body_ids(event) & body_event_manager_ids(user))


@rules.predicate
def is_any_organisation_staff(user) -> bool:
    return bool(staff_organisation_ids(user))


@rules.predicate
def is_organising_organisation_staff(user, event) -> bool:
    """Staff of an organisation organising the event (decisions/010)."""
    if not user.is_authenticated or not isinstance(event, Event) or event.pk is None:
        return False
    cache = getattr(event, "_organiser_organisation_ids_cache", None)
    if cache is None:
        cache = {organisation.pk for organisation in event.organiser_organisations.all()}
        event._organiser_organisation_ids_cache = cache
    return bool(cache & staff_organisation_ids(user))


@rules.predicate
def can_see_event(user, event) -> bool:
    return event is not None and event_is_visible(user=user, event=event)


@rules.predicate
def can_see_document_event(user, document) -> bool:
    return document is not None and can_see_event(user, document.event)


@rules.predicate
def may_attend(user, event) -> bool:
    """Public events are open to everyone signed in; members-only events to members; invitations to the invited."""

    if not user.is_authenticated or event is None:
        return False
    if event.visibility == Event.Visibility.PUBLIC:
        return True
    if is_invited(user=user, event=event):
        return True
    if event.visibility == Event.Visibility.MEMBERS:
        return bool(organiser_hub_ids(event) & hub_relations(user).member_hub_ids)
    return False


is_event_manager = (
    is_platform_admin
    | is_event_organiser
    | is_organising_hub_coordinator
    | is_organising_body_manager
    | is_organising_organisation_staff
)

rules.add_perm(
    "events.add_event",
    is_platform_admin
    | is_any_hub_coordinator
    | is_twinning_facilitator
    | is_any_body_event_manager
    | is_any_organisation_staff  # an organisation's own events (decisions/010)
    | is_programme_officer,  # joint activities of their programme and its hubs (hubs.selectors.acts_for)
)
rules.add_perm("events.change_event", is_event_manager)
# Writing in the platform's own name (`Event.organised_by_platform`): its administrators, and the facilitators of
# twinning groups, who run the platform's twinning programme (named down from administrators through the networks)
# and schedule their groups' meetings in its name. Hub coordinators and organisers write in their hubs' names.
rules.add_perm("events.organise_for_platform", is_platform_admin | is_twinning_facilitator)
rules.add_perm("events.manage_attendance", is_event_manager)
# Registrations, attendance and invitations read-only: also the officers of the event's programme (its own or an
# organising hub's, programmes/rules.py). They do not check people in or change the event.
rules.add_perm("events.view_event_internal", is_event_manager | is_officer_of_programme)
rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.view_document", can_see_document_event)  # a document's file (core/files.py asks this)
# Those who manage an event may also take a place in it (a coordinator at their own hub's members-only meeting).
rules.add_perm("events.register_event", can_see_event & (may_attend | is_event_manager))
rules.add_perm("events.view_reach", is_platform_admin | is_specialist | is_any_hub_coordinator | is_programme_officer)

# Training courses are created by those who organise for hubs and the platform (not by a body for its own events).
rules.add_perm("events.add_course", is_platform_admin | is_any_hub_coordinator | is_twinning_facilitator)
# Courses are managed like events: by their organisers, coordinators of their hubs and administrators.
rules.add_perm("events.change_course", is_event_manager)
rules.add_perm("events.enrol_course", rules.is_authenticated)
