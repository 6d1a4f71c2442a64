"""Settings of the discussions app: defaults here, overridable in Django settings (and in tests)."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Minutes after posting during which the author may still edit a post.
    "DISCUSSIONS_EDIT_WINDOW_MINUTES": 15,
    # Weight of open reports that hides a post until a moderator restores or removes it: a trusted person's
    # report weighs 1, a fresh account's 0, a moderator's this whole number (discussions.trust).
    "DISCUSSIONS_HIDE_AFTER_REPORTS": 3,
    # Days after which an account with a visible contribution (a forum post, published Meter feedback) is trusted.
    "DISCUSSIONS_TRUSTED_AFTER_DAYS": 30,
    # New threads and replies one person may post within the window below (core.ratelimit).
    "DISCUSSIONS_POSTS_PER_WINDOW": 10,
    "DISCUSSIONS_POST_WINDOW_SECONDS": 600,
    # Posts per page on a thread, threads per page on a forum.
    "DISCUSSIONS_POSTS_PER_PAGE": 20,
}


def _get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def edit_window() -> timedelta:
    return timedelta(
        minutes=getattr(settings, "DISCUSSIONS_EDIT_WINDOW_MINUTES", DEFAULTS["DISCUSSIONS_EDIT_WINDOW_MINUTES"])
    )


def hide_after_reports() -> int:
    return getattr(settings, "DISCUSSIONS_HIDE_AFTER_REPORTS", DEFAULTS["DISCUSSIONS_HIDE_AFTER_REPORTS"])


def trusted_after() -> timedelta:
    return timedelta(days=_get("DISCUSSIONS_TRUSTED_AFTER_DAYS"))


def posting_limit() -> tuple[int, int]:
    return _get("DISCUSSIONS_POSTS_PER_WINDOW"), _get("DISCUSSIONS_POST_WINDOW_SECONDS")


def posts_per_page() -> int:
    return _get("DISCUSSIONS_POSTS_PER_PAGE")
