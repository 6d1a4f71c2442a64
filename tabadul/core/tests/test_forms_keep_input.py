"""Forms never lose input (issue 18, item 7): a view that reads a form from what was posted and answers every
time with a redirect throws away what the person typed when the form is not valid. Such a view may only read forms
whose fields are chosen, not typed (choices, tick boxes): there is nothing to type again. Every other form view
shows the form again with what was typed (`core/actions.py`: `refuse_on_form` and render).

The test reads every views module of the project (the class: every function that builds a form from request.POST).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from django import forms

ROOT = Path(__file__).resolve().parents[2]
# Fields a person chooses rather than types.
CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.NullBooleanField)
# Calls that show a page (the form again) rather than redirect.
SHOWS_A_PAGE = {"render", "confirmation", "confirmed_action", "TemplateResponse", "render_to_response"}


def _views_modules():
    for path in sorted(ROOT.rglob("views*.py")):
        if "tests" in path.parts:
            continue
        yield ".".join(path.relative_to(ROOT.parent).with_suffix("").parts), path


def _posted_forms(function: ast.FunctionDef) -> list[str]:
    names = []
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            first = node.args[0]
            if ast.unparse(first) in ("request.POST", "request.POST or None") and node.func.id[0].isupper():
                names.append(node.func.id)
    return names


def _shows_a_page(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in SHOWS_A_PAGE or name.endswith("_page"):
                return True
    return False


def test_no_view_throws_away_what_was_typed():
    losing, seen = [], 0
    for module_name, path in _views_modules():
        tree = ast.parse(path.read_text())
        module = None
        for function in (node for node in tree.body if isinstance(node, ast.FunctionDef)):
            form_names = _posted_forms(function)
            if not form_names:
                continue
            seen += 1
            if _shows_a_page(function):
                continue
            module = module or importlib.import_module(module_name)
            for form_name in form_names:
                form_class = getattr(module, form_name, None)
                if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                    continue
                typed = [name for name, field in form_class.base_fields.items() if not isinstance(field, CHOSEN)]
                qualified = f"{module_name}.{function.name}"
                if typed:
                    losing.append(f"{qualified}: {form_name} ({', '.join(typed)}) is lost on a redirect")
    assert seen > 50, "too few form views found: has the way views read forms changed?"
    assert losing == [], "views that redirect and lose what was typed:\n" + "\n".join(losing)
