"""Production: DEBUG forced off, HTTPS everywhere. `manage.py check --deploy` must stay clean.

docs/operations.md describes the environment variables; deploy/tabadul.env.example lists them.
"""

import json
import logging
import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DEBUG"] = "0"

from .base import *  # noqa: E402,F403
from .base import REDIS_URL, SECRET_KEY, env_bool  # noqa: E402

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
DEBUG = False
# No demo data in production: base.py adds the demo app only with DEBUG on; this holds even if base was imported first.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "tabadul.demo"]  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and monitoring probe /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Redis (REDIS_URL, set in base.py) holds the cache shared by every app server: the API's request throttles, the
# Meter's page cache, and the sessions (sign-in and form limits are database rows, core/ratelimit.py).
# Sessions are "cached_db": read from Redis, written through to the database, so
# restarting or flushing Redis signs nobody out. Without Redis they stay in the database (the file cache of
# base.py is per machine, so it cannot hold sessions for several app servers).
if REDIS_URL:
    CACHES["default"]["OPTIONS"] = {  # noqa: F405
        # A slow or lost Redis must fail fast (the health check then says "cache": "failed"), not hang workers.
        "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1")),
        "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
    }
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "tabadul")  # noqa: F405
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Outgoing e-mail (SMTP; base.py picks the SMTP backend when DEBUG is off).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Uploaded files (PRIVATE_FILES_ROOT, base.py): Django checks the permission, nginx sends the bytes from its
# `internal` location under this prefix (docs/operations.md, "Uploaded files"). Empty: Django sends them itself.
FILES_ACCEL_REDIRECT_PREFIX = os.environ.get("FILES_ACCEL_REDIRECT_PREFIX", "/_protected/")


class JsonFormatter(logging.Formatter):
    """One JSON object per line on stdout (journald / any log collector), with nginx's request id when the
    record comes from a request (django.request attaches it), so a 500 can be matched with nginx's access log."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if meta is not None:
            entry["request_id"] = meta.get("HTTP_X_REQUEST_ID", "")
            entry["method"] = getattr(request, "method", "")
            entry["path"] = getattr(request, "path", "")
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": JsonFormatter},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if env_bool("LOG_JSON", True) else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs every 4xx as a warning and every 5xx as an error: keep the 4xx (bots, probes) out.
        "django.request": {"level": "ERROR"},
    },
}

# Error reports to Sentry, only when SENTRY_DSN is set (docs/operations.md). The import stays inside the `if`
# so that a server without a DSN never loads the SDK. No personal data is sent (send_default_pii off: no user
# ids, addresses or cookies); SENTRY_TRACES_SAMPLE_RATE turns on performance tracing (off by default).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
