"""A GET changes nothing: every endpoint that answers GET is opened by every role, and no row may be written.

A link (in a page, an e-mail, another site, a mail scanner's prefetch) is followed with GET, without a CSRF token;
so a change of state belongs behind a POST form. The endpoints come from the URL configuration: one that answers GET
and is missing from the tables below fails the suite. The few accepted exceptions are listed with their reason (and
in docs/security.md); each may write only the tables it names.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tabadul.hubs.models import WorkPlan, WorkPlanTopic
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.services import notify

from .matrix import ROLES, discover_endpoints, world_fixture
from .test_permission_matrix import MATRIX

world = pytest.fixture(scope="module", name="world")(world_fixture)

# URL kwargs of the endpoints that answer GET only (the others take theirs from the permission matrix).
GET_ONLY = {
    "accounts:password_reset_complete": "",
    "accounts:password_reset_done": "",
    "accounts:signup_sent": "",
    "api-v1:api-root": "",
    "api-v1:bodies": "",
    "api-v1:body_detail": "slug=beita.slug",
    "api-v1:documents": "",
    "api-v1:events": "",
    "api-v1:governorates": "",
    "api-v1:hub_detail": "slug=hub.slug",
    "api-v1:hubs": "",
    "api-v1:openapi-json": "",
    "api-v1:openapi-view": "",
    "api-v1:plan_detail": "plan_id=plan.pk",
    "api-v1:plan_feedback": "plan_id=plan.pk",
    "api-v1:plan_projects": "plan_id=plan.pk",
    "api-v1:plans": "",
    "api-v1:programmes": "",
    "api-v1:project_progress": "project_id=project.pk",
    # A picker's suggestions as JSON (core/pickers.py); an anonymous visitor's count a rate limit (bookkeeping).
    "core:pick": "name='bodies'",
    "download": "dataset='bodies' fmt='csv'",
    "healthz": "",
    "private_file": "model='library.documentversion' pk=document.pk field='file' name='x.pdf'",
    "meter:feedback_reference": "reference=feedback.reference",
    "meter:feedback_sent": "reference=feedback.reference",
    "meter:platform_feedback_list": "",
    "meter:platform_feedback_sent": "reference='ABCD2345'",
    "people:list": "slug=beita.slug",
    "programmes:detail": "slug=programme.slug",
    "programmes:list": "",
    # The funder's report of a programme, public like its page (require_safe).
    "programmes:report_pdf": "slug=programme.slug",
    "programmes:report_xlsx": "slug=programme.slug",
    "surveys:detail": "pk=survey.pk",
    "surveys:list": "",
    "surveys:results": "pk=survey.pk",
    "surveys:results_xlsx": "pk=survey.pk",
    "work:my_work": "",
    # The header's waiting count as JSON (work/views.py), for a page rendered while it was not cached.
    "work:waiting_badge": "",
}
GET_KWARGS = {**{name: entry["kwargs"] for name, entry in MATRIX.items()}, **GET_ONLY}

# Tables any GET may write: bookkeeping of the request, not of the site's content.
BOOKKEEPING_TABLES = {
    "django_session": "signing in and messages live in the session",
    "core_throttlecounter": "a rate limit counts requests (the national downloads), GET ones included",
}
# Endpoints whose GET may write, the tables each may touch, and why that is acceptable.
GET_WRITES_ALLOWED = {
    "notifications:open": (
        {"notifications_notification"},
        "a read receipt: opening one's own notification marks it read (only the recipient's own row; a forged "
        "link can at most mark a notification read, which 'mark all as read' does anyway)",
    ),
    "discussions:owner_forum": (
        {"discussions_forum", "core_auditevent"},
        "an owner's empty forum is created on the first visit by a member: idempotent, no content, the same row "
        "any member's first visit creates; a forged link can only make it exist earlier",
    ),
}

_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.I)


def get_endpoints() -> set[str]:
    return {name for name, info in discover_endpoints().items() if info["methods"] is None or "GET" in info["methods"]}


def written_tables(queries) -> set[str]:
    return {match.group(1) for query in queries if (match := _WRITE.match(query["sql"]))}


def _get(world, name: str, role: str, kwargs: str | None = None) -> tuple[int, set[str]]:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url = reverse(name, kwargs=world.kwargs(GET_KWARGS[name] if kwargs is None else kwargs))
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code, written_tables(captured.captured_queries) - BOOKKEEPING_TABLES.keys()


def test_every_get_endpoint_is_listed():
    assert sorted(get_endpoints() - GET_KWARGS.keys()) == [], "endpoints answering GET missing from GET_ONLY"
    assert sorted(GET_ONLY.keys() - get_endpoints()) == [], "GET_ONLY lists endpoints that no longer exist"
    assert GET_WRITES_ALLOWED.keys() <= get_endpoints()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(get_endpoints()))
def test_a_get_writes_nothing(world, name):
    allowed = GET_WRITES_ALLOWED.get(name, (set(), ""))[0]
    for role in ROLES:
        status, tables = _get(world, name, role)
        assert status < 500, f"{role}: GET {name} answered {status}"
        assert tables <= allowed, f"{role}: GET {name} wrote {sorted(tables - allowed)}"


@pytest.mark.django_db
def test_the_allowed_exceptions_do_write_and_only_what_they_declare(world):
    """Each exception is real (so the list stays honest) and keeps to its tables; the test's rows are rolled back."""
    citizen = world.users["citizen"]
    notify(recipient_ids=[citizen.pk], kind=Kind.ANSWER, key="test:get", subject="سؤال", url="/")
    world.objects["own_notification"] = Notification.objects.get(recipient=citizen, key="test:get")
    today = timezone.localdate()
    plan = WorkPlan.objects.create(hub=world.hub, starts_on=today, ends_on=today + timedelta(days=365))
    world.objects["new_topic"] = WorkPlanTopic.objects.create(work_plan=plan, title_ar="موضوع", title_en="Topic")
    try:
        status, tables = _get(world, "notifications:open", "citizen", kwargs="pk=own_notification.pk")
        assert status == 302 and tables == GET_WRITES_ALLOWED["notifications:open"][0]
        spec = "label='hubs.workplantopic' pk=new_topic.pk"  # a working group without a forum yet
        status, tables = _get(world, "discussions:owner_forum", "admin", kwargs=spec)
        assert status == 302 and tables == GET_WRITES_ALLOWED["discussions:owner_forum"][0]
    finally:
        world.objects.pop("own_notification")
        world.objects.pop("new_topic")


def test_the_write_detector_sees_inserts_updates_and_deletes():
    queries = [
        {"sql": 'INSERT INTO "discussions_report" ("post_id") VALUES (1)'},
        {"sql": 'UPDATE "notifications_notification" SET "read_at" = 1'},
        {"sql": 'DELETE FROM "hubs_membership" WHERE 1'},
        {"sql": 'SELECT "x" FROM "hubs_hub"'},
        {"sql": 'SAVEPOINT "s1"'},
    ]
    assert written_tables(queries) == {"discussions_report", "notifications_notification", "hubs_membership"}
