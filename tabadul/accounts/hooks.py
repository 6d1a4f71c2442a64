"""What the accounts app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from .work import BODY_JOIN_REQUESTS

hooks.register("work.waiting", BODY_JOIN_REQUESTS)
