"""What "my work" contributes to other apps' pages (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from .home import home_context

hooks.register("core.home_context", home_context, order=90)
