"""Where the groups' shared files live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

Every download goes through `twinning:document_download`, which serves a file only to the members of its
group, the group's facilitator and platform administrators. The directory is `settings.TWINNING_FILES_ROOT`
when set, else `<MEDIA_ROOT>/../twinning-files`.
"""

import uuid
from pathlib import Path

from tabadul.core.storage import PrivateStorage

_storage = PrivateStorage(setting="TWINNING_FILES_ROOT", folder="twinning-files")


def twinning_storage() -> PrivateStorage:
    return _storage


def document_upload_to(instance, filename: str) -> str:
    """A name we choose (never the uploader's): twinning/<group id>/<random><extension>."""
    suffix = Path(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"twinning/{instance.group_id}/{uuid.uuid4().hex}{suffix}"
