"""Where event documents live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

An invitation-only meeting's papers must not be reachable by guessing an address, so every download goes
through `events:document_download`, which serves a file only to people who may see its event
(`selectors.visible_events`). The directory is `settings.EVENT_FILES_ROOT` when set, else
`<MEDIA_ROOT>/../event-files`. Stored names carry a random folder, so they reveal nothing and never collide.
"""

import uuid
from pathlib import Path

from django.utils.text import get_valid_filename

from tabadul.core.storage import PrivateStorage

_storage = PrivateStorage(setting="EVENT_FILES_ROOT", folder="event-files")


def event_files_storage() -> PrivateStorage:
    return _storage


def document_path(instance, filename: str) -> str:
    name = get_valid_filename(Path(filename).name)[-100:] or "document"
    return f"{instance.event_id}/{uuid.uuid4().hex}/{name}"
