"""Demo data of the search app: none of its own; makes sure the index covers every demo object.

Writes through the signals already index the demo content; this also covers rows created without them
(`bulk_create` in other demo loaders). Idempotent: unchanged entries are not written again.
"""

import io

from tabadul.search import index


def load() -> str:
    outcome = index.rebuild(stream=io.StringIO())
    return f"search index: {outcome.created} created, {outcome.updated} updated, {outcome.unchanged} unchanged"
