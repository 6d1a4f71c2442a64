import datetime

from django import forms

from tabadul.core.forms import Form


class SampleForm(Form):
    count = forms.IntegerField()
    when = forms.DateField()
    note = forms.CharField()


def test_arabic_indic_digits_are_accepted_in_numeric_and_date_fields():
    form = SampleForm(data={"count": "٤٢", "when": "٢٠٢٦-١١-٢٣", "note": "الصفحة ٣"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 42
    assert form.cleaned_data["when"] == datetime.date(2026, 11, 23)
    assert form.cleaned_data["note"] == "الصفحة ٣"  # free text keeps what was typed


def test_latin_digits_still_work_and_bad_numbers_get_a_message():
    assert SampleForm(data={"count": "42", "when": "2026-11-23", "note": "x"}).is_valid()
    form = SampleForm(data={"count": "كثير", "when": "2026-11-23", "note": "x"})
    assert not form.is_valid()
    assert "count" in form.errors
