"""The channel's Atom feed: the newest published rows, as anonymous visitors see them."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors

FEED_LENGTH = 30


class ChannelFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Tabadul channel")

    def link(self):
        return reverse("channel:list")

    def subtitle(self):
        return _("News of local bodies, hubs and programmes, with links to their sources.")

    def items(self):
        return selectors.channel_rows(selectors.channel_keys()[:FEED_LENGTH])

    def item_title(self, row):
        return row.title

    def item_description(self, row):
        return f"{row.source_name} — {row.summary}" if row.summary else row.source_name

    def item_link(self, row):
        return row.link

    def item_guid(self, row):
        return f"{row.kind}:{row.link}"

    def item_pubdate(self, row):
        return row.published_at

    def item_author_name(self, row):
        return row.source_name
