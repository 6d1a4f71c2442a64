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


def test_production_settings_pass_the_deployment_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="tabadul.settings.production",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="tabadul.example.org",
    )
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
