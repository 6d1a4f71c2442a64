"""Production settings for the cluster on loopback (bench/cluster.py): bench_settings.py, and e-mail kept in memory.

CLUSTER_FINDERS_STATIC=1 (the test, which has no time for `collectstatic`): whitenoise serves the static files
from the apps' folders under their plain names; the pages measured are otherwise the production ones.
"""

import os

from bench_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("CLUSTER_FINDERS_STATIC") == "1":
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
    WHITENOISE_USE_FINDERS = True
