"""Settings shared by every environment, read from environment variables with safe defaults.

DEBUG is off unless DEBUG=1 is set; `make run` sets it for local development.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TABADUL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# Without DEBUG and without a key, Django refuses anything that signs (sessions, CSRF) and production.py refuses
# to start at all; commands that sign nothing (makemigrations --check) still run.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("development-only-key-never-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "tabadul.core",
    "tabadul.directory",
    "tabadul.accounts",
    "tabadul.programmes",
    "tabadul.alignment",
    "tabadul.hubs",
    "tabadul.events",
    "tabadul.meter",
    "tabadul.library",
    "tabadul.qa",
    "tabadul.discussions",
    "tabadul.twinning",
    "tabadul.surveys",
    "tabadul.search",
    "tabadul.channel",
    "tabadul.api",
    "tabadul.notifications",
    "tabadul.work",
]
if DEBUG:
    # Demo data and `manage.py load_demo`: development only (the test settings add it too; production never).
    INSTALLED_APPS.append("tabadul.demo")

MIDDLEWARE = [
    # Outermost: answers anonymous visits of cached public Meter pages before anything else runs, and stores
    # pages with the headers the middleware below gave them.
    "tabadul.meter.cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tabadul.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tabadul.core.middleware.RememberedLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET answer, and 304 when the client already has it (the API and feeds rely on it).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "tabadul.urls"
WSGI_APPLICATION = "tabadul.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tabadul" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tabadul.core.context_processors.navigation",
                "tabadul.work.context_processors.waiting",
            ],
        },
    },
]

# SQLite under var/ by default; PostgreSQL (or any engine) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tabadul.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's password check behind the sign-in throttle, for every sign-in form (accounts/backends.py).
    "tabadul.accounts.backends.ThrottledModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:my_work"
LOGOUT_REDIRECT_URL = "core:home"

# Rate limits (core/ratelimit.py, counted in the database). Failed sign-ins allowed per account and per client
# address within the window before every attempt is refused; an office behind one address shares its count.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_ADDRESS_LIMIT = int(os.environ.get("LOGIN_FAILURE_ADDRESS_LIMIT", "30"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Sign-ups and password-reset requests per client address within the window (each may send an e-mail).
SIGNUP_LIMIT_PER_ADDRESS = int(os.environ.get("SIGNUP_LIMIT_PER_ADDRESS", "10"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10"))
ACCOUNT_FORMS_WINDOW_SECONDS = int(os.environ.get("ACCOUNT_FORMS_WINDOW_SECONDS", "3600"))
# Downloads of whole national data sets (/api/v1/downloads/) per client address within the window.
DOWNLOAD_LIMIT_PER_ADDRESS = int(os.environ.get("DOWNLOAD_LIMIT_PER_ADDRESS", "60"))
DOWNLOAD_WINDOW_SECONDS = int(os.environ.get("DOWNLOAD_WINDOW_SECONDS", "3600"))
# Suggestions a public picker (/pick/bodies/, core/pickers.py) gives anonymous visitors per address within the
# window: one a keystroke or two while typing a name (signed-in people are not counted).
PICKER_LIMIT_PER_ADDRESS = int(os.environ.get("PICKER_LIMIT_PER_ADDRESS", "600"))
PICKER_WINDOW_SECONDS = int(os.environ.get("PICKER_WINDOW_SECONDS", "600"))

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tabadul" / "locale"]
LANGUAGE_COOKIE_NAME = "tabadul_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Hebron"
# The country whose Arabic month names dates use when a page is about no body of another country (core/formats.py):
# "PS" gives كانون الثاني (CLDR ar_PS), "LY" gives يناير (ar_LY).
TABADUL_FORMAT_COUNTRY = os.environ.get("TABADUL_FORMAT_COUNTRY", "PS")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The site-wide files (css/tabadul.css, ...) belong to no app.
STATICFILES_DIRS = [BASE_DIR / "tabadul" / "static"]
# Uploaded files: all private, in one directory, sent only by the checked view (core/files.py). MEDIA_ROOT is
# only where uploads lived before (the data migrations moved them from there); nothing serves it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# Non-empty (production): the file view answers with X-Accel-Redirect: <prefix><stored name> and nginx sends the
# bytes from an `internal` location aliased to PRIVATE_FILES_ROOT.
FILES_ACCEL_REDIRECT_PREFIX = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Where uploaded files live: "local" (PRIVATE_FILES_ROOT, one machine) or "s3" (an S3-compatible object store that
# every app server shares; docs/operations.md, "Growing beyond one machine"; docs/decisions/011-files-on-s3.md).
# Either way the files are private: core/files.py's view checks who may see each one and sends it.
TABADUL_FILE_STORAGE = os.environ.get("TABADUL_FILE_STORAGE", "local").strip().lower()
if TABADUL_FILE_STORAGE == "s3":
    STORAGES["private"] = {
        "BACKEND": "tabadul.core.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            # Empty: Amazon S3 itself; else the address of another S3-compatible store (MinIO, Ceph, moto...).
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID..., an instance role).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            # Optional folder inside the bucket, so that a bucket can hold several sites' files.
            "location": os.environ.get("S3_PREFIX", "").strip("/"),
        },
    }
elif TABADUL_FILE_STORAGE == "local":
    STORAGES["private"] = {"BACKEND": "tabadul.core.files.PrivateStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TABADUL_FILE_STORAGE must be 'local' or 's3', not {TABADUL_FILE_STORAGE!r}.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A file cache is shared by all worker processes of one machine, unlike the local-memory cache. It holds
    # cached public pages (bounded: only pages that exist, each with an expiry); Django's default of 300 entries
    # is below the Meter pages of five pilot bodies; every write lists the directory, so it stays in thousands.
    # Django's file cache, writing with zlib's fastest level (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "tabadul.core.cache.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tabadul <no-reply@tabadul.local>")

# Background work (e-mail, imports). Development runs tasks at once; production queues them in the
# database for `manage.py db_worker` (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        )
    }
}

# Content-Security-Policy: only our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

PAGE_SIZE = 20
FORMS_URLFIELD_ASSUME_HTTPS = True

# Public API (tabadul/api): calls per client address without a token, and per token.
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "120/m")
API_RATE_TOKEN = os.environ.get("API_RATE_TOKEN", "60/m")
# How many reverse proxies (nginx: 1) stand in front of Django: per-address limits then read the client's address
# from X-Forwarded-For as the nearest trusted proxy set it; with 0 the header is ignored (docs/operations.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT

# The site's public address, for links in e-mails sent outside a request.
TABADUL_SITE_URL = os.environ.get("TABADUL_SITE_URL", "http://127.0.0.1:8000")

# How many days the Meter keeps a citizen's e-mail or phone for the body's reply (stated on the feedback form);
# `manage.py meter_erase_contacts` (daily) erases it then, or as soon as the reply is e-mailed (docs/meter.md).
METER_FEEDBACK_CONTACT_DAYS = int(os.environ.get("METER_FEEDBACK_CONTACT_DAYS", "90"))
# The Meter's maps are drawn from shipped outlines (meter/map.py); a deployment with a tile server may put its tiles
# under them: e.g. "https://tiles.example.org/{z}/{x}/{y}.png" and the credit its licence asks for. Empty: no
# outside host at all. When set, the Content-Security-Policy lets images come from that host.
METER_MAP_TILE_URL = os.environ.get("METER_MAP_TILE_URL", "")
METER_MAP_TILE_ATTRIBUTION = os.environ.get("METER_MAP_TILE_ATTRIBUTION", "")
if METER_MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(METER_MAP_TILE_URL.replace("{", "").replace("}", ""))
    if _tiles.scheme in ("https", "http") and _tiles.netloc:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
