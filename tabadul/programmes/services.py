"""Writes about programmes: who links work to a programme, and granting or withdrawing its officers.

Officers are `accounts.RoleGrant` rows (role `programme_officer`); granting and withdrawing go through
`accounts.services.role_grant` / `role_revoke`, which check that the actor is a platform administrator and write
the audit record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.accounts.services import role_grant, role_revoke
from tabadul.core.services import audit_record, changed_fields

from . import audit_actions
from .models import PilotMilestone, PilotProject, Programme
from .rules import forget


def programme_link_check(*, actor, before, after, field_name: str = "programme") -> None:
    """Refuse to link a hub, event, Meter plan or twinning group to a programme, or to unlink it, unless the actor
    is a platform administrator or an officer of that programme. Keeping the link as it is needs nothing."""
    before_id = getattr(before, "pk", before)
    after_id = getattr(after, "pk", after)
    if before_id == after_id or is_platform_admin(actor):
        return
    mine = programme_officer_ids(actor)
    for programme_id in (before_id, after_id):
        if programme_id is not None and programme_id not in mine:
            raise ValidationError(
                {field_name: _("Only the programme's officers and platform administrators link work to it.")}
            )


# What a programme's officers write on its public page; names, funders, partners and dates are the administrators'.
PAGE_FIELDS = ("summary_ar", "summary_en", "objectives_ar", "objectives_en", "logo")


@transaction.atomic
def programme_page_update(*, actor: User, programme: Programme, **values) -> Programme:
    """Change the programme's summary, objectives or logo (its officers and platform administrators; audited)."""
    if not actor.has_perm("programmes.change_programme_page", programme):
        raise PermissionDenied
    unknown = set(values) - set(PAGE_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    if values.get("logo") is False:  # the form's "clear" box
        values["logo"] = ""
    changes = changed_fields(programme, values)
    if not changes:
        return programme
    for name, value in values.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action=audit_actions.PROGRAMME_PAGE_UPDATE, target=programme, changes=changes)
    return programme


def find_person(*, identifier: str) -> User | None:
    """An active account by its user name or its e-mail address (case-insensitive)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    matches = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True)[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def officer_grant(*, actor: User, programme: Programme, user: User) -> RoleGrant:
    """Make a person an officer of the programme (platform administrators; audited by role_grant)."""
    if not actor.has_perm("programmes.manage_officers", programme):
        raise PermissionDenied
    if RoleGrant.objects.filter(user=user, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme).exists():
        raise ValidationError(_("%(name)s is already an officer of this programme.") % {"name": user.display_name})
    grant = role_grant(actor=actor, user=user, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
    _forget(user)
    return grant


@transaction.atomic
def officer_withdraw(*, actor: User, grant: RoleGrant) -> None:
    """Withdraw a programme officer's role (platform administrators; audited by role_revoke)."""
    if grant.role != RoleGrant.Role.PROGRAMME_OFFICER or not actor.has_perm(
        "programmes.manage_officers", grant.programme
    ):
        raise PermissionDenied
    user = grant.user
    role_revoke(actor=actor, grant=grant)
    _forget(user)


def _forget(user) -> None:
    forget(user)


# --- Pilot projects and their milestones (issue 20, item 4): the programme's officers and administrators -------

PILOT_FIELDS = (
    "name_ar",
    "name_en",
    "status",
    "objectives_ar",
    "objectives_en",
    "budget",
    "currency",
    "starts_on",
    "ends_on",
    "lessons_ar",
    "lessons_en",
)
MILESTONE_FIELDS = ("title_ar", "title_en", "due_on", "done_on", "position")


def _check_pilot_rights(actor: User, programme: Programme) -> None:
    if not actor.has_perm("programmes.manage_pilots", programme):
        raise PermissionDenied


def _check_fields(values: dict, allowed: tuple) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")


