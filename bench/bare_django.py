"""Reference for the benchmarks: a bare Django view with no middleware, answering the same HTML.

The issue's yardstick ("a bare Django view with no middleware reaches about 1/14 of nginx on a 2-core
machine") measured on the same machine in the same run, so the Meter's figure can be read against it.
Run by gunicorn as `bare_django:application` with BENCH_HTML naming the file to answer.
"""

import os
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

HTML = Path(os.environ["BENCH_HTML"]).read_bytes()


def page(request, anything=""):
    return HttpResponse(HTML, content_type="text/html; charset=utf-8")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
urlpatterns = [path("<path:anything>", page), path("", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
