import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tabadul.core.services import audit_record
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify, send_email_now

from . import audit_actions
from .models import BodyInvitation, BodyJoinRequest, RoleGrant, User
from .rules import is_platform_admin


class AccountActivationTokenGenerator(PasswordResetTokenGenerator):
    """Links that activate a new account; a link stops working once the account is active or has signed in."""

    key_salt = "tabadul.accounts.activation"

    def _make_hash_value(self, user, timestamp):
        last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{user.is_active}{last_login}{timestamp}{user.email}"


activation_token = AccountActivationTokenGenerator()


def _site_url(path: str) -> str:
    return settings.TABADUL_SITE_URL.rstrip("/") + path


def _send_account_mail(*, subject: str, template: str, to: str, context: dict) -> None:
    """Account mail is not a notification: the notification path sends it after the commit, whatever the person
    chose (docs/decisions/008-one-notification-path.md)."""

    send_email_now(to=to, subject=subject, body=render_to_string(template, context))


@transaction.atomic
def user_register(
    *,
    username: str,
    email: str,
    password: str,
    full_name: str = "",
    join_body=None,
    position: str = "",
    department: str = "",
) -> None:
    """A citizen signs up: the new account stays inactive until the link e-mailed to its address is used.

    When the address has an account already, nothing is created and that address gets a mail pointing to sign-in
    and password reset instead. Both take the same work and end the same way, so the outcome does not tell whether
    an address has an account. Staff of a local body name it (`join_body`): a request to join it waits, and its
    administrators are told once the account is activated; until they approve, the person is a citizen.
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the cost of creating an account, so the answer takes as long
        _send_account_mail(
            subject=_("Someone tried to create a Tabadul account with your address"),
            template="accounts/signup_existing_email.txt",
            to=existing.email,
            context={
                "sign_in_url": _site_url(reverse("accounts:login")),
                "reset_url": _site_url(reverse("accounts:password_reset")),
            },
        )
        return
    user = User(username=username, email=email.lower(), full_name=full_name, is_active=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=user, action=audit_actions.USER_REGISTER, target=user)
    if join_body is not None:
        _request_create(user=user, body=join_body, position=position, department=department)
    link = reverse(
        "accounts:activate",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": activation_token.make_token(user)},
    )
    _send_account_mail(
        subject=_("Activate your Tabadul account"),
        template="accounts/signup_activate_email.txt",
        to=user.email,
        context={"activate_url": _site_url(link), "username": user.username},
    )


def activation_link_valid(*, user: User, token: str) -> bool:
    return not user.is_active and activation_token.check_token(user, token)


@transaction.atomic
def user_activate(*, user: User, token: str) -> User:
    """Activate a signed-up account with the token of its e-mailed link."""
    if not activation_link_valid(user=user, token=token):
        raise PermissionDenied
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, action=audit_actions.USER_ACTIVATE, target=user)
    for join_request in BodyJoinRequest.objects.filter(user=user, status=BodyJoinRequest.Status.PENDING):
        _notify_join_request(join_request)
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
        audit_record(actor=actor, action=audit_actions.PROFILE_UPDATE, target=user, changes=changes)
    return user


def _check_may_grant(*, actor: User | None, user: User, role: str, local_body) -> None:
    """Body roles: the body's administrators (for its staff only) and platform administrators; other roles:
    platform administrators. `actor=None` is the system itself."""
    if actor is None:
        return
    if role in RoleGrant.BODY_ROLES:
        if local_body is None or not actor.has_perm("accounts.manage_body_people", local_body):
            raise PermissionDenied
        if not is_platform_admin(actor) and user.local_body_id != local_body.pk:
            raise PermissionDenied
    elif not actor.has_perm("accounts.grant_roles"):
        raise PermissionDenied


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str, local_body=None, programme=None) -> RoleGrant:
    """Give a role. `actor=None` is for the system itself (demo data, management commands).

    A body's administrators give the body's roles (administrator, editor, approver) to the body's staff; platform
    administrators give every role."""
    _check_may_grant(actor=actor, user=user, role=role, local_body=local_body)
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, local_body=local_body, programme=programme, defaults={"granted_by": actor}
    )
    if created:
        grant.full_clean()
        changes = {"role": role, "local_body": local_body, "programme": programme, "user": user}
        audit_record(actor=actor, action=audit_actions.ROLE_GRANT, target=grant, changes=changes)
    user.__dict__.pop("_role_grants_cache", None)
    return grant


def _is_last_body_admin(grant: RoleGrant) -> bool:
    return (
        grant.role == RoleGrant.Role.BODY_ADMIN
        and not RoleGrant.objects.filter(role=RoleGrant.Role.BODY_ADMIN, local_body_id=grant.local_body_id)
        .exclude(pk=grant.pk)
        .exists()
    )


@transaction.atomic
def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    """Withdraw a role. A body's administrators withdraw the body's roles, but not the body's last administrator:
    only a platform administrator may leave a body without one (its join requests then go to the platform
    administrators)."""
    if grant.role in RoleGrant.BODY_ROLES:
        if not actor.has_perm("accounts.manage_body_people", grant.local_body):
            raise PermissionDenied
        if not is_platform_admin(actor) and _is_last_body_admin(grant):
            raise ValidationError(
                _("%(person)s is the last administrator of %(body)s: name another administrator first.")
                % {"person": grant.user, "body": grant.local_body}
            )
    elif not is_platform_admin(actor):
        raise PermissionDenied
    changes = {"role": grant.role, "local_body": grant.local_body_id, "user": grant.user_id}
    if grant.programme_id:
        changes["programme"] = grant.programme_id
    audit_record(actor=actor, action=audit_actions.ROLE_REVOKE, target=grant, changes=changes)
    grant.delete()
    grant.user.__dict__.pop("_role_grants_cache", None)


# --- A body's people: join requests, invitations, the body's roles, removal (issue 16) ---------------------------
#
# Every audit row of these writes names the body in `changes["local_body"]` (its pk), so that the body's "people"
# page lists its recent changes (selectors.body_people_changes).

BODY_PEOPLE_ACTIONS = [
    audit_actions.JOIN_REQUEST_CREATE,
    audit_actions.JOIN_REQUEST_APPROVE,
    audit_actions.JOIN_REQUEST_DECLINE,
    audit_actions.JOIN_REQUEST_WITHDRAW,
    audit_actions.INVITATION_CREATE,
    audit_actions.INVITATION_ACCEPT,
    audit_actions.INVITATION_WITHDRAW,
    audit_actions.STAFF_JOIN,
    audit_actions.STAFF_REMOVE,
    audit_actions.ROLE_GRANT,
    audit_actions.ROLE_REVOKE,
]
INVITATION_DAYS = 14


def body_admin_ids(body) -> set[int]:
    """Who decides a body's join requests: its administrators, or the platform administrators if it has none."""
    admins = set(
        User.objects.filter(
            is_active=True, role_grants__role=RoleGrant.Role.BODY_ADMIN, role_grants__local_body=body
        ).values_list("pk", flat=True)
    )
    if admins:
        return admins
    return set(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_grants__role=RoleGrant.Role.PLATFORM_ADMIN))
        .values_list("pk", flat=True)
    )


