"""Writes shared by every app: the audit trail."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict

from .audit import AuditAction, registered
from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def audit_record(
    *, actor, action: AuditAction, target: models.Model | None = None, changes: dict | None = None
) -> AuditEvent:
    """Record one write. Call it inside the service's transaction so both commit or neither.

    `action` is a constant of the app's `audit_actions.py` (core/audit.py); any other value is a ValueError.
    """
    action = registered(action)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=str(action),
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def changed_fields(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list]:
    """The fields whose value differs, as {name: [old, new]}, for the audit trail."""
    current = model_to_dict(instance, fields=list(new_values))
    return {
        name: [_jsonable(current.get(name)), _jsonable(value)]
        for name, value in new_values.items()
        if _jsonable(current.get(name)) != _jsonable(value)
    }


def save_if_changed(instance: models.Model, **values: Any) -> bool:
    """Set the values and save only if one differs (keeps demo and import loads idempotent)."""
    if instance.pk is None:
        differs = values
    else:
        differs = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if not differs:
        return False
    for name, value in differs.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return True
