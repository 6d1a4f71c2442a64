"""includes/form.html and includes/error_summary.html, and the import-time translation mistake they guard against."""

import ast
import re
from pathlib import Path

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from tabadul.core.forms import Form, lazy_format


class Sample(Form):
    title = forms.CharField(label="Title", max_length=5)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False, help_text="Optional words")
    file = forms.FileField(label="File", required=False)

    def clean(self):
        data = super().clean()
        if data.get("title") == "bad":
            raise forms.ValidationError("The whole form is wrong.")
        return data


def _render(form) -> str:
    with translation.override("en"):
        return render_to_string("includes/form.html", {"form": form})


def test_the_summary_links_every_error_to_its_field_and_keeps_what_was_typed():
    form = Sample({"title": "far too long", "note": "kept words"})
    assert not form.is_valid()
    html = _render(form)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "data-error-summary" in summary and 'tabindex="-1"' in summary
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["id_title", "id_kind_0"]  # a group of radio buttons is reached at its first button
    for target in links:
        assert f'id="{target}"' in html
    assert 'value="far too long"' in html and 'value="kept words"' in html
    assert "choose the file again" in html


def test_errors_of_the_whole_form_are_in_the_summary_and_required_fields_say_so():
    form = Sample({"title": "bad", "kind": "a"})
    assert not form.is_valid()
    html = _render(form)
    assert "The whole form is wrong." in re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert re.search(r"<label for=\"id_title\">Title <span class=\"required-mark\">\(required\)</span></label>", html)
    assert re.search(r"<legend>Kind <span class=\"required-mark\">\(required\)</span></legend>", html)
    assert not re.search(r"Note <span class=\"required-mark\">", html)


def test_a_form_without_errors_has_no_summary_and_no_file_note():
    html = _render(Sample())
    assert "error-summary" not in html and "choose the file again" not in html


def test_the_summary_can_be_left_to_the_page():
    form = Sample({})
    form.is_valid()
    with translation.override("en"):
        html = render_to_string("includes/form.html", {"form": form, "summary": False})
    assert "error-summary" not in html and "errorlist" in html


def test_lazy_format_translates_when_shown():
    text = lazy_format(gettext_lazy("Up to %(n)d files of 5 MB each."), n=3)
    with translation.override("en"):
        assert str(text) == "Up to 3 files of 5 MB each."
    with translation.override("ar"):
        assert str(text) != "Up to 3 files of 5 MB each." and "3" in str(text)


TRANSLATE = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _translated_here(node: ast.AST) -> bool:
    formatted = (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and isinstance(node.left, ast.Call)
        and _name(node.left) in TRANSLATE
    )
    eager = isinstance(node, ast.Call) and _name(node) in {"gettext", "pgettext", "ngettext"}
    formatted_with_format = (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Call)
        and _name(node.func.value) in TRANSLATE
    )
    return formatted or eager or formatted_with_format


def _import_time_translations(tree: ast.AST) -> list[int]:
    """Lines where a message is translated and formatted (or translated with plain gettext) outside any function:
    module and class bodies run once, at import, in the default language."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True)
                continue
            if not in_function and _translated_here(child):
                found.append(child.lineno)
            visit(child, in_function)

    visit(tree, False)
    return found


def test_no_message_is_translated_at_import():
    root = Path(__file__).resolve().parents[2]
    offenders = {}
    for path in sorted(root.rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        lines = _import_time_translations(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(root))] = lines
    assert offenders == {}, "use core.forms.lazy_format (or translate inside a function)"


def test_the_scan_finds_the_mistake():
    assert _import_time_translations(ast.parse('class F:\n    help = _("%(n)d MB") % {"n": 5}\n')) == [2]
    assert _import_time_translations(ast.parse('def f():\n    return _("%(n)d MB") % {"n": 5}\n')) == []
    assert _import_time_translations(ast.parse('X = gettext("Saved")\n')) == [1]
