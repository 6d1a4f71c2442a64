"""The hooks mechanism (core/hooks.py): every hook name is documented in HOOKS, registered and read; order is stable."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from tabadul.core import hooks

PACKAGE = Path(__file__).resolve().parents[2]
READERS = {"get_hooks", "Declared"}


def _read_names() -> dict[str, list[str]]:
    """Hook names read in the code (`get_hooks("…")`, `Declared("…", …)`), with where, tests left out."""
    found: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path == PACKAGE / "core" / "hooks.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in READERS and node.args:
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path}:{node.lineno}: name the hook with a literal string"
                found.setdefault(first.value, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_hook_read_in_the_code_is_documented():
    undocumented = {name: where for name, where in _read_names().items() if name not in hooks.HOOKS}
    assert not undocumented, f"add these to HOOKS in core/hooks.py: {undocumented}"


def test_every_registered_hook_is_read_and_every_documented_hook_is_used():
    read = set(_read_names())
    registered = hooks.registered_names()
    assert registered - read == set(), "registered but nobody reads them"
    assert set(hooks.HOOKS) - registered == set(), "documented in HOOKS but nobody registers under them"
    assert set(hooks.HOOKS) - read == set(), "documented in HOOKS but nobody reads them"


def test_an_unknown_hook_name_is_refused():
    with pytest.raises(KeyError):
        hooks.register("nobody.reads_this", lambda: None)
    with pytest.raises(KeyError):
        hooks.get_hooks("nobody.reads_this")


def test_order_is_by_order_then_registration_and_the_same_on_every_read():
    def first():
        return {}

    def second():
        return {}

    def early():
        return {}

    before = hooks.get_hooks("core.home_context")
    with (
        hooks.register_temporarily("core.home_context", first, order=1000),
        hooks.register_temporarily("core.home_context", second, order=1000),
        hooks.register_temporarily("core.home_context", early, order=-1),
    ):
        hooks.register("core.home_context", first)  # a second registration of the same function changes nothing
        got = hooks.get_hooks("core.home_context")
        assert got == [early, *before, first, second]
        assert hooks.get_hooks("core.home_context") == got
    assert hooks.get_hooks("core.home_context") == before


def test_apps_register_in_the_order_of_installed_apps():
    """Registration order comes from autodiscovery, which follows INSTALLED_APPS: my work's groups of equal
    `order`, the programme page's sections, the search kinds are the same on every start."""
    labels = [config.label for config in apps.get_app_configs()]
    waiting_apps = [waiting.key.split(".")[0] for waiting in hooks.get_hooks("work.waiting")]
    assert waiting_apps == sorted(waiting_apps, key=labels.index)
    assert [kind.name for kind in hooks.get_hooks("programmes.work")] == [
        "hubs",
        "events",
        "documents",
        "pilots",
        "groups",
    ]


def test_two_declarations_under_one_key_are_a_mistake():
    from tabadul.core.work import REGISTRY, Waiting

    key = next(iter(REGISTRY))
    twin = Waiting(key=key, label="twin", count=lambda user: 0, items=lambda user, limit: [])
    with hooks.register_temporarily("work.waiting", twin), pytest.raises(ValueError):
        REGISTRY[key]
