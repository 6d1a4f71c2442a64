"""Writes of the discussions app: forums, threads, replies, edits, reports and moderation."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tabadul.core.ratelimit import rate_limit_exceeded
from tabadul.core.services import audit_record

from .conf import hide_after_reports, posting_limit
from .markdown import render_markdown
from .models import Forum, Post, Report, Status, Thread
from .owners import policy_for_label
from .trust import report_weight


def _owner_label(owner) -> str:
    return owner._meta.label_lower


@transaction.atomic
def forum_ensure(*, owner=None, title: str = "", slug: str = "", visibility: str | None = None) -> Forum:
    """The forum of `owner` (a hub, a working group, a twinning group…), created on first use.

    Idempotent; other apps call it (or link to `discussions:owner_forum`) instead of creating forums themselves.
    Forums without an owner are created by platform administrators in the admin or by demo data.
    """
    if owner is None:
        if not slug:
            raise ValidationError(_("A platform-wide forum needs an address name."))
        forum = Forum.objects.filter(slug=slug, owner_type__isnull=True).first()
        if forum:
            return forum
        forum = Forum(slug=slug, title=title or slug, visibility=visibility or Forum.Visibility.PUBLIC)
    else:
        policy = policy_for_label(_owner_label(owner))
        if policy is None:
            raise ValidationError(_("Objects of this type do not have forums."))
        content_type = ContentType.objects.get_for_model(owner)
        forum = Forum.objects.filter(owner_type=content_type, owner_id=owner.pk).first()
        if forum:
            return forum
        forum = Forum(
            owner_type=content_type,
            owner_id=owner.pk,
            title=(title or policy.title(owner))[:200],
            slug=slug or f"{content_type.model}-{owner.pk}",
            visibility=visibility or policy.default_visibility,
        )
    forum.full_clean()
    forum.save()
    audit_record(actor=None, action="discussions.forum.create", target=forum)
    return forum


def _check_rate(actor) -> None:
    """Too many posts in a short time (a runaway script, a flood) get a clear message, not a 500."""
    limit, window = posting_limit()
    if rate_limit_exceeded(f"discussions:post:{actor.pk}", limit=limit, window_seconds=window):
        raise ValidationError(_("You are posting too fast. Please wait a few minutes and try again."), code="rate")


def _new_post(*, thread: Thread, actor, body: str, is_opening: bool, now) -> Post:
    post = Post(
        thread=thread,
        author=actor,
        body=body.strip(),
        body_html=render_markdown(body.strip()),
        is_opening=is_opening,
        posted_at=now,
    )
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def thread_start(*, actor, forum: Forum, title: str, body: str, now=None) -> Thread:
    if not actor.has_perm("discussions.post_in_forum", forum):
        raise PermissionDenied
    _check_rate(actor)
    now = now or timezone.now()
    thread = Thread(forum=forum, title=title.strip(), author=actor, last_post_at=now)
    thread.full_clean()
    thread.save()
    _new_post(thread=thread, actor=actor, body=body, is_opening=True, now=now)
    audit_record(actor=actor, action="discussions.thread.start", target=thread, changes={"forum": forum.pk})
    return thread


@transaction.atomic
def post_reply(*, actor, thread: Thread, body: str, now=None) -> Post:
    if not actor.has_perm("discussions.post_in_forum", thread.forum):
        raise PermissionDenied
    if thread.status != Status.VISIBLE and not actor.has_perm("discussions.moderate_post", thread):
        raise ValidationError(_("This thread is closed to replies while a moderator reviews it."))
    _check_rate(actor)
    now = now or timezone.now()
    post = _new_post(thread=thread, actor=actor, body=body, is_opening=False, now=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, reply_count=F("reply_count") + 1)
    audit_record(actor=actor, action="discussions.post.reply", target=post, changes={"thread": thread.pk})
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str, title: str | None = None) -> Post:
    """The author edits within the edit window (discussions.conf); the thread's subject with its opening post."""
    post = Post.objects.select_for_update().select_related("thread__forum").get(pk=post.pk)
    if not actor.has_perm("discussions.edit_post", post):
        raise PermissionDenied
    changes = {}
    body = body.strip()
    if body != post.body:
        changes["body"] = [post.body, body]
        post.body, post.body_html = body, render_markdown(body)
    thread = post.thread
    if post.is_opening and title is not None and title.strip() != thread.title:
        changes["title"] = [thread.title, title.strip()]
        thread.title = title.strip()
        thread.full_clean()
        thread.save(update_fields=["title", "updated_at"])
    if changes:
        post.edited_at = timezone.now()
        post.full_clean()
        post.save()
        audit_record(actor=actor, action="discussions.post.edit", target=post, changes=changes)
    return post


def _set_status(post: Post, status: str) -> None:
    post.status = status
    post.save(update_fields=["status", "report_count", "moderated_by", "moderated_at", "updated_at"])
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(status=status)


@transaction.atomic
def post_report(*, actor, post: Post, reason: str, note: str = "") -> Report:
    """One report per person per post; the post hides when its open reports weigh the threshold (discussions.trust).

    Saving the report tells the forum's moderators (the notification centre watches reports).
    """
    post = Post.objects.select_for_update().select_related("thread__forum").get(pk=post.pk)
    if not actor.has_perm("discussions.report_post", post):
        raise PermissionDenied
    if Report.objects.filter(post=post, reporter=actor).exists():
        raise ValidationError(_("You have already reported this post."))
    weight = report_weight(actor, post.thread.forum)
    report = Report(post=post, reporter=actor, reason=reason, note=note.strip(), weight=weight)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(_("You have already reported this post.")) from None
    post.report_count += 1
    open_weight = Report.objects.filter(post=post, resolved_at__isnull=True).aggregate(total=Sum("weight"))["total"]
    hidden = post.status == Status.VISIBLE and open_weight >= hide_after_reports()
    if hidden:
        _set_status(post, Status.HIDDEN)
    else:
        post.save(update_fields=["report_count", "updated_at"])
    audit_record(
        actor=actor,
        action="discussions.post.report",
        target=post,
        changes={"reason": reason, "weight": weight, "open_reports": post.report_count, "hidden": hidden},
    )
    return report


@transaction.atomic
def post_moderate(*, actor, post: Post, action: str, now=None) -> Post:
    """A moderator restores a post (its open reports are resolved) or removes it."""
    post = Post.objects.select_for_update().select_related("thread__forum").get(pk=post.pk)
    if not actor.has_perm("discussions.moderate_post", post):
        raise PermissionDenied
    statuses = {"restore": Status.VISIBLE, "remove": Status.REMOVED}
    if action not in statuses:
        raise ValidationError(_("Unknown moderation action."))
    now = now or timezone.now()
    before = post.status
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now)
    post.report_count = 0
    post.moderated_by, post.moderated_at = actor, now
    _set_status(post, statuses[action])
    audit_record(
        actor=actor, action=f"discussions.post.{action}", target=post, changes={"status": [before, post.status]}
    )
    return post


def forum_slug_for(title: str) -> str:
    return slugify(title, allow_unicode=False)[:100] or "forum"
