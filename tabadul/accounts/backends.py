"""The sign-in throttle, one for every way in: it sits in the authentication backend, so the site's sign-in,
the admin's and anything else that calls `django.contrib.auth.authenticate()` with a password go through it.

Failed password checks are counted (core.ratelimit) per account and per client address. Once an account has
had LOGIN_FAILURE_LIMIT failures, or an address LOGIN_FAILURE_ADDRESS_LIMIT, within
LOGIN_FAILURE_WINDOW_SECONDS, every further attempt is refused without checking the password, the right one
too, until the window ends. A successful sign-in clears its account's count (not its address's).

The account is named by what was typed, normalised as Django normalises usernames (NFKC) and then case-folded,
so "ＳＡＬＦＩＴ．ｅｄｉｔｏｒ" or "𝐬𝐚𝐥𝐟𝐢𝐭.editor" count against "salfit.editor". Accounts that do not exist
are counted the same way, so the throttle says nothing about which usernames exist.
"""

import math
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from tabadul.core.ratelimit import client_address, rate_limit_exceeded, rate_limit_reset, rate_limit_retry_after

IDENTITY_MAX_LENGTH = 254  # the longest username or e-mail address a person could sign in with


def sign_in_identity(username: str) -> str:
    """The account a sign-in names: Django's username normalisation (NFKC), case-folded, bounded in length."""
    folded = get_user_model().normalize_username(username).strip().casefold()
    return unicodedata.normalize("NFKC", folded)[:IDENTITY_MAX_LENGTH]


def _account_key(username: str) -> str:
    return f"sign-in:account:{sign_in_identity(username)}"


def _limits(request, username: str) -> list[tuple[str, int]]:
    """(key, failures allowed) of each count a sign-in attempt belongs to."""
    limits = [(_account_key(username), settings.LOGIN_FAILURE_LIMIT)]
    if request is not None:
        limits.append((f"sign-in:address:{client_address(request)}", settings.LOGIN_FAILURE_ADDRESS_LIMIT))
    return limits


def sign_in_wait_minutes(request, username: str) -> int:
    """Minutes until a refused sign-in may be tried again; 0 when attempts are allowed."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    seconds = max(
        (
            rate_limit_retry_after(key)
            for key, limit in _limits(request, username)
            if rate_limit_exceeded(key, limit=limit, window_seconds=window, increment=False)
        ),
        default=0,
    )
    return math.ceil(seconds / 60)


class ThrottledModelBackend(ModelBackend):
    """Django's username and password check, refused while the sign-in throttle holds and counting failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if sign_in_wait_minutes(request, username):
            raise PermissionDenied  # stops authenticate(): no other backend is asked either
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            for key, limit in _limits(request, username):
                rate_limit_exceeded(key, limit=limit, window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        else:
            rate_limit_reset(_account_key(username))
        return user
