"""Every registered permission is tested by name in its app's tests/test_rules.py.

An app's permissions are the `rules.add_perm("...")` calls of its rules.py; together they must be exactly what
django-rules has registered (so a permission registered anywhere else fails too). Each must appear, quoted, in the
app's `tests/test_rules.py` (the per-app grids built on tabadul/core/tests/rules_grid.py).
"""

import re
from pathlib import Path

from django.apps import apps
from rules.permissions import permissions

ADD_PERM = re.compile(r"""add_perm\(\s*["']([\w.]+)["']""")


def _apps_with_rules() -> dict[str, Path]:
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if config.name.startswith("tabadul.") and (path / "rules.py").exists():
            found[config.label] = path
    return found


def _declared() -> dict[str, set[str]]:
    return {label: set(ADD_PERM.findall((path / "rules.py").read_text())) for label, path in _apps_with_rules().items()}


def test_every_registered_permission_is_declared_in_an_apps_rules_module():
    declared = set().union(*_declared().values())
    assert sorted(set(permissions) - declared) == [], "registered outside an app's rules.py"
    assert sorted(declared - set(permissions)) == [], "declared but not registered"


def test_every_app_with_rules_has_a_rules_grid():
    missing = [label for label, path in _apps_with_rules().items() if not (path / "tests" / "test_rules.py").exists()]
    assert missing == [], "apps with a rules.py and no tests/test_rules.py"


def test_every_permission_is_named_in_its_apps_rules_grid():
    unnamed = set()
    for label, names in _declared().items():
        grid = _apps_with_rules()[label] / "tests" / "test_rules.py"
        source = grid.read_text() if grid.exists() else ""
        unnamed |= {name for name in names if f'"{name}"' not in source and f"'{name}'" not in source}
    assert sorted(unnamed) == [], "permissions no test_rules.py names"
