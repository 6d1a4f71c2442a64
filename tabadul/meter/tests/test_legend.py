# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""The status legend is made by `{% status_legend %}` from parts made once per language (issue 22) and prints what the
inclusion of meter/_legend.html printed: byte for byte, in both languages, without counts and with any counts."""

from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from .. import schedule

OLD_LEGEND = '{% load i18n icons %}<div class="status-legend">\n  <p class="status-legend-title">{% translate "What the colours mean" %}</p>\n  <dl>\n    {% for status, count in statuses %}<div>\n      <dt><span class="status status-{{ status.key }}">{% icon status.icon solid=True %}<span>{{ status.label }}</span></span>{% if counted %} <span class="status-count">{{ count|default:0 }}</span>{% endif %}</dt>\n      <dd>{{ status.meaning }}</dd>\n    </div>{% endfor %}\n    <div>\n      <dt><span class="legend-tick" aria-hidden="true"></span> {% translate "Dark tick" %}</dt>\n      <dd>{% translate "What the schedule expects by today." %}</dd>\n    </div>\n  </dl>\n</div>\n'


def _old(items) -> str:
    by_key = {status.key: count for status, count in schedule.status_counts(items or [])}
    context = {
        "statuses": [(status, by_key.get(status.key, 0)) for status in schedule.STATUSES],
        "counted": items is not None,
    }
    return engines["django"].from_string(OLD_LEGEND).render(context)


def _new(items) -> str:
    source = (
        "{% load meter_status %}{% status_legend %}"
        if items is None
        else "{% load meter_status %}{% status_legend items=items %}"
    )
    return engines["django"].from_string(source).render({"items": items})


# (achievement, expected): done, behind, not started, on track
SHAPES = [(100, 50), (10, 80), (0, 0), (60, 50)]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("counts", [None, (), (1, 0, 0, 0), (0, 3, 0, 2), (2, 1, 1, 1234)])
def test_the_legend_is_the_old_include_byte_for_byte(language, counts):
    items = None
    if counts is not None:
        items = [
            SimpleNamespace(achievement=a, expected=e)
            for (a, e), n in zip(SHAPES, counts, strict=False)
            for _ in range(n)
        ]
    with translation.override(language):
        assert _new(items) == _old(items)
        assert _new(items).count('class="status-count"') == (0 if counts is None else len(schedule.STATUSES))
