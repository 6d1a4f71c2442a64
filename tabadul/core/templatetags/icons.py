"""Icons: Heroicons (MIT, by the makers of Tailwind CSS), installed from PyPI with the `heroicons` package and
inlined as SVG, so a page makes no extra request and the icon takes the colour of its text.

    {% load icons %}
    {% icon "calendar" %}                      → <svg class="icon" aria-hidden="true" focusable="false" …>
    {% icon "check-circle" solid=True %}       → the filled variant, for status badges
    {% icon "users" class="icon-lg" %}         → an extra class (sizes: icon-sm, icon-lg, icon-xl; docs/design.md)

Icons are decoration beside a text that says the same thing: they are hidden from assistive technology
(aria-hidden) and never the only content of a link or a button. Their size comes from CSS (`.icon` is 1.25em), so
they follow the text around them; the width and height attributes are only a fallback where no stylesheet applies.
Icons that point (arrows, chevrons) get `icon-mirror` and turn round in right-to-left pages; icons of real things
(a calendar, a clock, a check mark) never do. An unknown name is an error at render time, never a silent gap.
The names are those of heroicons.com (outline style, 24 px grid, 1.5 px stroke).
"""

import functools
import re

import heroicons
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Icons whose meaning has a direction along the line: mirrored in right-to-left pages (by CSS, .icon-mirror).
_POINTING = re.compile(r"(^|-)(arrow|chevron|arrows|backward|forward)(-|$)|(^|-)(left|right)(-|$)")
_CLASS = re.compile(r"^[a-z0-9 _-]*$")


class UnknownIcon(template.TemplateSyntaxError):
    pass


@register.simple_tag
def icon(name: str, *, solid: bool = False, **attrs) -> str:
    """The named Heroicon as inline SVG, hidden from assistive technology and drawn in the current colour."""
    extra = str(attrs.pop("class", "") or "")
    if attrs:
        raise template.TemplateSyntaxError(f"icon: unexpected arguments {sorted(attrs)}")
    if not _CLASS.match(extra):
        raise template.TemplateSyntaxError(f"icon: invalid class {extra!r}")
    classes = ["icon"]
    if _POINTING.search(str(name)):
        classes.append("icon-mirror")
    if extra.strip():
        classes.append(extra.strip())
    return mark_safe(_svg("solid" if solid else "outline", str(name), " ".join(classes)))  # noqa: S308 - see _svg


# Rendering an icon parses, copies and serialises its SVG with ElementTree (heroicons._render_icon): about a fifth
# of an uncached Meter plan page (issue 22, docs/performance.md) for some 30 icons of the header and badges. The
# result depends only on these three arguments, so each is made once per process. An unknown name raises (and is
# not remembered).
@functools.lru_cache(maxsize=1024)
def _svg(style: str, name: str, classes: str) -> str:
    try:
        svg = heroicons._render_icon(style, name, 20, {"class": classes, "aria-hidden": "true", "focusable": "false"})
    except heroicons.IconDoesNotExist as error:
        raise UnknownIcon(f"icon: no icon named {name!r} in Heroicons") from error
    return re.sub(r">\s+<", "><", svg)  # the SVG comes from the installed package
