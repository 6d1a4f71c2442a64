"""Arabic-aware text normalisation: the one place where Arabic spelling variants are folded.

`normalize_arabic` is what the directory's stored search name, the event and question searches and the search
app's analyser (which adds a light stemmer, search/analysis.py) compare: NFKC (presentation forms to letters),
bidi and zero-width controls removed (LRM, RLM, ALM, embeddings, overrides, isolates, ZWSP/ZWJ/ZWNJ, BOM),
marks and tatweel removed, alef and hamza forms folded (أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي), taa marbuta -> haa,
alef maqsura -> yaa, Persian yeh and keheh folded, Arabic-Indic and Persian digits -> Latin, spaces collapsed,
case folded. `normalize_digits` changes digits only: forms use it (core/forms.py) so numbers and dates typed with
Arabic-Indic digits are accepted. Sign-in names are folded by the authentication backend, not here.
"""

import re
import unicodedata

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_CONTROLS = re.compile("[\u061c\u200b-\u200f\u2060\u202a-\u202e\u2066-\u2069\ufeff]")
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
