"""Real files for tests (a PDF with text, a DOCX with paragraphs, an XLSX) and library objects via services."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tabadul.library import services
from tabadul.library.models import Document


def pdf_bytes(paragraphs=("First paragraph.", "Second paragraph.")) -> bytes:
    """A small valid PDF whose text pypdf can extract (Helvetica, ASCII), one paragraph per block."""
    lines = []
    y = 750
    for paragraph in paragraphs:
        safe = paragraph.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        lines.append(f"BT /F1 12 Tf 72 {y} Td ({safe}) Tj ET")
        y -= 40
    stream = "\n".join(lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def docx_bytes(paragraphs=("الفقرة الأولى من الميثاق.", "الفقرة الثانية من الميثاق.")) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "الموازنة"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_upload(name="study.pdf", paragraphs=("First paragraph.", "Second paragraph.")) -> SimpleUploadedFile:
    return upload(name, pdf_bytes(paragraphs), "application/pdf")


_counter = {"n": 0}


def make_document(*, actor=None, file=True, **values) -> Document:
    _counter["n"] += 1
    values.setdefault("title_ar", f"وثيقة {_counter['n']}")
    values.setdefault("title_en", f"Document {_counter['n']}")
    values.setdefault("type", Document.Type.STUDY)
    return services.document_create(actor=actor, file=pdf_upload() if file is True else file or None, **values)
