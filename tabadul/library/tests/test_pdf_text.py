"""PDF text in logical order (issue 21): what two producers write is extracted as the words people read and type.

WeasyPrint shapes Arabic with HarfBuzz and maps glyphs back to letters; fpdf2 fed with arabic-reshaper and a bidi
display pass writes presentation forms in visual order, here glyph by glyph (as kerned or justified text is
written), so pypdf returns each line as seen, left to right. Both PDFs are made in the test.
"""

import io
import unicodedata

import arabic_reshaper
import pytest
from bidi import get_display
from django.core.cache import cache
from fpdf import FPDF
from weasyprint import HTML

from tabadul.library import pdftext
from tabadul.library.files import extract_pdf_text
from tabadul.search.selectors import search

from .factories import make_document, upload

SENTENCE = "إيصال المياه إلى بلدية سلفيت عام 2024 (مشروع PDF) لا بأس"
SECOND = "الموازنة التشاركية في البلديات الصغيرة"
WORDS = ["إيصال", "المياه", "بلدية", "سلفيت", "الموازنة", "التشاركية", "البلديات"]
ARABIC_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def weasyprint_pdf() -> bytes:
    paragraphs = "".join(f"<p>{text}</p>" for text in (SENTENCE, SECOND))
    style = "font-family: 'Noto Naskh Arabic', sans-serif"
    html = f'<html lang="ar" dir="rtl"><body style="{style}">{paragraphs}</body></html>'
    return HTML(string=html).write_pdf()


def visual_order_pdf(*, glyph_by_glyph: bool = True) -> bytes:
    """fpdf2 writing shaped Arabic in visual order (arabic-reshaper + python-bidi's display order)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=ARABIC_FONT)
    pdf.set_font("dejavu", size=14)
    for text in (SENTENCE, SECOND):
        visual = get_display(arabic_reshaper.reshape(text))
        if glyph_by_glyph:
            for char in visual:
                pdf.cell(w=pdf.get_string_width(char), text=char)
        else:
            pdf.cell(text=visual)
        pdf.ln()
    return bytes(pdf.output())


def _has_presentation_forms(text: str) -> bool:
    return any("\ufb50" <= char <= "\ufeff" for char in text)


def test_the_visual_order_pdf_really_is_scrambled_without_the_fix():
    """The case the fix is for: pypdf alone returns presentation forms, words backwards."""
    from pypdf import PdfReader

    raw = PdfReader(io.BytesIO(visual_order_pdf())).pages[0].extract_text()
    assert _has_presentation_forms(raw)
    assert "إيصال" not in unicodedata.normalize("NFKC", raw)


@pytest.mark.parametrize(
    "producer",
    [weasyprint_pdf, visual_order_pdf, lambda: visual_order_pdf(glyph_by_glyph=False)],
    ids=["weasyprint", "fpdf2-visual-glyph-by-glyph", "fpdf2-visual-one-run"],
)
def test_extracted_text_holds_the_logical_words_in_base_letters(producer):
    text = extract_pdf_text(producer())
    assert not _has_presentation_forms(text)
    for word in WORDS:
        assert word in text, (word, text)


def test_a_visual_line_reads_as_written():
    text = extract_pdf_text(visual_order_pdf())
    assert SENTENCE in text.splitlines()
    assert SECOND in text.splitlines()


def test_logical_lines_and_latin_text_are_left_alone():
    for line in [SENTENCE, SECOND, "Water supply to Salfit, 2024 (phase 2)", "أولاً: مقدمة", "m² ½"]:
        assert pdftext.logical_text(line) == line


def test_base_letters_in_visual_order_are_turned_by_their_letters():
    """Without presentation forms, ة/ى at a word's start and لا at its end say the line is backwards."""
    backwards = get_display(SECOND)
    assert backwards != SECOND
    assert pdftext.is_visual(backwards)
    assert pdftext.logical_text(backwards) == SECOND
    assert not pdftext.is_visual(get_display("مشروع بلدية"))  # one clue is not enough


@pytest.mark.parametrize("producer", [weasyprint_pdf, visual_order_pdf], ids=["weasyprint", "fpdf2-visual"])
def test_search_finds_the_words_of_an_uploaded_pdf_and_its_snippet_reads_right(
    producer, body_editor, body, django_capture_on_commit_callbacks
):
    cache.clear()  # anonymous results are cached by index version; an earlier test's would be served
    with django_capture_on_commit_callbacks(execute=True):
        document = make_document(
            actor=body_editor,
            author_bodies=[body],
            title_ar="دليل الخدمات",
            title_en="Services guide",
            file=upload("guide.pdf", producer(), "application/pdf"),
        )
    for word in ["إيصال", "ايصال", "الموازنه التشاركيه"]:
        results = search(user=None, query=word)
        assert [hit.entry.object_id for hit in results.hits] == [document.pk], word
    snippet = search(user=None, query="إيصال").hits[0].snippet
    assert "<mark>إيصال</mark> المياه إلى بلدية سلفيت" in snippet
