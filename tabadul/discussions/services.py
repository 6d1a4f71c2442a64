"""Writes of the discussions app: forums, threads, replies, edits, reports and moderation."""

import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.core.ratelimit import rate_limit_exceeded
from tabadul.core.services import audit_record
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify

from . import audit_actions
from .conf import hide_after_reports, posting_limit
from .markdown import render_markdown
from .models import Forum, Post, Report, Status, Thread
from .owners import forum_moderator_ids, policy_for_label
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
    audit_record(actor=None, action=audit_actions.FORUM_CREATE, target=forum)
    return forum


def _check_rate(actor) -> None:
    """Too many posts in a short time (a runaway script, a flood) get a clear message, not a 500."""
    limit, window = posting_limit()
    if rate_limit_exceeded(f"discussions:post:{actor.pk}", limit=limit, window_seconds=window):
        raise ValidationError(_("You are posting too fast. Please wait a few minutes and try again."), code="rate")


# "@username" in a post's Markdown source, not inside an e-mail address (after a Latin letter, digit, dot, "+", "-"
# or "@"); an Arabic letter may come before it ("و@سلمى").
MENTION = re.compile(r"(?<![A-Za-z0-9_.+\-@])@([\w.+-]{2,150})")
MAX_MENTIONS = 20


def mentioned_usernames(body: str) -> list[str]:
    """The usernames a post mentions, in order, once each, at most MAX_MENTIONS (a trailing full stop is prose)."""
    names = []
    for match in MENTION.finditer(body or ""):
        name = match.group(1).rstrip(".")
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def _notify_post(*, post: Post, actor, told: set[int] = frozenset()) -> None:
    """Tell the people a post mentions who may read its forum, besides the author and those already told.

    Idempotent per post and person (the key), so an edit that adds a mention tells only the newcomer."""
    names = mentioned_usernames(post.body)
    if not names:
        return
    forum = post.thread.forum
    people = get_user_model().objects.filter(username__in=names, is_active=True).exclude(pk=actor.pk)
    readers = [
        person.pk for person in people if person.pk not in told and person.has_perm("discussions.view_forum", forum)
    ]
    notify(
        recipient_ids=readers,
        kind=Kind.MENTION,
        key=f"discussions.mention:{post.pk}",
        subject=post.thread.title,
        url=post.get_absolute_url(),
        details=post.body[:1000],
    )


def _new_post(*, thread: Thread, actor, body: str, is_opening: bool, now, reply_to: Post | None = None) -> Post:
    post = Post(
        thread=thread,
        reply_to=reply_to,
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
    post = _new_post(thread=thread, actor=actor, body=body, is_opening=True, now=now)
    audit_record(actor=actor, action=audit_actions.THREAD_START, target=thread, changes={"forum": forum.pk})
    _notify_post(post=post, actor=actor)
    return thread


@transaction.atomic
def post_reply(*, actor, thread: Thread, body: str, reply_to: Post | None = None, now=None) -> Post:
    """A reply in the thread, optionally to one of its posts. The thread's starter and the replied post's author
    hear of it (not the replier), then the people it mentions."""
    if not actor.has_perm("discussions.post_in_forum", thread.forum):
        raise PermissionDenied
    if thread.status != Status.VISIBLE and not actor.has_perm("discussions.moderate_post", thread):
        raise ValidationError(_("This thread is closed to replies while a moderator reviews it."))
    if reply_to is not None and (reply_to.thread_id != thread.pk or reply_to.status != Status.VISIBLE):
        raise ValidationError(_("You can reply only to a visible post of this thread."))
    _check_rate(actor)
    now = now or timezone.now()
    post = _new_post(thread=thread, actor=actor, body=body, is_opening=False, now=now, reply_to=reply_to)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, reply_count=F("reply_count") + 1)
    audit_record(
        actor=actor,
        action=audit_actions.POST_REPLY,
        target=post,
        changes={"thread": thread.pk, "reply_to": reply_to.pk if reply_to else None},
    )
    told = {thread.author_id} | ({reply_to.author_id} if reply_to else set())
    told.discard(actor.pk)
    notify(
        recipient_ids=told,
        kind=Kind.THREAD_REPLY,
        key=f"discussions.reply:{post.pk}",
        subject=thread.title,
        url=post.get_absolute_url(),
        details=post.body[:1000],
    )
    _notify_post(post=post, actor=actor, told=told)
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
        audit_record(actor=actor, action=audit_actions.POST_EDIT, target=post, changes=changes)
        _notify_post(post=post, actor=actor)
    return post


def _set_status(post: Post, status: str) -> None:
    post.status = status
    post.save(update_fields=["status", "report_count", "moderated_by", "moderated_at", "updated_at"])
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(status=status)


@transaction.atomic
def post_report(*, actor, post: Post, reason: str, note: str = "") -> Report:
    """One report per person per post; the post hides when its open reports weigh the threshold (discussions.trust).

    The forum's moderators are told at once, once per post however many reports follow.
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
        action=audit_actions.POST_REPORT,
        target=post,
        changes={"reason": reason, "weight": weight, "open_reports": post.report_count, "hidden": hidden},
    )
    notify(
        recipient_ids=forum_moderator_ids(post.thread.forum) - {actor.pk},
        kind=Kind.POST_REPORTED,
        key=f"discussions.report:{post.pk}",
        subject=post.thread.title,
        url=post.get_absolute_url(),
        details=report.get_reason_display() + (f"\n{report.note}" if report.note else ""),
    )
    return report


@transaction.atomic
def post_moderate(*, actor, post: Post, action: str, reason: str = "", now=None) -> Post:
    """A moderator restores a post (its open reports are resolved) or removes it, saying why (kept in the audit
    trail; the confirmation page asks for it)."""
    post = Post.objects.select_for_update().select_related("thread__forum").get(pk=post.pk)
    if not actor.has_perm("discussions.moderate_post", post):
        raise PermissionDenied
    statuses = {"restore": Status.VISIBLE, "remove": Status.REMOVED}
    recorded = {"restore": audit_actions.POST_RESTORE, "remove": audit_actions.POST_REMOVE}
    if action not in statuses:
        raise ValidationError(_("Unknown moderation action."))
    reason = reason.strip()
    if action == "remove" and not reason:
        raise ValidationError({"reason": _("Say why the post is removed.")})
    now = now or timezone.now()
    before = post.status
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now)
    post.report_count = 0
    post.moderated_by, post.moderated_at = actor, now
    _set_status(post, statuses[action])
    audit_record(
        actor=actor,
        action=recorded[action],
        target=post,
        changes={"status": [before, post.status], **({"reason": reason} if reason else {})},
    )
    return post
