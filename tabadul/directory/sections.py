"""The sections of a local body's public page ("my municipality") that the apps above the directory give.

The directory sits below the apps that know a body's plan, news, events, hubs, twinning groups and documents
(docs/architecture.md, "Layers"), so each of them registers a `BodySection` under the hook
`directory.body_sections` in its `hooks.py`:

    hooks.register("directory.body_sections", BodySection("events", "events/includes/body_section.html",
                   body_events, stylesheet="events/events.css"), order=30)

`read(body=, user=)` is the app's selector: it returns the include's context (a dict), or None when the section has
nothing to show (it then disappears from the page). It may only return what the visitor may see, and must read a
fixed number of queries whatever the number of rows (the page's query count is asserted in the directory's tests).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BodySection:
    key: str
    template: str
    read: Callable[..., dict | None]
    stylesheet: str = ""
    # The one long list of an organisation's page (its events): `read` is also given `page=`, the page number the
    # visitor asked for (`?page=`), and shows it with the site's pagination component.
    paginated: bool = False


@dataclass(frozen=True)
class ShownSection:
    key: str
    template: str
    data: dict
