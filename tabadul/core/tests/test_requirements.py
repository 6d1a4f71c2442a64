"""Runtime and development dependencies are separate and complete, and the lock files are current.

Production installs requirements.lock (generated from requirements.txt by `make lock`), so every third-party
package that runtime code imports must be a requirement there, and no test tool may be imported by runtime code.
"""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "tabadul"
TEST_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "pytest-cov", "hypothesis", "playwright", "factory-boy"}
TEST_TOOLS |= {"schemathesis", "ruff", "import-linter", "coverage", "pip-audit", "uv"}


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement line ("psycopg[binary]==3.3.9" -> "psycopg")."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\[=<>~! ;]", requirement.strip(), maxsplit=1)[0]).lower()


def requirements(path: Path) -> dict[str, str]:
    """{name: line} of a requirements file; `-r other.txt` lines are followed."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found |= requirements(path.parent / line[3:].strip())
        elif not line.startswith("-"):
            found[_name(line)] = line
    return found


def locked(path: Path) -> dict[str, str]:
    """{name: version} of a lock file written by `uv pip compile --generate-hashes`."""
    return {
        _name(match[1]): match[2]
        for match in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._\[\],-]*)==([^\s\\]+)", path.read_text(), re.M)
    }


def runtime_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts or path.name == "conftest.py" or "migrations" in relative.parts:
            continue
        yield path


def imported_top_levels(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"tabadul", "__future__"}


def runtime_distributions() -> dict[str, set[str]]:
    """{distribution: {modules importing it}} for the third-party imports of runtime code."""
    owners = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in runtime_modules():
        for top in imported_top_levels(path):
            assert top in owners, f"{path.relative_to(ROOT)} imports {top}, which no installed distribution provides"
            for distribution in owners[top]:
                found.setdefault(_name(distribution), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_package_runtime_code_imports_is_a_runtime_requirement():
    runtime = requirements(ROOT / "requirements.txt")
    imported = runtime_distributions()
    assert {"django", "pypdf"} <= imported.keys()  # the scan sees imports (pypdf: library/files.py)
    missing = {name: sorted(modules)[:3] for name, modules in imported.items() if name not in runtime}
    assert not missing, f"imported by runtime code but not in requirements.txt: {missing}"


def test_runtime_code_imports_no_test_tool():
    imported = runtime_distributions()
    assert not {name: sorted(imported[name]) for name in TEST_TOOLS & imported.keys()}


def test_test_tools_are_development_requirements_only():
    runtime = requirements(ROOT / "requirements.txt")
    development = requirements(ROOT / "requirements-dev.txt")
    assert not TEST_TOOLS & runtime.keys()
    assert {"pytest", "pytest-django", "pytest-cov", "pip-audit", "uv"} <= development.keys()


def test_every_requirement_is_pinned():
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in requirements(ROOT / file).values():
            assert "==" in line, f"{file}: {line} is not pinned"


def test_the_lock_files_hold_every_requirement_at_its_pinned_version():
    """Run `make lock` after changing a requirements file."""
    runtime_lock = locked(ROOT / "requirements.lock")
    dev_lock = locked(ROOT / "requirements-dev.lock")
    for source, lock in (("requirements.txt", runtime_lock), ("requirements-dev.txt", dev_lock)):
        for name, line in requirements(ROOT / source).items():
            assert lock.get(name) == line.split("==", 1)[1].strip(), f"{name}: {source} and its lock differ"
    # The production lock has no test tool, and the development lock installs the same runtime.
    assert not TEST_TOOLS & runtime_lock.keys()
    assert {name: version for name, version in dev_lock.items() if name in runtime_lock} == runtime_lock
    for path in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / path).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        assert all("--hash=sha256:" in block for block in blocks if "==" in block), f"{path}: a pin has no hash"
