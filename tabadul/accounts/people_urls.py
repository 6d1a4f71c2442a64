"""A body's people, under the body's address: /directory/<slug>/people/."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.body_people, name="list"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("requests/<int:pk>/", views.request_decide, name="request_decide"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("<int:user_pk>/roles/", views.person_roles, name="person_roles"),
    path("<int:user_pk>/remove/", views.person_remove, name="person_remove"),
]
