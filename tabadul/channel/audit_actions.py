"""What the channel writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

ITEM_CREATE = register("channel.item.create", _("News item posted to the channel"))
ITEM_UPDATE = register("channel.item.update", _("News item of the channel changed"))
