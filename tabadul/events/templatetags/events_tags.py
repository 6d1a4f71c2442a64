from django import template

from tabadul.events import selectors

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
