from hypothesis import given
from hypothesis import strategies as st

from tabadul.core.arabic import normalize_arabic, normalize_digits


def test_hamza_and_alef_forms_fold_together():
    assert (
        normalize_arabic("أريحا") == normalize_arabic("اريحا") == normalize_arabic("إريحا") == normalize_arabic("آريحا")
    )


def test_taa_marbuta_alef_maqsura_and_tashkeel():
    assert normalize_arabic("البلدية") == normalize_arabic("البلديه")
    assert normalize_arabic("مصطفى") == normalize_arabic("مصطفي")
    assert normalize_arabic("بَلَدِيَّة") == normalize_arabic("بلدية")


def test_tatweel_controls_and_digits():
    assert normalize_arabic("بلـــدية") == normalize_arabic("بلدية")
    assert normalize_arabic("\u200fسلفيت\u202e") == "سلفيت"
    assert normalize_arabic("خطة ٢٠٢٣–۲۰۲۶") == "خطه 2023–2026"


def test_latin_is_case_folded_and_spaces_collapsed():
    assert normalize_arabic("  Beita   MUNICIPALITY ") == "beita municipality"


def test_digits_only_changes_digits():
    assert normalize_digits("صفحة ١٢ من ۳۴") == "صفحة 12 من 34"


@given(st.text())
def test_normalisation_is_idempotent(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


@given(st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهوي ", min_size=1))
def test_marks_never_change_the_folded_word(word):
    with_marks = "".join(letter + "\u064e" for letter in word)
    assert normalize_arabic(with_marks) == normalize_arabic(word)


def test_every_bidi_mark_is_removed_including_the_arabic_letter_mark():
    from tabadul.core.arabic import normalize_arabic

    assert normalize_arabic("سلفيت\u061c \u200fبيتا\u2060\u2067") == "سلفيت بيتا"
