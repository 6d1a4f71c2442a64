"""One vocabulary for the audit trail (core/audit.py) and one way for views to show a service's refusal
(core/actions.py). The scans read the source, so a new service or view that writes its own dialect fails here."""

import ast
import importlib
import pathlib
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.functional import Promise

from tabadul.core import audit
from tabadul.core.audit import AuditAction
from tabadul.core.models import AuditEvent
from tabadul.core.services import audit_record

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the tabadul package
migration = importlib.import_module("tabadul.core.migrations.0003_audit_action_names")


def _sources(*, views_only=False):
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if views_only and not (path.name.startswith("views") or "views" in parts[:-1]):
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _module_of(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _audit_modules() -> dict[str, object]:
    """Every app's `audit_actions` module, by dotted path."""
    found = {}
    for config in apps.get_app_configs():
        if config.name.startswith("tabadul."):
            try:
                found[f"{config.name}.audit_actions"] = importlib.import_module(f"{config.name}.audit_actions")
            except ModuleNotFoundError:
                continue
    return found


def _declared() -> dict[tuple[str, str], AuditAction]:
    """(module, constant) -> action, for every constant of every app's audit_actions.py."""
    return {
        (module_name, name): value
        for module_name, module in _audit_modules().items()
        for name, value in vars(module).items()
        if isinstance(value, AuditAction)
    }


def _audit_action_imports(path, tree) -> tuple[dict[str, str], dict[str, str]]:
    """In one file: local names bound to an audit_actions module, and constants imported from one."""
    package = _module_of(path) if path.name == "__init__.py" else _module_of(path).rsplit(".", 1)[0]
    modules, constants = {}, {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
        for alias in node.names:
            if alias.name == "audit_actions":
                modules[alias.asname or alias.name] = f"{base}.audit_actions"
            elif base.endswith(".audit_actions"):
                constants[alias.asname or alias.name] = (base, alias.name)
    return modules, constants


def _constants_used() -> set[tuple[str, str]]:
    used = set()
    for path, tree in _sources():
        if path.name == "audit_actions.py":
            continue
        modules, constants = _audit_action_imports(path, tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                used.add((modules[node.value.id], node.attr))
            elif isinstance(node, ast.Name) and node.id in constants:
                used.add(constants[node.id])
    return used


def _audit_calls():
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name == "audit_record":
                    yield path, node


def test_every_audit_record_call_names_a_registered_constant():
    calls = list(_audit_calls())
    assert len(calls) > 100, "the scan finds the services' audit_record calls"
    declared = _declared()
    problems = []
    for path, call in calls:
        where = f"{path.relative_to(ROOT)}:{call.lineno}"
        action = next((keyword.value for keyword in call.keywords if keyword.arg == "action"), None)
        if action is None:
            problems.append(f"{where}: no action=")
            continue
        for node in ast.walk(action):
            if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                problems.append(f"{where}: a string, not a constant of an audit_actions module: {ast.unparse(action)}")
                break
    modules_used = _constants_used()
    unknown = sorted(f"{module}.{name}" for module, name in modules_used if (module, name) not in declared)
    assert not problems, problems
    assert not unknown, f"constants that no audit_actions module declares: {unknown}"


def test_every_registered_action_is_used_somewhere():
    declared, used = _declared(), _constants_used()
    unused = sorted(f"{module}.{name}" for (module, name) in declared if (module, name) not in used)
    assert not unused, f"registered audit actions no code writes (remove them, or use them): {unused}"


def test_every_action_is_declared_by_its_own_app_and_registered_once():
    declared = _declared()
    for (module_name, constant), action in declared.items():
        app_label = apps.get_containing_app_config(module_name).label
        assert action.app_label == app_label, f"{module_name}.{constant} = {action!r} names another app"
        assert audit.registered(str(action)) is action
    assert sorted(audit.all_actions()) == sorted(declared.values()), "every registered action is an app's constant"
    assert len(set(map(str, declared.values()))) == len(declared)


def test_labels_are_lazy_translations_distinct_and_not_empty():
    actions = audit.all_actions()
    assert all(isinstance(action.label, Promise) for action in actions)
    for language in ("en", "ar"):
        with translation.override(language):
            labels = [str(action.label).strip() for action in actions]
            assert all(labels), [action for action in actions if not str(action.label).strip()]
            if language == "en":
                repeated = [label for label, count in Counter(labels).items() if count > 1]
                assert not repeated, f"two actions share a label: {repeated}"


@pytest.mark.django_db
def test_audit_record_refuses_an_unknown_action():
    for wrong in ("hubs.hub.updated", "hub.update", AuditAction("hubs.hub.nothing", audit.label), None, 3):
        with pytest.raises(ValueError):
            audit_record(actor=AnonymousUser(), action=wrong)
    assert not AuditEvent.objects.exists()
    any_action = audit.all_actions()[0]
    event = audit_record(actor=AnonymousUser(), action=any_action)
    assert event.action == str(any_action) and event.action_label == str(any_action.label)


def test_register_refuses_a_malformed_name_or_a_second_registration():
    existing = audit.all_actions()[0]
    for name in ("hub_update", "Hubs.hub.update", "hubs.hub", "hubs.hub.update.twice"):
        with pytest.raises(ValueError):
            audit.register(name, existing.label)
    with pytest.raises(ValueError):
        audit.register(str(existing), existing.label)
    assert audit.all_actions().count(existing) == 1


@pytest.mark.django_db
def test_the_migration_renames_the_old_dialects_so_history_keeps_its_labels():
    old_names = [*migration.RENAMES, "admin.localbody.change", "admin.user.password", "meter.feedback.update"]
    for name in old_names:
        AuditEvent.objects.create(action=name, changes={})
    AuditEvent.objects.create(action="meter.feedback.update", changes={"reply": ["", "شكرًا"]})
    AuditEvent.objects.create(action="hubs.hub.update", changes={})  # already in the new dialect: untouched

    migration.forwards(apps, None)

    stored = set(AuditEvent.objects.values_list("action", flat=True))
    registered = {str(action) for action in audit.all_actions()}
    assert stored <= registered, f"rows the audit trail cannot name: {stored - registered}"
    assert {"core.admin.change", "core.admin.password", "meter.feedback.reply", "meter.feedback.moderate"} <= stored
    assert set(migration.RENAMES.values()) <= registered

    migration.backwards(apps, None)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= set(migration.RENAMES)


def test_every_stored_name_of_the_old_dialects_is_renamed():
    """Every name a service wrote before the registry (the old dialects) is either renamed by the migration or is
    still a registered name."""
    renamed = set(migration.RENAMES)
    registered = {str(action) for action in audit.all_actions()}
    old_dialect = {name for name in renamed if name.split(".")[0] not in {c.label for c in apps.get_app_configs()}}
    assert old_dialect, "the migration renames names that start with no app label (hub., event., role., ...)"
    assert not renamed & registered


# --- One way for views to show a service's refusal ---------------------------------------------------------------


def _actions_helpers() -> set[str]:
    from tabadul.core import actions

    return {name for name, value in vars(actions).items() if callable(value) and value.__module__ == actions.__name__}


def _catches_validation_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return False
    return "ValidationError" in {
        node.id if isinstance(node, ast.Name) else node.attr
        for node in ast.walk(handler.type)
        if isinstance(node, ast.Name | ast.Attribute)
    }


def _calls_a_service(statements, service_names: set[str]) -> bool:
    """The statements call a service: `services.x(...)`, `hub_services.x(...)`, or a name imported from one."""
    for statement in statements:
        for node in ast.walk(statement):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            while isinstance(func, ast.Attribute):
                func = func.value
            if isinstance(func, ast.Name) and (func.id.endswith("services") or func.id in service_names):
                return True
    return False


def _renders(function: ast.FunctionDef) -> bool:
    """A view that answers a POST with a page (`render` or `confirmation`), not only with a redirect."""
    post_only = any("require_POST" in ast.unparse(decorator) for decorator in function.decorator_list)
    return not post_only and any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"render", "confirmation"}
        for node in ast.walk(function)
    )


def test_views_show_a_refusal_only_through_core_actions():
    """In views, a service's refusal (a ValidationError caught around a service call) goes through core/actions.py:
    onto the form (`refuse_on_form`) for a form view, as messages (`attempt`, `show_refusal`) for a button. No view
    adds the errors or messages itself. (A ValidationError of parsing, e.g. a period in the query string, is not a
    refusal.)"""
    helpers = _actions_helpers()
    assert {"attempt", "show_refusal", "refuse_on_form"} <= helpers
    problems, handled = [], 0
    for path, tree in _sources(views_only=True):
        imported, service_names = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("core.actions"):
                imported |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("services"):
                service_names |= {alias.asname or alias.name for alias in node.names}
        form_page_tries = {  # the try blocks of views that render a page (with the form) on a refusal
            inner
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and _renders(function)
            for inner in ast.walk(function)
            if isinstance(inner, ast.Try)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try) or not _calls_a_service(node.body, service_names):
                continue
            for handler in node.handlers:
                if not _catches_validation_error(handler):
                    continue
                called = {
                    call.func.id if isinstance(call.func, ast.Name) else call.func.attr
                    for call in ast.walk(handler)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name | ast.Attribute)
                }
                if not called & imported & helpers:
                    problems.append(f"{path.relative_to(ROOT)}:{handler.lineno}: use a core.actions helper")
                elif "show_refusal" in called and node in form_page_tries:
                    problems.append(f"{path.relative_to(ROOT)}:{handler.lineno}: a form page: refuse_on_form")
                handled += 1
    assert handled > 40, "the scan finds the views' handlers"
    assert not problems, problems


def test_no_view_defines_its_own_refusal_helper():
    """The per-app `_add_errors` / `_form_errors` copies are gone: a function in a view module that loops over
    `error_dict` re-implements `core.actions.refuse_on_form`."""
    copies = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path, tree in _sources(views_only=True)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(n, ast.Attribute) and n.attr == "error_dict" for n in ast.walk(node))
    ]
    assert not copies, copies
    as_messages = [  # an embedded form's errors become messages through core.actions.show_form_errors
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _sources(views_only=True)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "error"
        and any(isinstance(n, ast.Attribute) and n.attr in {"errors", "messages"} for n in ast.walk(node))
    ]
    assert not as_messages, as_messages
