"""Test settings: the base settings with fast hashing, in-memory cache and mail."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("API_RATE_ANONYMOUS", "100000/m")
os.environ.setdefault("API_RATE_TOKEN", "100000/m")
# The suite posts many forms from one address; tests of these limits lower them.
os.environ.setdefault("LOGIN_FAILURE_ADDRESS_LIMIT", "100000")
os.environ.setdefault("SIGNUP_LIMIT_PER_ADDRESS", "100000")
os.environ.setdefault("PASSWORD_RESET_LIMIT_PER_ADDRESS", "100000")
os.environ.setdefault("DOWNLOAD_LIMIT_PER_ADDRESS", "100000")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

# The demo data (tabadul/demo) loads the worlds of many tests; DEBUG is off here, so base.py left it out.
if "tabadul.demo" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "tabadul.demo"]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
PRIVATE_FILES_ROOT = VAR_DIR / "test-private"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
