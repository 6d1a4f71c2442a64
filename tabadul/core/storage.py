"""Private file storage: files that only a view checking permissions may hand out, never under MEDIA_URL.

Each app that keeps such files (library versions, event documents, twinning group documents) has one
`PrivateStorage` with its own folder next to MEDIA_ROOT, or the directory its setting names.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self, *, setting: str, folder: str):
        self.setting = setting  # e.g. "LIBRARY_FILES_ROOT": where the files live, when set
        self.folder = folder  # else <MEDIA_ROOT>/../<folder>
        super().__init__()

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in (self.setting, "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        root = getattr(settings, self.setting, None)
        return str(root) if root else str(Path(settings.MEDIA_ROOT).parent / self.folder)

    @cached_property
    def base_url(self):
        return None  # no public address: downloads go through a view that checks who may see the file

    def url(self, name):
        raise ValueError("Private files have no public URL; use the model's get_download_url().")
