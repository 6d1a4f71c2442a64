"""The scale generator (issue 22): proportional, deterministic, valid data whose pages render.

Small sizes only (a few dozen bodies), so the suite stays fast; docs/performance.md ("Scale data") has the
figures of the full 10,000-body run.
"""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.models import RoleGrant, User
from tabadul.demo import scale
from tabadul.demo.scale import bulk, digest
from tabadul.directory.models import LocalBody
from tabadul.events.models import Event, Registration
from tabadul.hubs.models import Hub, Membership
from tabadul.library.models import Document, DocumentVersion
from tabadul.meter import rollup, rollup_store, stages
from tabadul.meter.models import ProgressUpdate, Project, StrategicPlan
from tabadul.notifications.models import Notification
from tabadul.qa.models import Answer, Question
from tabadul.search import index
from tabadul.search.models import SearchFacet
from tabadul.twinning.models import Milestone, TwinningGroup

DAY = date(2026, 6, 1)
SIZE = 30

# The issue's figures at 10,000 bodies, and the model each is counted in.
AT_10_000 = {
    "staff": 50_000,
    "citizens": 200_000,
    "events": 20_000,
    "registrations": 500_000,
    "documents": 50_000,
    "questions": 30_000,
    "twinning_groups": 500,
    "plans": 5_000,
    "projects": 200_000,
    "progress_updates": 1_000_000,
    "notifications": 300_000,
}
EXACT = {
    "events": "events.Event",
    "documents": "library.Document",
    "questions": "qa.Question",
    "twinning_groups": "twinning.TwinningGroup",
    "plans": "meter.StrategicPlan",
    "notifications": "notifications.Notification",
}
# Drawn around their average (so many per event, per plan, per project): within a third of the target.
APPROXIMATE = {
    "registrations": "events.Registration",
    "projects": "meter.Project",
    "progress_updates": "meter.ProgressUpdate",
}


def _generate(bodies=SIZE, seed=5, **options):
    return scale.generate(bodies, seed, today=DAY, stream=io.StringIO(), **options)


def test_the_volumes_at_10_000_bodies_are_the_issues():
    volumes = scale.Volumes(10_000)
    assert {name: getattr(volumes, name) for name in AT_10_000} == AT_10_000


@pytest.mark.django_db
def test_counts_are_proportional_to_the_bodies():
    result = _generate(search_index=False)
    volumes, counts = scale.Volumes(SIZE), result.counts
    assert counts["directory.LocalBody"] == SIZE
    assert counts["accounts.User"] == volumes.staff + volumes.citizens + volumes.specialists
    assert User.objects.filter(local_body__in=result.body_ids).count() == volumes.staff
    for name, label in EXACT.items():
        assert counts[label] == getattr(volumes, name), name
    for name, label in APPROXIMATE.items():
        assert abs(counts[label] - getattr(volumes, name)) <= getattr(volumes, name) / 3, (name, counts[label])
    # Every body has its editor, approver and administrator; hubs have members; most questions are answered.
    assert RoleGrant.objects.filter(local_body__in=result.body_ids).count() == 3 * SIZE
    assert Membership.objects.filter(body__in=result.body_ids, status="active").count() >= SIZE
    assert counts["qa.Answer"] >= counts["qa.Question"] / 2
    assert Registration.objects.filter(event__in=result.event_ids).attended().exists()
    assert counts["library.DocumentVersion"] >= counts["library.Document"]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    digests = []
    for seed in (5, 5, 6):
        before = transaction.savepoint()
        result = _generate(10, seed, search_index=False)
        digests.append(digest.digest(result.baseline))
        transaction.savepoint_rollback(before)  # the next run starts from the same database
    assert digests[0] == digests[1]
    assert digests[2] != digests[0]


@pytest.mark.django_db
def test_the_fast_writer_stores_what_bulk_create_stores(monkeypatch):
    # The same run written through bulk.py and through Django's bulk_create: every generated table (the digest's,
    # many-to-many tables included) holds the same rows.
    digests = []
    for writer in ("bulk_create", "bulk.write"):
        if writer == "bulk_create":
            monkeypatch.setattr(bulk, "write", lambda model, objects: model.objects.bulk_create(objects))
        else:
            monkeypatch.undo()
        before = transaction.savepoint()
        result = _generate(10, 5, search_index=False)
        digests.append(digest.digest(result.baseline))
        transaction.savepoint_rollback(before)
    assert digests[0] == digests[1]


def _database_settings() -> list:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
            return [cursor.fetchone()[0]]
        found = []
        for name in ("synchronous", "cache_size", "temp_store", "journal_mode"):
            cursor.execute(f"PRAGMA {name}")
            found.append(cursor.fetchone()[0])
        return found


@pytest.mark.django_db
def test_the_database_settings_of_the_load_are_restored():
    if connection.vendor == "postgresql":  # CI's server itself runs without commit waits: start from the default
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = on")
    before = _database_settings()
    with bulk.loading():
        during = _database_settings()
    assert during != before  # the load's own settings (no fsync, a large cache; PostgreSQL: no commit wait)
    assert _database_settings() == before
    _generate(3, 4, search_index=False)
    assert _database_settings() == before


