"""Writes of the API app: creating and revoking tokens, and progress pushed by a body's own systems."""

import hashlib
import secrets
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tabadul.core.services import audit_record
from tabadul.meter import services as meter_services
from tabadul.meter.models import ProgressUpdate, Project

from . import audit_actions
from .models import ApiToken

KEY_PREFIX = "tbd_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, body, name: str) -> tuple[ApiToken, str]:
    """A new token for `body`; returns it and the key, which is shown once and never stored."""
    if not actor.has_perm("api.manage_tokens", body):
        raise PermissionDenied
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(body=body, name=name.strip(), prefix=prefix, digest=_digest(key), created_by=actor)
    token.full_clean()
    token.save()
    audit_record(actor=actor, action=audit_actions.TOKEN_CREATE, target=token, changes={"name": token.name})
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if not actor.has_perm("api.manage_tokens", token.body):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(actor=actor, action=audit_actions.TOKEN_REVOKE, target=token)
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """The active token with this key, or None (unknown, malformed or revoked)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.active().select_related("body", "created_by").filter(digest=_digest(key)).first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def progress_push(
    *, token: ApiToken, project: Project, percent: int, date: date, note: str = "", files=()
) -> ProgressUpdate:
    """Progress reported by a body's system: only for that body's projects, then reviewed like any other.

    The update is submitted in the name of the person who created the token, so it passes the same
    permission check as the web form: a token outlives no one's role.
    """
    if project.plan.body_id != token.body_id:
        raise PermissionDenied
    with transaction.atomic():
        update = meter_services.progress_submit(
            actor=token.created_by, project=project, percent=percent, date=date, note=note, files=files
        )
        audit_record(
            actor=token.created_by, action=audit_actions.PROGRESS_PUSH, target=update, changes={"token": token.prefix}
        )
    return update
