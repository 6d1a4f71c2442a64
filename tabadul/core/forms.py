"""Form helpers shared by every app."""

from functools import partial

from django import forms
from django.utils.functional import lazy

from .arabic import normalize_digits
from .bidi import user_text

_NUMERIC_FIELDS = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
    forms.ModelChoiceField,
)


class ArabicDigitsMixin:
    """Accept Arabic-Indic (٠–٩) as well as Latin digits in numeric, date and choice fields.

    Free-text fields keep exactly what the person typed.
    """

    def full_clean(self):
        if self.is_bound and self.data:
            data = self.data.copy()
            for name, field in self.fields.items():
                if not isinstance(field, _NUMERIC_FIELDS):
                    continue
                key = self.add_prefix(name)
                if hasattr(data, "getlist"):
                    values = data.getlist(key)
                    if values:
                        data.setlist(key, [normalize_digits(v) if isinstance(v, str) else v for v in values])
                elif isinstance(data.get(key), str):
                    data[key] = normalize_digits(data[key])
            self.data = data
        super().full_clean()


class ChoiceLabelsMixin:
    """The labels of tick boxes and radio buttons that name objects (bodies, people, events) are people's text:
    marked like `|user_text` (core/bidi.py), so that an Arabic name on an English page is marked as Arabic. The
    options of a drop-down cannot hold markup and stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and getattr(field.widget, "input_type", "") in {
                "checkbox",
                "radio",
            }:
                field.label_from_instance = partial(_marked_label, field.label_from_instance)


def _marked_label(label_from_instance, obj):
    return user_text(label_from_instance(obj))


class Form(ChoiceLabelsMixin, ArabicDigitsMixin, forms.Form):
    pass


class ModelForm(ChoiceLabelsMixin, ArabicDigitsMixin, forms.ModelForm):
    pass


def _interpolate(message, values: dict) -> str:
    return str(message) % values


_interpolate_lazy = lazy(_interpolate, str)


def lazy_format(message, **values):
    """`message % values`, translated when shown, in the page's language.

    `gettext_lazy("… %(n)d …") % {...}` in a form's class body is translated once, at import, in the default
    language (Arabic): an English page then shows an Arabic help text. Use `lazy_format(_("… %(n)d …"), n=...)`.
    `core/tests/test_forms_language.py` looks for the mistake in every module.
    """
    return _interpolate_lazy(message, values)
