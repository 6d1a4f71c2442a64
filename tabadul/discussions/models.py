"""Discussions: one thread model for every place people talk (hubs, working groups, twinning groups...).

A `Forum` points to its owner through a generic relation (content type + id); who may read, post and moderate
comes from the owner's policy registered in `discussions.owners` (docs/discussions.md).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tabadul.core.models import TimeStampedModel

# Forum addresses that would clash with the app's own pages (see urls.py).
RESERVED_SLUGS = frozenset({"moderation", "for", "threads", "posts"})


class Forum(TimeStampedModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Anyone may read; members post")
        MEMBERS = "members", _("Members only")

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("who may read"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    owner_type = models.ForeignKey(
        ContentType, verbose_name=_("belongs to (type)"), null=True, blank=True, on_delete=models.CASCADE
    )
    owner_id = models.PositiveBigIntegerField(_("belongs to (id)"), null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner_type", "owner_id"], name="discussions_one_forum_per_owner"),
            models.CheckConstraint(
                condition=Q(owner_type__isnull=True, owner_id__isnull=True)
                | Q(owner_type__isnull=False, owner_id__isnull=False),
                name="discussions_forum_owner_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address name is reserved; choose another.")})

    def get_absolute_url(self) -> str:
        return reverse("discussions:forum_detail", args=[self.slug])


class Status(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden until a moderator decides")
    REMOVED = "removed", _("Removed by a moderator")


class Thread(TimeStampedModel):
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("subject"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    # Mirrors the opening post's status: a hidden opening post hides the thread from the forum's list.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VISIBLE)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread_detail", args=[self.pk])


class Post(TimeStampedModel):
    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="forum_posts"
    )
    is_opening = models.BooleanField(_("opens the thread"), default=False)
    # The post this one answers, when the author chose "reply" under it: its author hears of the reply.
    reply_to = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text (Markdown)"), max_length=20_000)
    body_html = models.TextField(_("text (sanitised HTML)"), editable=False)
    posted_at = models.DateTimeField(_("posted at"), db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VISIBLE)
    report_count = models.PositiveIntegerField(_("open reports"), default=0)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["posted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(is_opening=True), name="discussions_one_opening_post"
            )
        ]
        indexes = [models.Index(fields=["status", "report_count"])]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"


class Report(TimeStampedModel):
    """One person's report of one post (a person reports a post once)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # How much the report counts toward hiding the post, decided when it is made (discussions.trust).
    weight = models.PositiveSmallIntegerField(_("weight"), default=0)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="discussions_one_report_per_person")]

    def clean(self):
        if self.post_id and self.reporter_id and self.post.author_id == self.reporter_id:
            raise ValidationError(_("You cannot report your own post."))

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.post_id}"
