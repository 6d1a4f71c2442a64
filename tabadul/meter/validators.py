"""Limits on uploads. The files themselves are checked by their content in core/files.py (the model fields)."""

EVIDENCE_MAX_FILES = 5
