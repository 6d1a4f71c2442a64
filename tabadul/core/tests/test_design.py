"""The design system (docs/design.md): colour tokens readable as WCAG 2.2 AA asks, computed from the stylesheet;
the living page /design/ only with DEBUG, showing every component in Arabic and English."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

import tabadul
from tabadul.core import design, views

ROOT = Path(tabadul.__file__).parent


def test_the_contrast_formula():
    assert round(design.contrast("#000", "#fff"), 1) == 21.0
    assert design.contrast("#777", "#777") == 1
    assert round(design.contrast("#767676", "#fff"), 2) == 4.54  # the classic lightest grey that passes


def test_the_tokens_are_read_from_the_stylesheet():
    tokens = design.tokens()
    assert tokens["brand"] == "#0b6e4f" and tokens["card"] == "#ffffff"
    assert len(tokens) >= 20


@pytest.mark.parametrize("pair", design.PAIRS, ids=lambda pair: f"{pair.foreground}-on-{pair.background}")
def test_each_pair_reaches_its_minimum(pair):
    tokens = design.tokens()
    ratio = design.contrast(tokens[pair.foreground], tokens[pair.background])
    assert ratio >= pair.minimum, f"{pair.foreground} on {pair.background}: {ratio:.2f} < {pair.minimum} ({pair.use})"


def test_every_colour_token_is_in_a_checked_pair():
    """A new colour token fails here until the pair it is used in is written down (and checked above)."""
    named = {pair.foreground for pair in design.PAIRS} | {pair.background for pair in design.PAIRS}
    assert set(design.tokens()) - named == set()


def test_text_pairs_need_four_and_a_half_and_graphics_three():
    assert {pair.minimum for pair in design.PAIRS} <= {design.TEXT, design.GRAPHIC, 1.0}
    assert [pair for pair in design.PAIRS if pair.minimum == 1.0] == [
        design.Pair("line", "line", 1.0, "decorative borders: no minimum (never the only edge of a control)")
    ]


def test_no_web_font_is_downloaded():
    """Pages stay light: the fonts are the system's (docs/design.md, Fonts); no @font-face, no other host."""
    for path in ROOT.rglob("static/**/*.css"):
        css = path.read_text()
        assert "@font-face" not in css and "@import" not in css, path
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), path


# --- The living page --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_design_page_is_not_there_without_debug(client, settings):
    assert settings.DEBUG is False
    with pytest.raises(NoReverseMatch):
        reverse("core:design")
    assert client.get("/design/").status_code == 404
    assert client.get("/en/design/").status_code == 404
    request = RequestFactory().get("/design/")
    request.user = AnonymousUser()
    with pytest.raises(views.Http404):
        views.design_system(request)


def _render_design_page(language: str) -> str:
    request = RequestFactory().get("/en/design/" if language == "en" else "/design/")
    request.user = AnonymousUser()
    with override_settings(DEBUG=True), translation.override(language):
        response = views.design_system(request)
    assert response.status_code == 200
    return response.content.decode()


def test_every_specimen_template_is_a_component():
    """A new specimen under templates/core/design/ must be listed in design.COMPONENTS (or be the type specimen)."""
    files = {path.stem for path in (ROOT / "templates" / "core" / "design").glob("*.html")}
    assert files == {part.slug for part in design.COMPONENTS} | {"type"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_design_page_shows_every_component_in_arabic_and_english(language):
    html = _render_design_page(language)
    for part in design.COMPONENTS:
        section = re.search(
            rf'<section class="design-component" aria-labelledby="c-{part.slug}">(.*?)</section>', html, re.S
        )
        assert section, part.slug
        assert section.group(1).count('<div lang="ar" dir="rtl" class="design-specimen">') == 1, part.slug
        assert section.group(1).count('<div lang="en" dir="ltr" class="design-specimen">') == 1, part.slug
    for pair in design.PAIRS:
        assert f"<code>--{pair.foreground}</code>" in html
    assert "style=" not in html  # the content security policy allows no inline style


# --- Tables become stacked cards on a phone ------------------------------------------------------------------------

# Tables that stay tables on a phone (a grid read across both ways), scrolling inside .table-wrap.
GRIDS = {
    "events/templates/events/event_month.html": "a month calendar",
    "events/templates/events/course_detail.html": "attendance: people by sessions",
}


def _tables():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for table in re.findall(r"<table\b.*?</table>", path.read_text(), re.S):
            yield str(path.relative_to(ROOT)), table


def test_every_data_cell_is_labelled_for_the_phone_layout():
    """Each <td> carries data-label (its column's heading), shown above the value when the row becomes a card."""
    unlabelled = []
    for name, table in _tables():
        if name in GRIDS:
            continue
        for cell in re.findall(r"<td\b[^>]*>", table):
            if "data-label=" not in cell:
                unlabelled.append(f"{name}: {cell}")
    assert unlabelled == []


def test_the_grids_are_still_tables():
    names = {name for name, _table in _tables()}
    assert set(GRIDS) <= names  # a grid that went away leaves this list


def test_labelled_cells_keep_the_page_direction():
    """A cell's label sits at the start of the line, so the cell keeps the page's direction: a left-to-right value
    goes in an inner <bdi dir="ltr"> (a dir on the cell would move the label to the other side in Arabic)."""
    offenders = [
        f"{name}: {cell}"
        for name, table in _tables()
        for cell in re.findall(r"<td\b[^>]*>", table)
        if "data-label=" in cell and re.search(r"\sdir=", cell)
    ]
    assert offenders == []
