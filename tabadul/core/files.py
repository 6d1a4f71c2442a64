"""Uploaded files: one allow-list of kinds, one check, one private storage, one model field, one response.

Every uploaded file is private: it lives in `PRIVATE_FILES_ROOT` (never under a public URL) and is sent only by
`file_response`, after the permission its field declares (`PrivateFileField(permission=...)`, a django-rules
name defined in the owning app's rules.py) allows it for the person and the owner object. Files that are public
by nature (a body's logo, a published news image) are those whose permission lets an anonymous visitor in.

A file's type is judged by its bytes, never by its name or the browser's content type:

- PDF (`%PDF-` at the start);
- images (JPEG, PNG, WebP, GIF) decoded and re-encoded with Pillow (JPEG stays JPEG, the others become PNG),
  so metadata (camera location), comments and anything appended to the picture (a script in a polyglot) are
  gone; SVG is never accepted (it is a page that runs scripts);
- Office Open XML (DOCX, XLSX, PPTX: a zip whose `[Content_Types].xml` names the main part; macro-enabled
  variants are refused) and OpenDocument (ODT, ODS, ODP: a zip whose `mimetype` member names the type).

Plain text, CSV, HTML and the old binary Office formats (DOC, XLS, PPT) are refused: text cannot be told apart
from a script or a page by its content, and the old Office formats carry macros; people save them as PDF or the
XML formats. The stored name is random (`secrets.token_urlsafe`) with the extension of the detected type, in a
folder per model; the uploader's name is kept, where a model needs it, only for the download's file name.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * MB  # a zip (DOCX, ODT...) inflating beyond this is refused (zip bomb)
MAX_IMAGE_PIXELS = 40_000_000
# Sent with every file: no script, no plugin, no form, not even on the site's origin (sandbox).
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    label: str

    @property
    def inline(self) -> bool:
        """Shown in the browser (images, PDF); everything else is downloaded."""
        return self.name == "pdf" or self.content_type.startswith("image/")


_KIND_LIST = [
    FileKind("pdf", "application/pdf", ".pdf", "PDF"),
    FileKind("jpeg", "image/jpeg", ".jpg", "JPEG"),
    FileKind("png", "image/png", ".png", "PNG"),
    FileKind("webp", "image/webp", ".webp", "WebP"),
    FileKind("gif", "image/gif", ".gif", "GIF"),
    FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"),
    FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"),
    FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PPTX"),
    FileKind("odt", "application/vnd.oasis.opendocument.text", ".odt", "ODT"),
    FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods", "ODS"),
    FileKind("odp", "application/vnd.oasis.opendocument.presentation", ".odp", "ODP"),
]
KINDS = {kind.name: kind for kind in _KIND_LIST}
# A stored file whose type is unknown (only files moved in by a migration can be): downloaded, never shown.
UNKNOWN = FileKind("unknown", "application/octet-stream", ".bin", "?")
_BY_EXTENSION = {kind.extension: kind for kind in _KIND_LIST}

IMAGES = ("jpeg", "png", "webp", "gif")
OFFICE = ("docx", "xlsx", "pptx", "odt", "ods", "odp")
DOCUMENTS = ("pdf", *OFFICE)

_PILLOW_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_ODF_MIMETYPES = {KINDS[name].content_type.encode(): name for name in ("odt", "ods", "odp")}


def kind_of_stored_name(name: str) -> FileKind:
    """The type of a stored file, from the extension this module chose when it stored it."""
    return _BY_EXTENSION.get(PurePosixPath(name).suffix.lower(), UNKNOWN)


# --- Detecting and checking -----------------------------------------------------------------------------------


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype")[:100].strip())
            if "[Content_Types].xml" in names:
                manifest = archive.read("[Content_Types].xml")
                found = [kind for part, kind in _OOXML_MAIN_PARTS.items() if part in manifest]
                return found[0] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, ValueError, EOFError):
        return None
    return None


def _image_kind(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=list(_PILLOW_FORMATS)) as image:
            return _PILLOW_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def sniff(data: bytes) -> str | None:
    """The kind the bytes really are (see the module's docstring), or None."""
    if data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return _image_kind(data)


def _reencoded(data: bytes, *, name: str, max_side: int | None) -> tuple[bytes, FileKind, int, int]:
    """The picture drawn again by Pillow: JPEG as JPEG, anything else as PNG; nothing of the original bytes stays."""
    from PIL import Image, ImageOps

    unreadable = ValidationError(_("The image “%(name)s” cannot be read.") % {"name": name}, code="damaged")
    try:
        with Image.open(io.BytesIO(data), formats=list(_PILLOW_FORMATS)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image “%(name)s” is larger than 40 megapixels.") % {"name": name}, code="too_large"
                )
            image.load()
            source_format = image.format
            picture = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise unreadable from None
    if max_side:
        picture.thumbnail((max_side, max_side))
    if source_format == "JPEG":
        mode, kind, options = "RGB", KINDS["jpeg"], {"format": "JPEG", "quality": 85}
    else:
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        mode, kind, options = ("RGBA" if has_alpha else "RGB"), KINDS["png"], {"format": "PNG"}
    pixels = picture.convert(mode)
    # A new image from the pixels alone: Pillow would otherwise write back a JPEG comment or a PNG's ICC profile.
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    clean.save(out, optimize=True, **options)
    return out.getvalue(), kind, clean.width, clean.height


class CheckedFile(ContentFile):
    """An upload that passed `UploadCheck`: its (re-encoded) bytes, its kind, and the uploader's name."""

    def __init__(self, data: bytes, *, kind: FileKind, original_name: str, width=None, height=None):
        super().__init__(data, name=original_name)
        self.kind = kind
        self.width = width
        self.height = height

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def _display_name(upload) -> str:
    return PurePosixPath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name[:80] or "file"


@dataclass(frozen=True)
class UploadCheck:
    """The one upload validator: size, type by content among `kinds`, images re-encoded."""

    kinds: tuple[str, ...]
    max_bytes: int = 10 * MB
    max_side: int | None = None

    def accepts(self, kind: FileKind) -> bool:
        return kind.name in self.kinds

    def describe(self) -> str:
        return ", ".join(dict.fromkeys(KINDS[name].label for name in self.kinds))

    def check(self, upload) -> CheckedFile:
        """The checked file, or ValidationError with a message for the person who uploaded it."""
        if isinstance(upload, CheckedFile) and self.accepts(upload.kind) and upload.size <= self.max_bytes:
            return upload
        name = _display_name(upload)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(self.max_bytes + 1)
        if hasattr(upload, "seek"):
            upload.seek(0)
        if len(data) > self.max_bytes:
            raise ValidationError(
                _("“%(name)s” is larger than %(size)d MB.") % {"name": name, "size": self.max_bytes // MB},
                code="too_large",
            )
        if not data:
            raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
        found = sniff(data)
        if found is None or found not in self.kinds:
            raise ValidationError(
                _("“%(name)s” is not a file of an accepted type. Accepted here: %(kinds)s.")
                % {"name": name, "kinds": self.describe()},
                code="bad_type",
            )
        if found in IMAGES:
            data, kind, width, height = _reencoded(data, name=name, max_side=self.max_side)
            return CheckedFile(data, kind=kind, original_name=name, width=width, height=height)
        return CheckedFile(data, kind=KINDS[found], original_name=name)

    def __call__(self, value) -> None:
        """As a model field validator: checks a file not stored yet (stored files were checked when stored)."""
        if isinstance(value, FieldFile):
            if getattr(value, "_committed", True):
                return
            value = value.file
        self.check(value)


# --- Storage and model field ----------------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """The one directory of uploaded files, `settings.PRIVATE_FILES_ROOT` (the default, for one machine). It has no
    URL: see `file_response`. Several app servers share an object store instead (core/s3.py)."""

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_FILES_ROOT)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no storage URL; use the FieldFile's url (the checked view).")


class _SelectedPrivateStorage(LazyObject):
    """The storage of every uploaded file: `STORAGES["private"]` (settings/base.py: the local directory, or S3 when
    TABADUL_FILE_STORAGE=s3), chosen when first used and again when a test changes the setting."""

    def _setup(self):
        self._wrapped = storages["private"] if "private" in settings.STORAGES else PrivateStorage()


private_storage = _SelectedPrivateStorage()


@receiver(setting_changed)
def _storage_setting_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


class PrivateFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Store under a random name with the extension of the detected type, whatever the caller named it."""
        checked = self.field.upload_check.check(content)
        super().save(f"file{checked.kind.extension}", checked, save)

    @property
    def url(self) -> str:
        """The address of the checked view: it sends the file only to people the field's permission lets in."""
        self._require_file()
        return reverse(
            "private_file",
            kwargs={
                "model": self.instance._meta.label_lower,
                "pk": self.instance.pk,
                "field": self.field.name,
                "name": PurePosixPath(self.name).name,
            },
        )


class PrivateFileField(models.FileField):
    """The file field of every model: private storage, random names, the upload check, a view permission.

    `folder`: where the files go inside PRIVATE_FILES_ROOT. `kinds`: the accepted `KINDS`. `permission`: the
    django-rules name that decides who may download (checked with the owner object). `filename_attr`: the
    attribute of the owner holding the name the file gets on download (its extension is replaced by the
    detected one); the field's name when empty.
    """

    attr_class = PrivateFieldFile

    def __init__(
        self,
        verbose_name=None,
        *,
        folder: str,
        kinds: Iterable[str] = (),
        permission: str = "",
        max_bytes: int = 10 * MB,
        max_side: int | None = None,
        filename_attr: str = "",
        **kwargs,
    ):
        unknown = set(kinds) - KINDS.keys()
        if unknown:
            raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
        self.folder = folder.strip("/")
        self.upload_check = UploadCheck(kinds=tuple(kinds), max_bytes=max_bytes, max_side=max_side)
        self.permission = permission
        self.filename_attr = filename_attr
        kwargs.setdefault("max_length", 200)
        super().__init__(verbose_name, upload_to=self.stored_name, storage=private_storage, **kwargs)

    def stored_name(self, instance, filename: str) -> str:
        return f"{self.folder}/{secrets.token_urlsafe(18)}{PurePosixPath(filename).suffix}"

    @cached_property
    def validators(self):
        return [*self.default_validators, *self._validators, self.upload_check]

    def deconstruct(self):
        # The check, the permission and the download name are not part of the schema: changing them needs no
        # migration (and data migrations store files through `private_storage` directly).
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.pop("storage", None)
        kwargs["folder"] = self.folder
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": UploadField, "check": self.upload_check, "max_length": None, **kwargs}
        )


# --- Form fields ----------------------------------------------------------------------------------------------


class UploadField(forms.FileField):
    """The form side of `PrivateFileField`: cleans to a `CheckedFile` (same check, same messages)."""

    def __init__(self, *, check: UploadCheck, **kwargs):
        self.check = check
        kwargs.setdefault("widget", forms.ClearableFileInput)
        super().__init__(**kwargs)
        accept = {KINDS[name].extension for name in check.kinds}
        if "jpeg" in check.kinds:
            accept.add(".jpeg")
        self.widget.attrs.setdefault("accept", ",".join(sorted(accept)))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and not isinstance(value, FieldFile):
            return self.check.check(value)
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one input; cleans to a list of `CheckedFile`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            super().clean(None, initial)  # "required" when it is
            return []
        return [super(MultipleUploadField, self).clean(item, initial) for item in items]


def model_upload_field(model, field_name: str, *, multiple: bool = False, **kwargs) -> UploadField:
    """The form field of a model's file field, for plain forms (a service then stores the cleaned file)."""
    return model._meta.get_field(field_name).formfield(
        **({"form_class": MultipleUploadField} if multiple else {}), **kwargs
    )


# --- Sending --------------------------------------------------------------------------------------------------


def private_file_fields():
    """(model, field) for every file field of every installed model."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def stored_file_owner(label: str, pk: int, field_name: str, name: str):
    """(owner, field name) behind a file address; Http404 for anything that is not a current stored file."""
    try:
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        raise Http404 from None
    if not isinstance(field, PrivateFileField):
        raise Http404
    owner = model._default_manager.filter(pk=pk).first()
    stored = getattr(owner, field.attname, None)
    if not stored or PurePosixPath(stored.name).name != name:
        raise Http404
    return owner, field.name


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\"]')


def _download_name(owner, field: PrivateFileField, kind: FileKind) -> str:
    base = str(getattr(owner, field.filename_attr, "") or "") if field.filename_attr else ""
    path = PurePosixPath(_UNSAFE_IN_NAME.sub("", base).strip())
    stem = path.stem if path.suffix[1:].isalpha() else str(path)
    return f"{(stem if stem not in ('', '.') else field.name)[:100]}{kind.extension}"


def file_response(request, owner, field_name: str):
    """THE response that sends a stored file, after the field's permission allows it (else 404).

    Headers: the detected type, nosniff, inline only for images and PDF, a sandbox CSP, and no shared caching
    unless an anonymous visitor may see the file. With `FILES_ACCEL_REDIRECT_PREFIX` set, the body of a file on
    disk is left to nginx (X-Accel-Redirect to `<prefix><stored name>`, the path inside PRIVATE_FILES_ROOT); a file
    on an object store (core/s3.py) is streamed from it.
    """
    field = owner._meta.get_field(field_name)
    if not isinstance(field, PrivateFileField) or not request.user.has_perm(field.permission, owner):
        raise Http404
    stored = getattr(owner, field.attname)
    if not stored:
        raise Http404
    kind = kind_of_stored_name(stored.name)
    prefix = getattr(settings, "FILES_ACCEL_REDIRECT_PREFIX", "")
    if prefix and isinstance(stored.storage, FileSystemStorage):
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix + quote(stored.name)
    elif hasattr(stored.storage, "stream"):
        # An object store (core/s3.py): streamed from it, never a redirect to it (docs/decisions/011-files-on-s3.md).
        try:
            chunks, size, close = stored.storage.stream(stored.name)
        except FileNotFoundError:
            raise Http404 from None
        response = StreamingHttpResponse(chunks)
        response["Content-Length"] = str(size)
        response._resource_closers.append(close)
    else:
        try:
            response = FileResponse(stored.open("rb"))
        except FileNotFoundError:
            raise Http404 from None
    response["Content-Type"] = kind.content_type
    response["Content-Disposition"] = content_disposition_header(not kind.inline, _download_name(owner, field, kind))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    public = AnonymousUser().has_perm(field.permission, owner)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
