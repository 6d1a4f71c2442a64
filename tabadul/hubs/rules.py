"""Who may do what in a hub. Coordinators and deputies (an active `Mandate`) manage their own hub only;
platform administrators manage all. Representatives of member bodies take part (nominate, vote, rank).
A person's relation to a hub is read from `relations.hub_relations`, the one definition every app uses."""

import rules

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_body_admin, is_body_approver, is_body_editor, is_platform_admin
from tabadul.programmes.rules import is_officer_of_programme

from .relations import hub_of, hub_relations

# The body roles that speak for a body in the hubs (ask to join, answer invitations, leave). Notifications about a
# body's invitations and requests go to exactly the people holding one of them (selectors.body_speaker_ids).
SPEAKING_ROLES = frozenset({RoleGrant.Role.BODY_ADMIN, RoleGrant.Role.BODY_EDITOR, RoleGrant.Role.BODY_APPROVER})


@rules.predicate
def is_hub_coordinator(user, obj) -> bool:
    """Coordinator or deputy of the object's hub, within their term (relations.py)."""
    hub = hub_of(obj)
    return hub is not None and hub.pk in hub_relations(user).managed_hub_ids


@rules.predicate
def is_hub_representative(user, obj) -> bool:
    """Represents their own body, an active member of the object's hub (relations.py)."""
    hub = hub_of(obj)
    return hub is not None and hub.pk in hub_relations(user).represented_hub_ids


@rules.predicate
def speaks_for_body(user, body) -> bool:
    """Administrators, editors and approvers of a body act for it (ask to join, answer invitations, leave)."""
    return is_body_admin(user, body) or is_body_editor(user, body) or is_body_approver(user, body)


@rules.predicate
def holds_it(user, obj) -> bool:
    """The person is the one the object seats (a representative, a working-group member)."""
    return user.is_authenticated and obj is not None and obj.user_id == user.pk


@rules.predicate
def speaks_for_represented_body(user, representative) -> bool:
    return representative is not None and speaks_for_body(user, representative.membership.body)


@rules.predicate
def is_staff_of_body(user, body) -> bool:
    return user.is_authenticated and body is not None and user.local_body_id == body.pk


@rules.predicate
def speaks_for_mentor_body(user, mentorship) -> bool:
    return mentorship is not None and speaks_for_body(user, mentorship.mentor_body)


@rules.predicate
def manages_partner_hub(user, proposal) -> bool:
    """Coordinator or deputy of the hub a joint activity is proposed to (not of the proposing hub)."""
    return proposal is not None and proposal.partner_hub_id in hub_relations(user).managed_hub_ids


@rules.predicate
def is_staff_of_initiative_body(user, attachment) -> bool:
    return is_staff_of_body(user, attachment.initiative.body)


manages_hub = is_platform_admin | is_hub_coordinator

rules.add_perm("hubs.change_hub", manages_hub)
rules.add_perm("hubs.manage_hub", manages_hub)
# The coordinator's pages read-only (requests, mandates, elections and their participation, work plans,
# invitations, initiatives): also the officers of the hub's programme, who follow it without deciding.
rules.add_perm("hubs.view_hub_internal", manages_hub | is_officer_of_programme)
rules.add_perm("hubs.add_hub", is_platform_admin)
rules.add_perm("hubs.act_for_body", is_platform_admin | speaks_for_body)
rules.add_perm("hubs.take_part", is_hub_representative)
# Removing a representative: themselves, their body's people, the hub's coordinators. A working-group seat: its
# holder and the coordinators.
rules.add_perm("hubs.remove_representative", manages_hub | holds_it | speaks_for_represented_body)
rules.add_perm("hubs.remove_seat", manages_hub | holds_it)
rules.add_perm("hubs.manage_mentorship", manages_hub | speaks_for_mentor_body)
rules.add_perm("hubs.submit_initiative", is_platform_admin | is_staff_of_body)
# An initiative's files: the hub that reviews it and the body that submitted it (core/files.py asks this).
rules.add_perm("hubs.view_initiative_attachment", manages_hub | is_staff_of_initiative_body)
# Joint activities (issue 20): a hub's coordinator or deputy proposes co-organising one of its activities with
# another hub and may withdraw the proposal; only the other hub's coordinator or deputy accepts or declines it.
rules.add_perm("hubs.propose_joint_activity", manages_hub)
rules.add_perm("hubs.answer_joint_activity", manages_partner_hub)
