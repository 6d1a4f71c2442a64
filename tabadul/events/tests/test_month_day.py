# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""A day of the month grid is made in one tag (issue 22) and prints what `events/event_month.html` printed for it.

The grid's nodes for a region's month (124 events shown, 31 "N more events" links) were 12 ms of the page at 10,000
bodies. The old template is kept here as the reference: each day must be the same HTML, byte for byte, in both
languages, with no event, a few, and more than the grid shows.
"""

import pytest
from django.template import engines
from django.utils import translation

from tabadul.events import selectors
from tabadul.events.models import Event

from .conftest import make_event, soon

OLD_DAY = """{% load i18n tz formats bidi %}{% if cell.events %}<ul>{% for event in cell.events %}<li><a href="{{ event.get_absolute_url }}">{% timezone event.time_zone %}{{ event.starts_at|clock:event }}{% endtimezone %} {{ event.name|user_text }}</a></li>{% endfor %}</ul>{% endif %}
      {% if cell.more %}<a class="more" href="{{ list_url }}?when=all&amp;day={{ cell.date|date:'Y-m-d' }}">{% blocktranslate count counter=cell.more %}{{ counter }} more event{% plural %}{{ counter }} more events{% endblocktranslate %}</a>{% endif %}"""
NEW_DAY = "{% load events_tags %}{% month_day cell list_url %}"


def _render(source, days):
    template = engines["django"].from_string(
        f"{{% for week in weeks %}}{{% for cell in week %}}{source}|{{% endfor %}}{{% endfor %}}"
    )
    return template.render({"weeks": days, "list_url": "/en/events/"})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_day_of_the_month_is_the_old_template_byte_for_byte(platform_admin, language):
    # Five events on one day (one more than the grid shows), six on another (two more), one on a third, in two zones.
    for days, count in ((3, 5), (4, 6), (5, 1)):
        for index in range(count):
            make_event(
                platform_admin,
                days=days,
                tz=("Asia/Hebron", "Africa/Tripoli")[index % 2],
                name_ar=f"يوم تعليمي {index}",
                name_en=f"Learning day <{index}>" if index % 2 else "",
            )
    day = soon(days=4).date()
    view = selectors.month_view(events=Event.objects.all(), year=day.year, month=day.month)
    with translation.override(language):
        old, new = _render(OLD_DAY, view.weeks), _render(NEW_DAY, view.weeks)
    assert new == old
    assert 'class="more"' in old and "<ul>" in old
