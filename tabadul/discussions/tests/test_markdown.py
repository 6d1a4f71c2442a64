"""Markdown renders a small safe subset; anything active (scripts, frames, handlers, script URLs) is inert."""

import re
import time
from html.parser import HTMLParser

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tabadul.core.tests.offsite import leads_off_site
from tabadul.discussions.forms import BODY_HELP
from tabadul.discussions.markdown import LINK_REL, MAX_NESTING, render_markdown

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


# CommonMark reads "\/" as an escaped slash: the target is the path /evil.example on this site, a harmless link.
ESCAPED_SLASH = "[x](\\/evil.example)"


@pytest.mark.parametrize("source", OFF_SITE)
def test_a_link_that_would_leave_the_site_is_not_a_link(source):
    html = render_markdown(source)
    if source == ESCAPED_SLASH:
        assert html == f'<p><a href="/evil.example" rel="{LINK_REL}">x</a></p>'
        return
    assert "<a" not in html and "x" in html, html


@pytest.mark.parametrize("target", ["/hubs/", "/discussions/threads/3/#post-9", "#post-9", "/search/?q=%D8%A8"])
def test_links_on_the_site_stay_links(target):
    assert render_markdown(f"[x]({target})") == f'<p><a href="{target}" rel="nofollow ugc noopener">x</a></p>'


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
    ).replace("\n", "")
    assert "<strong>مهم</strong>" in html and "<em>مائل</em>" in html and "<code>code</code>" in html
    assert "<ul><li>أول</li><li>ثاني</li></ul>" in html
    assert "<ol><li>واحد</li><li>اثنان</li></ol>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">موقع</a>' in html
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


# --- What the help text promises, and nothing more --------------------------------------------------------------

PROMISED = {  # each example of the help text (forms.BODY_HELP) → the element it makes
    "**bold**": "<strong>bold</strong>",
    "*italic*": "<em>italic</em>",
    "[link](https://example.org)": '<a href="https://example.org" rel="nofollow ugc noopener">link</a>',
    "`code`": "<code>code</code>",
    "- one\n- two": "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
    "1. one\n2. two": "<ol>\n<li>one</li>\n<li>two</li>\n</ol>",
    "```\nx = 1\n```": "<pre><code>x = 1\n</code></pre>",
    "line\nnext": "<p>line<br>\nnext</p>",
}


def test_every_feature_of_the_help_text_works():
    with translation.override("en"):
        help_text = str(BODY_HELP)
    for example in ("**bold**", "*italic*", "[link](https://…)", "`code`", "lists with - or 1."):
        assert example in help_text  # the promise this test keeps
    for source, element in PROMISED.items():
        assert element in render_markdown(source), source


NOT_PROMISED = {
    "# heading": "h1",
    "heading\n=======": "h1",
    "> quoted": "blockquote",
    "---": "hr",
    "![picture](https://example.org/a.png)": "img",
    "| a | b |\n|---|---|\n| 1 | 2 |": "table",
    "    indented": "pre",
    "<https://example.org>": "a",
    "https://example.org": "a",
    "[ref]\n\n[ref]: https://example.org": "a",
    "~~struck~~": "s",
    "<b>bold</b>": "b",
}


@pytest.mark.parametrize("source", NOT_PROMISED)
def test_what_is_not_promised_stays_text(source):
    html = render_markdown(source)
    assert f"<{NOT_PROMISED[source]}" not in html.replace("<br", ""), html
    assert active_parts(html) == []
    visible = re.sub(r"<[^>]+>|&[a-z]+;", "", html)
    words = re.findall(r"[a-z]{3,}", re.sub(r"<[^>]+>|https?://\S+", "", source))
    assert all(word in visible for word in words), (words, visible)  # the words are kept
    assert ("example.org" in visible) == ("example.org" in source and "![" not in source)  # addresses shown as text


def test_every_link_carries_the_rel_of_user_content():
    html = render_markdown("[a](https://example.org) [b](/hubs/) [c](mailto:x@example.org) [d](#post-3)")
    links = re.findall(r"<a [^>]*>", html)
    assert len(links) == 4 and all(f'rel="{LINK_REL}"' in link for link in links)
    assert LINK_REL == "nofollow ugc noopener"


