"""What waits for a moderator on "my work": reported posts in the forums they moderate (tabadul/core/work.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tabadul.core.work import Waiting, WorkItem

from . import selectors


def _queue(user):
    return selectors.moderation_queue_posts(user=user)


def _moderates(user) -> bool:
    """Asked of the policies once per user object (their answers are cached on it): no count query otherwise."""
    return user.is_authenticated and selectors.may_moderate_anything(user=user)


def reported_posts_count(user) -> int:
    return _queue(user).count() if _moderates(user) else 0


def reported_posts_items(user, limit: int) -> list[WorkItem]:
    if not _moderates(user):
        return []
    queue = reverse("discussions:moderation_queue")
    return [
        WorkItem(
            title=post.thread.title,
            url=f"{queue}#post-{post.pk}",
            detail=(post.thread.forum.title, post.author.display_name),
        )
        for post in _queue(user).select_related("author", "thread__forum")[:limit]
    ]


REPORTED_POSTS = Waiting(
    key="discussions.reported_posts",
    label=_("Reported posts to review"),
    count=reported_posts_count,
    items=reported_posts_items,
    order=60,
)
