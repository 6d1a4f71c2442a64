"""Arabic-aware text normalisation: the one place every comparison and search goes through.

Follows the field notes in shared/NOTES-ARABIC-AND-CACHING.md: NFKC, marks and tatweel removed,
alef/hamza forms folded, taa marbuta -> haa, alef maqsura -> yaa, Persian letters folded,
Arabic-Indic digits -> Latin, bidi and zero-width controls removed, case folded.
"""

import re
import unicodedata

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")

_LETTER_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",
        "ک": "ك",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize_digits(text: str) -> str:
    """Arabic-Indic (٠–٩) and Persian (۰–۹) digits to Latin digits; nothing else changes."""
    return text.translate(_DIGITS)


def normalize_arabic(text: str) -> str:
    """Fold spelling variants so that equal words written differently compare equal."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROLS.sub("", text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTER_FOLDS).translate(_DIGITS)
    return _SPACES.sub(" ", text).strip().casefold()
