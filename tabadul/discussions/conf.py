"""Settings of the discussions app: defaults here, overridable in Django settings (and in tests)."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Minutes after posting during which the author may still edit a post.
    "DISCUSSIONS_EDIT_WINDOW_MINUTES": 15,
    # Reports (by different people) after which a post is hidden until a moderator restores or removes it.
    "DISCUSSIONS_HIDE_AFTER_REPORTS": 3,
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


def posting_limit() -> tuple[int, int]:
    return _get("DISCUSSIONS_POSTS_PER_WINDOW"), _get("DISCUSSIONS_POST_WINDOW_SECONDS")


def posts_per_page() -> int:
    return _get("DISCUSSIONS_POSTS_PER_PAGE")
