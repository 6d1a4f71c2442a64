"""iCalendar (RFC 5545) output with icalendar: each event in its own time zone, with VTIMEZONE components."""

from collections.abc import Iterable

import icalendar
from django.utils import timezone

from .models import Event

PRODID = "-//Tabadul//Events//AR"


def _uid(event: Event, domain: str) -> str:
    return f"event-{event.pk}@{domain}"


def build_calendar(
    events: Iterable[Event], *, name: str, domain: str, url_for, show_online_link_for=lambda event: False
) -> bytes:
    """The calendar; `url_for(event)` gives the absolute page address, `show_online_link_for(event)` whether the
    online link may be written (only into a person's own feed or download, for events they are admitted to)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event, domain=domain, url=url_for(event), online=show_online_link_for(event)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _component(event: Event, *, domain: str, url: str, online: bool) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", _uid(event, domain))
    component.add("dtstamp", timezone.now())
    component.add("summary", event.name)
    component.add("dtstart", event.local_starts_at)
    component.add("dtend", event.local_ends_at)
    component.add("last-modified", event.updated_at)
    component.add("url", url)
    component.add("categories", [event.get_type_display()])
    location = "، ".join(part for part in (event.venue, event.city) if part)
    if online and event.online_url:
        location = f"{location} — {event.online_url}" if location else event.online_url
    if location:
        component.add("location", location)
    description = event.description
    if online and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    component.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    return component
