"""Demo data for development, tests and benchmarks; never installed in production.

One module per domain, each with `load() -> str` (idempotent: a second run changes nothing) and, where it
points at what later modules create, `link() -> str`. `manage.py load_demo` runs them in the order of
`MODULES`. The app is in INSTALLED_APPS only with DEBUG on (settings/base.py) and in the test settings;
production settings never have it, so `load_demo` does not exist there (tests/test_packaging.py).

The demo may import any app (it sits above all of them); no app imports the demo.
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

# The loading order: each module may rely on what the ones before it created.
MODULES = (
    "directory",
    "accounts",
    "programmes",
    "pilots",
    "alignment",
    "hubs",
    "events",
    "meter",
    "library",
    "qa",
    "discussions",
    "twinning",
    "surveys",
    "search",
)


def demo_modules() -> Iterator[tuple[str, ModuleType]]:
    """(domain, module) for every demo module, in loading order."""
    for name in MODULES:
        yield name, import_module(f"{__name__}.{name}")
