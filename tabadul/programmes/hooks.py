"""What the programmes app gives to the directory's pages (tabadul/core/hooks.py): pilot projects."""

from tabadul.core import hooks

from . import pilots

hooks.register("directory.body_sections", pilots.BODY_SECTION, order=55)
hooks.register("directory.organisation_sections", pilots.ORGANISATION_SECTION, order=55)
