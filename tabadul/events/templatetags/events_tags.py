from django import template

from tabadul.events import selectors
from tabadul.events.rules import body_event_manager_ids

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


@register.simple_tag(takes_context=True)
def body_panel_data(context, body) -> dict:
    """A local body's page: the next events it holds that the visitor may see, and whether they may add one."""
    from django.contrib.auth.models import AnonymousUser

    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "events": selectors.upcoming_events_for_body(body, user),
        "can_add": user.is_authenticated and body.pk in body_event_manager_ids(user),
    }
