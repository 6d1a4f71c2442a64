from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tabadul.core.services import audit_record

from .models import RoleGrant, User
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
    from tabadul.notifications.services import send_email_now

    send_email_now(to=to, subject=subject, body=render_to_string(template, context))


@transaction.atomic
def user_register(*, username: str, email: str, password: str, full_name: str = "") -> None:
    """A citizen signs up: the new account stays inactive until the link e-mailed to its address is used.

    When the address has an account already, nothing is created and that address gets a mail pointing to sign-in
    and password reset instead. Both take the same work and end the same way, so the outcome does not tell whether
    an address has an account. Staff accounts are created by administrators.
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
    audit_record(actor=user, action="user.register", target=user)
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
    audit_record(actor=user, action="user.activate", target=user)
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
def role_grant(*, actor: User | None, user: User, role: str, local_body=None, programme=None) -> RoleGrant:
    """Give a role. `actor=None` is for the system itself (demo data, management commands)."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, local_body=local_body, programme=programme, defaults={"granted_by": actor}
    )
    if created:
        grant.full_clean()
        changes = {"role": role, "local_body": local_body, "programme": programme}
        audit_record(actor=actor, action="role.grant", target=grant, changes=changes)
    user.__dict__.pop("_role_grants_cache", None)
    return grant


@transaction.atomic
def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied
    audit_record(actor=actor, action="role.revoke", target=grant, changes={"role": grant.role})
    grant.delete()
