"""Which interface text of a page is in the other language (issue 18, item 9): an English page that shows Arabic
interface text, an Arabic page that shows English interface text.

Interface text is the catalogue's: a string of at least two words of one language whose translation the catalogue
holds. It is looked for in the page's text and in the attributes people read (title, alt, placeholder, aria-label),
except inside elements marked as the other language (`lang`), isolated (`<bdi>`, `<code>`, `dir="ltr"`) or of
unknown direction (`dir="auto"`, people's content). An Arabic comma between Latin words on an English page is
interface punctuation too ("Tunisia، Libya"). On English pages only whole texts are compared, because people's
Arabic content may quote interface words.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A run of Arabic words (Arabic letters, with the spaces and Arabic punctuation between them).
ARABIC_RUN = re.compile(r"[\u0621-\u064a\u066e-\u06d3](?:[\u0600-\u06ff\s،؛؟]*[\u0621-\u064a\u066e-\u06d3])?")
# Not interface text: code, drawings, the text a form field holds (what people typed, in either language) and the
# options of a choice, mostly names of people and things (an option cannot carry a `lang` of its own text).
SKIPPED = {"script", "style", "template", "svg", "textarea", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes people read (or hear): their text is the interface's too.
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
CATALOGUE = Path(settings.BASE_DIR) / "tabadul" / "locale" / "ar" / "LC_MESSAGES" / "django.po"


class _Texts(HTMLParser):
    """Each text of the page (text nodes and read attributes) with the language of the element it sits in, and the
    language its nearest `lang` attribute declares."""

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        # (tag, language, skipped, declared language)
        self.stack: list[tuple[str, str, bool, str]] = [("", page_language, False, page_language)]
        self.texts: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        _, language, skipped, declared = self.stack[-1]
        language = _element_language(tag, attributes, language)
        if attributes.get("lang"):
            declared = attributes["lang"].split("-")[0].lower()
        skipped = skipped or tag in SKIPPED
        if not skipped:
            for name in READ_ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append((attributes[name], language, declared))
        if tag not in VOID:
            self.stack.append((tag, language, skipped, declared))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        tag, language, skipped, declared = self.stack[-1]
        if not skipped and data.strip():
            self.texts.append((data, language if tag != "title" else "title", declared))


def _element_language(tag: str, attributes: dict, inherited: str) -> str:
    if attributes.get("lang"):
        return attributes["lang"].split("-")[0].lower()
    if tag in ("bdi", "code", "kbd", "samp") or attributes.get("dir") == "ltr":
        return "latin"  # isolated or left-to-right: a name, a code, a number, a URL
    if attributes.get("dir") == "auto":
        return "auto"  # people's content whose direction the browser finds
    return inherited


def texts_by_language(html: str, page_language: str) -> list[tuple[str, str]]:
    return [(text, language) for text, language, _ in _texts(html, page_language)]


def _texts(html: str, page_language: str) -> list[tuple[str, str, str]]:
    parser = _Texts(page_language)
    parser.feed(html)
    return parser.texts


def unmarked_arabic(html: str) -> list[str]:
    """The runs of Arabic text of an English page that no element marks as Arabic (`lang="ar"`), each with the text
    around it (issue 18, item 5): people's Arabic content (names of bodies, hubs, events, documents, plans; help texts
    that come from data) is marked so that its punctuation does not flip and screen readers speak it in Arabic.
    Not counted: what form fields hold and the options of a choice (they cannot carry a `lang` of their own), and
    the page's `<title>` (plain text)."""
    unmarked = []
    for text, language, declared in _texts(html, "en"):
        if declared == "ar" or language == "title":
            continue
        text = " ".join(text.split())
        for run in ARABIC_RUN.finditer(text):
            start, end = max(run.start() - 25, 0), min(run.end() + 25, len(text))
            unmarked.append(f"{run.group(0)[:40]!r} in {text[start:end]!r}")
    return unmarked


def _pieces(message: str) -> list[str]:
    """The parts of a catalogue string between its placeholders and tags, trimmed of punctuation."""
    pieces = re.split(r"%\(\w+\)[a-z]|%[sd]|\{[^}]*\}|<[^>]*>", message)
    return [piece.strip(" .:,;()–—-·،؛") for piece in pieces]


@cache
def _interface_strings() -> dict[str, tuple[str, ...]]:
    """For each language, the catalogue's strings of at least two words that the other language translates
    (longest first): what a page in the other language must not show."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="ar")
    english, arabic = set(), set()
    for message in catalogue:
        if not message.id or not all(message.string if isinstance(message.string, tuple) else [message.string]):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english.update(piece for text in ids for piece in _pieces(text) if len(LATIN_WORD.findall(piece)) >= 2)
        arabic.update(piece for text in strings for piece in _pieces(text) if len(ARABIC_WORD.findall(piece)) >= 2)
    english -= arabic  # a name the translation keeps (e.g. "Microsoft Excel") is both languages' text
    return {"en": tuple(sorted(english, key=len, reverse=True)), "ar": tuple(sorted(arabic, key=len, reverse=True))}


def wrong_language_texts(html: str, page_language: str) -> list[str]:
    """The interface texts of the page in the other language than the page's, each cut to 80 characters."""
    other = "ar" if page_language == "en" else "en"
    foreign = _interface_strings()[other]
    wrong = []
    for text, language in texts_by_language(html, page_language):
        if language != page_language:
            continue  # marked as the other language, isolated, or people's content of unknown direction
        text = " ".join(text.split())
        if page_language == "ar":
            wrong.extend(string[:80] for string in foreign if string in text)
        elif text.strip(" .:,;()–—-·،؛") in foreign:
            # Whole texts only: people's Arabic content (not marked yet) may quote interface words.
            wrong.append(text[:80])
        elif "،" in text and not ARABIC_WORD.search(text):
            wrong.append(f"Arabic comma in English text: {text[:60]}")
    return wrong
