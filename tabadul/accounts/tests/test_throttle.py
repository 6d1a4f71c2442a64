"""Sign-in, sign-up, password reset and downloads are throttled, and the throttles cannot be bypassed.

Every sign-in form is found by walking the URL configuration, so one added later is tried here too. Variants of
a username (full-width, mathematical letters, upper case) count against the same account, and a lockout holds
after public traffic has churned the cache (file cache and Redis) and after the cache is cleared.
"""

import inspect
import os
import random
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.contrib.admin.sites import AdminSite
from django.contrib.auth import get_backends
from django.contrib.auth.views import LoginView
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import URLResolver, get_resolver, reverse

from tabadul.accounts.backends import ThrottledModelBackend
from tabadul.accounts.models import User
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.api import downloads
from tabadul.core.models import ThrottleCounter

pytestmark = pytest.mark.django_db

USERNAME = "salfit.editor"


def _math_bold(text: str) -> str:
    return "".join(chr(0x1D41A + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in text)


# Spellings Django folds into the same account name (NFKC), or that differ only by case.
VARIANTS = ["ｓａｌｆｉｔ．ｅｄｉｔｏｒ", _math_bold(USERNAME), USERNAME.upper(), "Salfit.Editor"]


@pytest.fixture
def editor(db):
    return make_user(username=USERNAME, is_staff=True)  # staff, so the admin's sign-in would let it in


# --- Finding every sign-in form ----------------------------------------------------------------------------------


def _walk(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _checks_password(callback) -> bool:
    """A view that checks a password: a LoginView, the admin's login, or a view whose code authenticates."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, LoginView)
    if isinstance(getattr(callback, "__self__", None), AdminSite):
        return callback.__func__ is AdminSite.login
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):  # not Python source of ours (e.g. a feed object): checked by the backend test
        return False
    return any(word in source for word in ("authenticate(", "AuthenticationForm", "check_password("))


def sign_in_paths() -> list[str]:
    return sorted({path for path, callback in _walk(get_resolver().url_patterns) if _checks_password(callback)})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _attempt(path, username, password, address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(path, {"username": username, "password": password})


def _assert_refused(path, username, address="203.0.113.7"):
    client, response = _attempt(path, username, TEST_PASSWORD, address)
    assert not _signed_in(client), f"{path}: {username!r} signed in while throttled"
    refused = response.status_code == 429 or (response.status_code == 200 and response.context["form"].errors)
    assert refused, f"{path}: {username!r} got {response.status_code}"


def test_the_walk_finds_the_site_and_admin_sign_in():
    assert {"/accounts/sign-in/", "/admin/login/"} <= set(sign_in_paths())


def test_every_sign_in_form_locks_the_account_for_every_spelling(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = len(VARIANTS)
    for path in sign_in_paths():
        ThrottleCounter.objects.all().delete()
        client, _response = _attempt(path, USERNAME, TEST_PASSWORD)
        assert _signed_in(client), f"{path}: the right password must work before any failure"
        for variant in VARIANTS:  # each failure spelled differently: all count against the one account
            _client, response = _attempt(path, variant, "wrong")
            assert response.status_code == 200, path
        for spelling in [USERNAME, *VARIANTS]:
            _assert_refused(path, spelling)
        _assert_refused(path, USERNAME, address="198.51.100.9")  # the account's lock holds from any address


def test_a_lock_from_one_form_holds_on_the_others(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    first, *others = sign_in_paths()
    for _ in range(2):
        _attempt(first, USERNAME, "wrong")
    for path in others:
        _assert_refused(path, USERNAME)


def test_every_sign_in_form_limits_failures_per_address(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 4
    for path in sign_in_paths():
        ThrottleCounter.objects.all().delete()
        for n in range(4):  # a different account each time: only the address ties them together
            _attempt(path, f"guess{n}", "wrong")
        _assert_refused(path, USERNAME)
        client, _response = _attempt(path, USERNAME, TEST_PASSWORD, address="198.51.100.9")
        assert _signed_in(client), f"{path}: another address is not locked"


def test_a_locked_sign_in_answers_429_with_retry_after(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    _attempt(reverse("accounts:login"), USERNAME, "wrong")
    _client, response = _attempt(reverse("accounts:login"), USERNAME, TEST_PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS


def test_every_authentication_backend_is_throttled_or_checks_no_password(editor, settings):
    """Any password check outside the sign-in forms (a future API login, a script) goes through a backend."""
    settings.LOGIN_FAILURE_LIMIT = 1
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    for backend in get_backends():
        if isinstance(backend, ThrottledModelBackend):
            continue
        assert backend.authenticate(request, username=USERNAME, password=TEST_PASSWORD) is None, backend


def test_the_api_checks_no_password():
    """The API's only credential is a body's token (256 random bits, stored as a digest): nothing to guess.

    An API operation added with a password scheme (HTTP basic) must authenticate through the throttled backend
    and be added to the sign-in tests above.
    """
    from tabadul.api.v1 import TokenAuth, api

    api.urls  # noqa: B018 -- builds the operations' auth callbacks
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for callback in operation.auth_callbacks:
                    assert isinstance(callback, TokenAuth), operation.view_func.__name__


# --- A lockout survives public traffic and a cleared cache --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throwaway Redis on a free loopback port, small and evicting like a production cache under pressure."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: CI installs it (.ci/run) and must run this test")
        pytest.skip("redis-server is not installed (CI installs it)")
    port = _free_port()
    directory = tmp_path_factory.mktemp("redis")
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    arguments += ["--dir", str(directory), "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"]
    process = subprocess.Popen([server, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


# The file cache is small here, so that a short flood (FLOOD requests, every public route in turn) is several times
# its size, as a thousand requests were for the default 300 entries; the thousand were the slowest test of the suite
# on PostgreSQL and proved no more.
FILE_CACHE_ENTRIES = 30
FLOOD = 4 * FILE_CACHE_ENTRIES


@pytest.fixture(params=["file", "redis"])
def public_cache(request, tmp_path):
    """The production caches: the file cache (small here, so that it culls; see FILE_CACHE_ENTRIES) and Redis."""
    if request.param == "file":
        location = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
            "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_ENTRIES},
        }
    else:
        location = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": request.getfixturevalue("redis_url"),
        }
    with override_settings(CACHES={"default": location}):
        cache.clear()
        yield
        cache.clear()


def _random_public_paths(count: int):
    """Public pages that take an id or a slug, with ids nobody asked for before."""
    chance = random.Random(15)
    routes = [
        "/meter/projects/{n}/",
        "/meter/plans/{n}/",
        "/meter/plans/{n}/projects/",
        "/en/meter/projects/{n}/",
        "/meter/bodies/body-{n}/",
        "/directory/body-{n}/",
    ]
    for number in range(count):  # every route in turn, each with ids nobody asked for
        yield routes[number % len(routes)].format(n=chance.randrange(1, 10**9))


def test_a_lockout_holds_after_a_flood_of_public_requests_and_a_cleared_cache(editor, settings, public_cache):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _attempt(reverse("accounts:login"), USERNAME, "wrong")
    anonymous = Client(raise_request_exception=False)
    for path in _random_public_paths(FLOOD):
        assert anonymous.get(path).status_code < 500, path
    _assert_refused(reverse("accounts:login"), USERNAME)
    cache.clear()
    _assert_refused(reverse("accounts:login"), USERNAME)
    _assert_refused("/admin/login/", USERNAME)


# --- Sign-up -------------------------------------------------------------------------------------------------------


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    """Post the sign-up form, then send the mails its transaction queued, as a real commit would."""

    def post(client, *, username, email):
        data = {"username": username, "email": email, "password": "olive-trees-in-sebastia"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:signup"), {**data, "password_again": data["password"]}, follow=True)

    return post


def test_a_taken_email_and_a_free_one_get_the_same_answer(citizen, sign_up):
    taken = sign_up(Client(), username="newcomer1", email=citizen.email.upper())
    free = sign_up(Client(), username="newcomer2", email="free@example.org")
    assert taken.status_code == free.status_code == 200
    assert taken.redirect_chain == free.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert taken.content == free.content
    assert not User.objects.filter(username="newcomer1").exists()
    assert not User.objects.get(username="newcomer2").is_active
    to_existing, to_new = sorted(mail.outbox, key=lambda message: message.to[0] != citizen.email)
    assert to_existing.to == [citizen.email] and reverse("accounts:password_reset") in to_existing.body
    assert to_new.to == ["free@example.org"] and "/accounts/activate/" in to_new.body


def test_the_emailed_link_activates_the_account_once_and_only_by_a_button(client, sign_up):
    sign_up(client, username="newcomer", email="new@example.org")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/activate/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.context["validlink"] and not User.objects.get(username="newcomer").is_active  # a scanner's GET
    assert client.post(f"/{path}").status_code == 302
    assert User.objects.get(username="newcomer").is_active
    assert not client.get(f"/{path}").context["validlink"]
    signed_in = Client().post(
        reverse("accounts:login"), {"username": "newcomer", "password": "olive-trees-in-sebastia"}
    )
    assert signed_in.status_code == 302


def test_an_inactive_account_cannot_sign_in_before_activation(client, sign_up):
    sign_up(client, username="newcomer", email="new@example.org")
    response = client.post(reverse("accounts:login"), {"username": "newcomer", "password": "olive-trees-in-sebastia"})
    assert response.status_code == 200 and not _signed_in(client)


def test_a_username_in_another_spelling_is_taken(editor, sign_up):
    response = sign_up(Client(), username="ＳＡＬＦＩＴ.editor", email="other@example.org")
    assert "username" in response.context["form"].errors
    assert not mail.outbox


def test_sign_up_is_limited_per_address(settings, sign_up):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 2
    for n in range(2):
        assert (
            sign_up(Client(REMOTE_ADDR="203.0.113.7"), username=f"n{n}", email=f"n{n}@example.org").status_code == 200
        )
    refused = sign_up(Client(REMOTE_ADDR="203.0.113.7"), username="n3", email="n3@example.org")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert not User.objects.filter(username="n3").exists() and len(mail.outbox) == 2
    other = sign_up(Client(REMOTE_ADDR="198.51.100.9"), username="n4", email="n4@example.org")
    assert other.status_code == 200 and User.objects.filter(username="n4").exists()


# --- Password reset and downloads ----------------------------------------------------------------------------------


def test_password_reset_is_limited_per_address_and_hides_accounts(citizen, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    url = reverse("accounts:password_reset")
    known = Client(REMOTE_ADDR="203.0.113.7").post(url, {"email": citizen.email})
    unknown = Client(REMOTE_ADDR="203.0.113.7").post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    refused = Client(REMOTE_ADDR="203.0.113.7").post(url, {"email": citizen.email})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert len(mail.outbox) == 1
    assert Client(REMOTE_ADDR="198.51.100.9").post(url, {"email": citizen.email}).status_code == 302


def test_downloads_are_limited_per_address(settings):
    settings.DOWNLOAD_LIMIT_PER_ADDRESS = 2
    url = reverse("download", kwargs={"dataset": next(iter(downloads.DATASETS)), "fmt": "csv"})
    for _ in range(2):
        response = Client(REMOTE_ADDR="203.0.113.7").get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    refused = Client(REMOTE_ADDR="203.0.113.7").get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    assert Client(REMOTE_ADDR="198.51.100.9").get(url).status_code == 200
