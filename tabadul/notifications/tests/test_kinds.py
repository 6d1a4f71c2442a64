"""Every notification kind has a test of the action that triggers it (issue 16, "What it must show").

A test that triggers a kind carries `@pytest.mark.notification_kind("<kind>")` and checks it with
`tabadul.notifications.testing.assert_notified` (the right people, once, e-mail as each chose, absolute links).
The marks are read from the test files' source (ast), not from a pytest run, so this file alone gives the
whole answer whichever tests were collected.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tabadul.notifications.models import MESSAGES, Kind

ROOT = Path(__file__).resolve().parents[2]  # tabadul/
MARK = "notification_kind"
CHECK = "assert_notified"


@dataclass(frozen=True)
class Mark:
    kind: str
    where: str  # file::function
    checks: bool  # the marked test (or a helper of its module it calls) uses assert_notified


def _test_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts and path.name.startswith(("test_", "conftest")):
            yield path


def _kind_of(argument: ast.expr) -> str:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.Attribute) and argument.attr in Kind.__members__:  # Kind.ANSWER
        return Kind[argument.attr].value
    return f"<not a kind: {ast.unparse(argument)}>"


def _marks_in(node: ast.AST):
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name == MARK:
                yield from [_kind_of(argument) for argument in call.args] or ["<no kind given>"]


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _checking_functions(module: ast.Module) -> set[str]:
    """Names of the module's functions that call assert_notified, directly or through each other."""
    functions = {
        node.name: _called_names(node)
        for node in ast.walk(module)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    checking = {CHECK}
    changed = True
    while changed:
        grown = {name for name, calls in functions.items() if calls & checking}
        changed = not grown <= checking
        checking |= grown
    return checking


def collect_marks() -> list[Mark]:
    marks = []
    for path in _test_files():
        module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        checking = _checking_functions(module)
        relative = path.relative_to(ROOT.parent)
        for node in ast.walk(module):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                kinds = [kind for decorator in node.decorator_list for kind in _marks_in(decorator)]
                checks = bool(_called_names(node) & checking)
                marks += [Mark(kind, f"{relative}::{node.name}", checks) for kind in kinds]
        for statement in module.body:  # pytestmark = pytest.mark.notification_kind("...")
            if isinstance(statement, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "pytestmark" for target in statement.targets
            ):
                checks = bool(_called_names(module) & checking)
                marks += [Mark(kind, f"{relative}::pytestmark", checks) for kind in _marks_in(statement.value)]
    return marks


MARKS = collect_marks()


def test_every_kind_has_a_message():
    assert set(MESSAGES) == set(Kind)


@pytest.mark.parametrize("kind", Kind.values)
def test_every_kind_has_a_test_of_its_trigger(kind):
    where = [mark.where for mark in MARKS if mark.kind == kind]
    assert where, (
        f"No test triggers the notification kind {kind!r}: mark the test of the action that notifies it with "
        f'@pytest.mark.notification_kind("{kind}") and check it with tabadul.notifications.testing.assert_notified.'
    )


def test_every_mark_names_a_kind_and_its_test_checks_it():
    unknown = sorted(f"{mark.where}: {mark.kind}" for mark in MARKS if mark.kind not in Kind.values)
    unchecked = sorted(f"{mark.where}: {mark.kind}" for mark in MARKS if not mark.checks)
    assert unknown == [], "marks naming no notification kind"
    assert unchecked == [], f"marked tests that do not call {CHECK}"


def test_the_scan_finds_marks_and_checks():
    """The scanner itself: a mark written in each supported way is found, and a test without the check is not
    counted as checking (so the tests above cannot pass by finding nothing)."""
    source = """
import pytest
from tabadul.notifications.models import Kind

def _act(x):
    with assert_notified("answer", [x]):
        pass

@pytest.mark.notification_kind("answer")
def test_direct(x):
    _act(x)

@pytest.mark.parametrize("c", [pytest.param(1, marks=pytest.mark.notification_kind(Kind.MENTION))])
def test_param(x, c):
    with assert_notified(Kind.MENTION, [x]):
        pass

@pytest.mark.notification_kind("thread_reply")
def test_unchecked(x):
    pass
"""
    module = ast.parse(source)
    checking = _checking_functions(module)
    found = {}
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                for kind in _marks_in(decorator):
                    found[kind] = bool(_called_names(node) & checking)
    assert found == {"answer": True, "mention": True, "thread_reply": False}
