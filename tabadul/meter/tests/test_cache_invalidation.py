"""What the public page cache stores and when it forgets it (security issue #15, items 5c and 9).

- `PUBLIC_MODELS` (meter/cache.py) is checked against the tables every cached page really queries, so a page
  that starts showing a new model fails here until the model is listed (and so invalidates).
- Every listed model: a create, an update and a delete through the ORM (below the services) renews the tokens of
  its body and of the platform, and leaves other bodies' pages cached.
- A flood of anonymous requests for ids that do not exist, odd spellings of ids and unknown parameters adds no
  cache key; every key the Meter writes expires.
"""

import ast
import random
import re
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache as django_cache
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Country, LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory

from .. import cache as meter_cache
from .. import services
from ..models import (
    Evidence,
    Feedback,
    FeedbackSupport,
    Indicator,
    Milestone,
    PlanReport,
    Post,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicGoal,
    StrategicPlan,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def cached_page_names() -> set[str]:
    """Every URL name whose view is a cached public page, found by walking the whole URL configuration."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif getattr(pattern.callback, "meter_cached", False):
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def full_world(world) -> dict:
    """Something of every kind a public page shows, published; returns the URL kwargs of every cached page."""
    project = world.projects[0]
    update = services.progress_submit(
        actor=world.editor,
        project=project,
        percent=40,
        date=date(2024, 3, 1),
        note="المرحلة الأولى",
        files=[SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")],
    )
    services.progress_publish(actor=world.approver, update=update)
    services.milestone_save(actor=world.editor, project=project, title="توقيع العقد", date=date(2024, 2, 1))
    services.indicator_save(actor=world.editor, project=project, name="طول الشبكة", unit="م")
    post = services.post_save(actor=world.editor, body=world.body, kind="news", title="افتتاح الشارع", text="نص")
    feedback = services.feedback_submit(
        actor=None, plan=world.plan, project=project, kind="question", text="متى ينتهي المشروع؟"
    )
    services.feedback_reply(actor=world.editor, feedback=feedback, reply="في الربع القادم")
    suggestion = services.feedback_submit(
        actor=None, plan=world.plan, project=project, kind="suggestion", text="إنارة الشارع ليلا"
    )
    services.feedback_moderate(actor=world.editor, feedback=suggestion, publish=True)
    services.support_set(actor=make_user(), feedback=suggestion, support=True)  # its count shows beside it
    services.report_save(
        actor=world.editor,
        plan=world.plan,
        title="تقرير 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    slug = world.body.slug
    return {
        "meter:plan_list": {},
        "meter:plan_detail": {"pk": world.plan.pk},
        "meter:plan_map": {"pk": world.plan.pk},  # the plan's projects on a map, from their coordinates
        "meter:project_list": {"pk": world.plan.pk},
        "meter:project_detail": {"pk": project.pk},
        "meter:body_home": {"slug": slug},
        "meter:post_list": {"slug": slug},
        "meter:post_detail": {"slug": slug, "pk": post.pk},
        "meter:gallery": {"slug": slug},
    }


def models_read(client, url) -> set[str]:
    """The labels of the models whose tables an anonymous, uncached render of `url` queries."""
    tables = {model._meta.db_table: model._meta.label for model in apps.get_models()}
    django_cache.clear()
    meter_cache.forget_memo()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 302), url
    quoted = {name for query in queries.captured_queries for name in re.findall(r'"(\w+)"', query["sql"])}
    return {tables[name] for name in quoted if name in tables}


def test_the_public_models_are_exactly_the_models_the_cached_pages_read(client, world):
    pages = full_world(world)
    assert set(pages) == cached_page_names(), "a cached page is missing from this test (or no longer cached)"
    read = set()
    for name, kwargs in pages.items():
        read |= models_read(client, reverse(name, kwargs=kwargs))
    assert read == set(meter_cache.PUBLIC_MODELS)


# --- Every listed model: create, update, delete through the ORM ------------------------------------------


def _published_update(world):
    return ProgressUpdate.objects.create(
        project=world.projects[0], percent=55, date=date(2024, 4, 1), status=ProgressUpdate.Status.PUBLISHED
    )


MAKERS = {
    "directory.Country": lambda world: Country.objects.create(code="ZZ", name_ar="بلد تجريبي", name_en="Test country"),
    "directory.LocalBody": lambda world: LocalBodyFactory(),
    "meter.ProjectStatus": lambda world: ProjectStatus.objects.create(body=world.body, code="study", name_ar="دراسة"),
    "meter.StrategicPlan": lambda world: StrategicPlan.objects.create(
        body=world.body, title_ar="خطة لاحقة", start_year=2027, end_year=2030, status=StrategicPlan.Status.PUBLISHED
    ),
    "meter.StrategicGoal": lambda world: StrategicGoal.objects.create(
        plan=world.plan, external_id="G9", name_ar="هدف جديد"
    ),
    "meter.Project": lambda world: Project.objects.create(
        plan=world.plan,
        goal=world.goals[0],
        external_id="P900",
        name_ar="مشروع جديد",
        start_date=date(2024, 1, 1),
        end_date=date(2025, 1, 1),
        status=world.statuses["planned"],
    ),
    "meter.Milestone": lambda world: Milestone.objects.create(
        project=world.projects[0], title="استلام الموقع", date=date(2024, 5, 1)
    ),
    "meter.Indicator": lambda world: Indicator.objects.create(project=world.projects[0], name="عدد المستفيدين"),
    "meter.ProgressUpdate": _published_update,
    "meter.Evidence": lambda world: Evidence.objects.create(
        update=_published_update(world),
        file=SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf"),
        kind=Evidence.Kind.DOCUMENT,
        content_type="application/pdf",
        size=len(PDF),
        original_name="proof.pdf",
    ),
    "meter.Post": lambda world: Post.objects.create(body=world.body, title="خبر", published_at=timezone.now()),
    "meter.Feedback": lambda world: Feedback.objects.create(
        body=world.body, plan=world.plan, kind="suggestion", text="اقتراح مفيد", status=Feedback.Status.PUBLISHED
    ),
    # A support of a published suggestion (the suggestion is made with it: the world has none).
    "meter.FeedbackSupport": lambda world: FeedbackSupport.objects.create(
        feedback=Feedback.objects.create(
            body=world.body, plan=world.plan, kind="suggestion", text="اقتراح مدعوم", status=Feedback.Status.PUBLISHED
        ),
        user=make_user(),
    ),
    "meter.PlanReport": lambda world: PlanReport.objects.create(
        plan=world.plan, title="تقرير", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    ),
}

EDITS = {
    "directory.Country": ("name_ar", "الجمهورية التونسية"),
    "directory.LocalBody": ("name_ar", "بلدية باسم جديد"),
    "meter.ProjectStatus": ("name_ar", "دراسة معدلة"),
    "meter.StrategicPlan": ("title_ar", "عنوان جديد"),
    "meter.StrategicGoal": ("name_ar", "هدف معدل"),
    "meter.Project": ("name_ar", "مشروع معدل"),
    "meter.Milestone": ("title", "موعد معدل"),
    "meter.Indicator": ("name", "مؤشر معدل"),
    "meter.ProgressUpdate": ("percent", 77),
    "meter.Evidence": ("caption", "صورة الموقع"),
    "meter.Post": ("title", "خبر معدل"),
    "meter.Feedback": ("reply", "شكرا لكم"),
    "meter.FeedbackSupport": ("created_at", datetime(2024, 6, 1, tzinfo=UTC)),  # a support has no other field
    "meter.PlanReport": ("title", "تقرير معدل"),
}


def test_the_makers_cover_every_public_model():
    assert set(MAKERS) == set(EDITS) == set(meter_cache.PUBLIC_MODELS)


def current_token(scope) -> str:
    meter_cache.forget_memo()  # as a fresh worker: read from the shared cache
    return meter_cache._tokens(scope)[0]


def tokens(*scopes) -> list[str]:
    return [current_token(scope) for scope in scopes]


@pytest.mark.parametrize("label", sorted(meter_cache.PUBLIC_MODELS))
def test_a_create_update_and_delete_of_every_public_model_renews_its_bodys_pages_only(
    label, world, other_world, django_capture_on_commit_callbacks
):
    creates_a_body = label == "directory.LocalBody"
    shown_by_every_body = meter_cache.PUBLIC_MODELS[label] is None
    watched = [meter_cache.ALL] if creates_a_body else [world.body.pk, meter_cache.ALL]
    if shown_by_every_body:
        watched = [meter_cache.EVERYTHING]
    untouched = other_world.body.pk
    before, other_before = tokens(*watched), current_token(untouched)
    with django_capture_on_commit_callbacks(execute=True):
        instance = MAKERS[label](world)
    assert all(b != a for b, a in zip(before, tokens(*watched), strict=True)), f"{label}: create"

    body_id = instance.pk if creates_a_body else world.body.pk
    renewed = [meter_cache.EVERYTHING] if shown_by_every_body else [body_id, meter_cache.ALL]
    field, value = EDITS[label]
    for operation in ("update", "delete"):
        before = tokens(*renewed)
        with django_capture_on_commit_callbacks(execute=True):
            if operation == "update":
                setattr(instance, field, value)
                instance.save()
            else:
                instance.delete()
        assert all(b != a for b, a in zip(before, tokens(*renewed), strict=True)), f"{label}: {operation}"
    if not shown_by_every_body:
        assert current_token(untouched) == other_before, f"{label}: another body's pages were forgotten"


def test_moving_a_row_to_another_body_renews_both_bodies(world, other_world, django_capture_on_commit_callbacks):
    post = services.post_save(actor=world.editor, body=world.body, kind="news", title="خبر")
    before = tokens(world.body.pk, other_world.body.pk)
    with django_capture_on_commit_callbacks(execute=True):
        post.body = other_world.body
        post.save()
    after = tokens(world.body.pk, other_world.body.pk)
    assert before[0] != after[0] and before[1] != after[1]


# --- The findings, page by page ---------------------------------------------------------------------------


def anonymous_page(url) -> tuple[str, str]:
    response = Client().get(url)
    assert response.status_code == 200
    return response["X-Meter-Cache"], response.content.decode()


def test_the_django_admin_cannot_delete_a_news_post_behind_the_cache(world, django_capture_on_commit_callbacks):
    """The admin shows Meter rows read-only (decisions/009), so no write can bypass the services' cache versions."""
    post = services.post_save(actor=world.editor, body=world.body, kind="news", title="خبر باق")
    url = reverse("meter:post_list", args=[world.body.slug])
    anonymous_page(url)
    admin = Client()
    admin.force_login(make_user(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:meter_post_delete", args=[post.pk]), {"post": "yes"})
    assert response.status_code == 403 and Post.objects.filter(pk=post.pk).exists()
    state, html = anonymous_page(url)
    assert state == "hit" and "خبر باق" in html


def test_a_saved_report_and_a_renamed_body_show_at_once(world, django_capture_on_commit_callbacks):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    anonymous_page(url)
    assert anonymous_page(url)[0] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.report_save(
            actor=world.editor,
            plan=world.plan,
            title="تقرير الإنجازات 2025",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )
    assert "تقرير الإنجازات 2025" in anonymous_page(url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        body = LocalBody.objects.get(pk=world.body.pk)
        body.name_ar = "بلدية بيتا الجديدة"
        body.save()
    state, html = anonymous_page(url)
    assert state == "miss" and "بلدية بيتا الجديدة" in html


def test_a_change_to_one_body_keeps_the_other_bodies_pages_cached(
    world, other_world, django_capture_on_commit_callbacks
):
    mine, theirs = (reverse("meter:plan_detail", args=[w.plan.pk]) for w in (world, other_world))
    for url in (mine, theirs):
        anonymous_page(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(actor=world.editor, plan=world.plan, title_ar="خطة بيتا المعدلة")
    assert anonymous_page(mine)[0] == "miss" and anonymous_page(theirs)[0] == "hit"
    assert anonymous_page(reverse("meter:plan_list"))[0] == "miss"


# --- No key from unchecked input, every key expires ----------------------------------------------------


def canonical_pages(world, other_world) -> list[str]:
    pages = full_world(world)
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in pages.items()]
    urls += [
        reverse("meter:plan_detail", args=[other_world.plan.pk]),
        reverse("meter:post_list", args=[world.body.slug]) + "?kind=news",
    ]
    return urls + [f"/en{url}" for url in urls]


def hostile_urls(world, each: int) -> list[str]:
    """Random ids that do not exist, odd spellings of ids that do, and unknown or odd query parameters."""
    rng = random.Random(15)
    slug, plan, project = world.body.slug, world.plan.pk, world.projects[0].pk
    makers = [
        lambda n: f"/meter/plans/{n}/",
        lambda n: f"/meter/plans/{n}/projects/",
        lambda n: f"/meter/projects/{n}/",
        lambda n: f"/meter/bodies/{slug}/news/{n}/",
        lambda n: f"/meter/bodies/no-such-body-{n}/",
        lambda n: f"/meter/bodies/no-such-body-{n}/news/",
        lambda n: f"/meter/bodies/no-such-body-{n}/gallery/",
        lambda n: f"/en/meter/projects/{n}/",
        lambda n: f"/meter/plans/{'0' * (n % 7 + 1)}{plan}/",  # the same plan, spelt another way
        lambda n: f"/meter/projects/{'0' * (n % 7 + 1)}{project}/",
        lambda n: f"/meter/?page={n}",  # out of range: the nearest page is shown, not stored under this URL
        lambda n: f"/meter/?utm_source={n}",
        lambda n: f"/meter/plans/{plan}/?x={n}",
        lambda n: f"/meter/plans/{plan}/projects/?goal={n}&page=1",
        lambda n: f"/meter/bodies/{slug}/news/?kind=k{n}",
        lambda n: f"/meter/bodies/{slug}/news/?page=1&page={n}",
        lambda n: f"/meter/bodies/{slug}/gallery/?page=0{n}",
    ]
    return [make(rng.randint(10**6, 10**9)) for _ in range(each) for make in makers]  # every kind, `each` times


def cache_keys() -> dict[str, float | None]:
    """Every key in the cache with its deadline. The test settings use the local-memory cache: its
    `_expire_info` holds each key's deadline (None would mean that the key never expires)."""
    backend = caches["default"]
    assert isinstance(backend, LocMemCache)
    return dict(backend._expire_info)


# Each kind of hostile URL HOSTILE_EACH times with different ids: what adds a key does so on the first request of
# its kind, so more requests prove nothing more (a thousand random ones, some kinds hit rarely, were among the
# slowest tests on PostgreSQL).
HOSTILE_EACH = 10


def test_a_flood_of_anonymous_requests_for_random_ids_adds_no_key_and_every_key_expires(world, other_world):
    client = Client()
    pages = canonical_pages(world, other_world)
    for url in pages:
        assert client.get(url).status_code in (200, 302), url
    before = cache_keys()
    for url in hostile_urls(world, HOSTILE_EACH):
        assert client.get(url).status_code in (200, 404), url
    after = cache_keys()
    assert set(after) == set(before), "an anonymous request for something that is not a page made a cache key"
    # Bounded by the data: one entry per canonical page, a token per body seen, the platform and "everything".
    assert len(after) <= len(pages) + LocalBody.objects.count() + 2
    latest = time.time() + max(meter_cache.PAGE_TIMEOUT, meter_cache.VERSION_TIMEOUT)
    assert all(deadline is not None and deadline < latest for deadline in after.values()), after


# The position of the timeout among each cache write's arguments.
TIMEOUT_POSITION = {"set": 2, "add": 2, "get_or_set": 2, "set_many": 1}


def _writes_without_expiry(tree) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        position = TIMEOUT_POSITION.get(node.func.attr)
        if position is None or not isinstance(node.func.value, ast.Name) or node.func.value.id != "cache":
            continue
        given = [k.value for k in node.keywords if k.arg == "timeout"]
        given += node.args[position : position + 1]
        if any(isinstance(value, ast.Constant) and value.value is None for value in given):
            lines.append(node.lineno)
    return lines


def test_no_cache_write_in_the_project_is_left_without_an_expiry():
    """Every `cache.set/add/set_many/get_or_set` in the project's code has a finite timeout (None never expires)."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{line}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for line in _writes_without_expiry(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_a_version_token_gone_from_the_cache_is_replaced_by_a_new_one(world):
    old = current_token(world.body.pk)
    django_cache.delete(meter_cache._version_key(world.body.pk))
    assert current_token(world.body.pk) != old
    deadline = cache_keys()[django_cache.make_key(meter_cache._version_key(world.body.pk))]
    assert deadline is not None and deadline <= time.time() + meter_cache.VERSION_TIMEOUT
