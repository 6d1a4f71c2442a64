"""Settings of the discussions app: defaults here, overridable in Django settings (and in tests)."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Minutes after posting during which the author may still edit a post.
    "DISCUSSIONS_EDIT_WINDOW_MINUTES": 15,
    # Reports (by different people) after which a post is hidden until a moderator restores or removes it.
    "DISCUSSIONS_HIDE_AFTER_REPORTS": 3,
}


def edit_window() -> timedelta:
    return timedelta(
        minutes=getattr(settings, "DISCUSSIONS_EDIT_WINDOW_MINUTES", DEFAULTS["DISCUSSIONS_EDIT_WINDOW_MINUTES"])
    )


def hide_after_reports() -> int:
    return getattr(settings, "DISCUSSIONS_HIDE_AFTER_REPORTS", DEFAULTS["DISCUSSIONS_HIDE_AFTER_REPORTS"])
