from django.conf import settings
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("pick/<slug:name>/", views.pick, name="pick"),
]

# The living design system (docs/design.md), for developers only.
if settings.DEBUG:
    urlpatterns.append(path("design/", views.design_system, name="design"))
