"""Reads of the discussions app, filtered to what the person may see (docs/discussions.md)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tabadul.accounts.rules import is_platform_admin

from .conf import edit_window
from .models import Forum, Post, Report, Status, Thread
from .owners import is_forum_member, is_forum_moderator, registered


def _owner_filter(user, ids_of) -> Q:
    """Forums whose owner is among the ids each registered policy gives for this person."""
    condition = Q(pk__in=[])
    for label, policy in registered().items():
        ids = list(ids_of(policy)(user))
        if not ids:
            continue
        app_label, model = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)  # cached by Django
        condition |= Q(owner_type=content_type, owner_id__in=ids)
    return condition


def forum_list(*, user) -> QuerySet[Forum]:
    """Public forums and the forums of the owners the person takes part in; all for platform administrators."""
    forums = Forum.objects.select_related("owner_type")
    if is_platform_admin(user):
        return forums
    condition = Q(visibility=Forum.Visibility.PUBLIC)
    if user.is_authenticated:
        condition |= _owner_filter(user, lambda policy: policy.member_owner_ids)
        condition |= _owner_filter(user, lambda policy: policy.moderated_owner_ids)
    return forums.filter(condition)


def forum_get(*, slug: str) -> Forum:
    return Forum.objects.select_related("owner_type").get(slug=slug)


def forum_for_owner(*, owner) -> Forum | None:
    content_type = ContentType.objects.get_for_model(owner)
    return Forum.objects.filter(owner_type=content_type, owner_id=owner.pk).first()


def _seen(user, forum, *, moderator: bool) -> Q:
    """Posts or threads the person sees: visible ones, their own, and everything for moderators."""
    if moderator:
        return Q()
    if user.is_authenticated:
        return Q(status=Status.VISIBLE) | Q(author_id=user.pk)
    return Q(status=Status.VISIBLE)


def thread_list(*, user, forum: Forum, moderator: bool | None = None) -> QuerySet[Thread]:
    if moderator is None:
        moderator = is_forum_moderator(user, forum)
    return (
        Thread.objects.filter(forum=forum)
        .filter(_seen(user, forum, moderator=moderator))
        .select_related("author__local_body")
        .order_by("-last_post_at", "-pk")
    )


def thread_get(*, pk: int) -> Thread:
    return Thread.objects.select_related("forum__owner_type", "author").get(pk=pk)


def thread_posts(*, user, thread: Thread, moderator: bool | None = None) -> QuerySet[Post]:
    """The thread's posts in order, those the person may see, with their authors in the same query."""
    if moderator is None:
        moderator = is_forum_moderator(user, thread.forum)
    return (
        Post.objects.filter(thread=thread)
        .filter(_seen(user, thread.forum, moderator=moderator))
        .select_related("author__local_body")
        .order_by("posted_at", "pk")
    )


def annotate_post_actions(posts, *, user, moderator: bool, member: bool, now=None) -> list[Post]:
    """Set `can_edit`, `can_report` and `can_moderate` on each post without a query per post.

    The same questions the rules in rules.py answer, decided once for the page (the forum-level answers are
    passed in) so the page's query count does not grow with its posts.
    """
    now = now or timezone.now()
    window = edit_window()
    posts = list(posts)
    for post in posts:
        own = user.is_authenticated and post.author_id == user.pk
        visible = post.status == Status.VISIBLE
        post.can_edit = own and member and visible and now <= post.posted_at + window
        post.can_report = user.is_authenticated and visible and not own
        post.can_moderate = moderator
    return posts


def moderation_queue_posts(*, user) -> QuerySet[Post]:
    """Posts hidden by reports or carrying open reports, in the forums the person moderates (one query to count;
    the owners the person moderates are asked of each policy once per user object)."""
    posts = Post.objects.filter(Q(status=Status.HIDDEN) | Q(report_count__gt=0, status=Status.VISIBLE))
    if not is_platform_admin(user):
        condition = _owner_filter(user, lambda policy: policy.moderated_owner_ids)
        forum_ids = Forum.objects.filter(condition).values("pk")
        posts = posts.filter(thread__forum_id__in=forum_ids)
    return posts.order_by("status", "-report_count", "posted_at", "pk")  # "hidden" before "visible"


def moderation_queue(*, user) -> QuerySet[Post]:
    """The queue's page: the posts of `moderation_queue_posts` with their authors and open reports."""
    posts = moderation_queue_posts(user=user)
    open_reports = Report.objects.filter(resolved_at__isnull=True).select_related("reporter").order_by("created_at")
    return (
        posts.select_related("author", "thread__forum")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("status", "-report_count", "posted_at", "pk")  # "hidden" before "visible"
    )


def may_moderate_anything(*, user) -> bool:
    if is_platform_admin(user):
        return True
    return any(list(policy.moderated_owner_ids(user)) for policy in registered().values())


def posts_with_thread() -> QuerySet[Post]:
    """Posts with their thread, forum, owner type and author: what a post's pages and permission checks read."""
    return Post.objects.select_related("thread__forum__owner_type", "author")


def visible_post(*, thread: Thread, pk: int) -> Post | None:
    """A visible post of `thread` (the post a reply answers), or None."""
    return Post.objects.filter(pk=pk, thread=thread, status="visible").select_related("author").first()


__all__ = [
    "annotate_post_actions",
    "forum_for_owner",
    "forum_get",
    "forum_list",
    "is_forum_member",
    "is_forum_moderator",
    "may_moderate_anything",
    "moderation_queue",
    "moderation_queue_posts",
    "posts_with_thread",
    "thread_get",
    "thread_list",
    "thread_posts",
    "visible_post",
]
