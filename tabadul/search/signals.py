"""Keep the index current on every write: signals collect what changed, the index is updated after commit.

Why signals and not calls in every service: the sources belong to apps other engineers own, and a write may come
from a service, the admin, a data migration or a shell; a signal sees them all. The update runs in
`transaction.on_commit` (never inside the writer's transaction, never for a rolled-back write) and is `robust`: a
failure is logged and leaves the write alone; `check_search_index` then reports the row and
`rebuild_search_index` repairs it. See docs/decisions/007-search-index-updates.md.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from tabadul.core.services import on_commit_once
from tabadul.directory.models import Governorate, LocalBody

from . import analysis
from .index import reindex
from .sources import REGISTRY, Source

logger = logging.getLogger(__name__)


def schedule(kind: str, ids) -> None:
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return

    transaction.on_commit(partial(reindex, kind, ids), robust=True)


def _on_object(source: Source, sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    schedule(source.kind, [instance.pk])


def _on_dependent(source: Source, resolve, sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    try:
        ids = list(resolve(instance))
    except Exception:  # a half-deleted related row: the owning object's own signal covers it
        logger.debug("search: could not resolve dependents of %r", instance, exc_info=True)
        return
    schedule(source.kind, ids)


def _on_m2m(source: Source, sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        schedule(source.kind, [instance.pk])
    elif pk_set:
        schedule(source.kind, pk_set)


def _forget_places(sender, **kwargs) -> None:
    """A governorate or a body was written: its name may have changed. The kept place words are dropped now, and
    counted and stored again once after the commit (an import of many bodies counts them once)."""
    analysis.forget_places()
    on_commit_once(_store_places, robust=True)


def _store_places() -> None:
    analysis.store_place_words()


def connect() -> None:
    for source in REGISTRY.values():
        uid = f"search:{source.kind}"
        post_save.connect(partial(_on_object, source), sender=source.model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(partial(_on_object, source), sender=source.model, weak=False, dispatch_uid=uid + ":del")
        for model, resolve in source.dependents:
            handler = partial(_on_dependent, source, resolve)
            name = f"{uid}:{model._meta.label}"
            post_save.connect(handler, sender=model, weak=False, dispatch_uid=name + ":save")
            post_delete.connect(handler, sender=model, weak=False, dispatch_uid=name + ":del")
        for field_name in source.m2m_fields:
            through = getattr(source.model, field_name).through
            m2m_changed.connect(
                partial(_on_m2m, source), sender=through, weak=False, dispatch_uid=f"{uid}:m2m:{field_name}"
            )
    for model in (Governorate, LocalBody):
        post_save.connect(_forget_places, sender=model, dispatch_uid=f"search:places:{model._meta.label}")
        post_delete.connect(_forget_places, sender=model, dispatch_uid=f"search:places-del:{model._meta.label}")
