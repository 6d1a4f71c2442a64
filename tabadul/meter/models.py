"""The Municipality Meter (البلدية ميتر): strategic plans, their goals and projects, and progress against them.

Achievement is never stored: it is computed from published progress updates (see `rollup.py` and
docs/meter.md), so that a rejected or pending update can never leak into a public figure.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.files import IMAGES, MB, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10000)]
# A project's point (issue 19): degrees, six decimals (about 10 cm), WGS 84 as a phone or a map gives them.
LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]
MESSAGE_MAX_LENGTH = 3000  # a progress note, a citizen's message, the body's public reply

# How far outside its plan's years a date may lie: projects (and their milestones) may be carried over from an
# earlier plan or run late; a progress report or a report period belongs to the plan's period, give or take a year.
PROJECT_DATE_MARGIN_YEARS = 5
PROGRESS_DATE_MARGIN_YEARS = 1


def bounded_text(verbose_name, max_length: int, **kwargs) -> models.TextField:
    """A TextField whose length the model checks itself (Django checks a TextField's max_length in forms only),
    so the forms, the API and the import refuse the same text with the same message."""
    validators = [MaxLengthValidator(max_length), ProhibitNullCharactersValidator()]
    return models.TextField(verbose_name, max_length=max_length, validators=validators, **kwargs)


def check_dates(errors: dict, first: date, last: date, **dates: date | None) -> None:
    """Put a "between first and last" error in `errors` for each of `dates` outside that window."""
    for name, value in dates.items():
        if value is not None and name not in errors and not first <= value <= last:
            errors[name] = ValidationError(
                _("Give a date between %(first)s and %(last)s."),
                code="date_window",
                params={"first": first.isoformat(), "last": last.isoformat()},
            )


def version_field():
    """The row's edit counter for optimistic concurrency: the services raise it by one on every change,
    and an edit form sends back the version it was loaded with (docs/meter.md, "Concurrent edits")."""
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


class ProjectStatus(BilingualNameModel, TimeStampedModel):
    """A stage a body's projects go through, with the achievement it implies before any progress report."""

    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="meter_statuses"
    )
    code = models.SlugField(_("code"), max_length=40)
    default_percent = models.PositiveSmallIntegerField(
        _("default achievement (%)"),
        default=0,
        validators=PERCENT_VALIDATORS,
        help_text=_("The achievement of a project in this status until a progress update is published."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = version_field()

    class Meta:
        verbose_name = _("project status")
        verbose_name_plural = _("project statuses")
        # By the body's id, not by "body" (the body's own ordering, which joins the body to every query of statuses).
        ordering = ["body_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="meter_status_code_unique_per_body"),
            models.CheckConstraint(condition=Q(default_percent__lte=100), name="meter_status_percent_max_100"),
        ]


class PlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=StrategicPlan.Status.PUBLISHED)


class StrategicPlan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="meter_plans"
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    vision = models.TextField(_("vision"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    single_person_approval = models.BooleanField(
        _("one person may report and approve progress"),
        default=False,
        help_text=_(
            "Only for a body with a single staff member. Otherwise a progress report is published by an "
            "approver other than its author."
        ),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meter_plans",
    )
    version = version_field()
    # The public page's figures as of one day, stored on write by the services (rollup_store.py; not edited).
    rollup = models.JSONField(_("stored figures"), null=True, blank=True, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = ["-start_year", "body__name_ar"]
        indexes = [
            # The comparison page (selectors.published_plan_keys): its filter, its join and its order, read from
            # the index alone (5,000 plans at 10,000 bodies; issue 22).
            models.Index(fields=["status", "body", "start_year"], name="meter_plan_status_body"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["body", "start_year", "end_year"], name="meter_plan_unique_period"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="meter_plan_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ar").startswith("en") and self.title_en:
            return self.title_en
        return self.title_ar

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot come before the first year.")})

    def date_window(self, *, margin_years: int) -> tuple[date, date]:
        """The first and last plausible date of something in this plan: its years widened by `margin_years`."""
        return date(self.start_year - margin_years, 1, 1), date(self.end_year + margin_years, 12, 31)

    def get_absolute_url(self) -> str:
        return reverse("meter:plan_detail", args=[self.pk])


class StrategicGoal(BilingualNameModel, TimeStampedModel):
    plan = models.ForeignKey(StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    external_id = models.CharField(
        _("external id"), max_length=50, help_text=_("The goal's id in spreadsheets, e.g. G1; unique in the plan.")
    )
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1, validators=WEIGHT_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = version_field()

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        # By the plan's id, not by "plan" (the plan's own ordering, which joins the plan and its body).
        ordering = ["plan_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "external_id"], name="meter_goal_external_id_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="meter_goal_weight_positive"),
        ]

    @property
    def body(self):
        return self.plan.body


class ProjectQuerySet(models.QuerySet):
    def of_published_plans(self):
        return self.filter(plan__status=StrategicPlan.Status.PUBLISHED)


class Project(BilingualNameModel, TimeStampedModel):
    plan = models.ForeignKey(StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="projects")
    goal = models.ForeignKey(StrategicGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="projects")
    external_id = models.CharField(
        _("external id"),
        max_length=50,
        help_text=_("The project id in spreadsheets, e.g. P-017; unique in the plan."),
    )
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True, db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    department = models.CharField(_("responsible department"), max_length=200, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="ILS")
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1, validators=WEIGHT_VALIDATORS)
    status = models.ForeignKey(ProjectStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=100, blank=True, help_text=_("The quarter or area of the town, if any.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text=_("Degrees north, e.g. 32.084; with the longitude, or leave both empty."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
        help_text=_("Degrees east, e.g. 35.181; with the latitude, or leave both empty."),
    )
    version = version_field()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The order of the (plan, external id) unique index: no join. Lists in the plan's order of goals say so
        # (rollup.PLAN_ORDER); a default that joined the goal cost every query of projects a join and a sort.
        ordering = ["plan_id", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "external_id"], name="meter_project_external_id_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="meter_project_weight_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="meter_project_dates"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="meter_project_point",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"])]

    @property
    def body(self):
        return self.plan.body

    def clean(self):
        errors = {}
        if self.goal_id and self.plan_id and self.goal.plan_id != self.plan_id:
            errors["goal"] = _("The goal belongs to another plan.")
        if self.status_id and self.plan_id and self.status.body_id != self.plan.body_id:
            errors["status"] = _("This status belongs to another local body.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot come before the start date.")
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Give both the latitude and the longitude, or neither.")
        if self.plan_id:
            first, last = self.plan.date_window(margin_years=PROJECT_DATE_MARGIN_YEARS)
            check_dates(errors, first, last, start_date=self.start_date, end_date=self.end_date)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("meter:project_detail", args=[self.pk])

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Milestone(TimeStampedModel):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self):
        return self.project.plan.body

    def clean(self):
        if self.project_id:
            errors = {}
            first, last = self.project.plan.date_window(margin_years=PROJECT_DATE_MARGIN_YEARS)
            check_dates(errors, first, last, date=self.date)
            if errors:
                raise ValidationError(errors)


class Indicator(TimeStampedModel):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def body(self):
        return self.project.plan.body


class ProgressUpdate(TimeStampedModel):
    """A report of a project's achievement. Only published ones count (docs/meter.md)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    percent = models.PositiveSmallIntegerField(_("achievement (%)"), validators=PERCENT_VALIDATORS)
    date = models.DateField(_("date"))
    note = bounded_text(_("note"), MESSAGE_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="meter_progress_percent_max_100"),
        ]
        indexes = [models.Index(fields=["project", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.project}: {self.percent}% ({self.date})"

    @property
    def body(self):
        return self.project.plan.body

    def clean(self):
        errors = {}
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Give the reason for rejecting it.")
        if self.project_id:
            # Within the plan's period (give or take a year) and never in the future: an approved report dated
            # 9999 would be the project's latest figure for ever.
            first, last = self.project.plan.date_window(margin_years=PROGRESS_DATE_MARGIN_YEARS)
            check_dates(errors, first, min(last, timezone.localdate()), date=self.date)
        if errors:
            raise ValidationError(errors)


class Evidence(TimeStampedModel):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = PrivateFileField(
        _("file"),
        folder="meter/evidence",
        kinds=("pdf", *IMAGES),
        max_bytes=5 * MB,
        permission="meter.view_evidence",
        filename_attr="original_name",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=200)
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class Post(TimeStampedModel):
    """News, an activity or a media item of a body, shown on its Meter pages and in its feeds."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ACTIVITY = "activity", _("Activity")
        MEDIA = "media", _("Media")

    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="meter_posts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    text = models.TextField(_("text"), blank=True)
    image = PrivateFileField(
        _("image"),
        folder="meter/posts",
        kinds=IMAGES,
        max_bytes=8 * MB,
        max_side=1600,
        blank=True,
        permission="meter.view_post",
        filename_attr="title",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    published_at = models.DateTimeField(_("published at"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meter:post_detail", args=[self.body.slug, self.pk])


class CitizenMessage(TimeStampedModel):
    """What a citizen's feedback and a suggestion for the Meter share: a reference to quote (the message's page or
    confirmation), an optional name and author, and an optional contact shown only to those who answer and erased on
    schedule (`services.feedback_erase_contacts`, `services.platform_feedback_erase_contacts`)."""

    reference = models.CharField(_("reference"), max_length=8, unique=True, editable=False)
    name = models.CharField(_("name (optional)"), max_length=120, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Erased once the reply is e-mailed or after settings.METER_FEEDBACK_CONTACT_DAYS.
    contact = models.CharField(_("e-mail or phone (optional)"), max_length=200, blank=True)
    contact_erased_at = models.DateTimeField(_("contact erased at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def reference_display(self) -> str:
        """The reference as people read it aloud: two groups of four (e.g. K7QM-4TXB)."""
        return f"{self.reference[:4]}-{self.reference[4:]}"


class Feedback(CitizenMessage):
    """A citizen's suggestion, question or complaint about a plan or one of its projects; its page
    /meter/feedback/<reference>/ shows the status and the reply, no account needed. The contact is the body's only."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        QUESTION = "question", _("Question")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        ANSWERED = "answered", _("Answered, not published")  # a complaint the body answered but kept private
        REJECTED = "rejected", _("Rejected")

    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="meter_feedback"
    )
    plan = models.ForeignKey(StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="feedback")
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = bounded_text(_("your message"), MESSAGE_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    reply = bounded_text(_("public reply"), MESSAGE_MAX_LENGTH, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("meter:feedback_reference", args=[self.reference])

    @property
    def text_is_public(self) -> bool:
        """The citizen's words are public once published (a complaint only when the body published it with its
        reply)."""
        return self.status == self.Status.PUBLISHED

    def clean(self):
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason for rejecting it.")})
        if self.plan_id and self.body_id and self.plan.body_id != self.body_id:
            raise ValidationError({"plan": _("The plan belongs to another local body.")})
        if self.project_id and self.plan_id and self.project.plan_id != self.plan_id:
            raise ValidationError({"project": _("The project belongs to another plan.")})


class FeedbackSupport(TimeStampedModel):
    """A signed-in person supports a published suggestion of someone else (one support per person and suggestion,
    withdrawable): the count shows on the plan and project pages, and the body may sort its list by it."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["feedback", "user"], name="meter_support_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.feedback_id}"


class PlatformFeedback(CitizenMessage):
    """A suggestion to improve the Meter itself (seed 002), sent from the form at the foot of every Meter page to the
    platform's administrators. Anonymous allowed; the optional contact is the administrators' only."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting to be read")
        DONE = "done", _("Marked as read")

    text = bounded_text(_("your suggestion"), MESSAGE_MAX_LENGTH)
    page = models.CharField(_("page"), max_length=300, blank=True)  # the Meter page it was sent from (a path)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion for the Meter")
        verbose_name_plural = _("suggestions for the Meter")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanReport(TimeStampedModel):
    """The achievements-and-challenges report of a plan for one period: figures computed, narrative written."""

    plan = models.ForeignKey(StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("title"), max_length=250)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    achievements = models.TextField(_("achievements"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("achievements and challenges report")
        verbose_name_plural = _("achievements and challenges reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="meter_report_period"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self):
        return self.plan.body

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.plan_id:
            first, last = self.plan.date_window(margin_years=PROGRESS_DATE_MARGIN_YEARS)
            check_dates(errors, first, last, period_start=self.period_start, period_end=self.period_end)
        if errors:
            raise ValidationError(errors)


class Follow(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meter_follows")
    plan = models.ForeignKey(StrategicPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(plan__isnull=False) & Q(project__isnull=True))
                | (Q(plan__isnull=True) & Q(project__isnull=False)),
                name="meter_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(plan__isnull=False), name="meter_follow_plan_once"
            ),
            models.UniqueConstraint(
                fields=["user", "project"], condition=Q(project__isnull=False), name="meter_follow_project_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.plan or self.project}"


class ImportJob(TimeStampedModel):
    """An Excel import of a plan; large files run as a background task and report progress here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking rows")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        APPLYING = "applying", _("Saving")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed: nothing was saved")

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="import_jobs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = PrivateFileField(
        folder="meter/imports", kinds=("xlsx",), max_bytes=10 * MB, permission="meter.view_import_file"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} import {self.pk}"

    @property
    def body(self):
        return self.plan.body

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
