"""makemessages finds a string only when it is marked with a name it knows (`_`, `gettext`, `gettext_lazy`,
`ngettext`, `pgettext`, ...). A translation function imported under another name (`gettext_lazy as _lazy`) hides
its strings from the catalogue, and the Arabic page shows them in English: this walk forbids it."""

import ast
from pathlib import Path

import tabadul

KNOWN_ALIASES = {None, "_"}


def _renamed_translation_imports() -> list[str]:
    found = []
    for path in Path(tabadul.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                found += [
                    f"{path}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.name.endswith(("gettext", "gettext_lazy")) and alias.asname not in KNOWN_ALIASES
                ]
    return found


def test_translation_functions_keep_names_makemessages_knows():
    assert _renamed_translation_imports() == []
