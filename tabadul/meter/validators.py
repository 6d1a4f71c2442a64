"""Checks on uploaded files: judged by their content, never by the name or the browser's content type."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_MAX_FILES = 5
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 1600

_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def _head(upload, size: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _open_image(upload) -> Image.Image:
    try:
        upload.seek(0)
        image = Image.open(upload)
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise ValidationError(_("The image is too large (more than 40 megapixels)."))
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image we can read (JPEG, PNG, WebP or GIF).")) from None
    if image.format not in _IMAGE_TYPES:
        raise ValidationError(_("This file is not an image we can read (JPEG, PNG, WebP or GIF)."))
    return image


def evidence_kind(upload) -> tuple[str, str]:
    """('photo' | 'document', content type) for an acceptable evidence file; ValidationError otherwise."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("“%(name)s” is larger than 5 MB.") % {"name": upload.name[:80]})
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "document", "application/pdf"
    try:
        image = _open_image(upload)
    except ValidationError:
        raise ValidationError(
            _("“%(name)s” is neither a photo (JPEG, PNG, WebP) nor a PDF document.") % {"name": upload.name[:80]}
        ) from None
    finally:
        upload.seek(0)
    return "photo", _IMAGE_TYPES[image.format]


def resized_image(upload, *, max_side: int = IMAGE_MAX_SIDE):
    """A re-encoded copy of an uploaded image no larger than `max_side`, and its size; rejects non-images.

    Re-encoding also strips metadata (camera location in EXIF) from citizens' and staff's photos.
    """
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is larger than 8 MB."))
    image = _open_image(upload)
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in ("RGBA", "LA", "P")
    out = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        ext, content_type = "png", "image/png"
    else:
        image = image.convert("RGB")
        image.save(out, format="JPEG", quality=82, optimize=True)
        ext, content_type = "jpg", "image/jpeg"
    stem = (upload.name.rsplit(".", 1)[0] or "image")[:60]
    resized = InMemoryUploadedFile(out, "image", f"{stem}.{ext}", content_type, out.tell(), None)
    resized.seek(0)
    return resized, image.width, image.height
