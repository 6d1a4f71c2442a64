"""The knowledge library: documents with versions, recommendations followed to closure, draft review and topic links.

Files live in the private storage of core/files.py: every download goes through `core.files.file_response`,
which checks the document's visibility (`library.view_documentversion`). See docs/library.md.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.models import AlignedModel
from tabadul.core.files import MB, PrivateFileField
from tabadul.core.models import TimeStampedModel
from tabadul.directory.models import Organisation  # authors and owners; moved to the directory (decisions/010)

from .files import split_paragraphs


def _active(ar: str, en: str) -> str:
    if (get_language() or "ar").startswith("en") and en:
        return en
    return ar


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Document.Visibility.PUBLIC)


class Document(AlignedModel, TimeStampedModel):
    class Type(models.TextChoices):
        GUIDE = "guide", _("Guide")
        STUDY = "study", _("Study")
        POSITION_PAPER = "position_paper", _("Position paper")
        BEST_PRACTICE = "best_practice", _("Best practice")
        CHARTER = "municipal_charter", _("Municipal charter")
        TRAINING = "training_material", _("Training material")
        REPORT = "report", pgettext_lazy("document type", "Report")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        PRIVATE = "private", _("Private")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    # Types whose recommendations are followed, and types a draft of which can be opened for review.
    RECOMMENDATION_TYPES = frozenset({Type.STUDY, Type.POSITION_PAPER})
    REVIEW_TYPES = frozenset({Type.CHARTER, Type.POSITION_PAPER})

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FINAL)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    author_bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("authoring local bodies"), blank=True, related_name="library_documents"
    )
    author_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("authoring programmes and organisations"), blank=True, related_name="documents"
    )
    author_hubs = models.ManyToManyField(
        "hubs.Hub", verbose_name=_("authoring hubs"), blank=True, related_name="library_documents"
    )
    topics = models.ManyToManyField(
        "hubs.WorkPlanTopic", verbose_name=_("hub topics"), blank=True, related_name="library_documents"
    )
    governorate = models.ForeignKey(
        "directory.Governorate",
        verbose_name=_("governorate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_documents",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)], db_index=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # No index of its own: three values, most rows public. An index on it led SQLite to read every visible document
    # and sort them for a page of 20 (issue 22); the lists walk the ordering's index instead (Meta.indexes).
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    # The version shown and downloaded by default; set by `document_version_add`.
    current_version = models.ForeignKey(
        "library.DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_documents",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "-created_at", "-pk"]
        # The lists' order, walked until a page is full rather than every visible document sorted (issue 22).
        indexes = [models.Index(fields=["-year", "-created_at", "-id"], name="library_document_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1950, year__lte=2100), name="library_document_year_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _active(self.title_ar, self.title_en)

    @property
    def summary(self) -> str:
        return _active(self.summary_ar, self.summary_en)

    @property
    def takes_recommendations(self) -> bool:
        return self.type in self.RECOMMENDATION_TYPES

    @property
    def can_be_reviewed(self) -> bool:
        return self.type in self.REVIEW_TYPES and self.status == self.Status.DRAFT

    @property
    def story_date(self):
        return self.published_on or self.created_at

    def get_absolute_url(self) -> str:
        return reverse("library:document_detail", args=[self.slug])


class DocumentVersion(TimeStampedModel):
    """One uploaded file of a document. Its type was checked by content and its text extracted on upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")
        XLSX = "xlsx", _("Excel (XLSX)")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    # files.inspect_upload checks the library's own limit (LIBRARY_MAX_UPLOAD_BYTES) and the structure first.
    file = PrivateFileField(
        _("file"),
        folder="library",
        kinds=("pdf", "docx", "xlsx"),
        max_bytes=100 * MB,
        max_length=300,
        permission="library.view_documentversion",
        filename_attr="original_name",
    )
    kind = models.CharField(_("file type"), max_length=10, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    change_note = models.TextField(_("what changed"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_download_url(self) -> str:
        return reverse("library:download", args=[self.document.slug, self.number])

    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)


class Recommendation(TimeStampedModel):
    """A recommendation drawn from a study or position paper, followed until it is implemented or rejected."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DISCUSSED = "discussed", _("Discussed")
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTED = "implemented", _("Implemented")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.PROPOSED, Status.DISCUSSED, Status.ADOPTED)
    # Which status may follow which. Implemented is final; a rejected recommendation may be proposed again.
    TRANSITIONS = {
        Status.PROPOSED: {Status.DISCUSSED, Status.ADOPTED, Status.REJECTED},
        Status.DISCUSSED: {Status.PROPOSED, Status.ADOPTED, Status.REJECTED},
        Status.ADOPTED: {Status.IMPLEMENTED, Status.REJECTED, Status.DISCUSSED},
        Status.IMPLEMENTED: set(),
        Status.REJECTED: {Status.PROPOSED},
    }

    document = models.ForeignKey(
        Document, verbose_name=_("study or position paper"), on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    owner_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("owner (local body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_recommendations",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner (programme or organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    dialogue_sessions = models.ManyToManyField(
        "events.Event",
        verbose_name=_("dialogue sessions"),
        blank=True,
        related_name="library_recommendations",
        limit_choices_to={"type": "dialogue_session"},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["document", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_unique_recommendation_number"),
            models.CheckConstraint(
                condition=~Q(owner_body__isnull=False, owner_organisation__isnull=False),
                name="library_recommendation_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _active(self.title_ar, self.title_en)

    @property
    def text(self) -> str:
        return _active(self.text_ar, self.text_en)

    @property
    def owner(self):
        return self.owner_body or self.owner_organisation

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def next_statuses(self) -> list:
        return [status for status in self.Status if status in self.TRANSITIONS[self.status]]

    def clean(self):
        if self.owner_body_id and self.owner_organisation_id:
            raise ValidationError(_("A recommendation has one owner: a local body or an organisation, not both."))
        if self.document_id and not self.document.takes_recommendations:
            raise ValidationError({"document": _("Recommendations are drawn from studies and position papers.")})

    def get_absolute_url(self) -> str:
        return reverse("library:recommendation_detail", args=[self.pk])


class RecommendationStatusChange(models.Model):
    """One step in a recommendation's history: who changed its status, when, and why."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=15, choices=Recommendation.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=15, choices=Recommendation.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status="rejected") | ~Q(reason=""), name="library_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.from_status} → {self.to_status}"

    def clean(self):
        if self.to_status == Recommendation.Status.REJECTED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the recommendation is rejected.")})


class DraftReviewQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())


class DraftReview(TimeStampedModel):
    """A period during which a draft's version is open for comments, paragraph by paragraph."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version under review"), on_delete=models.CASCADE, related_name="reviews"
    )
    starts_at = models.DateTimeField(_("opens at"))
    ends_at = models.DateTimeField(_("closes at"))
    invitation = models.TextField(_("invitation to comment"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DraftReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft review")
        verbose_name_plural = _("draft reviews")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="library_review_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version.number}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The review must close after it opens.")})
        if self.version_id and self.document_id and self.version.document_id != self.document_id:
            raise ValidationError({"version": _("The version is not a version of this document.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def get_absolute_url(self) -> str:
        return reverse("library:review_detail", args=[self.document.slug, self.pk])


class ReviewComment(TimeStampedModel):
    """A comment on one paragraph of the version under review, with the authors' answer."""

    review = models.ForeignKey(DraftReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="comments")
    paragraph = models.PositiveIntegerField(_("paragraph"))
    # The paragraph as it read when the comment was written (the next version may change it).
    paragraph_text = models.TextField(_("paragraph text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5000)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["paragraph", "created_at", "pk"]

    def __str__(self) -> str:
        return f"¶{self.paragraph + 1}: {self.body[:60]}"


class TopicLink(TimeStampedModel):
    """Links any object (a Meter project, an event, ...) to the thread of a hub topic or a document.

    Both ends are generic, so that other apps' objects can join a story without a change to those apps:
    `anchor` is a `hubs.WorkPlanTopic` or a `library.Document`; `target` is any model registered in
    `library.story`. See docs/library.md.
    """

    anchor_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    anchor_id = models.PositiveBigIntegerField()
    anchor = GenericForeignKey("anchor_type", "anchor_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("topic link")
        verbose_name_plural = _("topic links")
        constraints = [
            models.UniqueConstraint(
                fields=["anchor_type", "anchor_id", "target_type", "target_id"], name="library_unique_topic_link"
            ),
        ]
        indexes = [
            models.Index(fields=["anchor_type", "anchor_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.anchor_type_id}:{self.anchor_id} → {self.target_type_id}:{self.target_id}"


class DocumentFollow(models.Model):
    """A person follows a document: they hear of each new version (notifications: DOCUMENT_REVISED)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="library_follows"
    )
    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed document")
        verbose_name_plural = _("followed documents")
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="library_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"
