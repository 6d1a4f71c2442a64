from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_create, name="document_create"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation_status"),
    path("recommendations/<int:pk>/sessions/", views.recommendation_sessions, name="recommendation_sessions"),
    path("story/<str:kind>/<int:pk>/", views.story_view, name="story"),
    path("d/<slug:slug>/", views.document_detail, name="document_detail"),
    path("d/<slug:slug>/edit/", views.document_edit, name="document_edit"),
    path("d/<slug:slug>/follow/", views.document_follow, name="document_follow"),
    path("d/<slug:slug>/link/", views.document_link, name="document_link"),
    path("d/<slug:slug>/download/", views.download, name="download_current"),
    path("d/<slug:slug>/versions/new/", views.version_upload, name="version_upload"),
    path("d/<slug:slug>/versions/<int:number>/download/", views.download, name="download"),
    path("d/<slug:slug>/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("d/<slug:slug>/reviews/new/", views.review_open, name="review_open"),
    path("d/<slug:slug>/reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("d/<slug:slug>/reviews/<int:pk>/comment/", views.review_comment, name="review_comment"),
    path(
        "d/<slug:slug>/reviews/<int:pk>/comments/<int:comment_pk>/answer/",
        views.comment_answer,
        name="comment_answer",
    ),
]