def _new_pilot_slug(programme: Programme, name_en: str) -> str:
    """The pilot's address name: the programme's and the English name's, or a number when there is none."""
    base = slugify(f"{programme.slug}-{name_en}")[:70] if slugify(name_en) else f"{programme.slug}-pilot"
    slug, number = base, 1
    while PilotProject.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_bodies(bodies: list) -> None:
    if not bodies:
        raise ValidationError({"bodies": _("Choose the local bodies where the pilot is carried out.")})


@transaction.atomic
def pilot_create(*, actor: User, programme: Programme, bodies, partners=(), **values) -> PilotProject:
    """A new pilot project of the programme in one or more local bodies (audited)."""
    _check_pilot_rights(actor, programme)
    _check_fields(values, PILOT_FIELDS)
    bodies, partners = list(bodies), list(partners)
    _check_bodies(bodies)
    pilot = PilotProject(programme=programme, slug=_new_pilot_slug(programme, values.get("name_en", "")), **values)
    pilot.full_clean()
    pilot.save()
    pilot.bodies.set(bodies)
    pilot.partners.set(partners)
    audit_record(
        actor=actor,
        action=audit_actions.PILOT_CREATE,
        target=pilot,
        changes={k: values[k] for k in sorted(values)}
        | {"bodies": sorted(b.pk for b in bodies), "partners": sorted(o.pk for o in partners)},
    )
    return pilot


@transaction.atomic
def pilot_update(*, actor: User, pilot: PilotProject, bodies=None, partners=None, **values) -> PilotProject:
    """Change a pilot project's details, bodies or partners (audited; nothing written when nothing changed)."""
    _check_pilot_rights(actor, pilot.programme)
    _check_fields(values, PILOT_FIELDS)
    changes = changed_fields(pilot, values)
    for name, value in values.items():
        setattr(pilot, name, value)
    pilot.full_clean()
    if bodies is not None:
        bodies = list(bodies)
        _check_bodies(bodies)
        if {b.pk for b in bodies} != set(pilot.bodies.values_list("pk", flat=True)):
            changes["bodies"] = sorted(b.pk for b in bodies)
    if partners is not None:
        partners = list(partners)
        if {o.pk for o in partners} != set(pilot.partners.values_list("pk", flat=True)):
            changes["partners"] = sorted(o.pk for o in partners)
    if not changes:
        return pilot
    pilot.save()
    if "bodies" in changes:
        pilot.bodies.set(bodies)
    if "partners" in changes:
        pilot.partners.set(partners)
    audit_record(actor=actor, action=audit_actions.PILOT_UPDATE, target=pilot, changes=changes)
    return pilot


def _check_milestone(milestone: PilotMilestone) -> None:
    pilot = milestone.pilot
    if milestone.done_on and pilot.starts_on and milestone.done_on < pilot.starts_on:
        raise ValidationError({"done_on": _("A milestone cannot be done before the pilot starts.")})
    milestone.full_clean()


@transaction.atomic
def milestone_add(*, actor: User, pilot: PilotProject, **values) -> PilotMilestone:
    _check_pilot_rights(actor, pilot.programme)
    _check_fields(values, MILESTONE_FIELDS)
    if values.get("position") is None:
        values["position"] = (pilot.milestones.count() + 1) * 10
    milestone = PilotMilestone(pilot=pilot, **values)
    _check_milestone(milestone)
    milestone.save()
    audit_record(
        actor=actor,
        action=audit_actions.MILESTONE_ADD,
        target=milestone,
        changes={"pilot": pilot.pk} | {k: values[k] for k in sorted(values)},
    )
    return milestone


@transaction.atomic
def milestone_update(*, actor: User, milestone: PilotMilestone, **values) -> PilotMilestone:
    _check_pilot_rights(actor, milestone.pilot.programme)
    _check_fields(values, MILESTONE_FIELDS)
    changes = changed_fields(milestone, values)
    if not changes:
        return milestone
    for name, value in values.items():
        setattr(milestone, name, value)
    _check_milestone(milestone)
    milestone.save()
    audit_record(actor=actor, action=audit_actions.MILESTONE_UPDATE, target=milestone, changes=changes)
    return milestone
