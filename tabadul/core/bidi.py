"""People's text inside the interface's (issue 18, item 5): a name, a title or a text someone wrote sits in an
element of its own direction, and Arabic on an English page is marked `lang="ar" dir="rtl"` so that its punctuation
does not flip and screen readers speak it in Arabic. One way for templates (`|user_text`, `{% text_dir %}` in
`core/templatetags/bidi.py`, which call these functions) and for sentences built in Python:

    from tabadul.core.bidi import sentence, user_text
    title = sentence(_("Remove %(person)s from %(body)s"), person=person.display_name, body=body.name)
    line = format_html(_("Welcome, {name}"), name=user_text(user.display_name))

The result is safe HTML (escaped once: "A & <B>" stays "A &amp; &lt;B&gt;"); where a page needs plain text (the
`<title>`, an e-mail subject, a CSV cell) use the plain value, or `|striptags` in a template.
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def is_left_to_right(value) -> bool:
    return not _RIGHT_TO_LEFT.search(str(value))


def arabic_on_english_page(value) -> bool:
    return (translation.get_language() or "").startswith("en") and not is_left_to_right(value)


def user_text(value) -> SafeString | str:
    """A name or text someone wrote, inline: isolated with its own direction (<bdi>, i.e. dir="auto"); Arabic on
    an English page is also marked lang="ar" dir="rtl"."""
    if value in (None, ""):
        return ""
    if arabic_on_english_page(value):
        return format_html('<bdi lang="ar" dir="rtl">{}</bdi>', value)
    return format_html("<bdi>{}</bdi>", value)


def text_dir(value) -> SafeString:
    """The attributes for a block holding someone's text: <p{% text_dir post.body %}>…</p>."""
    if arabic_on_english_page(value):
        return mark_safe(' lang="ar" dir="rtl"')
    return mark_safe(' dir="auto"')


def sentence(message, /, **values) -> SafeString:
    """A translated sentence (a catalogue string with %(name)s placeholders) around people's text: the sentence is
    escaped and each text value goes through `user_text`. Numbers and values already safe (interface text passed
    through `escape()`, or markup) are put in as they are."""
    marked = {
        name: value if isinstance(value, (int, float, SafeData)) else user_text(value) for name, value in values.items()
    }
    return mark_safe(conditional_escape(message) % marked)  # noqa: S308 (the sentence escaped, each value marked)
