"""Limits on uploads and checks of citizens' input. The files themselves are checked by their content in
core/files.py (the model fields)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tabadul.core.arabic import normalize_digits

EVIDENCE_MAX_FILES = 5

# References: 8 characters from 31 (no 0/O, 1/I/L), about 8.5 × 10¹¹ codes: short to read out, not guessable.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8


def normalise_reference(text: str) -> str:
    """What a person typed or a link carries (k7qm-4txb, K7QM 4TXB) as stored (K7QM4TXB)."""
    return "".join(char for char in text.upper() if char.isalnum())


def contact_clean(contact: str) -> str:
    """An e-mail address or a phone number (Arabic-Indic digits accepted), or "" — or a ValidationError."""
    contact = normalize_digits(contact.strip())
    if not contact:
        return ""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise ValidationError(
                {"contact": _("Give a valid e-mail address, e.g. name@example.org.")}, code="contact"
            ) from None
        return contact
    digits = "".join(char for char in contact if char.isdigit())
    if not re.fullmatch(r"\+?[\d\s\-()]+", contact) or not 7 <= len(digits) <= 15:
        raise ValidationError(
            {"contact": _("Give an e-mail address or a phone number of 7 to 15 digits, e.g. 0599 123 456.")},
            code="contact",
        )
    return contact


def contact_is_email(contact: str) -> bool:
    return "@" in contact
