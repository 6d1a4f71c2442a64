"""The demo data stays out of production: no app imports it, production settings do not install it, and there
`load_demo` does not exist. Every demo module is loaded by `load_demo`; no app keeps a demo module of its own."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from tabadul.demo import MODULES, demo_modules

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "tabadul"
DEMO = PACKAGE / "demo"

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "tabadul.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "tabadul.example.org",
    "TABADUL_SITE_URL": "https://tabadul.example.org",
    # Even a DEBUG=1 left in the environment must not bring the demo in (production.py forces DEBUG off).
    "DEBUG": "1",
}


def demo_imports(source: str) -> list[str]:
    """The imports of tabadul.demo (or anything under it) in a module's source, as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_demo(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _is_demo(node.module):
                found.append(node.module)
            elif node.module == "tabadul":
                found += [f"tabadul.{alias.name}" for alias in node.names if alias.name == "demo"]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"import_module", "__import__"} and _is_demo(str(node.args[0].value)):
                found.append(node.args[0].value)
    return found


def _is_demo(module: str) -> bool:
    return module == "tabadul.demo" or module.startswith("tabadul.demo.")


def runtime_modules() -> list[Path]:
    """Every Python file of the tabadul package except the demo app itself and the tests."""
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.is_relative_to(DEMO)
        and "tests" not in path.relative_to(PACKAGE).parts
        and path.name != "conftest.py"
        and "migrations" not in path.parts
    ]


def test_the_import_scan_sees_every_way_of_importing_the_demo():
    source = """
import tabadul.demo
import tabadul.demo.hubs as hubs_demo
from tabadul.demo.accounts import set_demo_password
from tabadul import demo
from tabadul.demo import demo_modules
import_module("tabadul.demo.qa")
importlib.import_module("tabadul.demo")
from tabadul.demographics import nothing
from tabadul import directory
import_module("tabadul.hubs")
"""
    assert demo_imports(source) == [
        "tabadul.demo",
        "tabadul.demo.hubs",
        "tabadul.demo.accounts",
        "tabadul.demo",
        "tabadul.demo",
        "tabadul.demo.qa",
        "tabadul.demo",
    ]


def test_no_module_outside_the_demo_and_the_tests_imports_the_demo():
    modules = runtime_modules()
    assert len(modules) > 200, "the scan must see the whole package"
    assert PACKAGE / "settings" / "production.py" in modules and PACKAGE / "hubs" / "services.py" in modules
    offenders = {
        str(path.relative_to(ROOT)): found for path in modules if (found := demo_imports(path.read_text("utf-8")))
    }
    assert offenders == {}


def test_no_app_keeps_demo_data_of_its_own():
    """The demo data lives in tabadul/demo only: an app's `demo.py` (or `demo/` package) would ship in production."""
    tabadul_apps = [config for config in apps.get_app_configs() if config.name.startswith("tabadul.")]
    assert len(tabadul_apps) >= 15
    kept = [
        config.name
        for config in tabadul_apps
        if config.name != "tabadul.demo" and any((Path(config.path) / name).exists() for name in ("demo.py", "demo"))
    ]
    assert kept == []


def test_every_demo_module_is_loaded_and_has_a_loader():
    on_disk = {path.stem for path in DEMO.glob("*.py") if path.stem not in {"__init__", "apps"}}
    assert on_disk == set(MODULES)
    assert len(MODULES) == len(set(MODULES))
    for name, module in demo_modules():
        assert callable(module.load), name


def _python(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The end-to-end fixture allows async-unsafe calls in this process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**inherited, **env}, capture_output=True, text=True, timeout=120
    )


INSTALLED_APPS_PROBE = """
import json, sys
if sys.argv[1] == "base-first":
    import tabadul.settings.base  # imported with DEBUG=1: its INSTALLED_APPS has the demo app
import django
django.setup()
from django.conf import settings
print(json.dumps(settings.INSTALLED_APPS))
"""


@pytest.mark.parametrize("order", ["production-only", "base-first"])
def test_production_settings_never_install_the_demo_app(order):
    result = _python("-c", INSTALLED_APPS_PROBE, order, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    installed = json.loads(result.stdout.strip().splitlines()[-1])
    assert "tabadul.hubs" in installed
    assert not [app for app in installed if _is_demo(app)]


@pytest.mark.parametrize(
    ("settings_env", "known"),
    [
        (PRODUCTION, False),
        ({"DJANGO_SETTINGS_MODULE": "tabadul.settings.base"}, False),  # DEBUG off
        ({"DJANGO_SETTINGS_MODULE": "tabadul.settings.base", "DEBUG": "1"}, True),
        ({"DJANGO_SETTINGS_MODULE": "tabadul.settings.test"}, True),
    ],
    ids=["production", "base-without-debug", "base-with-debug", "test"],
)
def test_load_demo_exists_only_with_debug_or_in_tests(settings_env, known, tmp_path):
    # Where it must not exist, the command itself is run (on an empty database it would fail otherwise); where it
    # must, `help` shows it without touching a database.
    command = ("help", "load_demo") if known else ("load_demo", "--no-accounts")
    result = _python("manage.py", *command, **settings_env, TABADUL_VAR_DIR=str(tmp_path))
    if known:
        assert result.returncode == 0, result.stderr
        assert "--no-accounts" in result.stdout
    else:
        assert result.returncode != 0
        assert "Unknown command: 'load_demo'" in result.stderr
