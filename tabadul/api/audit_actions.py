"""What the api app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

TOKEN_CREATE = register("api.token.create", _("API token created"))
TOKEN_REVOKE = register("api.token.revoke", _("API token revoked"))
PROGRESS_PUSH = register("api.progress.push", _("Progress reported through the API"))
