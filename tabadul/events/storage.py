"""Where event documents live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

An invitation-only meeting's papers must not be reachable by guessing an address, so every download goes
through `events:document_download`, which serves a file only to people who may see its event
(`selectors.visible_events`). The directory is `settings.EVENT_FILES_ROOT` when set, else
`<MEDIA_ROOT>/../event-files`. Stored names carry a random folder, so they reveal nothing and never collide.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename


class EventFileStorage(FileSystemStorage):
    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("EVENT_FILES_ROOT", "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        root = getattr(settings, "EVENT_FILES_ROOT", None)
        return str(root) if root else str(Path(settings.MEDIA_ROOT).parent / "event-files")

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Event documents have no public URL; use EventDocument.get_download_url().")


_storage = EventFileStorage()


def event_files_storage() -> EventFileStorage:
    return _storage


def document_path(instance, filename: str) -> str:
    name = get_valid_filename(Path(filename).name)[-100:] or "document"
    return f"{instance.event_id}/{uuid.uuid4().hex}/{name}"