def _notify_join_request(join_request: BodyJoinRequest) -> None:
    body = join_request.local_body
    notify(
        recipient_ids=body_admin_ids(body),
        kind=Kind.BODY_JOIN_REQUEST,
        key=f"accounts.body_join_request:{join_request.pk}",
        subject=body.name_ar,
        url=reverse("people:request_decide", kwargs={"slug": body.slug, "pk": join_request.pk}),
        details=", ".join(filter(None, [str(join_request.user), join_request.position, join_request.department])),
    )


def _check_may_ask(user: User, body) -> None:
    if user.local_body_id == body.pk:
        raise ValidationError(_("You already work for %(body)s on Tabadul.") % {"body": body})
    if BodyJoinRequest.objects.filter(user=user, status=BodyJoinRequest.Status.PENDING).exists():
        raise ValidationError(
            _("You already have a request waiting for a decision. Withdraw it first to ask another body.")
        )


def _request_create(*, user: User, body, position: str, department: str) -> BodyJoinRequest:
    _check_may_ask(user, body)
    join_request = BodyJoinRequest(user=user, local_body=body, position=position, department=department)
    join_request.full_clean()
    join_request.save()
    audit_record(
        actor=user,
        action=audit_actions.JOIN_REQUEST_CREATE,
        target=join_request,
        changes={"local_body": body.pk, "user": user.pk, "position": position, "department": department},
    )
    return join_request


@transaction.atomic
def body_join_request_create(*, actor: User, local_body, position: str = "", department: str = "") -> BodyJoinRequest:
    """A signed-in person asks to join a body; its administrators (or the platform's) are told."""
    if not actor.is_authenticated:
        raise PermissionDenied
    join_request = _request_create(user=actor, body=local_body, position=position, department=department)
    _notify_join_request(join_request)
    return join_request


@transaction.atomic
def body_join_request_withdraw(*, actor: User, join_request: BodyJoinRequest) -> BodyJoinRequest:
    if join_request.user_id != actor.pk:
        raise PermissionDenied
    if join_request.status != BodyJoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    join_request.status = BodyJoinRequest.Status.WITHDRAWN
    join_request.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.JOIN_REQUEST_WITHDRAW,
        target=join_request,
        changes={"local_body": join_request.local_body_id, "user": actor.pk},
    )
    return join_request


