"""Programmes: the work partners run for funders (GIZ's Local Governance Reform Programme with APLA, UNDP's
TEA3 Meter pilots, the Isal programme in Libya, CMI's learning network). Hubs, events, Meter plans and twinning
groups name the programme they belong to; its officers (accounts.RoleGrant) oversee them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
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
    # Who pays for it and who runs it: organisations of the directory (decisions/010), in the order the programme
    # names them (the lead funder or partner first). Written in the audited admin; read through `ordered_funders`
    # and `ordered_partners` (prefetched by the selectors).
    funders = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("funders"),
        through="ProgrammeFunder",
        blank=True,
        related_name="funded_programmes",
    )
    partners = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("implementing partners"),
        through="ProgrammePartner",
        blank=True,
        related_name="implemented_programmes",
    )

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
    def ordered_funders(self) -> list:
        """Its funders in the programme's order (reads the prefetched `funder_links` when there are)."""
        return [link.organisation for link in self.funder_links.all()]

    @property
    def ordered_partners(self) -> list:
        """Its implementing partners in the programme's order (reads the prefetched `partner_links`)."""
        return [link.organisation for link in self.partner_links.all()]


class _ProgrammeOrganisation(TimeStampedModel):
    """An organisation named by a programme, at a position in its list (lowest first)."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.organisation)


class ProgrammeFunder(_ProgrammeOrganisation):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="funder_links"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="programme_fundings",
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["programme_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="programme_funder_once"),
        ]


class ProgrammePartner(_ProgrammeOrganisation):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="partner_links"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("implementing partner"),
        on_delete=models.PROTECT,
        related_name="programme_partnerships",
    )

    class Meta:
        verbose_name = _("implementing partner")
        verbose_name_plural = _("implementing partners")
        ordering = ["programme_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="programme_partner_once"),
        ]


def _in_language(arabic: str, english: str) -> str:
    """The English text on English pages when there is one; the Arabic otherwise."""
    if (get_language() or "ar").startswith("en") and english:
        return english
    return arabic


class PilotProject(BilingualNameModel, TimeStampedModel):
    """A pilot project of a programme carried out in one or more local bodies (issue 20, item 4; seed 003: the
    Isal programme's waste-collection plans, women's, children's and youth training centre, parks and citizen
    service offices), with its partners, budget, status, milestones and lessons learnt.

    Not a Meter project: a Meter project is one line of one body's strategic plan, followed by that body; a pilot
    is the programme's, may span several bodies and is followed by the programme (its officers). Documents about a
    pilot name its programme in the library (`library.Document.programme`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", pgettext_lazy("pilot project status", "Completed")
        SUSPENDED = "suspended", _("Suspended")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="pilot_projects"
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("local bodies"), related_name="pilot_projects"
    )
    partners = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("partners"), blank=True, related_name="pilot_projects"
    )
    objectives_ar = models.TextField(_("objectives (Arabic)"), blank=True, help_text=_("One objective a line."))
    objectives_en = models.TextField(_("objectives (English)"), blank=True, help_text=_("One objective a line."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO code, e.g. EUR or LYD."))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    lessons_ar = models.TextField(_("lessons learnt (Arabic)"), blank=True)
    lessons_en = models.TextField(_("lessons learnt (English)"), blank=True)

    class Meta:
        verbose_name = _("pilot project")
        verbose_name_plural = _("pilot projects")
        ordering = ["programme", "name_ar"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="pilot_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="pilot_budget_not_negative"
            ),
        ]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The pilot cannot end before it starts.")})
        if self.budget is not None and not self.currency:
            raise ValidationError({"currency": _("Give the budget's currency.")})

    @property
    def objectives(self) -> list[str]:
        text = _in_language(self.objectives_ar, self.objectives_en)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    @property
    def lessons(self) -> str:
        return _in_language(self.lessons_ar, self.lessons_en)

    @property
    def achievement(self) -> int | None:
        """The share of its milestones done, in percent (None without milestones), from the counts read with it
        (`milestone_count`, `milestones_done`: programmes/pilots.py)."""
        if not self.milestone_count:
            return None
        return round(100 * self.milestones_done / self.milestone_count)

    @property
    def more_milestones(self) -> int:
        return max(self.milestone_count - len(self.milestones_shown), 0)


class PilotMilestone(TimeStampedModel):
    pilot = models.ForeignKey(
        PilotProject, verbose_name=_("pilot project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["pilot", "position", "pk"]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def title(self) -> str:
        return _in_language(self.title_ar, self.title_en)


class ProgrammeFigures(models.Model):
    """A programme's results over its whole course (`selectors.Results` without a period), stored so that its page
    does not count every attendance, membership, document and plan of the programme on each view (issue 22;
    figures.py writes and reads them, after a write to what they count and every hour).

    `figures`: {language code: the results as JSON}, each in its language (the types of event are labels). Not a
    TimeStampedModel: a row is a set of figures, not content; `counted_at` says when they were counted."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, primary_key=True, related_name="stored_figures"
    )
    figures = models.JSONField()
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("programme figures")
        verbose_name_plural = _("programme figures")

    def __str__(self) -> str:
        return str(self.programme)
