"""People's text in sentences built in Python (core/bidi.py, issue 18 item 5): marked like `|user_text`, escaped
once, and Arabic marked only on English pages."""

import ast
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape

from tabadul.core.bidi import sentence, user_text
from tabadul.core.work import WorkItem

APPS = Path(__file__).resolve().parents[2]


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


def test_a_work_item_title_is_marked_unless_already_marked_up():
    with translation.override("en"):
        assert WorkItem("خطة & ب", "/").title_html == '<bdi lang="ar" dir="rtl">خطة &amp; ب</bdi>'
        marked = sentence("Proposed by %(hub)s", hub="مركز")
        assert WorkItem(marked, "/").title_html == 'Proposed by <bdi lang="ar" dir="rtl">مركز</bdi>'


def _formatted_by_hand(node) -> bool:
    """An f-string, a `%` or a `+` of strings: a sentence built around people's text without marking it."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    return isinstance(node, ast.Tuple) and any(_formatted_by_hand(element) for element in node.elts)


@pytest.mark.parametrize("path", sorted(APPS.glob("*/work.py")), ids=lambda path: path.parent.name)
def test_no_work_item_puts_people_s_text_into_a_sentence_built_by_hand(path):
    """Every app's "my work" items (each `work.py`): a title or detail mixing the interface's words with a name is
    built with `sentence()` / `format_html()` and `user_text()`, or as a tuple of parts, never with an f-string, `%`
    or `+` (the whole would be marked as people's text, English words and all; issue 18, item 5). Interface words
    alone go through `escape()`."""
    tree = ast.parse(path.read_text())
    offences = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "WorkItem":
            shown = [node.args[i] for i in (0, 2) if i < len(node.args)]
            shown += [keyword.value for keyword in node.keywords if keyword.arg in ("title", "detail")]
            offences += [f"{path.parent.name}/work.py:{arg.lineno}" for arg in shown if _formatted_by_hand(arg)]
    assert not offences, offences
