"""Checks on uploaded attachments: size, and type judged by the file's content (never by its name)."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3

ZIP_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def sniff_type(upload) -> tuple[str, str] | None:
    """(content type, extension) for PDF, PNG, JPEG, DOCX and XLSX files; None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for folder, found in ZIP_TYPES.items():
                if any(name.startswith(folder) for name in names):
                    return found
    return None


def validate_attachment(upload) -> tuple[str, str]:
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)d MB.") % {"name": upload.name, "size": MAX_ATTACHMENT_BYTES // 2**20}
        )
    found = sniff_type(upload)
    if found is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) file.") % {"name": upload.name}
        )
    return found
