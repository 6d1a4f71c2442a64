"""One cache version per body, renewed by every write that changes what a public Meter page shows (issue 17, item 3).

- The models the public pages read are derived from the Meter's own models (`apps.get_app_config("meter")`) plus
  the models of other apps they read, minus an explicit list of models no public page shows, each with its reason;
  the result must be `cache.PUBLIC_MODELS` (test_cache_invalidation.py checks that list against the tables every
  cached page really queries).
- Every write path, through the service that makes it (the staff's forms, the Excel import, the API, the body's
  own details), renews the version of the body it belongs to and of the platform page, and leaves another body's
  version alone. Every public model is written by at least one of these writes, and every write function of
  `meter.services` has one (or is listed with the reason it changes no public page).
- A raw URL with junk query parameters, on every cached page in both languages, makes no cache key.
- Every cache write made while rendering the pages and while writing carries a finite timeout.
"""

import inspect
import io
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_delete, post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tabadul.api import services as api_services
from tabadul.directory import services as directory_services

from .. import cache as meter_cache
from .. import excel, services
from ..models import Feedback, Project
from .factories import make_project
from .test_cache_invalidation import cached_page_names, full_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Models of other apps that the public pages read, and why.
READ_FROM_OTHER_APPS = {
    "directory.LocalBody": "every page names its body (name, slug, logo); the platform page names every body",
    "directory.Country": "the body's country chooses the month names of its pages (ar_PS, ar_LY)",
}

# Models of the Meter that no public page shows, and why (a new Meter model is public until listed here).
NOT_SHOWN = {
    "meter.Follow": "who follows a plan or project: shown only to that person, on the signed-in, uncached follow page",
    "meter.ImportJob": "an Excel upload and its progress: shown only on the staff's import pages, never cached",
    "meter.PlatformFeedback": "a suggestion to improve the Meter: shown only to the platform's administrators",
}


def public_models() -> set[str]:
    meter = {model._meta.label for model in apps.get_app_config("meter").get_models()}
    assert set(NOT_SHOWN) <= meter, "NOT_SHOWN names a model the Meter no longer has"
    return (meter - set(NOT_SHOWN)) | set(READ_FROM_OTHER_APPS)


def test_the_models_the_public_pages_read_are_the_caches_public_models():
    assert public_models() == set(meter_cache.PUBLIC_MODELS)


# --- Every write path, through its service ------------------------------------------------------------------


@dataclass
class Write:
    """A write through a service: `prepare(world)` sets up what it needs (its own changes are not measured),
    `run(world, prepared)` makes the write; `models` are the public models it must save or delete."""

    service: str
    models: set[str]
    run: Callable
    prepare: Callable = field(default=lambda world: None)
    label: str = ""

    @property
    def name(self) -> str:
        return f"{self.service}{f' ({self.label})' if self.label else ''}"


def _submitted(world, percent=60):
    return services.progress_submit(
        actor=world.editor, project=world.projects[0], percent=percent, date=date(2024, 5, 1)
    )


def _disagreeing(world):
    """A project whose status contradicts its published figure, as rows from before the rule were."""
    update = services.progress_publish(actor=world.approver, update=_submitted(world, percent=57))
    Project.objects.filter(pk=update.project_id).update(status=world.statuses["completed"])
    return Project.objects.get(pk=update.project_id)


def _feedback_with_contact(world):
    return services.feedback_submit(
        actor=None, plan=world.plan, project=None, kind="complaint", text="شكوى عن الحي", contact="0599123456"
    )


def _feedback(world):
    return services.feedback_submit(
        actor=None, plan=world.plan, project=None, kind="question", text="متى تبدأ الأعمال؟"
    )


def _suggestion_and_citizen(world, *, supported=False):
    from tabadul.accounts.tests.factories import make_user

    suggestion = services.feedback_reply(
        actor=world.editor,
        feedback=services.feedback_submit(
            actor=None, plan=world.plan, project=None, kind="suggestion", text="نقترح حديقة للأطفال"
        ),
        reply="سندرس ذلك",
    )
    citizen = make_user()
    if supported:
        services.support_set(actor=citizen, feedback=suggestion, support=True)
    return suggestion, citizen


def _edited_workbook(world) -> bytes:
    """The plan's own export with one project renamed: an import that changes exactly one row."""
    workbook = load_workbook(io.BytesIO(excel.export_plan(world.plan)))
    sheet = workbook["projects"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == world.projects[0].external_id)
    sheet[f"C{row}"] = "تأهيل شبكة المياه في الحي الشرقي"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _import(world, content):
    result = excel.plan_import(actor=world.editor, plan=world.plan, content=content, dry_run=False)
    assert result.ok and result.applied, result.errors


