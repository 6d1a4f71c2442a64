from django.urls import path

from . import views

app_name = "work"
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("waiting/", views.waiting_badge, name="waiting_badge"),
]
