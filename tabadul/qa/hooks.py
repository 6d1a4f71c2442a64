"""What the qa app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from .work import QUESTIONS_ROUTED, QUESTIONS_TO_PUBLISH

hooks.register("work.waiting", QUESTIONS_ROUTED)
hooks.register("work.waiting", QUESTIONS_TO_PUBLISH)
