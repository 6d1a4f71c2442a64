from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import TimeStampedModel


class User(AbstractUser):
    """A person. Staff of a local body name it and their position; citizens leave both empty."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    local_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("local body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


# The roles that apply to one body or one programme (the constraints below need plain values).
BODY_ROLE_VALUES = ["body_admin", "body_editor", "body_approver"]
PROGRAMME_ROLE_VALUES = ["programme_officer"]


class RoleGrant(TimeStampedModel):
    """A role given to a person; body roles name the body they apply to.

    Hub coordinators and deputies come from hub elections (the hubs app), not from here.
    """

    class Role(models.TextChoices):
        PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
        BODY_ADMIN = "body_admin", _("Local-body administrator")
        BODY_EDITOR = "body_editor", _("Local-body editor")
        BODY_APPROVER = "body_approver", _("Local-body approver")
        SPECIALIST = "specialist", _("Specialist")
        PROGRAMME_OFFICER = "programme_officer", _("Programme officer")

    BODY_ROLES = {Role.BODY_ADMIN, Role.BODY_EDITOR, Role.BODY_APPROVER}
    PROGRAMME_ROLES = {Role.PROGRAMME_OFFICER}

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    local_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("local body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "local_body"], name="unique_role_grant"),
            models.UniqueConstraint(fields=["user", "role", "programme"], name="unique_programme_role_grant"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(local_body__isnull=True, programme__isnull=True),
                name="unique_global_role_grant",
            ),
            models.CheckConstraint(
                condition=Q(role__in=BODY_ROLE_VALUES, local_body__isnull=False, programme__isnull=True)
                | Q(role__in=PROGRAMME_ROLE_VALUES, local_body__isnull=True, programme__isnull=False)
                | (
                    ~Q(role__in=BODY_ROLE_VALUES + PROGRAMME_ROLE_VALUES)
                    & Q(local_body__isnull=True, programme__isnull=True)
                ),
                name="role_grants_name_their_scope",
            ),
        ]

    def clean(self):
        if self.role in self.BODY_ROLES and not self.local_body_id:
            raise ValidationError({"local_body": _("This role applies to one local body: choose it.")})
        if self.role not in self.BODY_ROLES and self.local_body_id:
            raise ValidationError({"local_body": _("This role does not apply to a local body.")})
        if self.role in self.PROGRAMME_ROLES and not self.programme_id:
            raise ValidationError({"programme": _("This role applies to one programme: choose it.")})
        if self.role not in self.PROGRAMME_ROLES and self.programme_id:
            raise ValidationError({"programme": _("This role does not apply to a programme.")})

    def __str__(self) -> str:
        scope = self.local_body if self.local_body_id else self.programme if self.programme_id else None
        suffix = f" — {scope}" if scope else ""
        return f"{self.user}: {self.get_role_display()}{suffix}"


class BodyJoinRequest(TimeStampedModel):
    """A person asks to work for a local body on the platform; the body's administrators decide.

    Until a request is approved the person is a citizen: no local body, no role. One pending request per person.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="body_join_requests"
    )
    local_body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="join_requests"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    invitation = models.ForeignKey(
        "BodyInvitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to join a body")
        verbose_name_plural = _("requests to join a body")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_body_join_request_per_person"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="declined_body_join_request_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["local_body", "status"])]

    def clean(self):
        if self.status == self.Status.DECLINED and not self.reason.strip():
            raise ValidationError({"reason": _("Give a reason: the person will read it.")})

    def __str__(self) -> str:
        return f"{self.user} → {self.local_body}"


class BodyInvitation(TimeStampedModel):
    """A body's administrator invites someone by e-mail; the link carries a token whose hash only is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    local_body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    position = models.CharField(_("position"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"))
    accepted_by = models.ForeignKey(
        User, verbose_name=_("accepted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to join a body")
        verbose_name_plural = _("invitations to join a body")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.local_body}"
