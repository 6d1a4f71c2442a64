"""docs/seeds.md is kept true (issue 20): every row of its tables has a status the page defines, a partial row says
what is missing, and what a row names in `code` exists — addresses resolve, models and their fields, modules and
their functions, files and folders of the repository."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "docs" / "seeds.md"
STATUSES = {"working", "partial", "missing"}
# Sample values for an address's placeholders.
PLACEHOLDER = re.compile(r"<(\w+)>")
SAMPLES = {"pk": "1", "code": "ABC123", "kind": "vision"}


def _rows() -> list[list[str]]:
    rows = []
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] not in {"capability", "---"}:
            rows.append(cells)
    return rows


def _named(where: str) -> list[str]:
    return re.findall(r"`([^`]+)`", where)


def test_every_row_has_a_status_and_a_partial_one_says_what_is_missing():
    rows = _rows()
    assert len(rows) >= 40
    for capability, _seed, where, status in rows:
        assert status in STATUSES, capability
        if status == "partial":
            assert re.search(r"\b(no|not|missing|only|lacks?)\b", where), f"say what is missing: {capability}"


def _exists(name: str) -> bool:
    if name.startswith("/"):
        path = PLACEHOLDER.sub(lambda match: SAMPLES.get(match.group(1), "sample"), name)
        try:
            resolve(path)
        except Resolver404:
            return False
        return True
    if "/" in name or name.endswith((".py", ".md")):
        return (ROOT / name).exists() or (ROOT / "tabadul" / name).exists()
    model = re.fullmatch(r"([a-z_]+)\.([A-Z]\w+)(?:\.(\w+))?", name)
    if model:
        label, model_name, attribute = model.groups()
        found = apps.get_model(label, model_name)
        return attribute is None or hasattr(found, attribute) or attribute in {f.name for f in found._meta.get_fields()}
    function = re.fullmatch(r"([a-z_]+(?:\.[a-z_]+)+)\.([a-z_]\w*)", name)
    if function:
        module, attribute = function.groups()
        return hasattr(importlib.import_module(f"tabadul.{module}"), attribute)
    return True  # a class attribute or a value (`Hub.min_topics`, `Event.Type.STUDY_TOUR`): read by a person


@pytest.mark.django_db
def test_what_the_rows_name_exists():
    missing = [
        f"{capability}: {name}"
        for capability, _seed, where, _status in _rows()
        for name in _named(where)
        if not name.startswith("…") and not _exists(name)
    ]
    assert not missing, "\n".join(missing)
