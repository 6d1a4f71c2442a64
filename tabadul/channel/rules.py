"""Who may post to the channel (django-rules; docs/permissions.md). A hub's item: its coordinator or deputy; a
programme's item: its officers; platform administrators for both. Everyone reads the published items. A body's
news is written on the body's Meter pages (meter rules), not here."""

import rules

from tabadul.accounts.rules import is_platform_admin
from tabadul.hubs.rules import is_hub_coordinator
from tabadul.programmes.rules import is_officer_of_programme


@rules.predicate
def speaks_for_source(user, source) -> bool:
    """`source` is a Hub, a Programme or an Item (its hub or programme)."""
    if source is None or not user.is_authenticated:
        return False
    if getattr(source, "_meta", None) and source._meta.label == "channel.Item":
        source = source.source
    if source._meta.label == "hubs.Hub":
        return is_hub_coordinator(user, source)
    return is_officer_of_programme(user, source)


rules.add_perm("channel.view_channel", rules.always_allow)
rules.add_perm("channel.post_item", is_platform_admin | speaks_for_source)  # object: the hub or programme
rules.add_perm("channel.change_item", is_platform_admin | speaks_for_source)  # object: the item
