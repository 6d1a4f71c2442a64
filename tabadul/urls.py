from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tabadul.api import views as api_views
from tabadul.api.v1 import api as api_v1
from tabadul.core import views as core_views

# Arabic, the default language, has no prefix (`/`); English lives under `/en/`.
urlpatterns = [
    path("language/<str:code>/", core_views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    # Every uploaded file, sent after its permission check (core/files.py); there is no /media/.
    path("files/<str:model>/<int:pk>/<str:field>/<str:name>", core_views.private_file, name="private_file"),
    path("api/v1/downloads/<slug:dataset>.<str:fmt>", api_views.download, name="download"),
    path("api/v1/", api_v1.urls),
]
urlpatterns += i18n_patterns(
    path("", include("tabadul.core.urls")),
    path("accounts/", include("tabadul.accounts.urls")),
    path("directory/", include("tabadul.directory.urls")),
    path("directory/<slug:slug>/people/", include("tabadul.accounts.people_urls")),
    path("sdg/", include("tabadul.alignment.urls")),
    path("hubs/", include("tabadul.hubs.urls")),
    path("events/", include("tabadul.events.urls")),
    path("meter/", include("tabadul.meter.urls")),
    path("library/", include("tabadul.library.urls")),
    path("questions/", include("tabadul.qa.urls")),
    path("discussions/", include("tabadul.discussions.urls")),
    path("twinning/", include("tabadul.twinning.urls")),
    path("news/", include("tabadul.channel.urls")),
    path("programmes/", include("tabadul.programmes.urls")),
    path("surveys/", include("tabadul.surveys.urls")),
    path("search/", include("tabadul.search.urls")),
    path("developers/", include("tabadul.api.urls")),
    path("feeds/", include("tabadul.api.feed_urls")),
    path("notifications/", include("tabadul.notifications.urls")),
    path("my-work/", include("tabadul.work.urls")),
    prefix_default_language=False,
)
