import pytest
from django.core.exceptions import ValidationError

from tabadul.library.files import inspect_upload, sniff, split_paragraphs

from .factories import docx_bytes, pdf_bytes, upload, xlsx_bytes


def test_pdf_is_accepted_and_its_text_extracted():
    info = inspect_upload(upload("a.pdf", pdf_bytes(["Waste collection study.", "Second point."])))
    assert info.kind == "pdf"
    assert "Waste collection study." in info.text
    assert len(info.sha256) == 64


def test_docx_text_is_extracted_by_paragraph():
    info = inspect_upload(upload("charter.docx", docx_bytes(["الفقرة الأولى", "الفقرة الثانية"])))
    assert info.kind == "docx"
    assert split_paragraphs(info.text) == ["الفقرة الأولى", "الفقرة الثانية"]


def test_xlsx_is_accepted_by_content():
    assert inspect_upload(upload("budget.xlsx", xlsx_bytes())).kind == "xlsx"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a windows program", "type_mismatch"),
        ("report.pdf", docx_bytes(), "type_mismatch"),  # a Word file named .pdf
        ("charter.docx", pdf_bytes(), "type_mismatch"),
        ("budget.xlsx", docx_bytes(), "type_mismatch"),
        ("notes.docx", b"PK\x03\x04 not really a zip", "type_mismatch"),
        ("virus.exe", pdf_bytes(), "bad_extension"),
        ("study.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref", "malformed"),
        ("study.pdf", b"", "empty"),
    ],
)
def test_files_lying_about_their_type_or_damaged_are_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, data))
    assert error.value.code == code
    assert str(error.value.messages[0])  # a message for people


def test_a_docx_without_its_document_part_is_damaged():
    import io
    import zipfile

    from .factories import CONTENT_TYPES

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("a.docx", out.getvalue()))
    assert error.value.code == "malformed"


def test_files_over_the_limit_are_refused_before_reading(settings):
    from django.utils import translation

    settings.LIBRARY_MAX_UPLOAD_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as error:
        inspect_upload(upload("big.pdf", pdf_bytes() + b"%" * 2048))
    assert error.value.code == "too_large"
    assert "MB" in error.value.messages[0]


def test_sniff_ignores_the_name():
    assert sniff(pdf_bytes()) == "pdf"
    assert sniff(docx_bytes()) == "docx"
    assert sniff(xlsx_bytes()) == "xlsx"
    assert sniff(b"hello") is None


def test_split_paragraphs_falls_back_to_lines():
    assert split_paragraphs("one\ntwo\n") == ["one", "two"]
    assert split_paragraphs("a\nb\n\nc") == ["a\nb", "c"]
    assert split_paragraphs("  ") == []
