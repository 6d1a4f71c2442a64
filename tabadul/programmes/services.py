"""Writes about programmes: who links work to a programme, and granting or withdrawing its officers.

Officers are `accounts.RoleGrant` rows (role `programme_officer`); granting and withdrawing go through
`accounts.services.role_grant` / `role_revoke`, which check that the actor is a platform administrator and write
the audit record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.accounts.services import role_grant, role_revoke
from tabadul.core.services import audit_record, changed_fields

from . import audit_actions
from .models import Programme
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
