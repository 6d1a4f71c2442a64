"""Every write of the channel: check the permission, validate, write, audit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tabadul.core.services import audit_record, changed_fields

from . import audit_actions
from .models import Item

ITEM_FIELDS = ("title", "summary", "source_url", "source_name", "country", "status", "published_at")


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def item_create(*, actor, hub=None, programme=None, **fields) -> Item:
    """A hub's coordinator or a programme's officer posts a summary with the link to the original."""
    _require(actor, "channel.post_item", hub or programme)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"Unknown item fields: {sorted(unknown)}")
    item = Item(hub=hub, programme=programme, author=actor, **fields)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=audit_actions.ITEM_CREATE,
        target=item,
        changes={"hub": getattr(hub, "pk", None), "programme": getattr(programme, "pk", None), **fields},
    )
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    _require(actor, "channel.change_item", item)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"Unknown item fields: {sorted(unknown)}")
    changes = changed_fields(item, fields)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    if changes:
        item.save()
        audit_record(actor=actor, action=audit_actions.ITEM_UPDATE, target=item, changes=changes)
    return item
