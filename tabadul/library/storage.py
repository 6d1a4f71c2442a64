"""Where library files live: a private directory next to MEDIA_ROOT, never served under MEDIA_URL.

Every download goes through the `library:download` view, which checks the document's visibility. The
directory is `settings.LIBRARY_FILES_ROOT` when set, else `<MEDIA_ROOT>/../library-files`.
"""

import uuid

from tabadul.core.storage import PrivateStorage

_storage = PrivateStorage(setting="LIBRARY_FILES_ROOT", folder="library-files")


def library_storage() -> PrivateStorage:
    return _storage


def version_upload_to(instance, filename: str) -> str:
    """A name we choose (never the uploader's): library/<document id>/<random>.<detected type>."""
    return f"library/{instance.document_id}/{uuid.uuid4().hex}.{instance.kind}"
