"""The text layer of a PDF put in the form people read and search: Arabic in logical order, in base letters.

What a PDF's text layer holds depends on the program that wrote it:

- WeasyPrint, LibreOffice and Word shape Arabic with HarfBuzz and map each glyph back to the letters it stands
  for: pypdf returns base letters in logical order (the order of runs on a mixed line may still be visual).
- Older tools and many report generators (fpdf, reportlab and others fed by arabic-reshaper + a bidi display
  pass) write the *shaped* letters (Unicode's Arabic presentation forms, U+FB50–U+FDFF and U+FE70–U+FEFF) in
  *visual* order, left to right. pypdf puts an RTL run that is shown in one operation back in reading order, but
  where glyphs are placed one by one (kerning, justified text) a line comes out as it is seen: "ﻝﺎﺼﻳﺇ" (the
  letters of إيصال from left to right) instead of "إيصال". Such text is unreadable in a snippet and never matches
  the word a person types.

`logical_text` fixes both, line by line:

1. A line is in visual order when its Arabic words are turned around, which the letters themselves tell:
   - presentation forms carry their position: a word stored backwards starts with a *final* form and ends with an
     *initial* one (ﻝﺎﺼﻳﺇ starts with ﻝ, a final lam);
   - in base letters, ة and ى only end a word and the article ال only starts one, so a backwards line has words
     starting with ة/ى and ending with لا.
   Each word votes for logical or visual order; a line is turned only when the visual votes win (and, with base
   letters alone, at least two of them: one word is weak evidence). Lines without such evidence are left alone.
2. A visual line is put back in logical order by the Unicode bidirectional algorithm (python-bidi, the Rust
   crate unicode-bidi; right-to-left paragraph): it reverses the Arabic runs and the line, keeps runs of Latin
   letters and digits in their order and mirrors brackets. (Display order and logical order are each other's
   image under this reordering for a right-to-left line; we use the library rather than our own reversal so
   numbers, Latin words and brackets inside Arabic are handled by the standard's rules.) This runs before step 3
   so that a lam-alef ligature (ﻻ, one character) is moved as one.
3. Presentation forms (and Latin ligatures such as ﬁ) become base letters with NFKC, applied to those characters
   only: NFKC on everything would also turn m² into m2 and ½ into 1⁄2 in the text people read.

The search index normalises again (core/arabic.py); this module is what makes the stored text and its snippets
right.
"""

import re
import unicodedata

from bidi import get_display

# Arabic letters, presentation forms included (a "word" for the votes below).
_ARABIC_WORD = re.compile(r"[\u0620-\u064A\u0671-\u06D3\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFC]+")
# Characters NFKC folds here: Latin ligatures (U+FB00–U+FB06), Arabic presentation forms A and B.
_COMPATIBILITY = re.compile(r"[\uFB00-\uFB06\uFB50-\uFDFF\uFE70-\uFEFC]+")
_ANY_ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_ENDS_ONLY = "\u0629\u0649"  # ة ى never start a word
_ARTICLE = "\u0627\u0644"  # ال
_REVERSED_ARTICLE = _ARTICLE[::-1]  # لا


def _form(char: str) -> str:
    """'initial', 'medial', 'final', 'isolated' for a presentation form, '' for a base letter."""
    decomposition = unicodedata.decomposition(char)
    if decomposition.startswith("<"):
        return decomposition[1 : decomposition.index(">")]
    return ""


def _votes(line: str) -> tuple[int, int, int]:
    """(logical, visual by shapes, visual by letters) evidence of a line's Arabic words."""
    logical = shaped_visual = letter_visual = 0
    for match in _ARABIC_WORD.finditer(line):
        word = match.group()
        first, last = _form(word[0]), _form(word[-1])
        if len(word) > 1:
            logical += (first == "initial") + (last == "final")
            shaped_visual += (first == "final") + (last == "initial")
        bare = unicodedata.normalize("NFKC", word)
        if bare[0] in _ENDS_ONLY:
            letter_visual += 1
        elif bare[-1] in _ENDS_ONLY:
            logical += 1
        if len(bare) > 3:
            if bare.startswith(_ARTICLE):
                logical += 1
            elif bare.endswith(_REVERSED_ARTICLE):
                letter_visual += 1
    return logical, shaped_visual, letter_visual


def is_visual(line: str) -> bool:
    """True when the Arabic of the line is stored in visual (left-to-right display) order."""
    if not _ANY_ARABIC.search(line):
        return False
    logical, shaped_visual, letter_visual = _votes(line)
    visual = shaped_visual + letter_visual
    if visual <= logical:
        return False
    return shaped_visual > 0 or letter_visual >= 2


def to_logical(line: str) -> str:
    """A visual-order line in logical order (Unicode bidi algorithm, right-to-left paragraph)."""
    leading = line[: len(line) - len(line.lstrip())]
    trailing = line[len(line.rstrip()) :]
    return leading + get_display(line.strip(), base_dir="R") + trailing


def fold_presentation_forms(text: str) -> str:
    """Presentation forms and Latin ligatures to base letters (NFKC on those characters only)."""
    return _COMPATIBILITY.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)


def logical_text(text: str) -> str:
    """The extracted text of a PDF, each visual-order line in logical order, in base letters."""
    if not _ANY_ARABIC.search(text):
        return fold_presentation_forms(text)
    lines = [to_logical(line) if is_visual(line) else line for line in text.split("\n")]
    return fold_presentation_forms("\n".join(lines))
