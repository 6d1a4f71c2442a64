"""What the surveys app contributes to other apps' pages (tabadul/core/hooks.py): the surveys waiting for an answer
on "my work"."""

from tabadul.core import hooks

from .work import SURVEYS_TO_ANSWER

hooks.register("work.waiting", SURVEYS_TO_ANSWER)
