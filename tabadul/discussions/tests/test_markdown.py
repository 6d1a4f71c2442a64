"""Markdown renders a small safe subset; anything active (scripts, frames, handlers, script URLs) is inert."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabadul.core.tests.offsite import leads_off_site
from tabadul.discussions.markdown import render_markdown

DANGEROUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="steal()">click</a>',
    '<div onmouseover="alert(1)">hover</div>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(document.cookie))",
    "[click](vbscript:msgbox(1))",
    "[pic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)>",
    '<object data="evil.swf"></object><embed src="evil.swf">',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
]

# Link targets that look like paths but lead elsewhere: browsers read "/\" and "\/" like "//" and drop tabs.
OFF_SITE = [
    "[x](/\\evil.example)",
    "[x](\\/evil.example)",
    "[x](\\\\evil.example)",
    "[x](/%5Cevil.example)",
    "[x](/%5cevil.example/path)",
    "[x](/%2F/evil.example)",
    "[x](/\t/evil.example)",
    "[x](//evil.example)",
    "[x](///evil.example)",
    "[x](java\tscript:alert(1))",
    "[x](/\x01/evil.example)",
    "[x](/\u200f/evil.example)",
    "[x](https:evil.example)",
]


def _unsafe_link(href: str) -> bool:
    """An address elsewhere is fine when it says so (http(s), mailto); anything else must stay on the site."""
    if re.match(r"^(https?://[^/\\\s]|mailto:)", href, re.I):
        return False
    return leads_off_site(href)


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text, even "<script>" as text, is inert)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def active_parts(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.tags:
        if tag not in {"p", "br", "em", "strong", "a", "ul", "ol", "li", "code", "pre"}:
            problems.append(f"element {tag}")
        for name, value in attrs.items():
            if name.startswith("on") or name not in {"href", "title", "rel"}:
                problems.append(f"attribute {name}")
            if name == "href" and _unsafe_link(value or ""):
                problems.append(f"link {value}")
    return problems


@pytest.mark.parametrize("source", DANGEROUS + OFF_SITE)
def test_dangerous_input_renders_inert(source):
    html = render_markdown(source)
    assert active_parts(html) == [], html


@pytest.mark.parametrize("source", OFF_SITE)
def test_a_link_that_would_leave_the_site_is_not_a_link(source):
    html = render_markdown(source)
    assert "<a" not in html and "x" in html, html


@pytest.mark.parametrize("target", ["/hubs/", "/discussions/threads/3/#post-9", "#post-9", "/search/?q=%D8%A8"])
def test_links_on_the_site_stay_links(target):
    assert render_markdown(f"[x]({target})") == f'<p><a href="{target}" rel="nofollow noopener">x</a></p>'


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown("<script>alert(1)</script>")
    assert "&lt;script&gt;" in html
    assert "<script" not in html


def test_event_handler_text_is_defused():
    html = render_markdown('<img src=x onerror="alert(1)"> and <b onclick=go()>x</b>')
    assert "onerror=" not in html and "onclick=" not in html
    assert "onerror&#61;" in html


def test_javascript_link_keeps_its_label_without_the_link():
    html = render_markdown("[اضغط هنا](javascript:alert(1))")
    assert "<a" not in html and "اضغط هنا" in html


def test_markdown_subset():
    html = render_markdown(
        "**مهم** و *مائل* و `code`\n\n- أول\n- ثاني\n\n1. واحد\n2. اثنان\n\n[موقع](https://example.org)\n\n```\n<b>x</b>\n```"
    )
    assert "<strong>مهم</strong>" in html and "<em>مائل</em>" in html and "<code>code</code>" in html
    assert "<ul><li>أول</li><li>ثاني</li></ul>" in html
    assert "<ol><li>واحد</li><li>اثنان</li></ol>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">موقع</a>' in html
    assert "<pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>" in html


TOKENS = list("<>\"'=/\\:;()[]`*_-#&%! \t\n") + [
    "script",
    "on",
    "onerror",
    "javascript",
    "iframe",
    "a",
    "href",
    "img",
    "ب",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_any_input_renders_inert(source):
    html = render_markdown(source)
    assert active_parts(html) == [], (source, html)


def test_the_checker_itself_catches_active_markup():
    assert active_parts('<img src=x onerror="alert(1)">') == ["element img", "attribute src", "attribute onerror"]
    assert active_parts('<a href="javascript:alert(1)">x</a>') == ["link javascript:alert(1)"]
    assert active_parts('<a href="/\\evil.example">x</a>') == ["link /\\evil.example"]
    assert active_parts('<a href="/hubs/">x</a>') == []
    assert active_parts("&lt;script&gt;") == []
