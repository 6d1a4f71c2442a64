"""RSS and Atom feeds of public events and documents: all, per hub and (documents) per body.

A body's news feeds live with the Meter (meter:feed_rss, meter:feed_atom). Feeds show what an anonymous
visitor sees: the owning apps' selectors with an anonymous user.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tabadul.directory.models import LocalBody
from tabadul.events import selectors as event_selectors
from tabadul.hubs.models import Hub
from tabadul.library import selectors as library_selectors

ANONYMOUS = AnonymousUser()
FEED_LENGTH = 30


def _owner(kind: str | None, slug: str | None, kinds: tuple[str, ...]):
    """The hub or body a feed is narrowed to, or None for the platform-wide feed."""
    if kind is None:
        return None
    if kind not in kinds:
        raise Http404
    model = {"hub": Hub, "body": LocalBody}[kind]
    owner = model.objects.filter(slug=slug).first()
    if owner is None:
        raise Http404
    return owner


class EventsFeed(Feed):
    """Public events, the next ones first; per hub with /hub/<slug>/."""

    def get_object(self, request, kind=None, slug=None):
        return _owner(kind, slug, kinds=("hub",))

    def title(self, hub):
        return _("Events of %(hub)s") % {"hub": hub.name} if hub else _("Tabadul events")

    def link(self, hub):
        return reverse("events:hub_events", args=[hub.slug]) if hub else reverse("events:event_list")

    def description(self, hub):
        return _("Public events, workshops and meetings on Tabadul.")

    def items(self, hub):
        filters = event_selectors.EventFilters(when="all", hub=hub)
        return event_selectors.event_list(user=ANONYMOUS, filters=filters)[:FEED_LENGTH]

    def item_title(self, event):
        return event.name

    def item_description(self, event):
        return f"{event.get_type_display()} · {event.city or event.get_mode_display()} · {event.starts_at:%Y-%m-%d}"

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at


class DocumentsFeed(Feed):
    """Public documents of the library, newest first; per hub or per body (their authors)."""

    def get_object(self, request, kind=None, slug=None):
        return _owner(kind, slug, kinds=("hub", "body"))

    def title(self, owner):
        return _("Documents of %(owner)s") % {"owner": owner.name} if owner else _("Tabadul library")

    def link(self, owner):
        return reverse("library:document_list")

    def description(self, owner):
        return _("Guides, studies, position papers and charters published on Tabadul.")

    def items(self, owner):
        documents = library_selectors.document_list(user=ANONYMOUS)
        if isinstance(owner, Hub):
            documents = documents.filter(author_hubs=owner)
        elif isinstance(owner, LocalBody):
            documents = documents.filter(author_bodies=owner)
        return documents[:FEED_LENGTH]

    def item_title(self, document):
        return document.title

    def item_description(self, document):
        return document.summary

    def item_pubdate(self, document):
        return document.created_at

    def item_updateddate(self, document):
        return document.updated_at


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed
    subtitle = EventsFeed.description


class DocumentsAtomFeed(DocumentsFeed):
    feed_type = Atom1Feed
    subtitle = DocumentsFeed.description
