"""Writes shared by every app: the audit trail, and the home page's stored figures."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from . import hooks
from .audit import AuditAction, registered
from .models import AuditEvent, StoredFigure


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


# --- The home page's figures, stored (core/selectors.py) ----------------------------------------------------------


@transaction.atomic
def home_figures_store() -> None:
    """Count every declared home figure and store it (a figure no longer declared is dropped). Idempotent."""
    declared = hooks.get_hooks("core.home_figures")
    now = timezone.now()
    for figure in declared:
        StoredFigure.objects.update_or_create(
            key=figure.key, defaults={"value": int(figure.count()), "counted_at": now}
        )
    StoredFigure.objects.exclude(key__in=[figure.key for figure in declared]).delete()


class _PendingRun:
    """A callback queued by `on_commit_once`, marked once it has run: a test's captured callbacks stay in the
    connection's list after they ran (the test's transaction never commits), and a later call must queue again."""

    def __init__(self, callback: Callable[[], None]):
        self.callback, self.ran = callback, False

    def __call__(self) -> None:
        self.ran = True
        self.callback()


def on_commit_once(callback: Callable[[], None], *, robust: bool = False) -> None:
    """Run `callback` after the current transaction commits (at once outside one), once however many times it is
    asked for before it runs: a signal's follow-up (a recount, a cache refilled) after an import of a thousand
    rows runs once, not a thousand times. `robust`: a failure is logged, not raised (Django's on_commit)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(queued, _PendingRun) and queued.callback is callback and not queued.ran
        for _savepoints, queued, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_PendingRun(callback), robust=robust)


def _enqueue_home_figures_store() -> None:
    from .tasks import enqueue_unless_waiting, store_home_figures  # tasks.py imports this module

    enqueue_unless_waiting(store_home_figures)


def home_figures_changed(**_signal) -> None:
    """A model a home figure counts was written (a signal): the figures are counted anew in the background after
    the commit."""
    on_commit_once(_enqueue_home_figures_store)
