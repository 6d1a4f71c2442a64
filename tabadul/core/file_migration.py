"""For the data migrations that moved uploads into the private storage (core/files.py).

Before, uploads lived under MEDIA_ROOT (served to anyone at /media/) or in per-app folders next to it
(library, event and twinning documents). Each app's data migration calls `move_into_private_storage` for its
file fields: every file found at the old place is checked like a new upload (type by content, images
re-encoded), stored under a random name with the extension of its type (`.bin` when the type is not one we
accept: it is then only ever downloaded, never shown), the row updated, and the old file deleted. Rows whose
file is not at the old place (already moved, or lost) are left alone, so running it twice is harmless.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from .files import KINDS, UNKNOWN, UploadCheck, private_storage

_ANY_KIND = UploadCheck(kinds=tuple(KINDS), max_bytes=2**40)


def legacy_root(setting: str = "", folder: str = "") -> Path:
    """MEDIA_ROOT, or a former private folder: `settings.<setting>` when set, else `<MEDIA_ROOT>/../<folder>`."""
    media = Path(settings.MEDIA_ROOT)
    if not folder:
        return media
    configured = getattr(settings, setting, None)
    return Path(configured) if configured else media.parent / folder


def move_into_private_storage(apps, *, model: str, field: str, old_root: Path, folder: str) -> int:
    """Move the files of `model.field` ("app.Model", "file") from `old_root` into `folder` of the private storage."""
    model_class = apps.get_model(model)
    moved = 0
    rows = model_class._base_manager.exclude(**{field: ""}).values_list("pk", field)
    for pk, name in rows.iterator():
        source = Path(old_root) / name
        if not name or not source.is_file():
            continue
        data = source.read_bytes()
        try:
            content = _ANY_KIND.check(ContentFile(data, name=source.name))
            extension = content.kind.extension
        except ValidationError:
            content, extension = ContentFile(data), UNKNOWN.extension
        stored = private_storage.save(f"{folder}/{secrets.token_urlsafe(18)}{extension}", content)
        model_class._base_manager.filter(pk=pk).update(**{field: stored})
        source.unlink()
        moved += 1
    return moved
