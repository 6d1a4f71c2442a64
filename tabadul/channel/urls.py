from django.urls import path

from . import feeds, views

app_name = "channel"
urlpatterns = [
    path("", views.channel_list, name="list"),
    path("new/", views.item_create, name="item_create"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("feed/atom/", feeds.ChannelFeed(), name="feed_atom"),
]
