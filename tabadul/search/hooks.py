"""What the search app reads and declares (tabadul/core/hooks.py): the searchable content types."""

from tabadul.core import hooks

from .sources import SOURCES

for source in SOURCES:
    hooks.register("search.sources", source)
