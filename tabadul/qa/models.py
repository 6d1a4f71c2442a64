"""Ask a specialist: questions from local-body staff, routed to specialists by expertise, answered and accepted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.core.files import MB, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel


class Topic(BilingualNameModel, TimeStampedModel):
    """A subject tag: questions carry topics, specialists declare expertise in topics."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_ar"]


class SpecialistProfile(TimeStampedModel):
    """What a specialist knows about. Only people with the `specialist` role receive questions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="specialist_profile"
    )
    bio = models.TextField(_("about"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("expertise"), related_name="specialists", blank=True)
    is_available = models.BooleanField(
        _("available"), default=True, help_text=_("Unavailable specialists receive no new questions.")
    )

    class Meta:
        verbose_name = _("specialist profile")
        verbose_name_plural = _("specialist profiles")

    def __str__(self) -> str:
        return str(self.user)


class Question(TimeStampedModel):
    class Publication(models.TextChoices):
        """Answered questions become public knowledge with the asker's consent and a specialist's confirmation."""

        PRIVATE = "private", _("Private")
        REQUESTED = "requested", _("Publication requested")
        PUBLISHED = "published", _("Published")

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="questions"
    )
    local_body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.PROTECT, related_name="questions"
    )
    title = models.CharField(_("question"), max_length=200)
    text = models.TextField(_("details"), max_length=10_000)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="questions")
    hub = models.ForeignKey(
        "hubs.Hub",
        verbose_name=_("hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text=_("Optional: the hub of the asker's body the question belongs to."),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    # Denormalised for the lists and the response-time figures; written only by the services.
    first_answer_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    accepted_answer = models.OneToOneField(
        "Answer",
        verbose_name=_("accepted answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("answer accepted at"), null=True, blank=True)
    widened_at = models.DateTimeField(
        _("offered to all specialists at"),
        null=True,
        blank=True,
        help_text=_("Set when nobody with matching expertise answered in time."),
    )
    search_stems = models.TextField(_("search stems"), blank=True, editable=False)
    # Written only by the services (question_publication_request, question_publish, question_unpublish).
    publication = models.CharField(
        _("publication"), max_length=12, choices=Publication.choices, default=Publication.PRIVATE, db_index=True
    )
    publication_names_body = models.BooleanField(
        _("name the asking body"),
        default=True,
        help_text=_("When published, the page names the local body that asked; the asker's name is never shown."),
    )
    publication_requested_at = models.DateTimeField(_("publication requested at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-pk"]
        # The public list's order among published questions, read from the index a page at a time (issue 22).
        indexes = [models.Index(fields=["publication", "asked_at", "id"], name="qa_question_publication_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_answer__isnull=True, accepted_at__isnull=True)
                | Q(accepted_answer__isnull=False, accepted_at__isnull=False),
                name="qa_accepted_answer_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(publication="published") | Q(published_at__isnull=False, accepted_answer__isnull=False),
                name="qa_published_has_time_and_accepted_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("qa:question_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED


class QuestionRouting(TimeStampedModel):
    """A question offered to one specialist: first by matching expertise, later to everyone if unanswered."""

    class Reason(models.TextChoices):
        EXPERTISE = "expertise", _("Matching expertise")
        WIDENED = "widened", _("Offered to all specialists")

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="routings"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("specialist"), on_delete=models.CASCADE, related_name="qa_routings"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    routed_at = models.DateTimeField(_("offered at"), default=timezone.now)

    class Meta:
        verbose_name = _("question routing")
        verbose_name_plural = _("question routings")
        ordering = ["routed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "specialist"], name="qa_unique_routing")]

    def __str__(self) -> str:
        return f"{self.question} → {self.specialist}"


class QuestionAttachment(TimeStampedModel):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = PrivateFileField(
        _("file"),
        folder="qa/attachments",
        kinds=("pdf", "png", "jpeg", "webp", "gif", "docx", "xlsx"),
        max_bytes=5 * MB,
        permission="qa.view_attachment",
        filename_attr="original_name",
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Answer(TimeStampedModel):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("specialist"), on_delete=models.PROTECT, related_name="qa_answers"
    )
    text = models.TextField(_("answer"), max_length=20_000)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["posted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class Comment(TimeStampedModel):
    """A follow-up: the asker asks for a detail, the specialist clarifies."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="comments"
    )
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="qa_comments"
    )
    text = models.TextField(_("comment"), max_length=3_000)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["posted_at", "pk"]

    def clean(self):
        if self.answer_id and self.question_id and self.answer.question_id != self.question_id:
            raise ValidationError({"answer": _("This answer belongs to another question.")})

    def __str__(self) -> str:
        return self.text[:60]


class TopicResponseTimes(TimeStampedModel):
    """A topic's response-time figures (the response-times page), stored so that the page does not read every
    question on each view (issue 22). Written only by `response_times.refresh`: the services that ask, answer or
    accept call it for the question's topics; loaders that write questions directly call it once at the end."""

    topic = models.OneToOneField(
        Topic, verbose_name=_("topic"), primary_key=True, on_delete=models.CASCADE, related_name="response_times"
    )
    questions = models.PositiveIntegerField(_("questions"), default=0)
    answered = models.PositiveIntegerField(_("answered"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    median_first_answer_hours = models.FloatField(_("median hours to first answer"), null=True, blank=True)
    mean_first_answer_hours = models.FloatField(_("mean hours to first answer"), null=True, blank=True)
    median_accepted_hours = models.FloatField(_("median hours to accepted answer"), null=True, blank=True)
    mean_accepted_hours = models.FloatField(_("mean hours to accepted answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("response times of a topic")
        verbose_name_plural = _("response times of topics")

    def __str__(self) -> str:
        return str(self.topic)