@pytest.mark.django_db
def test_a_second_run_with_the_same_seed_is_refused():
    _generate(3, 9, search_index=False)
    with pytest.raises(CommandError, match="seed 9"):
        call_command("load_scale", "--bodies", "3", "--seed", "9", "--no-search-index", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_command_loads_and_reports():
    out = io.StringIO()
    call_command("load_scale", "--bodies", "4", "--seed", "3", "--no-search-index", stdout=out)
    assert "directory.LocalBody: 4" in out.getvalue()
    assert LocalBody.objects.filter(slug__startswith="s3-").count() == 4


# The models whose generated rows are checked against their own validation (clean(), fields, uniqueness).
VALIDATED = [
    LocalBody,
    User,
    RoleGrant,
    Membership,
    Event,
    Registration,
    Document,
    DocumentVersion,
    Question,
    Answer,
    TwinningGroup,
    Milestone,
    StrategicPlan,
    Project,
    ProgressUpdate,
    Notification,
]


@pytest.fixture
def generated(db):
    return _generate(search_index=True)


def test_generated_data_satisfies_the_models_rules(generated):
    # Each model's own validation (fields, clean(), uniqueness) on a sample of its generated rows; the database's
    # constraints held for all of them, or the inserts would have failed.
    for model in VALIDATED:
        rows = list(model.objects.filter(pk__gt=generated.baseline.get(model._meta.label, 0)).order_by("?")[:15])
        assert rows, model
        for row in rows:
            row.full_clean(exclude=["password"] if model is User else [])
    # Each project's status is of the stage of its published achievement (meter/stages.py).
    projects = rollup.annotate_achievement(Project.objects.filter(plan__in=generated.plan_ids).select_related("status"))
    for project in projects:
        assert stages.agree(project.status.default_percent, project.achievement), project.pk
    # Twinning groups have enough members, all in the network; milestones are owned by members.
    for group in TwinningGroup.objects.filter(pk__in=generated.group_ids).prefetch_related("members"):
        members = {body.pk for body in group.members.all()}
        assert len(members) >= TwinningGroup.MIN_MEMBERS
        assert members <= set(group.network.members.values_list("pk", flat=True))
        assert set(group.milestones.values_list("owner_body", flat=True)) <= members
    # Accepted answers belong to their question; a document's current version is its latest.
    for question in Question.objects.filter(pk__in=generated.question_ids, accepted_answer__isnull=False):
        assert question.accepted_answer.question_id == question.pk
    for document in Document.objects.filter(pk__in=generated.document_ids).select_related("current_version"):
        assert document.current_version.number == document.versions.count()
    # The search index was built with the search app's own rebuild and agrees with the tables; its facets are the
    # ones the rebuild writes with bulk_create.
    assert index.check().ok
    facets = _facets()
    index.rebuild(stream=io.StringIO(), kinds=["body"])  # nothing changed: nothing written
    assert _facets() == facets
    SearchFacet.objects.all().delete()
    index.SearchEntry.objects.all().delete()
    index.rebuild(stream=io.StringIO())
    assert _facets() == facets
    # Each plan stores the figures `rollup_store.store` would store (today's).
    today = timezone.localdate()
    for plan in StrategicPlan.objects.filter(pk__in=generated.plan_ids):
        assert plan.rollup == json.loads(
            json.dumps(rollup_store.serialise(rollup_store.live(plan, today=today), today=today))
        )


def _facets() -> set:
    return set(SearchFacet.objects.values_list("entry__kind", "entry__object_id", "name", "value"))


def _pages(generated) -> list[str]:
    body = LocalBody.objects.get(pk=generated.body_ids[0])
    hub = Hub.objects.filter(memberships__body__in=generated.body_ids).distinct().first()
    event = Event.objects.filter(pk__in=generated.event_ids, visibility="public").first()
    plan = StrategicPlan.objects.get(pk=generated.plan_ids[0])
    project = plan.projects.first()
    document = Document.objects.filter(pk__in=generated.document_ids, visibility="public").first()
    question = Question.objects.filter(pk__in=generated.question_ids, publication="published").first()
    pages = [
        body.get_absolute_url(),
        hub.get_absolute_url(),
        event.get_absolute_url(),
        plan.get_absolute_url(),
        project.get_absolute_url(),
        document.get_absolute_url(),
        reverse("directory:body_list"),
        reverse("events:event_list"),
        f"{reverse('search:search')}?q=%D8%A8%D9%84%D8%AF%D9%8A%D8%A9",
    ]
    if question:
        pages.append(question.get_absolute_url())
    return pages


def test_the_pages_of_generated_things_render(generated, client):
    for path in _pages(generated):
        response = client.get(f"/en{path}")
        assert response.status_code == 200, path


def test_a_generated_editor_sees_their_work_and_group(generated, client):
    group = TwinningGroup.objects.get(pk=generated.group_ids[0])
    editor = User.objects.get(pk=generated.staff_by_body[group.members.order_by("pk").first().pk][0])
    client.force_login(editor)
    pages = [reverse("work:my_work"), group.get_absolute_url(), reverse("notifications:list")]
    for path in pages:
        response = client.get(f"/en{path}")
        assert response.status_code == 200, path
