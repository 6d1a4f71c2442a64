"""Views are thin (issue 17, item 5): they parse the request and call a selector (reads) or a service (writes).

Every `views*.py` of the project is parsed; a view that touches a model manager (`Model.objects`) or calls `.save()`
or `.delete()` fails here. Reads belong in the app's selectors.py, writes and the decisions before them in its
services.py. `get_object_or_404(selectors.x(), pk=pk)` is the way a view finds its object.

ALLOWED would list an exception, by file and function, with its reason (it is empty); an entry that no longer
offends fails too, so the list only shrinks.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # tabadul/

# Receivers whose .delete()/.save() are not the database: Django's cache (the health check writes and deletes a key).
NOT_ORM = {"cache"}

# (file, function) -> why it may touch the ORM. Empty: every view reads through a selector and writes through a
# service. An entry needs a reason no selector could serve.
ALLOWED: dict[tuple[str, str], str] = {}


def view_modules() -> list[Path]:
    return sorted(path for path in ROOT.rglob("views*.py") if "tests" not in path.relative_to(ROOT).parts)


def offences(path: Path) -> list[tuple[str, int, str]]:
    """(top-level function or class, line, what) for every manager access and .save()/.delete() call in a module."""
    found = []

    def visit(node, owner):
        for child in ast.iter_child_nodes(node):
            name = owner
            if owner is None and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = child.name
            if isinstance(child, ast.Attribute) and child.attr == "objects":
                found.append((name, child.lineno, f"{ast.unparse(child)}"))
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in ("save", "delete")
                and not (isinstance(child.func.value, ast.Name) and child.func.value.id in NOT_ORM)
            ):
                found.append((name, child.lineno, f"{ast.unparse(child.func)}()"))
            visit(child, name)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def test_the_views_are_found():
    names = {str(path.relative_to(ROOT)) for path in view_modules()}
    assert {"meter/views.py", "meter/views_manage.py", "events/views.py", "hubs/views_confirm.py"} <= names


def test_views_neither_query_models_nor_save_or_delete():
    seen: set[tuple[str, str]] = set()
    unexpected = []
    for path in view_modules():
        relative = str(path.relative_to(ROOT))
        for function, line, what in offences(path):
            seen.add((relative, function))
            if (relative, function) not in ALLOWED:
                unexpected.append(f"{relative}:{line} {function}: {what}")
    assert unexpected == [], "views reading or writing the ORM directly: use a selector or a service"
    assert sorted(set(ALLOWED) - seen) == [], "these no longer touch the ORM: remove them from ALLOWED"


def test_the_check_sees_what_it_forbids(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def a(request):\n    return Thing.objects.get(pk=1)\n"
        "def b(request, thing):\n    thing.save()\n"
        "def c(request, thing):\n    thing.delete()\n"
        "def d(request):\n    cache.delete('k')\n"
    )
    assert [(function, what) for function, _line, what in offences(sample)] == [
        ("a", "Thing.objects"),
        ("b", "thing.save()"),
        ("c", "thing.delete()"),
    ]
