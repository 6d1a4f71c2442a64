# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""An event of a list is made in one tag (issue 22) and prints what `events/includes/event_item.html` printed.

The include cost some 0.35 ms a row (its nodes, `{% timezone %}`, `{% with %}`, two loops), a third of a list's
render at 10,000 bodies. The old template is kept here as the reference: each row must be the same HTML, byte for
byte, in both languages, for every visibility, status, city or none, and any organisers.
"""

import pytest
from django.template import engines
from django.utils import translation

from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events.models import Event

from .conftest import make_event

OLD_ITEM = """{% load i18n tz formats bidi %}<li>
  <h2><a href="{{ event.get_absolute_url }}">{{ event.name|user_text }}</a></h2>
  <p class="meta">
    {% timezone event.time_zone %}{{ event.starts_at|weekday_time:event }}{% endtimezone %}
    · {{ event.get_type_display }} · {{ event.get_mode_display }}{% if event.city %} · {{ event.city|user_text }}{% endif %}
    {% if event.visibility == "invitation" %}<span class="badge invitation">{% translate "Invitation only" %}</span>{% elif event.visibility == "members" %}<span class="badge members">{% translate "Members only" %}</span>{% endif %}
    {% if event.status == "cancelled" %}<span class="badge cancelled">{% translate "Cancelled" %}</span>{% endif %}
  </p>
  {% with hubs=event.organiser_hubs.all bodies=event.organiser_bodies.all %}{% if hubs or bodies %}<p class="meta">{% translate "Organised by" %} {% for hub in hubs %}{{ hub.name|user_text }}{% if not forloop.last or bodies %}{% translate ", " %}{% endif %}{% endfor %}{% for body in bodies %}{{ body.name|user_text }}{% if not forloop.last %}{% translate ", " %}{% endif %}{% endfor %}</p>{% endif %}{% endwith %}
</li>
"""


def _render(source, events):
    return (
        engines["django"].from_string(f"{{% for event in events %}}{source}|{{% endfor %}}").render({"events": events})
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_event_row_is_the_old_include_byte_for_byte(platform_admin, hub, other_hub, language):
    bodies = [LocalBodyFactory(name_ar="بيتا", name_en="Beita"), LocalBodyFactory(name_ar="سلفيت <ب>", name_en="")]
    organisers = [((), ()), ((hub,), ()), ((), bodies[:1]), ((hub, other_hub), bodies), ((hub,), bodies[1:])]
    made = []
    for index, (hubs, named) in enumerate(organisers):
        for visibility in Event.Visibility.values:
            make_hubs = hubs or ((hub,) if visibility == Event.Visibility.MEMBERS else ())
            made.append(
                make_event(
                    platform_admin,
                    hubs=make_hubs,
                    bodies=named,
                    visibility=visibility,
                    days=index + 1,
                    tz=("Asia/Hebron", "Africa/Tripoli")[index % 2],
                    city=("", "رام الله", "Ramallah & <Bireh>")[index % 3],
                    online_url="https://meet.example.org/day" if index % 3 != 1 else "",
                    name_en="Learning day <1>" if index % 2 else "",
                    type=Event.Type.values[index % 3],
                    mode=(Event.Mode.ONLINE, Event.Mode.IN_PERSON, Event.Mode.HYBRID)[index % 3],
                )
            )
    Event.objects.filter(pk__in=[event.pk for event in made[::4]]).update(status=Event.Status.CANCELLED)
    events = list(
        Event.objects.filter(pk__in=[event.pk for event in made]).prefetch_related("organiser_hubs", "organiser_bodies")
    )
    with translation.override(language):
        old = _render(OLD_ITEM, events)
        new = _render("{% load events_tags %}{% event_item event %}", events)
    assert new == old
    assert old.count("badge cancelled") == len(made[::4])
    assert old.count('<p class="meta">') == len(events) + sum(
        1 for event in events if event.organiser_hubs.all() or event.organiser_bodies.all()
    )
