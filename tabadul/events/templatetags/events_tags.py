import datetime as dt
from functools import cache

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from tabadul.core import formats
from tabadul.core.bidi import user_text
from tabadul.core.templatetags.formats import weekday_time
from tabadul.events import selectors
from tabadul.events.models import Event, Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def hub_panel_data(context, hub) -> selectors.HubPanel:
    """The hub page's events panel: the next events the visitor may see and the open follow-up actions."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return selectors.hub_panel(hub, user)


@register.filter
def local_time(value, event):
    """A datetime shown in the event's own time zone."""
    from django.utils import timezone

    return timezone.localtime(value, event.tz) if value else value


URL_SENTINEL = 987654321


@cache
def _event_url_parts(language: str, script_prefix: str) -> tuple[str, str]:
    prefix, suffix = reverse("events:event_detail", args=[URL_SENTINEL]).split(str(URL_SENTINEL))
    return prefix, suffix


def _event_url(event) -> str:
    """The event's page (`Event.get_absolute_url`) without a `reverse` per row (15 µs each, 124 on a month)."""
    prefix, suffix = _event_url_parts(get_language(), get_script_prefix())
    return f"{prefix}{event.pk}{suffix}"


@cache
def _clock_text(locale: str, hour: int, minute: int) -> str:
    return formats.format_time(dt.time(hour, minute))


def _clock(value, event):
    """A time as the `clock` filter prints it in the event's zone, its words formatted once per time of day and
    locale: events start on the hour or half hour, and Babel took 35 µs each."""
    local = value.astimezone(event.tz)
    text = _clock_text(formats.locale(), local.hour, local.minute)
    return format_html('<time datetime="{}" dir="auto">{}</time>', formats.iso(value, event.tz), text)


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
        _event_url(event),
        user_text(event.name),
        mark_safe("".join(conditional_escape(part) for part in meta)),  # noqa: S308 - every part escaped
        organised,
    )


@register.simple_tag
def month_day(day, list_url: str) -> str:
    """A day of the month grid: its first events (each a link with its time in its own zone) and the link to the
    day's list for the others, made in Python: the template's nodes for a region's 124 events and 31 counts were
    12 ms of the page at 10,000 bodies (issue 22; `tests/test_month_day.py` compares them byte for byte)."""
    shown = ""
    if day.events:
        items = [
            format_html(
                '<li><a href="{}">{} {}</a></li>',
                _event_url(event),
                _clock(event.starts_at, event),
                user_text(event.name),
            )
            for event in day.events
        ]
        shown = format_html("<ul>{}</ul>", mark_safe("".join(items)))  # noqa: S308 - each item made by format_html
    more = ""
    if day.more:
        label = ngettext("%(counter)s more event", "%(counter)s more events", day.more) % {
            "counter": localize(day.more)
        }
        more = format_html(
            '<a class="more" href="{}?when=all&amp;day={}">{}</a>', list_url, day.date.isoformat(), label
        )
    return format_html("{}\n      {}", shown, more)


_DASH = "\u2014"


@cache
def _status_labels(language: str) -> dict:
    """The registrations' statuses in a language (as `_type_and_mode_labels`)."""
    return {value: str(label) for value, label in Registration.Status.choices}


@register.simple_tag(takes_context=True)
def registration_row(context, registration, event, can_manage) -> str:
    """A row of the manage page's registrations (its person, body, status, time of check-in and, for a manager, the
    check-in and cancel buttons), made in Python: the template's nodes for a page of 100 were a third of the page at
    10,000 bodies (issue 22; `tests/test_registration_row.py` compares them byte for byte)."""
    person = user_text(registration.user.display_name)
    body = user_text((registration.local_body.name if registration.local_body_id else "") or _DASH)
    checked_in = _clock(registration.checked_in_at, event) if registration.checked_in_at else _DASH
    actions = ""
    if can_manage:
        check_in = cancel = ""
        if registration.status == registration.Status.CONFIRMED and not registration.checked_in_at:
            label = mark_safe(gettext("Check in %(name)s") % {"name": person})  # noqa: S308 - the name is escaped
            check_in = format_html(
                '\n      <form method="post" action="{}">{}<button type="submit">{}</button></form>\n      ',
                reverse("events:check_in", args=[event.pk, registration.pk]),
                CsrfTokenNode().render(context),
                label,
            )
        if not registration.checked_in_at:
            cancel = format_html(
                '\n      <a class="button secondary" href="{}">{}</a>\n      ',
                reverse("events:registration_cancel_by_manager", args=[event.pk, registration.pk]),
                gettext("Cancel"),
            )
        actions = format_html("\n      {}\n      {}\n    ", check_in, cancel)
    return format_html(
        '<tr>\n    <td data-label="{}">{}</td>\n    <td data-label="{}">{}</td>\n    <td data-label="{}">{}</td>\n'
        '    <td data-label="{}">{}</td>\n    <td data-label="{}" class="inline-fields">{}</td>\n  </tr>',
        gettext("Person"),
        person,
        gettext("Local body"),
        body,
        gettext("Status"),
        _status_labels(get_language()).get(registration.status, registration.status),
        gettext("Checked in"),
        checked_in,
        gettext("Actions"),
        actions,
    )
