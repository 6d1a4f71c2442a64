"""Where the groups' shared files live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

Every download goes through `twinning:document_download`, which serves a file only to the members of its
group, the group's facilitator and platform administrators. The directory is `settings.TWINNING_FILES_ROOT`
when set, else `<MEDIA_ROOT>/../twinning-files`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class TwinningStorage(FileSystemStorage):
    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("TWINNING_FILES_ROOT", "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        root = getattr(settings, "TWINNING_FILES_ROOT", None)
        return str(root) if root else str(Path(settings.MEDIA_ROOT).parent / "twinning-files")

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Group documents have no public URL; use GroupDocument.get_download_url().")


_storage = TwinningStorage()


def twinning_storage() -> TwinningStorage:
    return _storage


def document_upload_to(instance, filename: str) -> str:
    """A name we choose (never the uploader's): twinning/<group id>/<random><extension>."""
    suffix = Path(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"twinning/{instance.group_id}/{uuid.uuid4().hex}{suffix}"
