from django.conf import settings
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]

# The living design system (docs/design.md), for developers only.
if settings.DEBUG:
    urlpatterns.append(path("design/", views.design_system, name="design"))
