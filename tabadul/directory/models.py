from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tabadul.core.arabic import normalize_arabic
from tabadul.core.files import IMAGES, MB, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel


class Country(BilingualNameModel):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_ar"]


class Region(BilingualNameModel):
    """The regions of a country: for Palestine those the hubs work in (north, centre, south and Gaza); for Libya its
    three historical regions (west, east, south)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="regions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position"]


class Governorate(BilingualNameModel):
    """A governorate (Palestine's 16), or the country's equivalent first-level division (Libya's 22 districts,
    sha'biyat; Tunisia's governorates, wilayat)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="governorates"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="governorates"
    )

    class Meta:
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")
        ordering = ["country", "name_ar"]


class LocalBody(BilingualNameModel, TimeStampedModel):
    class Type(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        VILLAGE_COUNCIL = "village_council", _("Village council")
        JOINT_SERVICES_COUNCIL = "joint_services_council", _("Joint services council")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="bodies")
    governorate = models.ForeignKey(
        Governorate,
        verbose_name=_("governorate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    classification = models.CharField(_("classification"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = PrivateFileField(
        _("logo"),
        folder="directory/logos",
        kinds=IMAGES,
        max_bytes=2 * MB,
        max_side=512,
        blank=True,
        permission="directory.view_logo",
    )
    # Both names folded by core.arabic.normalize_arabic, so that spelling variants find the body.
    search_name = models.CharField(max_length=420, editable=False, db_index=True)

    class Meta:
        verbose_name = _("local body")
        verbose_name_plural = _("local bodies")
        ordering = ["name_ar"]
        # The directory's order (selectors.body_list, also the Meter dashboard's), read from the index a page at a time
        # instead of sorting 10,000 bodies on each render (issue 22).
        indexes = [models.Index(fields=["name_ar", "id"], name="directory_body_name_order")]

    def clean(self):
        if self.governorate_id and self.governorate.country_id != self.country_id:
            raise ValidationError({"governorate": _("The governorate is not in the body's country.")})
        if self.region_id and self.region.country_id != self.country_id:
            raise ValidationError({"region": _("The region is not in the body's country.")})

    def save(self, *args, **kwargs):
        # Derived column kept with the row it derives from (not business logic).
        self.search_name = normalize_arabic(f"{self.name_ar} {self.name_en}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:body_detail", args=[self.slug])


class Organisation(BilingualNameModel, TimeStampedModel):
    """An actor that is not a local body: a ministry, an association of local authorities, a funder or development
    agency, a civil-society organisation, a training centre or a programme's team (docs/decisions/010).

    Its `staff` act for it as a body's editors act for their body: they author its documents, organise its events
    and manage them; a hub names it among its partners. Moved here from the library (which first needed it for
    authors) with its rows kept (directory migrations 0005–0006).
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or public agency")
        ASSOCIATION = "association", _("Association of local authorities")
        FUNDER = "funder", _("Funder or development agency")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        PROGRAMME = "programme", _("Programme")
        ORGANISATION = "organisation", _("Other organisation")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Empty for an international organisation."),
    )
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ar"]

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.slug])

    @property
    def summary(self) -> str:
        if (get_language() or "ar").startswith("en") and self.summary_en:
            return self.summary_en
        return self.summary_ar
