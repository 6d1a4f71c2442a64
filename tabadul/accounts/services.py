from django.core.exceptions import PermissionDenied
from django.db import transaction

from tabadul.core.services import audit_record

from .models import RoleGrant, User
from .rules import is_platform_admin


@transaction.atomic
def user_register(*, username: str, email: str, password: str, full_name: str = "") -> User:
    """A citizen signs up. Staff accounts are created by administrators."""
    user = User(username=username, email=email.lower(), full_name=full_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=user, action="user.register", target=user)
    return user


@transaction.atomic
def user_update_profile(*, actor: User, user: User, full_name: str, position: str) -> User:
    if actor.pk != user.pk and not is_platform_admin(actor):
        raise PermissionDenied
    changes = {}
    for field, value in (("full_name", full_name), ("position", position)):
        if getattr(user, field) != value:
            changes[field] = [getattr(user, field), value]
            setattr(user, field, value)
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changes))
        audit_record(actor=actor, action="user.update_profile", target=user, changes=changes)
    return user


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str, local_body=None) -> RoleGrant:
    """Give a role. `actor=None` is for the system itself (demo data, management commands)."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, local_body=local_body, defaults={"granted_by": actor}
    )
    if created:
        grant.full_clean()
        audit_record(actor=actor, action="role.grant", target=grant, changes={"role": role, "local_body": local_body})
    user.__dict__.pop("_role_grants_cache", None)
    return grant


@transaction.atomic
def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied
    audit_record(actor=actor, action="role.revoke", target=grant, changes={"role": grant.role})
    grant.delete()
