"""Who may read, post, edit, report and moderate in discussions (docs/discussions.md, docs/permissions.md)."""

import rules
from django.utils import timezone

from tabadul.accounts.rules import is_platform_admin

from .conf import edit_window
from .models import Forum, Status
from .owners import is_forum_member, is_forum_moderator


def _forum(obj):
    if isinstance(obj, Forum):
        return obj
    thread = getattr(obj, "thread", obj)
    return getattr(thread, "forum", None)


@rules.predicate
def can_read_forum(user, obj) -> bool:
    forum = _forum(obj)
    if forum is None:
        return False
    if forum.visibility == Forum.Visibility.PUBLIC:
        return True
    return is_forum_member(user, forum)


@rules.predicate
def is_member(user, obj) -> bool:
    forum = _forum(obj)
    return forum is not None and is_forum_member(user, forum)


@rules.predicate
def is_moderator(user, obj) -> bool:
    forum = _forum(obj)
    return forum is not None and is_forum_moderator(user, forum)


@rules.predicate
def is_author(user, post) -> bool:
    return user.is_authenticated and post is not None and post.author_id == user.pk


@rules.predicate
def within_edit_window(user, post) -> bool:
    return post is not None and timezone.now() <= post.posted_at + edit_window()


@rules.predicate
def is_visible(user, post) -> bool:
    return post is not None and post.status == Status.VISIBLE


@rules.predicate
def sees_post(user, post) -> bool:
    """Hidden and removed posts are seen by their author and the forum's moderators only."""
    return post.status == Status.VISIBLE or is_author(user, post) or is_moderator(user, post)


rules.add_perm("discussions.view_forum", can_read_forum)
rules.add_perm("discussions.post_in_forum", is_member)
rules.add_perm("discussions.view_post", can_read_forum & sees_post)
rules.add_perm("discussions.edit_post", is_author & is_member & is_visible & within_edit_window)
rules.add_perm("discussions.report_post", rules.is_authenticated & can_read_forum & is_visible & ~is_author)
rules.add_perm("discussions.moderate_post", is_moderator)
rules.add_perm("discussions.add_forum", is_platform_admin)
