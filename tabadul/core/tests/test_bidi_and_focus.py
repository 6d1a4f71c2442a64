"""Small defects of issue 17 (item 12), each kept fixed as a class: numbers and Latin text isolated inside Arabic,
a focus ring people can see on every surface, aria-current on every section of the main navigation."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

import tabadul
from tabadul.core.context_processors import PARTS, SECTIONS
from tabadul.core.design import contrast
from tabadul.hubs.models import WorkPlan
from tabadul.hubs.tests.conftest import make_hub

ROOT = Path(tabadul.__file__).parent

# --- Ranges and Latin runs inside Arabic -----------------------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load bidi %}" + source).render(Context(context))


def test_a_range_of_numbers_is_one_left_to_right_isolate():
    assert _render("{% range a b %}", a=2019, b=2020) == '<bdi dir="ltr">2019\u20132020</bdi>'
    assert _render("{% range a b %}", a="2019", b="") == '<bdi dir="ltr">2019</bdi>'


def test_a_range_of_arabic_dates_isolates_each_end():
    assert _render("{% range a b %}", a="1 مايو 2024", b="3 يونيو 2024") == (
        "<bdi>1 مايو 2024</bdi> \u2013 <bdi>3 يونيو 2024</bdi>"
    )


def test_latin_runs_are_isolated_and_escaped():
    assert _render("{{ v|ltr }}", v="info@salfit.ps") == '<bdi dir="ltr">info@salfit.ps</bdi>'
    assert _render("{{ v|ltr }}", v="<b>x</b>") == '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi>'
    assert _render("{% range a b %}", a="<i>", b="2") == '<bdi dir="ltr">&lt;i&gt;\u20132</bdi>'


@pytest.mark.django_db
def test_the_hub_page_in_arabic_prints_the_plan_years_as_one_isolated_range(client):
    hub = make_hub("bidi-hub")
    WorkPlan.objects.create(hub=hub, starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31))
    with translation.override("ar"):
        url = hub.get_absolute_url()
    assert not url.startswith("/en/")
    html = client.get(url).content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert '<bdi dir="ltr">2019\u20132020</bdi>' in html
    assert html.count("2019\u20132020") == 1  # nowhere without its isolate


# Every template that prints two values joined by a dash (a range) in running text uses {% range %} or sits in a
# dir="ltr" element; a new one without either fails here.
RANGE_BY_HAND = re.compile(r"\}\}\s*(?:\u2013|&ndash;)\s*\{\{")


def test_no_template_prints_a_range_by_hand():
    offenders = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in RANGE_BY_HAND.finditer(line):
                before = line[: match.start()]
                if before.rfind('dir="ltr"') > before.rfind("</"):  # inside a left-to-right element
                    continue
                if "{% blocktranslate" in before and "{% endblocktranslate" not in before:
                    continue  # the translator writes the range; the values are dates in the line's language
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


# --- The focus ring ---------------------------------------------------------------------------------------------

CSS = (ROOT / "static" / "css" / "tabadul.css").read_text()


def _property(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{3,6}})", CSS).group(1)


def test_the_contrast_formula():
    assert round(contrast("#000", "#fff"), 1) == 21.0 and contrast("#777", "#777") == 1
    assert round(contrast("#f2a541", "#f7f8f6"), 1) == 1.9  # the old ring on the page: the defect


# The surfaces a focused control sits on or is: page, cards and inputs, the header band and primary buttons,
# secondary and danger buttons.
SURFACES = {
    "page": _property("bg"),
    "card / input": _property("card"),
    "header / button": _property("brand"),
    "header link hover": _property("brand-dark"),
    "secondary button": "#e4e9ec",
    "danger button": _property("bad"),
}


def test_the_focus_ring_is_drawn_with_its_halo():
    rule = re.search(r"a:focus-visible[^{]*\{([^}]*)\}", CSS).group(1)
    assert "outline: 3px solid var(--focus)" in rule and "box-shadow: 0 0 0 2px var(--focus-halo)" in rule


@pytest.mark.parametrize("surface", SURFACES)
def test_the_focus_ring_has_3_to_1_against_every_surface(surface):
    """The ring itself stands out from the page and cards; on dark surfaces its light halo does (WCAG C40)."""
    ring, halo, background = _property("focus"), _property("focus-halo"), SURFACES[surface]
    assert contrast(ring, halo) >= 3
    assert max(contrast(ring, background), contrast(halo, background)) >= 3, surface
    if surface in ("page", "card / input"):
        assert contrast(ring, background) >= 3, surface


# --- aria-current on every section of the main navigation -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", [url_name for _key, _label, url_name in PARTS + SECTIONS])
def test_each_main_section_marks_its_own_link_current(client, platform_admin, url_name):
    client.force_login(platform_admin)  # some sections are for signed-in people
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200, url_name
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    current = re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', nav)
    assert current == [url], (url_name, current)
