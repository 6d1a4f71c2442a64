"""The audit trail's vocabulary: one registry of the actions `core.services.audit_record` writes.

Each app declares its actions in its own `audit_actions.py`, one constant per action::

    from django.utils.translation import gettext_lazy as _

    from tabadul.core.audit import register

    HUB_UPDATE = register("hubs.hub.update", _("Hub details changed"))

and its services pass the constant: `audit_record(actor=actor, action=audit_actions.HUB_UPDATE, target=hub)`.
A name is `<app label>.<object>.<verb>` (lower case, underscores inside a part) and never changes once rows carry it:
renaming one needs a data migration of the stored rows (see core/migrations/0003_audit_action_names.py). The label
is what the audit trail shows (translated). `audit_record` refuses an action that is not registered, so a typo fails
in the first test that reaches it.

`CoreConfig.ready()` imports every installed app's `audit_actions` module (Django's `autodiscover_modules`), so the
registry is complete before any page lists it; a service importing its app's module registers nothing twice.
Each action is also registered under the hook "core.audit_actions" (core/hooks.py), which the audit trail reads.
"""

import re

from django.utils.functional import Promise

from . import hooks

NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class AuditAction(str):
    """An action's stable name (it *is* the string stored in `AuditEvent.action`) with its translated label."""

    label: Promise

    def __new__(cls, name: str, label: Promise):
        action = super().__new__(cls, name)
        action.label = label
        return action

    @property
    def app_label(self) -> str:
        return self.split(".", 1)[0]


_registry: dict[str, AuditAction] = {}


def register(name: str, label: Promise) -> AuditAction:
    """Declare one action; call it at the top level of an app's `audit_actions.py`."""
    if not NAME.match(name):
        raise ValueError(f"An audit action is named <app>.<object>.<verb>, not {name!r}.")
    if name in _registry:
        raise ValueError(f"The audit action {name!r} is registered twice.")
    if not isinstance(label, Promise):
        raise ValueError(f"The label of {name!r} must be a lazy translation (gettext_lazy).")
    _registry[name] = action = AuditAction(name, label)
    hooks.register("core.audit_actions", action)
    return action


def registered(action) -> AuditAction:
    """The registered action, or ValueError: what `audit_record` writes must be declared."""
    found = _registry.get(str(action)) if isinstance(action, str) else None
    if found is None:
        raise ValueError(f"Unknown audit action {action!r}: declare it in the app's audit_actions.py.")
    return found


def all_actions() -> list[AuditAction]:
    """Every registered action, by name."""
    return sorted(hooks.get_hooks("core.audit_actions"))


def label(name: str) -> str:
    """What the audit trail calls a stored action (its name when no app declares it any more)."""
    action = _registry.get(name)
    return str(action.label) if action is not None else name
