"""Where library files live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

Every download goes through the `library:download` view, which checks the document's visibility. The
directory is `settings.LIBRARY_FILES_ROOT` when set, else `<MEDIA_ROOT>/../library-files`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class LibraryStorage(FileSystemStorage):
    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "LIBRARY_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        root = getattr(settings, "LIBRARY_FILES_ROOT", None)
        return str(root) if root else str(Path(settings.MEDIA_ROOT).parent / "library-files")

    @cached_property
    def base_url(self):
        return None  # no public URL: downloads go through the view

    def url(self, name):
        raise ValueError("Library files have no public URL; use DocumentVersion.get_download_url().")


_storage = LibraryStorage()


def library_storage() -> LibraryStorage:
    return _storage


def version_upload_to(instance, filename: str) -> str:
    """A name we choose (never the uploader's): library/<document id>/<random>.<detected type>."""
    return f"library/{instance.document_id}/{uuid.uuid4().hex}.{instance.kind}"
