from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
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
    """The regions the Palestinian hubs work in: north, centre, south and Gaza."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="regions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position"]


class Governorate(BilingualNameModel):
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
