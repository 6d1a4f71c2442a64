"""Checking uploaded files by their content and extracting their text.

A file is accepted only if its bytes are a PDF, a Word document (DOCX) or an Excel workbook (XLSX) that really
parses, whatever its name says; its name must not claim another type. Text is extracted from PDF (pypdf, then
put in logical order and base letters by pdftext.py) and DOCX (word/document.xml) for search and for
paragraph-by-paragraph review.
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tabadul.core import files

from .pdftext import logical_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A DOCX/XLSX is a zip archive; refuse archives that would inflate beyond this (zip bombs).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES_FOR_TEXT = 500

PDF, DOCX, XLSX = "pdf", "docx", "xlsx"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX}
TYPE_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class InspectedFile:
    kind: str
    size: int
    sha256: str
    text: str
    original_name: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "LIBRARY_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _extension_kind(name: str) -> str | None:
    lowered = name.lower()
    for extension, kind in EXTENSIONS.items():
        if lowered.endswith(extension):
            return kind
    return None


def _read_all(uploaded, limit: int) -> bytes:
    """Read at most `limit + 1` bytes (enough to know the file is too big) from the start."""
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return data


def inspect_upload(uploaded, *, name: str | None = None) -> InspectedFile:
    """Check an uploaded file and extract its text. Raises ValidationError with a message for people."""
    name = (name or getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    limit = max_upload_bytes()
    declared_size = getattr(uploaded, "size", None)
    if declared_size is not None and declared_size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": _megabytes(declared_size), "limit": _megabytes(limit)},
            code="too_large",
        )
    data = _read_all(uploaded, limit)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large. The limit is %(limit)s MB.") % {"limit": _megabytes(limit)}, code="too_large"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return inspect_bytes(data, name=name)


def inspect_bytes(data: bytes, *, name: str) -> InspectedFile:
    claimed = _extension_kind(name)
    if claimed is None:
        raise ValidationError(
            _("Only PDF, Word (.docx) and Excel (.xlsx) files are accepted; “%(name)s” is none of these.")
            % {"name": name},
            code="bad_extension",
        )
    actual = sniff(data)
    if actual is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not really a %(type)s file: its content is of another kind. "
                "Only PDF, Word (.docx) and Excel (.xlsx) files are accepted."
            )
            % {"name": name, "type": TYPE_NAMES[claimed]},
            code="type_mismatch",
        )
    if actual != claimed:
        raise ValidationError(
            _(
                "The file “%(name)s” is named as a %(claimed)s file but its content is a %(actual)s file. "
                "Rename it or upload the right file."
            )
            % {"name": name, "claimed": TYPE_NAMES[claimed], "actual": TYPE_NAMES[actual]},
            code="type_mismatch",
        )
    text = extract_pdf_text(data) if actual == PDF else _check_office(data, actual)
    return InspectedFile(
        kind=actual,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text[:MAX_TEXT_CHARS],
        original_name=name[:255],
    )


def sniff(data: bytes) -> str | None:
    """The library type the bytes really are (core.files.sniff, the one detector), or None."""
    kind = files.sniff(data)
    return kind if kind in TYPE_NAMES else None


def extract_pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is protected by a password. Upload a copy without a password."), code="encrypted"
            )
        pages = reader.pages
        if len(pages) == 0:
            raise ValidationError(_("The PDF file has no pages."), code="malformed")
        texts = []
        for index, page in enumerate(pages):
            if index >= MAX_PDF_PAGES_FOR_TEXT:
                break
            texts.append(page.extract_text() or "")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise ValidationError(
            _("The PDF file is damaged and cannot be read. Save it again as PDF and upload the new copy."),
            code="malformed",
        ) from None
    return normalise_text(logical_text("\n\n".join(texts)))


def _check_office(data: bytes, kind: str) -> str:
    damaged = ValidationError(
        _("The %(type)s file is damaged and cannot be read. Save it again and upload the new copy.")
        % {"type": TYPE_NAMES[kind]},
        code="malformed",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
                raise damaged
            names = {info.filename for info in infos}
            main = "word/document.xml" if kind == DOCX else "xl/workbook.xml"
            if main not in names or archive.testzip() is not None:
                raise damaged
            xml = archive.read(main)
            # Python's expat (>= 2.4.1) refuses entity-expansion bombs; DTDs do not occur in OOXML parts.
            if b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml:
                raise damaged
            root = ElementTree.fromstring(xml)  # noqa: S314
    except ValidationError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, RuntimeError, NotImplementedError, ValueError):
        raise damaged from None
    if kind != DOCX:
        return ""
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return normalise_text("\n\n".join(p for p in paragraphs if p.strip()))


_MANY_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _TRAILING_SPACES.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs for review: blocks separated by blank lines; a text with none is split by lines."""
    if not text.strip():
        return []
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    if len(blocks) == 1 and "\n" in blocks[0]:
        blocks = [line.strip() for line in blocks[0].split("\n") if line.strip()]
    return blocks
