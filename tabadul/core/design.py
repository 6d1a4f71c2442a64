"""The design system's colour tokens, read from tabadul.css, and the pairs that must stay readable (docs/design.md).

Every colour token of the stylesheet's :root is named in at least one pair below (core/tests/test_design.py fails on
a token without one), and each pair's contrast, computed with the WCAG 2 formula, must reach its minimum:
4.5:1 for text, 3:1 for control borders, focus rings and fills that carry meaning (status colours in charts).
The living page /design/ (DEBUG only) shows the same table.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

CSS_PATH = Path(__file__).resolve().parents[1] / "static" / "css" / "tabadul.css"

TEXT = 4.5
GRAPHIC = 3.0


@dataclass(frozen=True)
class Pair:
    foreground: str
    background: str
    minimum: float
    use: str


# (foreground token, background token, minimum, where the pair is used)
PAIRS = [
    Pair("ink", "bg", TEXT, "text on the page"),
    Pair("ink", "card", TEXT, "text on cards and inputs"),
    Pair("ink", "surface-2", TEXT, "table headings"),
    Pair("ink", "accent", TEXT, "the waiting count in the header"),
    Pair("muted", "bg", TEXT, "secondary text on the page"),
    Pair("muted", "card", TEXT, "secondary text on cards"),
    Pair("muted", "surface-2", TEXT, "secondary text in table headings"),
    Pair("link", "bg", TEXT, "links on the page"),
    Pair("link", "card", TEXT, "links on cards"),
    Pair("on-brand", "brand", TEXT, "header text, primary buttons"),
    Pair("on-brand", "brand-dark", TEXT, "header hover, current section"),
    Pair("brand-dark", "brand-tint", TEXT, "card icons"),
    Pair("on-brand", "bad", TEXT, "danger buttons"),
    Pair("neutral-text", "neutral-tint", TEXT, "neutral badges"),
    Pair("ok-text", "ok-tint", TEXT, "status: done, on track"),
    Pair("warn-text", "warn-tint", TEXT, "status: behind, waiting"),
    Pair("bad-text", "bad-tint", TEXT, "status: late, refused; error text"),
    Pair("info-text", "info-tint", TEXT, "status: information"),
    Pair("bad-text", "card", TEXT, "error messages"),
    Pair("control", "card", GRAPHIC, "input and secondary button borders"),
    Pair("control", "bg", GRAPHIC, "progress bar outline on the page"),
    Pair("focus", "bg", GRAPHIC, "focus ring on the page"),
    Pair("focus", "card", GRAPHIC, "focus ring on cards and inputs"),
    Pair("focus-halo", "brand", GRAPHIC, "focus halo on the header"),
    Pair("ok", "card", GRAPHIC, "fill: done, on track"),
    Pair("warn", "card", GRAPHIC, "fill: behind"),
    Pair("bad", "card", GRAPHIC, "fill: late; error summary border"),
    Pair("info", "card", GRAPHIC, "fill: information"),
    Pair("brand", "card", GRAPHIC, "fill: progress"),
    Pair("brand", "surface-2", GRAPHIC, "progress fill on its track"),
    Pair("line", "line", 1.0, "decorative borders: no minimum (never the only edge of a control)"),
]


@cache
def tokens() -> dict[str, str]:
    """{name: "#rrggbb"} of every colour custom property in the stylesheet's first :root block."""
    root = re.search(r":root\s*\{(.*?)\n\}", CSS_PATH.read_text(), re.S).group(1)
    return {name: _six(value) for name, value in re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{3,6})\b", root)}


def _six(colour: str) -> str:
    colour = colour.lstrip("#").lower()
    return "#" + ("".join(c * 2 for c in colour) if len(colour) == 3 else colour)


def _luminance(colour: str) -> float:
    colour = _six(colour)[1:]
    channels = []
    for index in (0, 2, 4):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def pair_rows() -> list[dict]:
    """Each pair with its colours and its contrast, for the design page."""
    found = tokens()
    return [
        {
            "pair": pair,
            "foreground": found[pair.foreground],
            "background": found[pair.background],
            "ratio": round(contrast(found[pair.foreground], found[pair.background]), 2),
        }
        for pair in PAIRS
    ]


@cache
def spacing() -> list[dict]:
    """The spacing scale (--space-N) in order, with its size in CSS pixels."""
    root = re.search(r":root\s*\{(.*?)\n\}", CSS_PATH.read_text(), re.S).group(1)
    return [
        {"number": int(number), "value": f"{value}rem", "px": round(float(value) * 16)}
        for number, value in re.findall(r"--space-(\d+):\s*([0-9.]+)rem", root)
    ]


@dataclass(frozen=True)
class Component:
    slug: str
    title: str
    when: str

    @property
    def template(self) -> str:
        return f"core/design/{self.slug}.html"


# The components, in the order of the design page and docs/design.md; each has a specimen template in
# templates/core/design/<slug>.html, shown in Arabic and in English.
COMPONENTS = [
    Component(
        "page_header",
        _("Page header"),
        _(
            "At the top of every page: the title, one line saying what the page is for, "
            "and the actions one can take there."
        ),
    ),
    Component(
        "buttons",
        _("Buttons"),
        _(
            "One primary button per form; secondary for the other choices; "
            "danger only for what cannot be undone, and then a confirmation page."
        ),
    ),
    Component("links", _("Links"), _("Underlined in running text; navigation, cards, tabs and buttons go without.")),
    Component(
        "cards",
        _("Cards with an icon"),
        _("Things of one kind (hubs, plans, events) and the choices on section pages; the whole card is a link."),
    ),
    Component(
        "status",
        _("Status badges"),
        _("The state of a thing: text, a shape and a colour together, never colour alone."),
    ),
    Component(
        "progress",
        _("Progress bars with a legend"),
        _("How far a plan or a project has come: the number is always written, and a legend explains every colour."),
    ),
    Component("tabs", _("Tabs"), _("The sections of one thing (a hub, a plan); the current one is marked.")),
    Component(
        "filter_panel",
        _("Filter panel"),
        _("The filters of a list in a disclosure: on a phone the results come first; open when the form has errors."),
    ),
    Component(
        "table",
        _("Tables"),
        _("Data to compare across rows; on a phone each row becomes a card, each value labelled by its column."),
    ),
    Component("empty", _("Empty state"), _("When a list has nothing yet: say what is missing and what one can do.")),
    Component(
        "error_summary",
        _("Error summary"),
        _("At the top of a form with errors: one link per field; focus moves to it; nothing typed is lost."),
    ),
    Component(
        "confirmation",
        _("Confirmation page"),
        _("After anything a citizen submits: what happened, a reference number, what happens next."),
    ),
    Component("pagination", _("Pagination"), _("Long lists: previous and next, and the position in words.")),
    Component("messages", _("Messages"), _("One short sentence after an action succeeded or failed.")),
]
