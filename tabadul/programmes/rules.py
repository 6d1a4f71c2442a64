"""Programme officers: staff of a programme (APLA, GIZ LGRP, UNDP, CMI, the Isal team) who oversee the hubs,
events, Meter pilots and twinning groups that belong to it.

`is_officer_of_programme(user, obj)` resolves the programme(s) of `obj` and asks whether the person is an officer
of one of them (accounts.RoleGrant, role `programme_officer`). The apps combine it into their own rules
(hubs.view_hub_internal, events.view_event_internal, meter.view_pilot, twinning.view_group_private, the hub forum
policy in discussions/owners.py); officers never approve, publish or decide for a body.
"""

import rules

from tabadul.accounts.rules import is_platform_admin, programme_officer_ids

from .models import Programme

# Attributes followed from an object towards the one that names a programme (a work plan to its hub, a
# feedback to its plan, a registration to its event, a milestone to its twinning group...).
_PARENTS = (
    "hub",
    "plan",
    "group",
    "event",
    "work_plan",
    "election",
    "membership",
    "topic",
    "project",
    "update",
    "course",
)


def programme_ids_of(obj) -> set[int]:
    """The programmes an object belongs to.

    A programme itself; a hub, Meter plan, twinning group or event through its `programme`; an event also through
    the programmes of its organising hubs; anything else through its parents (`_PARENTS`, up to four steps)."""

    for _step in range(5):
        if obj is None:
            return set()
        if isinstance(obj, Programme):
            return {obj.pk}
        if hasattr(obj, "programme_id"):
            ids = {obj.programme_id} if obj.programme_id else set()
            if hasattr(obj, "organiser_hubs") and obj.pk is not None:
                ids |= _organising_hub_programme_ids(obj)
            return ids
        for attr in _PARENTS:
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
                break
        else:
            return set()
    return set()


def _organising_hub_programme_ids(event) -> set[int]:
    cache = getattr(event, "_programme_hub_ids_cache", None)
    if cache is None:
        cache = {hub.programme_id for hub in event.organiser_hubs.all() if hub.programme_id}
        event._programme_hub_ids_cache = cache
    return cache


@rules.predicate
def is_programme_officer(user) -> bool:
    """An officer of any programme."""
    return bool(programme_officer_ids(user))


@rules.predicate
def is_officer_of_programme(user, obj) -> bool:
    """An officer of the programme `obj` belongs to (a programme, hub, event, Meter plan, twinning group, or
    anything that leads to one)."""
    mine = programme_officer_ids(user)
    return bool(mine) and bool(programme_ids_of(obj) & mine)


def forget(user) -> None:
    for attr in ("_programme_hub_ids", "_role_grants_cache"):
        user.__dict__.pop(attr, None)


rules.add_perm("programmes.view_programme", rules.always_allow)
rules.add_perm("programmes.view_logo", rules.always_allow)
rules.add_perm("programmes.change_programme", is_platform_admin)
# The programme's public page (summary, objectives, logo): its officers and platform administrators.
rules.add_perm("programmes.change_programme_page", is_platform_admin | is_officer_of_programme)
rules.add_perm("programmes.manage_officers", is_platform_admin)
# The programme's internal overview (what its officers follow): its officers and platform administrators.
rules.add_perm("programmes.view_programme_internal", is_platform_admin | is_officer_of_programme)
# The programme's pilot projects and their milestones (create, edit): as its page, its officers and administrators.
rules.add_perm("programmes.manage_pilots", is_platform_admin | is_officer_of_programme)
