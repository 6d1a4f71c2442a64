from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/", views.body_detail, name="body_detail"),
    path("<slug:slug>/edit/", views.body_edit, name="body_edit"),
]
