from django.urls import path

from . import views

app_name = "discussions"
urlpatterns = [
    path("", views.forum_list, name="forum_list"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("for/<str:label>/<int:pk>/", views.owner_forum, name="owner_forum"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", views.reply_create, name="reply_create"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/report/", views.post_report, name="post_report"),
    path("posts/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("posts/<int:pk>/remove/", views.post_remove, name="post_remove"),
    path("<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("<slug:slug>/new/", views.thread_create, name="thread_create"),
]
