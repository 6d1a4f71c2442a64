"""Imports inside functions (docs/architecture.md, "Layers"): a module imports what it needs at its top; an
import of a tabadul module inside a function is kept only where a cycle inside an app or the app registry's
loading requires it, and says why in a comment on its line or the line before."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def _function_level_imports(tree: ast.Module):
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = ["." * node.level + (node.module or "")]
            else:
                continue
            if any(module.startswith(("tabadul", ".")) for module in modules):
                yield node


def _uncommented() -> list[str]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts or "migrations" in relative.parts or path.name == "conftest.py":
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _function_level_imports(ast.parse(source)):
            line = lines[node.lineno - 1]
            before = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            if "#" not in line and not before.startswith("#"):
                found.add(f"{relative}:{node.lineno}: {line.strip()}")
    return sorted(found)


def test_every_import_inside_a_function_says_why():
    uncommented = _uncommented()
    assert not uncommented, (
        "Move these imports to the module's top, or say in a comment why they must stay inside the function:\n"
        + "\n".join(uncommented)
    )


def test_the_check_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from tabadul.core import hooks\n    from .models import X  # a reason\n")
    assert [node.lineno for node in _function_level_imports(tree)] == [2, 3]