def _leave_body(*, actor: User | None, user: User, body) -> None:
    """Withdraw the person's roles of `body` (the last-administrator rule applies) and, if they are its staff, clear
    their local body. Audited as role withdrawals of that body."""
    for grant in RoleGrant.objects.filter(user=user, local_body=body, role__in=RoleGrant.BODY_ROLES).select_related(
        "local_body", "user"
    ):
        if actor is None:
            audit_record(
                actor=None,
                action=audit_actions.ROLE_REVOKE,
                target=grant,
                changes={"role": grant.role, "local_body": body.pk, "user": user.pk},
            )
            grant.delete()
        else:
            role_revoke(actor=actor, grant=grant)
    user.__dict__.pop("_role_grants_cache", None)


def _join_body(*, actor: User | None, user: User, body, position: str, department: str, via) -> None:
    """The person becomes staff of `body`; roles held at a body they leave are withdrawn."""
    previous = user.local_body
    if previous is not None and previous.pk != body.pk:
        # Leaving a body is the person's own choice here, so the old body's last-administrator rule does not
        # hold them back: the system withdraws their roles there.
        _leave_body(actor=None, user=user, body=previous)
    changes = {"local_body": body.pk, "user": user.pk, "position": [user.position, position], "via": via.pk}
    if previous is not None and previous.pk != body.pk:
        changes["previous_body"] = previous.pk
    user.local_body = body
    user.position = position or user.position
    user.department = department or user.department
    user.full_clean(exclude=["password"])
    user.save(update_fields=["local_body", "position", "department"])
    audit_record(actor=actor, action=audit_actions.STAFF_JOIN, target=user, changes=changes)


@transaction.atomic
def body_join_request_approve(*, actor: User, join_request: BodyJoinRequest, roles=()) -> BodyJoinRequest:
    """Approve a request: the person becomes staff of the body, with the body's roles chosen at once (optional)."""

    body = join_request.local_body
    if not actor.has_perm("accounts.manage_body_people", body):
        raise PermissionDenied
    join_request = BodyJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != BodyJoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    if set(roles) - RoleGrant.BODY_ROLES:
        raise ValidationError(_("Only the body's roles can be given here."))
    join_request.status = BodyJoinRequest.Status.APPROVED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.JOIN_REQUEST_APPROVE,
        target=join_request,
        changes={"local_body": body.pk, "user": join_request.user_id, "roles": sorted(roles)},
    )
    user = join_request.user
    _join_body(
        actor=actor,
        user=user,
        body=body,
        position=join_request.position,
        department=join_request.department,
        via=join_request,
    )
    for role in sorted(roles):
        role_grant(actor=actor, user=user, role=role, local_body=body)
    notify(
        recipient_ids=[user.pk],
        kind=Kind.BODY_JOIN_DECISION,
        key=f"accounts.body_join_decision:{join_request.pk}",
        subject=body.name_ar,
        url=reverse("accounts:profile"),
        details=_("Approved: you now work for %(body)s on Tabadul.") % {"body": body.name_ar},
    )
    return join_request


@transaction.atomic
def body_join_request_decline(*, actor: User, join_request: BodyJoinRequest, reason: str) -> BodyJoinRequest:
    """Decline a request with a reason, which the person reads."""

    body = join_request.local_body
    if not actor.has_perm("accounts.manage_body_people", body):
        raise PermissionDenied
    join_request = BodyJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != BodyJoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    join_request.status = BodyJoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.reason = (reason or "").strip()
    join_request.full_clean()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.JOIN_REQUEST_DECLINE,
        target=join_request,
        changes={"local_body": body.pk, "user": join_request.user_id, "reason": join_request.reason},
    )
    notify(
        recipient_ids=[join_request.user_id],
        kind=Kind.BODY_JOIN_DECISION,
        key=f"accounts.body_join_decision:{join_request.pk}",
        subject=body.name_ar,
        url=reverse("accounts:join_body"),
        details=join_request.reason,
    )
    return join_request


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def body_invitation_create(
    *, actor: User, local_body, email: str, position: str = "", department: str = ""
) -> tuple[BodyInvitation, str]:
    """Invite someone by e-mail to join the body. Returns the invitation and the token of its link (mailed, never
    stored: the database keeps its hash)."""
    if not actor.has_perm("accounts.manage_body_people", local_body):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    invitation = BodyInvitation(
        local_body=local_body,
        email=email.strip().lower(),
        position=position,
        department=department,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action=audit_actions.INVITATION_CREATE,
        target=invitation,
        changes={"local_body": local_body.pk, "email": invitation.email, "position": position},
    )

    context = {
        "body": local_body.name_ar,
        "inviter": actor.display_name,
        "position": position,
        "accept_url": _site_url(reverse("accounts:invitation", kwargs={"token": token})),
        "signup_url": _site_url(reverse("accounts:signup")),
        "days": INVITATION_DAYS,
    }
    send_email_now(
        to=invitation.email,
        subject=_("Tabadul: %(body)s invites you to join its staff") % {"body": local_body.name_ar},
        body=render_to_string("accounts/body_invitation_email.txt", context),
    )
    return invitation, token


