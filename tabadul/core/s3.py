"""Uploaded files on an S3-compatible object store, for several app servers (TABADUL_FILE_STORAGE=s3).

Imported only when settings select it (base.py puts it in STORAGES["private"]), so that one machine never loads
boto3. The files stay as private as on disk (docs/decisions/011-files-on-s3.md):

- objects are written without an ACL, so they get the bucket's own (private; on Amazon S3 the bucket also blocks
  public access), and the storage has no URL: `url()` raises, like the local storage's;
- core/files.py's view checks the field's permission and then streams the object from the store (`stream`), with
  the same headers as a file from disk; no address of the store ever reaches a browser.
"""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from .files import MB


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend with private objects, no URLs, and a streaming read for the file view."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl=None,  # never "public-read": the bucket's private default
            querystring_auth=True,
            # Names are random (core/files.py); a HEAD before each write to avoid a clash is not worth its cost.
            file_overwrite=True,
            # Path-style addresses (http://host/bucket/key) work on every S3-compatible store.
            addressing_style="path",
            # An upload opened for reading is spooled to disk beyond this, not held in a worker's memory.
            max_memory_size=5 * MB,
        )
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no storage URL; use the FieldFile's url (the checked view).")

    def stream(self, name: str, chunk_size: int = 64 * 1024):
        """(chunks, size) of a stored object, read from the store as they are sent; FileNotFoundError when gone."""
        client = self.connection.meta.client
        try:
            answer = client.get_object(Bucket=self.bucket_name, Key=self._normalize_name(name))
        except client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(name) from error
            raise
        body = answer["Body"]
        return body.iter_chunks(chunk_size), answer["ContentLength"], body.close
