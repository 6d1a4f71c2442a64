"""The Arabic catalogue uses the glossary's word for each thing (docs/glossary.md), on every string that names it."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
CATALOGUE = Path(settings.BASE_DIR) / "tabadul" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|\{\{?[^}]*\}\}?")


def glossary_terms() -> list[tuple[str, list[str]]]:
    """(English term, Arabic stems) for each row of the glossary's table."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---"):
            terms.append((cells[0], [stem.strip() for stem in cells[2].split("،")]))
    return terms


def _english_and_arabic():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="ar")
    for message in catalogue:
        if not message.id:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        arabic = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        yield PLACEHOLDER.sub("", english), arabic


def test_the_glossary_names_the_product_s_main_terms():
    assert {"hub", "local body", "coordinator", "plan", "goal", "project", "progress", "feedback"} <= {
        term for term, _ in glossary_terms()
    }


def test_every_string_naming_a_glossary_term_uses_its_arabic_word():
    # A translation that keeps the English word itself names something (the Excel sheet "projects") and passes.
    terms = [(re.compile(rf"\b{re.escape(term)}(s|es)?\b", re.IGNORECASE), stems) for term, stems in glossary_terms()]
    off = [
        f"{english!r} → {arabic!r} (expected one of {stems})"
        for english, arabic in _english_and_arabic()
        for pattern, stems in terms
        if pattern.search(english) and not pattern.search(arabic) and not any(stem in arabic for stem in stems)
    ]
    assert not off, "Translations that do not use the glossary's word (docs/glossary.md):\n" + "\n".join(off)
