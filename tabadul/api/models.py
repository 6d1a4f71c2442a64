"""API tokens: revocable keys that let a body's own systems push progress for that body only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import TimeStampedModel


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TimeStampedModel):
    """Only a SHA-256 digest of the key is stored: the key itself is shown once, when created.

    The key carries 256 random bits, so a plain digest (rather than a slow password hash) is enough.
    """

    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the finance system."))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, help_text=_("Shown to tell tokens apart."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
