"""Phone first (issue 18, item 6): the filters of every list page sit in a disclosure ({% filter_panel %}), so on a
phone the results come first and the filters take one line, "Filters (2 active)", until opened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
# Forms of the filters component that are not the filters of a list, each with its reason.
NOT_A_LIST = {
    "programmes/templates/programmes/programme_detail.html": "the period of a programme's figures, one choice",
}
FILTER_FORM = re.compile(r"""<form\b[^>]*\bclass=["'][^"']*\bfilters\b[^>]*>""", re.IGNORECASE)
IN_PANEL = re.compile(r"\{%\s*filter_panel\b[^%]*%\}\s*(<form\b[^>]*>)", re.IGNORECASE)


def test_every_filter_form_of_a_list_page_sits_in_the_filter_disclosure():
    """Every form of the filters component (`<form class="filters">`, docs/design.md) in every template."""
    unwrapped, found = [], 0
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("search/templates/") or relative in NOT_A_LIST:
            continue  # the search page's facets have their own layout (search/templates)
        text = path.read_text()
        wrapped = IN_PANEL.findall(text)
        for tag in FILTER_FORM.findall(text):
            found += 1
            if tag not in wrapped:
                unwrapped.append(f"{relative}: {tag}")
    assert found >= 10, "too few filter forms found: has the component's class changed?"
    assert unwrapped == [], "filter forms outside {% filter_panel %}:\n" + "\n".join(unwrapped)


class _Filters(forms.Form):
    q = forms.CharField(required=False)
    year = forms.IntegerField(required=False)
    kind = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])


PANEL = Template('{% load filter_panel %}{% filter_panel form %}<form class="filters"></form>{% endfilter_panel %}')


def _render(query: str, **context) -> str:
    request = RequestFactory().get("/list/?" + query)
    with translation.override("en"):
        return PANEL.render(Context({"request": request, **context}))


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("", "<span>Filters</span>"),
        ("page=2", "<span>Filters</span>"),
        ("q=water&page=2", "<span>Filters (1 active)</span>"),
        ("q=water&year=2024&kind=a&kind=b", "<span>Filters (3 active)</span>"),
        ("q=+&year=", "<span>Filters</span>"),
    ],
)
def test_the_summary_counts_the_filters_set(query, summary):
    form = _Filters(QueryDict(query))
    html = _render(query, form=form)
    assert summary in html
    assert html.startswith('<details class="filter-panel">')  # closed: the results come first on a phone
    assert '<form class="filters"></form>' in html


def test_the_disclosure_is_open_when_a_filter_is_wrong_and_counts_the_query_without_a_form():
    form = _Filters(QueryDict("year=soon"))
    assert _render("year=soon", form=form).startswith('<details class="filter-panel" open>')
    assert "<span>Filters (1 active)</span>" in _render("period=2025&page=3", form=None)


def test_the_wide_screen_shows_the_filters_without_the_summary():
    css = (ROOT / "static/css/tabadul.css").read_text()
    wide = re.search(r"@media \(width > 40rem\) \{(.*?)\n\}", css, re.S)
    assert wide and ".filter-panel > summary { display: none; }" in wide.group(1)
    assert ".filter-panel::details-content { content-visibility: visible; display: contents; }" in wide.group(1)
