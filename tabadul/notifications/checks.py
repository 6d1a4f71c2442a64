"""System checks: every e-mail link is built from settings.TABADUL_SITE_URL, so it must be the public address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1"}  # noqa: S104 (names, not a bind)


@register(Tags.compatibility)
def site_url_is_absolute(app_configs, **kwargs):
    url = urlsplit(getattr(settings, "TABADUL_SITE_URL", "") or "")
    if url.scheme in {"http", "https"} and url.hostname and not url.query and not url.fragment:
        return []
    return [
        Error(
            "TABADUL_SITE_URL must be the site's absolute address, e.g. https://tabadul.example.org",
            hint="E-mails build every link from it (docs/decisions/008-one-notification-path.md).",
            id="notifications.E001",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    url = urlsplit(getattr(settings, "TABADUL_SITE_URL", "") or "")
    if url.scheme == "https" and url.hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            "TABADUL_SITE_URL is not a public https address: links in e-mails would not reach people.",
            hint="Set TABADUL_SITE_URL in the environment (deploy/tabadul.env.example).",
            id="notifications.W001",
        )
    ]
