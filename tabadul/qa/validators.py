"""Limits on attachments. The files themselves are checked by their content in core/files.py (the model field)."""

MAX_ATTACHMENTS = 3
