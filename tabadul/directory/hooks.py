"""What the directory contributes to other apps' pages (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from . import home

hooks.register("core.home_figures", home.FIGURE, order=10)
