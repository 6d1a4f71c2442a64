"""Surveys (استبيانات): a questionnaire a hub, a twinning group or a programme (or the platform) addresses to local
bodies, answered once per body or once per person as the survey says (seeds 001 and 004).

A survey belongs to one owner context: a hub (its coordinators manage it), a twinning group (its facilitator), or
the platform, optionally in the name of a programme (administrators and the programme's officers). Its audience is
the owner's bodies (the hub's active members, the group's members) or bodies chosen by name. Questions are edited
only while the survey is a draft; answers are taken while it is open and within its dates.

One answer per unit is a database constraint: per body (any staff member answers for the body and can edit the
answer until the survey closes) or per person.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import TimeStampedModel

SCALE = range(1, 6)  # a scale question is answered 1 to 5


class SurveyQuerySet(models.QuerySet):
    def active(self):
        """Open and within its dates: taking answers now."""
        now = timezone.now()
        return self.filter(status=Survey.Status.OPEN, starts_at__lte=now, ends_at__gte=now)

    def upcoming(self):
        return self.filter(status=Survey.Status.OPEN, starts_at__gt=timezone.now())

    def past(self):
        return self.filter(Q(status=Survey.Status.CLOSED) | Q(status=Survey.Status.OPEN, ends_at__lt=timezone.now()))


class Survey(TimeStampedModel):
    class Context(models.TextChoices):
        HUB = "hub", _("A hub")
        GROUP = "group", _("A twinning group")
        PLATFORM = "platform", _("The platform or a programme")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("The members of the hub or twinning group")
        CHOSEN = "chosen", _("Chosen local bodies")

    class Unit(models.TextChoices):
        BODY = "body", _("One answer per local body")
        PERSON = "person", _("One answer per person")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    context = models.CharField(_("asked by"), max_length=10, choices=Context.choices)
    hub = models.ForeignKey(
        "hubs.Hub", verbose_name=_("hub"), null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    group = models.ForeignKey(
        "twinning.TwinningGroup",
        verbose_name=_("twinning group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    audience = models.CharField(_("addressed to"), max_length=10, choices=Audience.choices)
    bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("local bodies addressed"), blank=True, related_name="surveys_addressed"
    )
    unit = models.CharField(_("who answers"), max_length=10, choices=Unit.choices, default=Unit.BODY)
    starts_at = models.DateTimeField(_("opens on"))
    ends_at = models.DateTimeField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    initiatives_campaign = models.BooleanField(
        _("collects innovative initiatives"),
        default=False,
        help_text=_("The hub's coordinators can turn an answer into an initiative for review into a topic."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(context="hub", hub__isnull=False, group__isnull=True))
                | Q(context="group", group__isnull=False, hub__isnull=True)
                | Q(context="platform", hub__isnull=True, group__isnull=True),
                name="survey_owner_matches_context",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="survey_closes_after_opening"),
        ]
        # The lists read a page of surveys in their order (newest first) from this index, walked backwards.
        indexes = [models.Index(fields=["starts_at", "id"], name="surveys_survey_newest")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.context == self.Context.HUB and not self.hub_id:
            errors["hub"] = _("Choose the hub that asks.")
        if self.context == self.Context.GROUP and not self.group_id:
            errors["group"] = _("Choose the twinning group that asks.")
        if self.context == self.Context.PLATFORM and self.audience == self.Audience.MEMBERS:
            errors["audience"] = _("A survey of the platform or a programme is addressed to chosen local bodies.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The survey must close after it opens.")
        if self.initiatives_campaign and not (self.hub_id and self.hub.reviews_initiatives):
            errors["initiatives_campaign"] = _("Only a survey of the hub that reviews initiatives collects them.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner(self):
        return self.hub or self.group or self.programme

    def owner_name(self) -> str:
        owner = self.owner
        return owner.name if owner is not None else str(_("Tabadul platform"))

    def is_accepting(self, now=None) -> bool:
        """Taking answers: open and within its dates."""
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.starts_at <= now <= self.ends_at

    def is_over(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.CLOSED or (self.status == self.Status.OPEN and self.ends_at < now)


class Question(TimeStampedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    class InitiativeField(models.TextChoices):
        """Which field of a hub initiative the answer fills when the answer becomes an initiative."""

        TITLE = "title", _("The initiative's title")
        PROBLEM = "problem", _("The problem it solves")
        SOLUTION = "solution", _("The solution")
        RESULTS = "results", _("Its results")
        CONTACT = "contact_name", _("The contact person")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    options = models.JSONField(_("choices"), default=list, blank=True)
    scale_low = models.CharField(_("label of 1"), max_length=60, blank=True)
    scale_high = models.CharField(_("label of 5"), max_length=60, blank=True)
    initiative_field = models.CharField(
        _("fills the initiative's"), max_length=20, choices=InitiativeField.choices, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        if self.kind in self.CHOICE_KINDS:
            options = [str(option).strip() for option in self.options or [] if str(option).strip()]
            if len(options) < 2:
                raise ValidationError({"options": _("A choice question needs at least two choices.")})
            if len(set(options)) != len(options):
                raise ValidationError({"options": _("Each choice must be different.")})
            self.options = options
        else:
            self.options = []


class Response(TimeStampedModel):
    """One answer to a survey: of a body (`unit` body) or of a person (`unit` person)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.CharField(max_length=10, choices=Survey.Unit.choices)
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="+"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    initiative = models.OneToOneField(
        "hubs.Initiative",
        verbose_name=_("became the initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_response",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["survey", "body__name_ar", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "body"], condition=Q(unit="body"), name="survey_one_answer_per_body"
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent"], condition=Q(unit="person"), name="survey_one_answer_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.body}"


class Answer(models.Model):
    """The answer to one question: chosen options (their positions in `Question.options`), a number (scale 1–5 or
    a number question) or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.number or self.choices}"


class Reminder(models.Model):
    """A reminder sent to the addressed who have not answered: at most one per survey and day."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [models.UniqueConstraint(fields=["survey", "sent_on"], name="survey_one_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.survey} — {self.sent_on}"
