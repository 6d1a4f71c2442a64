"""Reads of people and their bodies that pages show."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.http import urlsafe_base64_decode

from tabadul.core import hooks
from tabadul.core.models import AuditEvent

from .models import BodyInvitation, BodyJoinRequest, RoleGrant, User
from .rules import acts_for_an_institution, administered_body_ids, is_platform_admin
from .services import BODY_PEOPLE_ACTIONS


def body_staff(body) -> QuerySet[User]:
    """The body's people: its staff and anyone holding one of its roles, each with their roles of this body
    (`body_grants`)."""
    # The grants as a subquery on the primary key, not a join: the join needed DISTINCT over every user (a scan of
    # 250,000 at regional scale) where the subquery lets both terms use their index.
    grantees = RoleGrant.objects.filter(local_body=body).values("user_id")
    return (
        User.objects.filter(Q(local_body=body) | Q(pk__in=grantees))
        .prefetch_related(
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.filter(local_body=body).order_by("role"),
                to_attr="body_grants",
            )
        )
        .order_by("full_name", "username")
    )


def pickable_people(viewer) -> QuerySet[User]:
    """Whom the people picker suggests to `viewer` (core/pickers.py): a platform administrator finds every active
    person; other staff find the active people who act for an institution (never a citizen, whose name no page
    shows to others); a citizen, nobody (no form of theirs picks people)."""
    people = User.objects.filter(is_active=True)
    if is_platform_admin(viewer):
        return people
    if not acts_for_an_institution(viewer):
        return people.none()
    return people.filter(Q(local_body__isnull=False) | Exists(RoleGrant.objects.filter(user=OuterRef("pk"))))


def body_pending_requests(body) -> QuerySet[BodyJoinRequest]:
    return (
        BodyJoinRequest.objects.filter(local_body=body, status=BodyJoinRequest.Status.PENDING, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def body_join_requests(body) -> QuerySet[BodyJoinRequest]:
    """Every request to join the body, decided or not, with its person (a request's own page finds it here)."""
    return BodyJoinRequest.objects.filter(local_body=body).select_related("user")


def account_from_link(uidb64: str) -> User | None:
    """The account an activation link names (its base64 id), or None when the link names none."""
    try:
        return User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        return None


def body_open_invitations(body) -> QuerySet[BodyInvitation]:
    from django.utils import timezone

    return (
        BodyInvitation.objects.filter(
            local_body=body, status=BodyInvitation.Status.PENDING, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def body_people_changes(body) -> QuerySet[AuditEvent]:
    """The audit rows of the body's people (requests, invitations, roles, arrivals and departures), newest first."""

    return AuditEvent.objects.filter(action__in=BODY_PEOPLE_ACTIONS, changes__local_body=body.pk).select_related(
        "actor"
    )


def join_requests_waiting_for(user) -> QuerySet[BodyJoinRequest]:
    """Pending requests the person decides: those to the bodies they administer, and for platform administrators
    those to bodies that have no administrator."""
    if not user.is_authenticated:
        return BodyJoinRequest.objects.none()
    condition = Q(local_body_id__in=administered_body_ids(user))
    if is_platform_admin(user):
        has_admin = RoleGrant.objects.filter(role=RoleGrant.Role.BODY_ADMIN, local_body_id=OuterRef("local_body_id"))
        condition |= ~Exists(has_admin)
    return (
        BodyJoinRequest.objects.filter(condition, status=BodyJoinRequest.Status.PENDING, user__is_active=True)
        .select_related("user", "local_body")
        .order_by("created_at", "pk")
    )


def my_join_requests(user) -> QuerySet[BodyJoinRequest]:
    return BodyJoinRequest.objects.filter(user=user).select_related("local_body", "decided_by")


@dataclass(frozen=True)
class HeldRole:
    """A role as the account page names it: what the person is, and where (a body, a hub...) with its page."""

    label: str
    place: str = ""
    url: str = ""


def held_roles(user) -> list[HeldRole]:
    """Every role the person holds today: their role grants, then what other apps know (a hub's coordinator or
    deputy, through the accounts.profile_roles hook)."""
    grants = user.role_grants.select_related("local_body", "programme").order_by("role", "pk")
    roles = []
    for grant in grants:
        place = grant.local_body or grant.programme
        roles.append(HeldRole(grant.get_role_display(), str(place or ""), place.get_absolute_url() if place else ""))
    for roles_of in hooks.get_hooks("accounts.profile_roles"):
        roles.extend(roles_of(user))
    return roles
