"""«قناة تبادل», the platform's news channel (seed 003; docs/channel.md).

The channel republishes news: every published news post of a local body (the Meter's `Post`) appears by itself,
and hubs and programmes post here a title, a short summary and the link to the original (their site, a partner's
news page) — the channel links to the source, it never copies its text. This model holds those hub and programme
items; the page merges them with the bodies' posts (`selectors.channel_rows`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import TimeStampedModel


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Item.Status.PUBLISHED, published_at__lte=timezone.now())


class Item(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    hub = models.ForeignKey(
        "hubs.Hub", verbose_name=_("hub"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    country = models.ForeignKey(
        "directory.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The country the news is about (for the channel's filter)."),
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("A few lines in your own words; the full text stays at the source.")
    )
    source_url = models.URLField(_("link to the original"), max_length=500)
    source_name = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. the partner's website; empty: the hub or programme.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel item")
        verbose_name_plural = _("channel items")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(hub__isnull=False) & Q(programme__isnull=True))
                | (Q(hub__isnull=True) & Q(programme__isnull=False)),
                name="channel_item_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if bool(self.hub_id) == bool(self.programme_id):
            raise ValidationError(_("An item comes from one hub or one programme."))

    @property
    def source(self):
        return self.hub or self.programme
