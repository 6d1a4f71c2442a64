"""How much one person's report counts toward hiding a post: the one place that decides (docs/discussions.md).

Signing up costs nothing, so a report from a fresh account weighs 0: three new accounts cannot hide a thread. It
still lands in the moderators' queue and they are told of it. A report weighs 1 when the person has standing that
somebody else vouched for: a member of the forum's owner, staff of a local body (an administrator sets a person's
body, never the sign-up form), a holder of a role, or an account older than `DISCUSSIONS_TRUSTED_AFTER_DAYS` with a
contribution that passed a gate (a visible forum post, Meter feedback a municipality published). A moderator's
report weighs the whole threshold: it hides the post at once, and the moderator decides later.
"""

from django.apps import apps
from django.utils import timezone

from .conf import hide_after_reports, trusted_after
from .models import Post, Status
from .owners import is_forum_member, is_forum_moderator


def _vouched_for(user) -> bool:
    return user.local_body_id is not None or user.role_grants.exists()


def _established(user, now) -> bool:
    if user.date_joined > now - trusted_after():
        return False
    if Post.objects.filter(author=user, status=Status.VISIBLE).exists():
        return True
    if apps.is_installed("tabadul.meter"):
        Feedback = apps.get_model("meter", "Feedback")
        return Feedback.objects.filter(author=user, status=Feedback.Status.PUBLISHED).exists()
    return False


def report_weight(user, forum, *, now=None) -> int:
    """The weight of `user`'s report of a post in `forum`; posts hide when their open reports weigh the threshold."""
    if is_forum_moderator(user, forum):
        return hide_after_reports()
    if is_forum_member(user, forum) or _vouched_for(user) or _established(user, now or timezone.now()):
        return 1
    return 0
