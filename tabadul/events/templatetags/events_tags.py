from functools import cache

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from tabadul.core.bidi import user_text
from tabadul.core.templatetags.formats import weekday_time
from tabadul.events import selectors
from tabadul.events.models import Event

register = template.Library()


@register.simple_tag(takes_context=True)
def hub_panel_data(context, hub) -> dict:
    """The hub page's events panel: the next events the visitor may see and the open follow-up actions."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {
        "events": selectors.upcoming_events_for_hub(hub, user),
        "followups": selectors.open_followups_for_hub(hub, user),
    }


@register.filter
def local_time(value, event):
    """A datetime shown in the event's own time zone."""
    from django.utils import timezone

    return timezone.localtime(value, event.tz) if value else value


@cache
def _type_and_mode_labels(language: str) -> tuple[dict, dict]:
    """The labels of the types and formats in a language: `get_type_display` made the choices hashable on each call
    (0.04 ms a row)."""
    return {value: str(label) for value, label in Event.Type.choices}, {
        value: str(label) for value, label in Event.Mode.choices
    }


@register.simple_tag
def event_item(event) -> str:
    """An event of a list (the lists, a course's sessions): its link, time in its own zone, type, format, city,
    badges and organisers, made in Python: the include it replaces cost 0.35 ms a row in its nodes, a third of a
    list's render at 10,000 bodies (issue 22; `tests/test_event_item.py` keeps it and compares them byte for byte)."""
    types, modes = _type_and_mode_labels(get_language())
    meta = [
        weekday_time(event.starts_at, event),
        "\n    · ",
        types.get(event.type, event.type),
        " · ",
        modes.get(event.mode, event.mode),
    ]
    if event.city:
        meta += [" · ", user_text(event.city)]
    meta.append("\n    ")
    if event.visibility == Event.Visibility.INVITATION:
        meta.append(format_html('<span class="badge invitation">{}</span>', gettext("Invitation only")))
    elif event.visibility == Event.Visibility.MEMBERS:
        meta.append(format_html('<span class="badge members">{}</span>', gettext("Members only")))
    meta.append("\n    ")
    if event.status == Event.Status.CANCELLED:
        meta.append(format_html('<span class="badge cancelled">{}</span>', gettext("Cancelled")))
    organisers = [user_text(hub.name) for hub in event.organiser_hubs.all()]
    organisers += [user_text(body.name) for body in event.organiser_bodies.all()]
    organised = ""
    if organisers:
        names = mark_safe(conditional_escape(gettext(", ")).join(organisers))  # noqa: S308 - names made safe above
        organised = format_html('<p class="meta">{} {}</p>', gettext("Organised by"), names)
    return format_html(
        '<li>\n  <h2><a href="{}">{}</a></h2>\n  <p class="meta">\n    {}\n  </p>\n  {}\n</li>\n',
        event.get_absolute_url(),
        user_text(event.name),
        mark_safe("".join(conditional_escape(part) for part in meta)),  # noqa: S308 - every part escaped
        organised,
    )
