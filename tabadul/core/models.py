from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import audit


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who changed what and when. Written only by `core.services.audit_record`."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.SET_NULL
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @property
    def action_label(self) -> str:
        """What the audit trail calls the action (its registered label, translated)."""
        return audit.label(self.action)


class BilingualNameModel(models.Model):
    """Arabic and English names; `name` gives the one for the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ar


class ThrottleCounter(models.Model):
    """One window of a rate limit (core.ratelimit): how many hits a key has had until `expires_at`.

    Not a TimeStampedModel: a row is bookkeeping, not content, and lives only until `expires_at`.
    `key` is the SHA-256 of the limit's key, so no visitor-chosen text is stored and every key has one size.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class StoredFigure(models.Model):
    """One of the platform's figures on the home page (core.selectors.home_figures), counted ahead by
    `core.services.home_figures_store`: counting every event, document and plan on each visit cost tens of
    milliseconds at regional scale (issue 22). Not a TimeStampedModel: a row is a figure, not content."""

    key = models.CharField(max_length=50, unique=True)
    value = models.PositiveBigIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("stored figure")
        verbose_name_plural = _("stored figures")

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.counted_at:%Y-%m-%d %H:%M})"
