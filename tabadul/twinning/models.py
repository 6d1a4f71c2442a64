"""Twinning: learning networks of local bodies from several countries, and twinning groups inside them.

A network (e.g. the Mediterranean Host Municipalities Learning Network facilitated by CMI) holds member
bodies, the criteria its groups are evaluated on, and twinning groups of two or more bodies cooperating on
one theme. Each group has a joint plan (milestones owned by member bodies), private shared documents,
meetings (invitation-only online events of the events app) and periodic self-assessments reviewed by the
group's facilitator. See docs/twinning.md.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tabadul.core import formats
from tabadul.core.files import DOCUMENTS, IMAGES, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel

PERIOD_RE = re.compile(r"^(\d{4})-Q([1-4])$")


class Network(BilingualNameModel, TimeStampedModel):
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    facilitating_organisation = models.CharField(
        _("facilitating organisation"), max_length=200, help_text=_("e.g. the Center for Mediterranean Integration")
    )
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("member bodies"), blank=True, related_name="twinning_networks"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network facilitators"),
        blank=True,
        related_name="facilitated_networks",
        help_text=_("People of the facilitating organisation who create groups and define criteria."),
    )

    # Addresses under /twinning/ that a network's slug would hide.
    RESERVED_SLUGS = frozenset({"new", "groups", "milestones", "documents", "partners"})

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["name_ar", "pk"]

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address name is reserved: choose another.")})

    def get_absolute_url(self) -> str:
        return reverse("twinning:network_detail", args=[self.slug])


class Criterion(BilingualNameModel, TimeStampedModel):
    """One thing a network evaluates its groups on; each member body scores it from 1 to `max_score`."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="criteria")
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5, validators=[MinValueValidator(2)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["network", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name_ar"], name="twinning_unique_criterion_name"),
            models.CheckConstraint(condition=Q(max_score__gte=2), name="twinning_criterion_max_score_2"),
        ]


class Theme(models.TextChoices):
    LED_STRATEGY = "led_strategy", _("Local economic development strategy")
    WASTE = "waste_management", _("Solid waste management")
    DISPLACED = "displaced_services", _("Services for displaced people and host communities")
    WATER = "water", _("Water and sanitation")
    URBAN = "urban_planning", _("Urban planning and housing")
    YOUTH = "youth_employment", _("Youth and women's employment")
    OTHER = "other", _("Other")


class TwinningGroupQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=TwinningGroup.CURRENT_STATUSES)


class TwinningGroup(BilingualNameModel, TimeStampedModel):
    """Two or more bodies cooperating on one theme; the member count is checked by `services.group_create`."""

    class Status(models.TextChoices):
        FORMING = "forming", pgettext_lazy("twinning group status", "Forming")
        ACTIVE = "active", pgettext_lazy("twinning group status", "Active")
        PAUSED = "paused", pgettext_lazy("twinning group status", "Paused")
        COMPLETED = "completed", pgettext_lazy("twinning group status", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("twinning group status", "Cancelled")

    CURRENT_STATUSES = (Status.FORMING, Status.ACTIVE, Status.PAUSED)
    MIN_MEMBERS = 2

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="groups")
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="twinning_groups",
    )
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, db_index=True)
    objectives = models.TextField(_("objectives"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        related_name="facilitated_twinning_groups",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FORMING, db_index=True)
    members = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("member bodies"), related_name="twinning_groups"
    )
    # The face-to-face workshop where the group was formed (seed 004: the LED strategic planning workshop of March
    # 2018, where the network's members formed its eleven groups); one event, many groups.
    formed_at = models.ForeignKey(
        "events.Event",
        verbose_name=_("formed at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="twinning_groups_formed",
    )
    # Moved forward by every service that writes to the group (milestones, documents, meetings, assessments).
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)

    objects = TwinningGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("twinning group")
        verbose_name_plural = _("twinning groups")
        ordering = ["network", "name_ar", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="twinning_group_ends_after_start",
            ),
        ]
        # A network's page lists its groups by name a page at a time, each with counts of its milestones and members:
        # read in this order from the index, the counts are taken for the page's groups only, not for every group of
        # the network before sorting them (issue 22: 911 groups in one network at 10,000 bodies).
        indexes = [models.Index(fields=["network", "name_ar", "id"], name="twinning_group_network_name")]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The group cannot end before it starts.")})

    def get_absolute_url(self) -> str:
        return reverse("twinning:group_detail", args=[self.pk])

    @property
    def has_ended(self) -> bool:
        """Completed or cancelled (`services.group_end`): its plan is closed, so nothing in it is overdue any more."""
        return self.status not in self.CURRENT_STATUSES


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Past due and not done in a current group (in an ended group they are `not_done_at_end`)."""
        return self.filter(
            due_on__lt=today or timezone.localdate(), group__status__in=TwinningGroup.CURRENT_STATUSES
        ).exclude(status=Milestone.Status.DONE)

    def not_done_at_end(self):
        """Not done when their group ended: the group's record of what it did not finish, whatever the due date."""
        return self.exclude(group__status__in=TwinningGroup.CURRENT_STATUSES).exclude(status=Milestone.Status.DONE)


