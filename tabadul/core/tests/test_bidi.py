"""People's text in sentences built in Python (core/bidi.py, issue 18 item 5): marked like `|user_text`, escaped
once, and Arabic marked only on English pages."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape

from tabadul.core.bidi import sentence, user_text
from tabadul.core.work import WorkItem


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'Remove <bdi lang="ar" dir="rtl">سامر &amp; &lt;b&gt;</bdi> from <bdi>A &amp; B</bdi> (40%)'),
        ("ar", "Remove <bdi>سامر &amp; &lt;b&gt;</bdi> from <bdi>A &amp; B</bdi> (40%)"),
    ],
)
def test_a_sentence_marks_each_name_and_escapes_once(language, expected):
    with translation.override(language):
        built = sentence(
            "Remove %(person)s from %(body)s (%(percent)d%%)", person="سامر & <b>", body="A & B", percent=40
        )
    assert built == expected


def test_the_sentence_itself_is_escaped_and_safe_values_are_kept():
    with translation.override("en"):
        built = sentence("<b>%(role)s</b> & %(name)s", role=escape("Deputy & co"), name="منى")
    assert built == '&lt;b&gt;Deputy &amp; co&lt;/b&gt; &amp; <bdi lang="ar" dir="rtl">منى</bdi>'


def test_the_filter_and_the_function_are_one_way():
    with translation.override("en"):
        rendered = Template("{% load bidi %}{{ name|user_text }}").render(Context({"name": "بلدية & <x>"}))
        assert rendered == user_text("بلدية & <x>") == '<bdi lang="ar" dir="rtl">بلدية &amp; &lt;x&gt;</bdi>'
        # A sentence rendered in a template is not escaped a second time.
        title = sentence("Delete “%(title)s”", title="R&D")
        assert Template("{{ title }}|{{ title|striptags }}").render(Context({"title": title})) == (
            "Delete “<bdi>R&amp;D</bdi>”|Delete “R&amp;D”"
        )


def test_a_work_item_detail_marks_plain_parts_and_keeps_marked_ones():
    with translation.override("en"):
        item = WorkItem("t", "/", ("منصة & ب", escape("Answered & done")))
        assert item.detail_html == '<bdi lang="ar" dir="rtl">منصة &amp; ب</bdi> — Answered &amp; done'
        assert WorkItem("t", "/", "Beita").detail_html == "<bdi>Beita</bdi>"
        assert WorkItem("t", "/").detail_html == ""
