"""Pickers: choose one row (or several) of a table that grows — local bodies, Meter projects, events, people —
without listing every row in the page.

A `<select>` renders every row of its queryset: at 10,000 bodies and 200,000 projects a form took seconds to
render and megabytes to send. A picker renders a text input holding the chosen rows' labels only; as the person
types, a small script (static/js/picker.js) fills a `<datalist>` with up to 20 suggestions from a JSON endpoint,
`/pick/<name>/?q=` (`views.pick`). Without JavaScript the input still works: what a person types is resolved on
the server.

Use it in a form instead of ModelChoiceField / ModelMultipleChoiceField, with the form's own queryset (what the
person may choose: the only thing a submission is checked against) and the name of a registered picker:

    from tabadul.core.pickers import MultiplePickerField, PickerField

    class TokenCreateForm(Form):
        body = PickerField(picker="bodies", queryset=LocalBody.objects.none(), label=_("Local body"))
        bodies = MultiplePickerField(picker="bodies", queryset=LocalBody.objects.all(), required=False)

        def __init__(self, *args, bodies, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["body"].queryset = bodies       # as with a ModelChoiceField

    class DocumentForm(ModelForm):                      # a model form: the model field's label, the picker's widget
        class Meta:
            field_classes = {"author_bodies": partial(MultiplePickerField, picker="bodies")}

`cleaned_data` is what the Django field gives (an instance; a queryset for the multiple field). What is
accepted, for each line of the multiple field:
- a row's name in Arabic or English, spelling variants folded (core/arabic.py: hamza and alef forms, taa
  marbuta, alef maqsura, tatweel, Arabic-Indic digits, case);
- its label, "name — qualifier" (a body's governorate, a project's body, an event's date, a person's body),
  which tells apart rows sharing a name; a name alone that several rows share is refused with their labels;
- digits: a primary key (what tests and older forms post).
Anything else is refused with a translated error naming what was typed and up to five close names; the form is
shown again with what was typed.

A picker is a `Picker` registered under the hook "core.pickers" by the app owning the model (directory:
"bodies", accounts: "people", meter: "projects", events: "events"). It says which fields a person types, how a
row is labelled, and what the endpoint may suggest to whom (`suggestions(user)`, the app's own selector);
suggestions to anonymous visitors (public pickers only) are rate-limited per address.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import hooks
from .arabic import normalize_arabic
from .formats import format_list

SUGGESTIONS = 20  # rows the endpoint returns for one query
CLOSE_NAMES = 5  # close names offered when what was typed matches nothing
QUERY_MAX = 100  # characters of a query the endpoint reads; a name is never longer than 200
LABEL_MAX = 400  # characters of a label: a name and its qualifier; anything longer names no row
SEPARATOR = " — "  # between a row's name and its qualifier in a label
_SEPARATOR = re.compile(r"\s+[—–]\s+")  # an em or en dash between spaces (a hyphen may be part of a name)


@dataclass(frozen=True)
class Picker:
    name: str
    # The model's fields a person types (its Arabic and English names); matched folded, never the e-mail.
    names: tuple[str, ...]
    # fn(row) -> the label shown in the active language: "name — qualifier".
    label: Callable[[Any], str]
    # fn(user) -> the rows the endpoint may suggest to this person (the app's selector of what they may see).
    suggestions: Callable[[Any], QuerySet]
    # Anonymous visitors may ask the endpoint (public data only, e.g. local bodies on the sign-up page).
    public: bool = False
    # What `label` reads, joined in one query.
    related: tuple[str, ...] = field(default=())


PICKERS = hooks.Declared("core.pickers", key=lambda picker: picker.name)

# The SQL side of normalize_arabic's letter folds, so that a database column compares with folded typed text.
# Marks are not removed here: stored names are written without them (the typed text loses its own).
_SQL_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"), ("ـ", ""))


def _folded(field_name: str):
    expression = Lower(F(field_name))
    for variant, letter in _SQL_FOLDS:
        expression = Replace(expression, Value(variant), Value(letter))
    return expression


def _matching(queryset: QuerySet, picker: Picker, folded: str, lookup: str) -> QuerySet:
    """Rows one of whose names matches the folded text (`lookup`: exact, startswith, contains)."""
    annotations = {f"picker_{name}": _folded(name) for name in picker.names}
    condition = Q()
    for alias in annotations:
        condition |= Q(**{f"{alias}__{lookup}": folded})
    return queryset.alias(**annotations).filter(condition).select_related(*picker.related)


def labels(picker: Picker, rows) -> list[str]:
    return [picker.label(row) for row in rows]


def _labels_in_every_language(picker: Picker, row) -> set[str]:
    found = set()
    for language in ("ar", "en"):
        with translation.override(language):
            found.add(_comparable(picker.label(row)))
    return found


def _comparable(label: str) -> str:
    """A label as typed text is compared with it: spelling variants folded, either dash between spaces alike."""
    return normalize_arabic(_SEPARATOR.sub(SEPARATOR, label.strip()))


def _named(queryset: QuerySet, picker: Picker, name: str) -> list:
    """Rows called `name`: first as stored (what a chosen suggestion holds; a plain comparison, cheap over 200,000
    projects), else with spelling variants folded (each stored name folded in SQL: ten times the CPU)."""
    as_stored = Q()
    for field_name in picker.names:
        as_stored |= Q(**{field_name: name})
    rows = list(queryset.filter(as_stored).select_related(*picker.related)[: SUGGESTIONS + 1])
    return rows or list(_matching(queryset, picker, normalize_arabic(name), "exact")[: SUGGESTIONS + 1])


def resolve(picker: Picker, queryset: QuerySet, typed: str):
    """The row of `queryset` that `typed` names (a name, a label or a primary key), or a ValidationError."""
    typed = _without_nul(typed)
    text = typed.strip()
    if len(text) > LABEL_MAX:  # not looked up: it names nothing, and SQLite refuses so long a LIKE pattern
        raise _unknown(f"{text[:QUERY_MAX]}…", [])
    if (key := _key(text)) is not None:  # the primary keys tests and older forms post
        row = queryset.filter(pk=key).select_related(*picker.related).first()
        if row is None:
            raise _unknown(typed, [])
        return row
    rows = []
    # "name — qualifier": the rows of that name, then the label tells them apart. A name may hold a dash itself
    # ("Hebron – Gaziantep", a twinning group), so each dash between spaces is tried as the end of the name.
    for separator in _SEPARATOR.finditer(text):
        wanted = _comparable(text)
        named = _named(queryset, picker, text[: separator.start()])
        if rows := [row for row in named if wanted in _labels_in_every_language(picker, row)]:
            break
    if not rows:
        rows = _named(queryset, picker, text)
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise ValidationError(
            _("Several match “%(typed)s”: write one of %(labels)s."),
            code="ambiguous",
            params={"typed": typed, "labels": format_list(labels(picker, rows[:SUGGESTIONS]))},
        )
    raise _unknown(typed, close_labels(picker, queryset, _SEPARATOR.split(text)[0]))


def close_labels(picker: Picker, queryset: QuerySet, text: str) -> list[str]:
    """Up to five labels of rows whose names contain what was typed, or else one of its words, longest first."""
    folded = normalize_arabic(text)
    for part in (folded, *sorted(set(folded.split()), key=len, reverse=True)[:3]):
        if len(part) >= 2:
            rows = list(_matching(queryset, picker, part, "contains")[:CLOSE_NAMES])
            if rows:
                return labels(picker, rows)
    return []


def _unknown(typed: str, close: list[str]) -> ValidationError:
    if close:
        return ValidationError(
            _("“%(typed)s” was not found. Close names: %(names)s."),
            code="invalid_choice",
            params={"typed": typed, "names": format_list(close)},
        )
    return ValidationError(
        _("“%(typed)s” was not found: type part of a name and choose one of the suggestions."),
        code="invalid_choice",
        params={"typed": typed},
    )


def suggest(picker: Picker, *, user, query: str) -> list[str]:
    """Up to 20 labels of rows the person may see whose name starts with, then contains, what they typed, each
    group by label."""
    folded = normalize_arabic(_SEPARATOR.split(_without_nul(query)[:QUERY_MAX])[0])
    if not folded:
        return []
    rows = picker.suggestions(user).order_by()  # unordered: the scan stops at the 20th match
    found = sorted(_matching(rows, picker, folded, "startswith")[:SUGGESTIONS], key=picker.label)
    if len(found) < SUGGESTIONS:
        others = _matching(rows, picker, folded, "contains").exclude(pk__in=[row.pk for row in found])
        found += sorted(others[: SUGGESTIONS - len(found)], key=picker.label)
    return labels(picker, found)


def _without_nul(text: str) -> str:
    """No name holds a NUL character, and PostgreSQL refuses one in a text parameter (a 500)."""
    return text.replace("\x00", "")


def _key(value) -> int | None:
    """The primary key an initial value or a posted line names (a row, or digits); None for typed text."""
    if isinstance(value, Model):
        return value.pk
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None  # within 64 bits: longer digits name no row


def label_of(picker: Picker, queryset: QuerySet, value) -> str:
    """What an input shows: a row's label, the label of a primary key, or the text as it was typed."""
    if value in forms.Field.empty_values:
        return ""
    if isinstance(value, Model):
        return picker.label(value)
    key = _key(value)
    row = queryset.filter(pk=key).select_related(*picker.related).first() if key is not None else None
    return picker.label(row) if row else str(value)


