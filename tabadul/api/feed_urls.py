from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("events/rss/", feeds.EventsFeed(), name="events_rss"),
    path("events/atom/", feeds.EventsAtomFeed(), name="events_atom"),
    path("events/<str:kind>/<slug:slug>/rss/", feeds.EventsFeed(), name="events_owner_rss"),
    path("events/<str:kind>/<slug:slug>/atom/", feeds.EventsAtomFeed(), name="events_owner_atom"),
    path("documents/rss/", feeds.DocumentsFeed(), name="documents_rss"),
    path("documents/atom/", feeds.DocumentsAtomFeed(), name="documents_atom"),
    path("documents/<str:kind>/<slug:slug>/rss/", feeds.DocumentsFeed(), name="documents_owner_rss"),
    path("documents/<str:kind>/<slug:slug>/atom/", feeds.DocumentsAtomFeed(), name="documents_owner_atom"),
]