def test_mentions_stay_text():
    html = render_markdown("شكرا @ahmad_salfit و @user.name-2 على الرد")
    assert "@ahmad_salfit" in html and "@user.name-2" in html and "<a" not in html


# --- Hostile input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        '[x](javascript:alert(1) "title")',
        "[x](%6Aavascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[[x](javascript:alert(1))](https://example.org)",
        "[x](https://example.org)(javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
    ],
)
def test_script_links_in_every_spelling_are_not_links(source):
    html = render_markdown(source)
    assert active_parts(html) == [], html
    assert not re.search(r'href="(?!https://example\.org")', html), html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<div>\n<script>alert(1)</script>\n</div>",
        "<!-- <script>alert(1)</script> -->",
        "<a href='javascript:alert(1)'>x</a>",
        "`<script>`<script>alert(1)</script>",
        "**<img src=x onerror=alert(1)>**",
        "- <iframe src=//evil.example>",
    ],
)
def test_raw_html_in_any_block_is_text(source):
    html = render_markdown(source)
    assert active_parts(html) == [], html
    assert "&lt;" in html


def test_nesting_is_capped():
    deep = render_markdown("*" * 2000 + "x" + "*" * 2000)
    assert deep.count("<em>") + deep.count("<strong>") <= MAX_NESTING * 2
    lists = render_markdown("".join("  " * depth + "- x\n" for depth in range(500)))
    assert lists.count("<ul>") <= MAX_NESTING
    assert active_parts(deep) == active_parts(lists) == []


LIMIT = 20_000  # Post.body's max_length
BOMBS = {
    "stars": "*",
    "open emphasis": "*a ",
    "open strong": "**a",
    "mixed delimiters": "*_",
    "underscores": "_a",
    "brackets": "[",
    "open links": "[a](",
    "backtick runs": "`a``",
    "angle brackets": "<",
    "entities": "&#106;",
    "escapes": "\\*",
    "lines": "a\n",
    "fences": "```\n",
    "list markers": "- ",
    "rtl marks": "مرحبا \u200f",
}
SECONDS = 6.0  # CPU seconds (a busy machine does not count) for the worst 20,000-character post; typically under 1


@pytest.mark.parametrize("name", BOMBS)
def test_the_worst_input_renders_in_bounded_time(name):
    source = (BOMBS[name] * LIMIT)[:LIMIT]
    started = time.process_time()
    html = render_markdown(source)
    assert time.process_time() - started < SECONDS, name
    assert active_parts(html) == []


def test_time_grows_linearly_with_the_input():
    """A quadratic parser would take 16 times longer on four times the input."""

    def seconds(size):
        source = ("*_[" * size)[:size]
        return min(_timed(source) for _ in range(3))

    assert seconds(16_000) < 8 * seconds(4_000) + 0.05


def _timed(source):
    started = time.process_time()
    render_markdown(source)
    return time.process_time() - started


# --- Arabic and right-to-left marks -----------------------------------------------------------------------------


def test_arabic_with_rtl_marks_keeps_its_text_and_marks():
    source = "**تقرير** الربع\u200f الأول: 25% من\u200e project-X\u061c و *مهم*"
    html = render_markdown(source)
    assert html == ("<p><strong>تقرير</strong> الربع\u200f الأول: 25% من\u200e project-X\u061c و <em>مهم</em></p>")


def test_bidi_overrides_cannot_reverse_the_text_around_a_post():
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    html = render_markdown("مرحبا \u202egnp.exe\u202c و \u2067عزل\u2069 [رابط\u202e](/hubs/)")
    assert not any(control in html for control in controls)
    assert "gnp.exe" in html and '<a href="/hubs/"' in html


def test_a_link_whose_target_hides_a_bidi_or_zero_width_character_is_not_a_link():
    for hidden in ("\u200f", "\u200e", "\u200b", "\u061c", "\ufeff"):
        html = render_markdown(f"[x](/{hidden}/evil.example) [y](https://ex{hidden}ample.org)")
        assert "<a" not in html, repr(hidden)