class Milestone(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="twinning_milestones"
    )
    due_on = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        group = self.group if self.group_id else None
        if group and self.due_on and group.starts_on and self.due_on < group.starts_on:
            errors["due_on"] = _("A milestone cannot be due before the group starts (%(date)s).") % {
                "date": formats.format_date(group.starts_on)
            }
        if group and self.owner_body_id and group.pk and not group.members.filter(pk=self.owner_body_id).exists():
            errors["owner_body"] = _("The owner must be a member body of the group.")
        if errors:
            raise ValidationError(errors)

    def is_overdue_on(self, today) -> bool:
        return self.status != self.Status.DONE and self.due_on < today and not self.group.has_ended

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def is_not_done_at_end(self) -> bool:
        return self.status != self.Status.DONE and self.group.has_ended


class StrategySection(TimeStampedModel):
    """One section of the local economic development (LED) strategy a twinning group develops or updates (seed 004:
    "two cities cooperating in developing or updating their LED strategy and identifying innovative ideas").

    A group has at most one row per kind; a kind without a row is "not started". Written by the group's
    participants through `services.strategy_section_save`."""

    class Kind(models.TextChoices):
        SITUATION = "situation_analysis", _("Situation analysis of the local economy")
        VISION = "vision", _("Vision")
        OBJECTIVES = "strategic_objectives", _("Strategic objectives")
        IDEAS = "innovative_ideas", _("Innovative ideas for the local economy")
        ACTION_PLAN = "action_plan", _("Action plan")
        MONITORING = "monitoring", _("Monitoring and evaluation")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("strategy section status", "Not started")
        DRAFTING = "drafting", pgettext_lazy("strategy section status", "Drafting")
        CONSULTATION = "consultation", pgettext_lazy("strategy section status", "In consultation")
        AGREED = "agreed", pgettext_lazy("strategy section status", "Agreed")

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="strategy_sections"
    )
    kind = models.CharField(_("section"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    responsible_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("LED strategy section")
        verbose_name_plural = _("LED strategy sections")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind"], name="twinning_one_strategy_section_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        group = self.group if self.group_id else None
        if (
            group
            and self.responsible_body_id
            and group.pk
            and not group.members.filter(pk=self.responsible_body_id).exists()
        ):
            raise ValidationError({"responsible_body": _("The responsible body must be a member body of the group.")})


class GroupDocument(TimeStampedModel):
    """A file shared inside one group: stored privately, served only to the group (`twinning.view_document`)."""

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = PrivateFileField(
        _("file"),
        folder="twinning/documents",
        kinds=(*DOCUMENTS, *IMAGES),
        max_length=300,
        permission="twinning.view_document",
        filename_attr="original_name",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_for = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_download_url(self) -> str:
        return reverse("twinning:document_download", args=[self.pk])


class GroupMeeting(TimeStampedModel):
    """A meeting of a group: an event of the events app (invitation-only and online by default)."""

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="meetings"
    )
    event = models.OneToOneField(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="twinning_meeting"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        ordering = ["-event__starts_at", "-pk"]

    def __str__(self) -> str:
        return str(self.event)


def validate_period(value: str) -> None:
    if not PERIOD_RE.match(value or ""):
        raise ValidationError(_("Write the period as year and quarter, e.g. 2026-Q1."))


def current_period(today=None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


class SelfAssessment(TimeStampedModel):
    """One member body's assessment of its group's work for one quarter: a score per criterion and a narrative."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="assessments"
    )
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("member body"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    narrative = models.TextField(_("narrative"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-period", "body__name_ar", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "body", "period"], name="twinning_one_assessment_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.period}"


class Score(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="twinning_one_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=1), name="twinning_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"

    def clean(self):
        if self.criterion_id and self.value and self.value > self.criterion.max_score:
            raise ValidationError(
                {"value": _("The score must be between 1 and %(max)s.") % {"max": self.criterion.max_score}}
            )


class GroupReview(TimeStampedModel):
    """The facilitator's review of a group's work for one quarter."""

    class Rating(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")

    group = models.ForeignKey(
        TwinningGroup, verbose_name=_("twinning group"), on_delete=models.CASCADE, related_name="reviews"
    )
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    rating = models.CharField(_("assessment"), max_length=20, choices=Rating.choices)
    comments = models.TextField(_("comments"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("facilitator review")
        verbose_name_plural = _("facilitator reviews")
        ordering = ["-period", "-pk"]
        constraints = [models.UniqueConstraint(fields=["group", "period"], name="twinning_one_review_per_period")]

    def __str__(self) -> str:
        return f"{self.group} {self.period}"
