"""What the accounts app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

USER_REGISTER = register("accounts.user.register", _("Account signed up"))
USER_ACTIVATE = register("accounts.user.activate", _("Account activated"))
PROFILE_UPDATE = register("accounts.profile.update", _("Profile changed"))
ROLE_GRANT = register("accounts.role.grant", _("Role given"))
ROLE_REVOKE = register("accounts.role.revoke", _("Role withdrawn"))
JOIN_REQUEST_CREATE = register("accounts.join_request.create", _("Request to join"))
JOIN_REQUEST_WITHDRAW = register("accounts.join_request.withdraw", _("Request withdrawn"))
JOIN_REQUEST_APPROVE = register("accounts.join_request.approve", _("Request approved"))
JOIN_REQUEST_DECLINE = register("accounts.join_request.decline", _("Request declined"))
INVITATION_CREATE = register("accounts.invitation.create", _("Invitation sent"))
INVITATION_ACCEPT = register("accounts.invitation.accept", _("Invitation accepted"))
INVITATION_WITHDRAW = register("accounts.invitation.withdraw", _("Invitation withdrawn"))
STAFF_JOIN = register("accounts.staff.join", _("Joined the body"))
STAFF_REMOVE = register("accounts.staff.remove", _("Removed from the body"))
