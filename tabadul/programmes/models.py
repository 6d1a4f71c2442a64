"""Programmes: the work partners run for funders (GIZ's Local Governance Reform Programme with APLA, UNDP's
TEA3 Meter pilots, the Isal programme in Libya, CMI's learning network). Hubs, events, Meter plans and twinning
groups name the programme they belong to; its officers (accounts.RoleGrant) oversee them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tabadul.core.files import IMAGES, MB, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel


class Programme(BilingualNameModel, TimeStampedModel):
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    objectives_ar = models.TextField(_("objectives (Arabic)"), blank=True, help_text=_("One objective a line."))
    objectives_en = models.TextField(_("objectives (English)"), blank=True, help_text=_("One objective a line."))
    logo = PrivateFileField(
        _("logo"),
        folder="programmes/logos",
        kinds=IMAGES,
        max_bytes=2 * MB,
        max_side=512,
        blank=True,
        permission="programmes.view_logo",
    )
    countries = models.ManyToManyField(
        "directory.Country", verbose_name=_("countries"), blank=True, related_name="programmes"
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Who pays for it and who runs it, as the seeds name them (e.g. "BMZ"; "GIZ, APLA"). Text for now: issue 20
    # makes organisations first-class actors and will link them.
    funders_ar = models.CharField(_("funders (Arabic)"), max_length=300, blank=True)
    funders_en = models.CharField(_("funders (English)"), max_length=300, blank=True)
    partners_ar = models.CharField(_("implementing partners (Arabic)"), max_length=300, blank=True)
    partners_en = models.CharField(_("implementing partners (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_ar"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            )
        ]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The programme cannot end before it starts.")})

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    @property
    def summary(self) -> str:
        return _in_language(self.summary_ar, self.summary_en)

    @property
    def objectives(self) -> list[str]:
        """The objectives in the page's language, one a line."""
        text = _in_language(self.objectives_ar, self.objectives_en)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    @property
    def funders(self) -> str:
        return _in_language(self.funders_ar, self.funders_en)

    @property
    def partners(self) -> str:
        return _in_language(self.partners_ar, self.partners_en)


def _in_language(arabic: str, english: str) -> str:
    """The English text on English pages when there is one; the Arabic otherwise."""
    if (get_language() or "ar").startswith("en") and english:
        return english
    return arabic
