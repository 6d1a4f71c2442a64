"""Predicates about people and their roles; other apps combine them into named rules."""

import rules

from tabadul.directory.models import LocalBody

from .models import RoleGrant


def _grants(user) -> list[tuple[str, int | None]]:
    """The person's role grants as (role, id of the body or programme it applies to), fetched once per
    request-lived user object."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_role_grants_cache"):
        rows = user.role_grants.values_list("role", "local_body_id", "programme_id")
        user._role_grants_cache = [(role, body_id or programme_id) for role, body_id, programme_id in rows]
    return user._role_grants_cache


@rules.predicate
def is_platform_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or (RoleGrant.Role.PLATFORM_ADMIN, None) in _grants(user))


def acts_for_an_institution(user) -> bool:
    """Staff of a body or holder of any role (a programme's officer, a specialist, an administrator), as opposed to
    a citizen: their names are shown on hub, event and body pages."""
    return user.is_authenticated and bool(user.local_body_id or _grants(user))


@rules.predicate
def is_specialist(user) -> bool:
    return (RoleGrant.Role.SPECIALIST, None) in _grants(user)


def body_of(obj):
    """The local body an object belongs to: the body itself or its `local_body`/`body` attribute."""
    if isinstance(obj, LocalBody):
        return obj
    return getattr(obj, "local_body", None) or getattr(obj, "body", None)


@rules.predicate
def is_body_editor(user, obj) -> bool:
    body = body_of(obj)
    return body is not None and (RoleGrant.Role.BODY_EDITOR, body.pk) in _grants(user)


@rules.predicate
def is_body_approver(user, obj) -> bool:
    body = body_of(obj)
    return body is not None and (RoleGrant.Role.BODY_APPROVER, body.pk) in _grants(user)


@rules.predicate
def is_body_admin(user, obj) -> bool:
    body = body_of(obj)
    return body is not None and (RoleGrant.Role.BODY_ADMIN, body.pk) in _grants(user)


def staff_organisation_ids(user) -> set[int]:
    """The organisations whose staff the person is (they manage those organisations' events and documents), read
    once per user object (one request, one test step), like their roles."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_staff_organisation_ids"):
        user._staff_organisation_ids = set(user.organisations.values_list("pk", flat=True))
    return user._staff_organisation_ids


def programme_officer_ids(user) -> set[int]:
    """The programmes whose officer the person is."""
    return {scope_id for role, scope_id in _grants(user) if role == RoleGrant.Role.PROGRAMME_OFFICER}


rules.add_perm("accounts.grant_roles", is_platform_admin)
# A body's people (staff list, join requests, invitations, the body's roles, removal): its administrators and the
# platform administrators (for every body). The object is the local body.
rules.add_perm("accounts.manage_body_people", is_platform_admin | is_body_admin)
rules.add_perm("core.view_audit_trail", is_platform_admin)
# The directory sits below accounts (docs/architecture.md), so the permissions on local bodies that depend on
# roles are declared here; directory/rules.py keeps those that do not.
rules.add_perm("directory.change_localbody", is_platform_admin | is_body_editor)
rules.add_perm("directory.add_localbody", is_platform_admin)


def editable_body_ids(user) -> set[int]:
    return {body_id for role, body_id in _grants(user) if role == RoleGrant.Role.BODY_EDITOR}


def body_role_ids(user) -> set[int]:
    """The bodies where the person holds a role (editor or approver): the bodies they act for."""
    return {body_id for role, body_id in _grants(user) if role in RoleGrant.BODY_ROLES}


def administered_body_ids(user) -> set[int]:
    """The bodies whose administrator the person is."""
    return {body_id for role, body_id in _grants(user) if role == RoleGrant.Role.BODY_ADMIN}