def _token(world):
    return api_services.token_create(actor=world.approver, body=world.body, name="نظام المتابعة")[0]


WRITES = [
    Write(
        "directory.services.local_body_update",
        {"directory.LocalBody"},
        lambda w, _: directory_services.local_body_update(actor=w.editor, body=w.body, address="شارع البلدية"),
    ),
    Write(
        "status_save",
        {"meter.ProjectStatus"},
        lambda w, _: services.status_save(
            actor=w.editor, body=w.body, code="stopped", name_ar="متوقف", name_en="Stopped", default_percent=0
        ),
        label="new",
    ),
    Write(
        "status_save",
        {"meter.ProjectStatus"},
        lambda w, _: services.status_save(actor=w.editor, body=w.body, status=w.statuses["planned"], name_ar="مخطط له"),
        label="edit",
    ),
    Write(
        "plan_create",
        {"meter.StrategicPlan"},
        lambda w, _: services.plan_create(
            actor=w.editor, body=w.body, title_ar="الخطة التالية", title_en="", start_year=2027, end_year=2030
        ),
    ),
    Write(
        "plan_update",
        {"meter.StrategicPlan"},
        lambda w, _: services.plan_update(actor=w.editor, plan=w.plan, title_ar="الخطة الاستراتيجية المحدثة"),
    ),
    Write(
        "plan_set_status",
        {"meter.StrategicPlan"},
        lambda w, _: services.plan_set_status(actor=w.approver, plan=w.plan, status="draft"),
    ),
    Write(
        "goal_save",
        {"meter.StrategicGoal"},
        lambda w, _: services.goal_save(actor=w.editor, plan=w.plan, goal=w.goals[0], weight=Decimal(3)),
    ),
    Write(
        "goal_delete",
        {"meter.StrategicGoal", "meter.Project"},
        lambda w, _: services.goal_delete(actor=w.editor, goal=w.goals[1]),
    ),
    Write(
        "project_save",
        {"meter.Project"},
        lambda w, _: make_project(
            actor=w.editor, plan=w.plan, goal=w.goals[0], status=w.statuses["planned"], external_id="P900"
        ),
        label="new",
    ),
    Write(
        "project_save",
        {"meter.Project"},
        lambda w, _: services.project_save(
            actor=w.editor, plan=w.plan, project=w.projects[0], status=w.statuses["completed"]
        ),
        label="edit",
    ),
    Write(
        "project_delete",
        {"meter.Project"},
        lambda w, _: services.project_delete(actor=w.editor, project=w.projects[1]),
    ),
    Write(
        "milestone_save",
        {"meter.Milestone"},
        lambda w, _: services.milestone_save(
            actor=w.editor, project=w.projects[0], title="توقيع العقد", date=date(2024, 2, 1)
        ),
    ),
    Write(
        "indicator_save",
        {"meter.Indicator"},
        lambda w, _: services.indicator_save(actor=w.editor, project=w.projects[0], name="طول الشبكة", unit="م"),
    ),
    Write(
        "progress_submit",
        {"meter.ProgressUpdate", "meter.Evidence"},
        lambda w, _: services.progress_submit(
            actor=w.editor,
            project=w.projects[0],
            percent=30,
            date=date(2024, 3, 1),
            files=[SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")],
        ),
    ),
    Write(
        "progress_publish",
        {"meter.ProgressUpdate"},
        lambda w, update: services.progress_publish(actor=w.approver, update=update),
        prepare=_submitted,
    ),
    Write(
        "progress_reject",
        {"meter.ProgressUpdate"},
        lambda w, update: services.progress_reject(actor=w.approver, update=update, reason="النسبة غير مدعومة"),
        prepare=_submitted,
    ),
    Write(
        "post_save",
        {"meter.Post"},
        lambda w, _: services.post_save(actor=w.editor, body=w.body, kind="news", title="افتتاح الشارع", text="نص"),
        label="new",
    ),
    Write(
        "post_save",
        {"meter.Post"},
        lambda w, post: services.post_save(actor=w.editor, body=w.body, post=post, title="افتتاح الشارع الجديد"),
        prepare=lambda w: services.post_save(actor=w.editor, body=w.body, kind="media", title="صور", text="نص"),
        label="edit",
    ),
    Write(
        "post_delete",
        {"meter.Post"},
        lambda w, post: services.post_delete(actor=w.editor, post=post),
        prepare=lambda w: services.post_save(actor=w.editor, body=w.body, kind="activity", title="نشاط", text="نص"),
    ),
    Write("feedback_submit", {"meter.Feedback"}, lambda w, _: _feedback(w)),
    Write(
        "feedback_moderate",
        {"meter.Feedback"},
        lambda w, feedback: services.feedback_moderate(actor=w.editor, feedback=feedback, publish=True),
        prepare=_feedback,
        label="publish",
    ),
    Write(
        "feedback_moderate",
        {"meter.Feedback"},
        lambda w, feedback: services.feedback_moderate(
            actor=w.editor, feedback=feedback, publish=False, reason="خارج الموضوع"
        ),
        prepare=_feedback,
        label="reject",
    ),
    Write(
        "feedback_reply",
        {"meter.Feedback"},
        lambda w, feedback: services.feedback_reply(actor=w.editor, feedback=feedback, reply="في الربع القادم"),
        prepare=_feedback,
    ),
    Write(
        "project_status_sync",
        {"meter.Project"},
        lambda w, project: services.project_status_sync(actor=None, project=project),
        prepare=_disagreeing,
    ),
    Write(
        "feedback_erase_contacts",
        {"meter.Feedback"},
        lambda w, _: services.feedback_erase_contacts(now=timezone.now() + timedelta(days=365)),
        prepare=_feedback_with_contact,
    ),
    Write(
        "report_save",
        {"meter.PlanReport"},
        lambda w, _: services.report_save(
            actor=w.editor,
            plan=w.plan,
            title="تقرير الإنجازات 2024",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        ),
    ),
    Write(
        "support_set",
        {"meter.FeedbackSupport"},
        lambda w, given: services.support_set(actor=given[1], feedback=given[0], support=True),
        prepare=_suggestion_and_citizen,
        label="support",
    ),
    Write(
        "support_set",
        {"meter.FeedbackSupport"},
        lambda w, given: services.support_set(actor=given[1], feedback=given[0], support=False),
        prepare=lambda w: _suggestion_and_citizen(w, supported=True),
        label="withdraw",
    ),
    Write("excel.plan_import", {"meter.Project"}, _import, prepare=_edited_workbook),
    Write(
        "api.services.progress_push",
        {"meter.ProgressUpdate"},
        lambda w, token: api_services.progress_push(
            token=token, project=w.projects[0], percent=35, date=date(2024, 4, 1)
        ),
        prepare=_token,
    ),
]

# Write functions of meter.services that change no public page, and why.
NO_PUBLIC_CHANGE = {
    "follow_set": "writes a Follow (NOT_SHOWN): what a plan's page shows does not depend on who follows it",
    "platform_feedback_submit": "writes a PlatformFeedback (NOT_SHOWN), for the platform's administrators only",
    "platform_feedback_done": "marks a PlatformFeedback (NOT_SHOWN) read",
    "platform_feedback_erase_contacts": "erases the contact of a PlatformFeedback (NOT_SHOWN)",
}


def meter_write_functions() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_write_function_of_the_meter_has_a_case_or_a_reason():
    covered = {write.service for write in WRITES}
    assert meter_write_functions() - set(NO_PUBLIC_CHANGE) - covered == set(), "a Meter write without a case here"
    assert set(NO_PUBLIC_CHANGE) <= meter_write_functions()


# Public models no service writes: reference data edited in the admin (core/admin.py, AuditedModelAdmin), whose
# saves the model-layer signals see like any other (test_cache_invalidation.py).
WRITTEN_IN_THE_ADMIN_ONLY = {"directory.Country"}


def test_every_public_model_is_written_by_some_case():
    written = set().union(*(write.models for write in WRITES))
    assert public_models() - written == WRITTEN_IN_THE_ADMIN_ONLY


@contextmanager
def models_written():
    """The labels of the models whose rows are saved or deleted inside the block."""
    labels: set[str] = set()

    def record(sender, **kwargs):
        labels.add(sender._meta.label)

    post_save.connect(record, weak=False, dispatch_uid="test_cache_versions")
    post_delete.connect(record, weak=False, dispatch_uid="test_cache_versions")
    try:
        yield labels
    finally:
        post_save.disconnect(dispatch_uid="test_cache_versions")
        post_delete.disconnect(dispatch_uid="test_cache_versions")


# The timeout argument of each cache write, by method name.
CACHE_WRITES = ("set", "add", "set_many", "get_or_set", "touch")


@contextmanager
def cache_writes():
    """Every write to the cache inside the block, as (method, keys, timeout); the backend's own defaults are
    `DEFAULT_TIMEOUT` here, so a write that relies on them is seen."""
    seen: list[tuple[str, object, object]] = []
    originals = {name: getattr(LocMemCache, name) for name in CACHE_WRITES}

    def spy(name):
        original = originals[name]
        signature = inspect.signature(original)

        def wrapper(self, *args, **kwargs):
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            what = bound.arguments.get("key", bound.arguments.get("data"))
            seen.append((name, what, bound.arguments["timeout"]))
            return original(self, *args, **kwargs)

        return wrapper

    for name in CACHE_WRITES:
        setattr(LocMemCache, name, spy(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(LocMemCache, name, original)


def assert_finite_timeouts(seen):
    endless = [(name, keys) for name, keys, timeout in seen if timeout is None or timeout is DEFAULT_TIMEOUT]
    assert endless == [], "cache writes without a timeout of their own"
    assert all(timeout > 0 for _name, _keys, timeout in seen)


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.name)
def test_each_write_renews_its_bodys_version_and_no_other(
    write, world, other_world, django_capture_on_commit_callbacks
):
    prepared = write.prepare(world)  # inside the test's transaction: its commit callbacks never run
    mine, platform, theirs = (
        meter_cache.version(scope) for scope in (world.body.pk, meter_cache.ALL, other_world.body.pk)
    )
    with models_written() as written, cache_writes() as seen, django_capture_on_commit_callbacks(execute=True):
        write.run(world, prepared)
    assert write.models <= written, f"{write.name} did not write {write.models - written}"
    assert meter_cache.version(world.body.pk) != mine, f"{write.name}: the body's pages are still current"
    assert meter_cache.version(meter_cache.ALL) != platform, f"{write.name}: the platform page is still current"
    assert meter_cache.version(other_world.body.pk) == theirs, f"{write.name}: another body's pages were forgotten"
    assert_finite_timeouts(seen)


def test_a_write_that_is_rolled_back_renews_nothing(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    mine = meter_cache.version(world.body.pk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.plan_update(actor=world.editor, plan=world.plan, title_ar="عنوان لم يحفظ")
        raise RuntimeError
    assert meter_cache.version(world.body.pk) == mine


# --- Keys: none from junk in the URL, every one with a timeout ------------------------------------------------

JUNK = (
    "utm_source=newsletter",
    "page=1&page=1",
    "page=99999",
    "page=abc",
    "page=%D9%A1",  # Arabic-Indic 1: shown as page 1, not stored under this spelling
    "kind=../../etc",
    "q=%3Cscript%3E",
    "x=" + "a" * 300,
)


def every_cached_page(world) -> list[str]:
    pages = full_world(world)
    assert set(pages) == cached_page_names(), "a cached page is missing here"
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in pages.items()]
    return urls + [f"/en{url}" for url in urls]


def cache_keys() -> set[str]:
    backend = caches["default"]
    assert isinstance(backend, LocMemCache)
    return set(backend._expire_info)


def test_junk_query_parameters_on_every_cached_page_make_no_cache_key(world):
    client = Client()
    pages = every_cached_page(world)
    for url in pages:
        assert client.get(url).status_code in (200, 302), url
    before = cache_keys()
    for url in pages:
        for junk in JUNK:
            assert client.get(f"{url}?{junk}").status_code in (200, 302), f"{url}?{junk}"
    assert cache_keys() == before


def test_every_key_set_while_serving_the_pages_has_a_timeout(world):
    client = Client()
    pages = every_cached_page(world)
    with cache_writes() as seen:
        for url in pages:
            client.get(url)  # rendered and stored
            client.get(url)  # a hit
    assert any(name == "set" for name, _keys, _timeout in seen), "nothing was stored: this test proves nothing"
    assert_finite_timeouts(seen)
    backend = caches["default"]
    assert all(deadline is not None for deadline in backend._expire_info.values())


def test_published_feedback_is_what_the_public_plan_page_shows(world, client, django_capture_on_commit_callbacks):
    """One end-to-end case of the list above, read from the page: a published reply shows at once."""
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    feedback = _feedback(world)
    client.get(url)
    assert client.get(url)["X-Meter-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_reply(actor=world.editor, feedback=feedback, reply="تبدأ الأعمال في آذار")
    response = client.get(url)
    assert response["X-Meter-Cache"] == "miss" and "تبدأ الأعمال في آذار" in response.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).status == Feedback.Status.PUBLISHED
