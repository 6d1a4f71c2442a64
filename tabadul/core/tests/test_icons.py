"""The icon tag ({% icon %}, core/templatetags/icons.py): valid inline SVG, hidden from assistive technology, drawn
in the text's colour; directional icons mirror in right-to-left; an unknown name is an error."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.template import Context, Template, TemplateSyntaxError

import tabadul

ROOT = Path(tabadul.__file__).parent


def _render(source: str) -> str:
    return Template("{% load icons %}" + source).render(Context())


@pytest.mark.parametrize("name", ["calendar", "users", "magnifying-glass", "check-circle", "bars-3"])
def test_an_icon_is_valid_inline_svg_hidden_and_in_current_colour(name):
    html = _render(f'{{% icon "{name}" %}}')
    svg = ElementTree.fromstring(html)  # well-formed XML, one element
    assert svg.tag == "svg" and "xmlns" not in html
    assert svg.get("aria-hidden") == "true" and svg.get("focusable") == "false"
    assert svg.get("class").split()[0] == "icon"
    assert svg.get("viewBox") == "0 0 24 24"
    assert svg.get("stroke") == "currentColor"
    assert len(svg.findall("path")) >= 1
    assert "<script" not in html and "\n" not in html


def test_solid_icons_fill_with_current_colour_and_extra_classes_are_kept():
    svg = ElementTree.fromstring(_render('{% icon "check-circle" solid=True class="icon-lg" %}'))
    assert svg.get("fill") == "currentColor"
    assert svg.get("class") == "icon icon-lg"


@pytest.mark.parametrize(
    ("name", "mirrored"),
    [("arrow-left", True), ("chevron-right", True), ("arrow-long-right", True), ("calendar", False), ("clock", False)],
)
def test_icons_that_point_mirror_in_right_to_left(name, mirrored):
    svg = ElementTree.fromstring(_render(f'{{% icon "{name}" %}}'))
    assert ("icon-mirror" in svg.get("class").split()) is mirrored


@pytest.mark.parametrize("source", ['{% icon "no-such-icon" %}', '{% icon "../solid/home" %}', '{% icon "" %}'])
def test_an_unknown_icon_is_refused(source):
    with pytest.raises(TemplateSyntaxError):
        _render(source)


def test_unexpected_arguments_and_unsafe_classes_are_refused():
    with pytest.raises(TemplateSyntaxError):
        _render('{% icon "home" onload="x" %}')
    with pytest.raises(TemplateSyntaxError):
        _render('{% icon "home" class="a\\" onload=\\"x" %}')


def test_every_icon_named_in_a_template_exists():
    """A typo in a template's icon name fails here rather than on the page that renders it."""
    import re

    named = set()
    for path in ROOT.rglob("templates/**/*.html"):
        named |= set(re.findall(r'{%\s*icon\s+"([^"]+)"', path.read_text()))
    for name in sorted(named):
        _render(f'{{% icon "{name}" %}}')