# --- The form fields and their widgets ----------------------------------------------------------------------


class PickerInput(forms.TextInput):
    """A text input whose suggestions come from the picker's endpoint (static/js/picker.js fills the datalist)."""

    template_name = "core/widgets/picker.html"
    picker = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["picker_url"] = reverse("core:pick", args=[self.picker])
        return context


class MultiplePickerInput(PickerInput):
    """One row per line in a textarea; picker.js turns it into a list with an "add" input and remove buttons."""

    template_name = "core/widgets/picker_multiple.html"

    def value_from_datadict(self, data, files, name):
        # A textarea posts one text; tests and older forms post one primary key per value.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [line.strip() for value in values if value for line in str(value).splitlines() if line.strip()]

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty textarea means nothing chosen


class _PickerFieldMixin:
    """What both picker fields share: the registered picker they name, and their help text by default."""

    default_help_text: str

    def __init__(self, *, picker: str, queryset, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or self.default_help_text
        kwargs.pop("empty_label", None)  # nothing to choose from: there is no list
        super().__init__(queryset=queryset, **kwargs)
        self.picker_name = picker
        self.widget.picker = picker

    @property
    def picker(self) -> Picker:
        return PICKERS[self.picker_name]


class PickerField(_PickerFieldMixin, forms.ModelChoiceField):
    """A ModelChoiceField for a growing table: a text input, never a list of every row (see the module)."""

    widget = PickerInput
    default_help_text = _("Type part of the name and choose it from the suggestions.")

    def prepare_value(self, value):
        return label_of(self.picker, self.queryset, value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return resolve(self.picker, self.queryset, str(value))

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != self.prepare_value(data)


class MultiplePickerField(_PickerFieldMixin, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField for a growing table: one name per line (see the module)."""

    widget = MultiplePickerInput
    default_help_text = _("One per line: type part of a name and choose it from the suggestions.")

    def prepare_value(self, value):
        """The chosen rows' labels, one per line, read in one query; typed text stays as it was typed."""
        if value in self.empty_values:
            return ""
        picker = self.picker  # looked up in the registry once, not per row (a document's 200 author bodies)
        items = value.splitlines() if isinstance(value, str) else list(value)
        keyed = [(item, _key(item)) for item in items]
        keys = [key for _item, key in keyed if key is not None]
        rows = {row.pk: row for row in self.queryset.filter(pk__in=keys).select_related(*picker.related)}
        return "\n".join(picker.label(rows[key]) if key in rows else str(item) for item, key in keyed)

    def clean(self, value):
        lines = [line for line in (value or []) if line.strip()]
        if not lines:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        chosen, errors = [], []
        for line in lines:
            try:
                chosen.append(resolve(self.picker, self.queryset, line).pk)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        rows = self.queryset.filter(pk__in=chosen)
        self.run_validators(rows)
        return rows

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != self.prepare_value(data)