def body_invitation_by_token(token: str) -> BodyInvitation | None:
    """The invitation of a link, if it is still open (not accepted, withdrawn or expired)."""
    return (
        BodyInvitation.objects.select_related("local_body", "invited_by")
        .filter(token_hash=_token_hash(token), status=BodyInvitation.Status.PENDING, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def body_invitation_accept(*, actor: User, token: str) -> BodyJoinRequest:
    """The invited person accepts with the account of the invited address: their request is created approved."""
    invitation = body_invitation_by_token(token)
    if invitation is None or not actor.is_authenticated:
        raise PermissionDenied
    if actor.email.lower() != invitation.email.lower():
        raise PermissionDenied
    invitation = BodyInvitation.objects.select_for_update().get(pk=invitation.pk)
    body = invitation.local_body
    for pending in BodyJoinRequest.objects.filter(user=actor, status=BodyJoinRequest.Status.PENDING):
        body_join_request_withdraw(actor=actor, join_request=pending)
    now = timezone.now()
    join_request = BodyJoinRequest(
        user=actor,
        local_body=body,
        position=invitation.position,
        department=invitation.department,
        status=BodyJoinRequest.Status.APPROVED,
        decided_by=invitation.invited_by,
        decided_at=now,
        invitation=invitation,
    )
    join_request.full_clean()
    join_request.save()
    invitation.status = BodyInvitation.Status.ACCEPTED
    invitation.accepted_by = actor
    invitation.accepted_at = now
    invitation.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.INVITATION_ACCEPT,
        target=invitation,
        changes={"local_body": body.pk, "user": actor.pk, "email": invitation.email},
    )
    _join_body(
        actor=actor,
        user=actor,
        body=body,
        position=invitation.position,
        department=invitation.department,
        via=join_request,
    )
    return join_request


@transaction.atomic
def body_invitation_withdraw(*, actor: User, invitation: BodyInvitation) -> BodyInvitation:
    if not actor.has_perm("accounts.manage_body_people", invitation.local_body):
        raise PermissionDenied
    if invitation.status != BodyInvitation.Status.PENDING:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.status = BodyInvitation.Status.WITHDRAWN
    invitation.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.INVITATION_WITHDRAW,
        target=invitation,
        changes={"local_body": invitation.local_body_id, "email": invitation.email},
    )
    return invitation


def _check_staff(body, user: User) -> None:
    if user.local_body_id != body.pk and not RoleGrant.objects.filter(user=user, local_body=body).exists():
        raise ValidationError(_("%(person)s does not work for %(body)s.") % {"person": user, "body": body})


@transaction.atomic
def body_roles_set(*, actor: User, local_body, user: User, roles) -> dict[str, list[str]]:
    """Give and withdraw the body's roles (administrator, editor, approver) so that the person holds `roles`.
    Returns what changed: {"granted": [...], "withdrawn": [...]}."""
    if not actor.has_perm("accounts.manage_body_people", local_body):
        raise PermissionDenied
    wanted = set(roles)
    if wanted - RoleGrant.BODY_ROLES:
        raise ValidationError(_("Only the body's roles can be given here."))
    _check_staff(local_body, user)
    held = {grant.role: grant for grant in RoleGrant.objects.filter(user=user, local_body=local_body)}
    granted = sorted(wanted - held.keys())
    withdrawn = sorted(held.keys() - wanted)
    # Withdraw first the roles other than administrator, so that a refused withdrawal changes nothing.
    for role in sorted(withdrawn, key=lambda role: role == RoleGrant.Role.BODY_ADMIN, reverse=True):
        role_revoke(actor=actor, grant=held[role])
    for role in granted:
        role_grant(actor=actor, user=user, role=role, local_body=local_body)
    return {"granted": granted, "withdrawn": withdrawn}


@transaction.atomic
def body_person_remove(*, actor: User, local_body, user: User) -> None:
    """Someone left the body: their roles there are withdrawn and they are no longer its staff (their account and
    what they wrote stay)."""
    if not actor.has_perm("accounts.manage_body_people", local_body):
        raise PermissionDenied
    _check_staff(local_body, user)
    _leave_body(actor=actor, user=user, body=local_body)
    changes = {"local_body": local_body.pk, "user": user.pk}
    if user.local_body_id == local_body.pk:
        changes["position"] = [user.position, ""]
        user.local_body = None
        user.position = ""
        user.department = ""
        user.save(update_fields=["local_body", "position", "department"])
    audit_record(actor=actor, action=audit_actions.STAFF_REMOVE, target=user, changes=changes)
