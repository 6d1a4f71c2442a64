"""Reads of the API app."""

from django.db.models import QuerySet

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin
from tabadul.directory.models import LocalBody

from .models import ApiToken


def token_bodies(user) -> QuerySet[LocalBody]:
    """The bodies whose tokens the person manages: those they approve for, or all for a platform admin."""
    bodies = LocalBody.objects.order_by("name_ar", "pk")
    if is_platform_admin(user):
        return bodies
    approved = RoleGrant.objects.filter(user=user, role=RoleGrant.Role.BODY_APPROVER).values("local_body_id")
    return bodies.filter(pk__in=approved)


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(body__in=token_bodies(user)).select_related("body", "created_by", "revoked_by")
