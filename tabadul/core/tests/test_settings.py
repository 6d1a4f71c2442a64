import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args, **env):
    # The end-to-end fixture allows async-unsafe calls in this process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "tabadul.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "tabadul.example.org",
    "TABADUL_SITE_URL": "https://tabadul.example.org",
}


@pytest.mark.parametrize("redis_url", ["", "redis://127.0.0.1:6379/0"], ids=["file-cache", "redis"])
def test_production_settings_pass_the_deployment_check(redis_url):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tabadul.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2_outside_tests():
    from tabadul.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.LANGUAGE_CODE == "ar"


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_debug_is_off():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")


def test_the_site_stylesheet_is_found_by_collectstatic():
    """The site-wide files live outside any app; without STATICFILES_DIRS production pages would fail."""
    from django.contrib.staticfiles import finders

    assert finders.find("css/tabadul.css")


# Runs under production settings in a child process (importing them here would switch DEBUG off for the tests).
PRODUCTION_PROBE = """
import json, logging, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tabadul.core.tests.test_health"):
    response = Client(HTTP_HOST="tabadul.example.org").get("/healthz")
    home = Client(HTTP_HOST="tabadul.example.org").get("/")
logging.getLogger("tabadul.probe").error("probe message")
from django.test import RequestFactory
request = RequestFactory().get("/meter/plans/1/", HTTP_X_REQUEST_ID="req-42")
logging.getLogger("django.request").warning("Not Found: /x", extra={"request": request, "status_code": 404})
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("boom", extra={"request": request, "status_code": 500})
print("RESULT " + json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_class": type(caches["default"]).__name__,
    "session": settings.SESSION_ENGINE,
    "health": response.status_code,
    "home": [home.status_code, home.get("Location", "")],
}))
"""


def _probe(tmp_path, **env):
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}},
            **PRODUCTION,
            "TABADUL_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    figures = json.loads(next(line for line in lines if line.startswith("RESULT "))[7:])
    return figures, [json.loads(line) for line in lines if line.startswith("{")]


def test_production_without_redis_keeps_sessions_in_the_database_and_probes_over_http(tmp_path):
    figures, logs = _probe(tmp_path, REDIS_URL="")
    assert figures["cache"].endswith("FileBasedCache")
    assert figures["session"] == "django.contrib.sessions.backends.db"
    # /healthz answers over plain HTTP (no redirect) while every other page is sent to HTTPS.
    assert figures["health"] == 200
    assert figures["home"] == [301, "https://tabadul.example.org/"]
    # Logs are one JSON object per line on stdout.
    assert {"level": "ERROR", "logger": "tabadul.probe", "message": "probe message"}.items() <= logs[-2].items()
    # A 500 carries nginx's request id, the method and path, the status and the trace; 4xx are not logged.
    error = logs[-1]
    assert {"logger": "django.request", "request_id": "req-42", "method": "GET", "status": 500}.items() <= error.items()
    assert error["path"] == "/meter/plans/1/" and "ZeroDivisionError" in error["exception"]
    assert not any("Not Found" in entry["message"] for entry in logs)


def test_production_with_redis_uses_it_for_cache_and_sessions(tmp_path):
    # Port 9 (discard) on loopback: nothing listens, so the health check must say the cache failed, quickly.
    figures, _ = _probe(tmp_path, REDIS_URL="redis://127.0.0.1:9/0")
    assert figures["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert figures["cache_class"] == "RedisCache"
    assert figures["session"] == "django.contrib.sessions.backends.cached_db"
    assert figures["health"] == 503


# --- deploy/: the files an operator installs must agree with the code and the guide -----------------------

DEPLOY = ROOT / "deploy"


def test_the_guide_shows_the_nginx_configuration_of_deploy_verbatim():
    """bench/meter.py runs the guide's block and bench/load.py the file's: they must be the same text."""
    import re

    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", guide, re.S).group(1)
    assert block == (DEPLOY / "nginx" / "tabadul.conf").read_text(encoding="utf-8")


def test_the_systemd_units_run_commands_that_exist():
    import re

    from django.core.management import get_commands

    commands = get_commands()
    worker = (DEPLOY / "systemd" / "tabadul-worker.service").read_text()
    assert "manage.py db_worker" in worker and "db_worker" in commands
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert timers
    for timer in timers:
        command = re.search(r"^Unit=tabadul-manage@(\w+)\.service$", timer.read_text(), re.M).group(1)
        assert command in commands, f"{timer.name} runs unknown command {command}"
    assert {"send_notification_digest", "qa_widen_routing"} <= {
        re.search(r"@(\w+)\.service", timer.read_text()).group(1) for timer in timers
    }
    web = (DEPLOY / "systemd" / "tabadul-web.service").read_text()
    assert "gunicorn tabadul.wsgi" in web and "127.0.0.1:8001" in web
    # systemd expands %-specifiers: a literal % in a unit must be written %%.
    assert not re.search(r"%[^%i]", web.replace("%%", ""))


def test_the_example_environment_names_every_required_variable():
    example = (DEPLOY / "tabadul.env.example").read_text()
    names = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    assert {
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "TRUSTED_PROXY_COUNT",
        "GUNICORN_WORKERS",
    } <= names
    assert "tabadul.settings.production" in example


SENTRY_PROBE = """
import sys, django
django.setup()
loaded = "sentry_sdk" in sys.modules
active = loaded and sys.modules["sentry_sdk"].get_client().is_active()
options = sys.modules["sentry_sdk"].get_client().options if active else {}
print("RESULT", loaded, active, options.get("send_default_pii"), options.get("environment"))
"""


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [("", "RESULT False False None None"), ("https://key@sentry.invalid/1", "RESULT True True False staging")],
    ids=["without-dsn", "with-dsn"],
)
def test_sentry_is_loaded_only_with_a_dsn_and_sends_no_personal_data(tmp_path, dsn, expected):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_PROBE],
        cwd=ROOT,
        env={**env, **PRODUCTION, "TABADUL_VAR_DIR": str(tmp_path), "SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": "staging"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert expected in result.stdout.splitlines()
