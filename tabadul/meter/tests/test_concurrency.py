"""Two editors at once never lose an update silently (docs/meter.md, "Concurrent edits").

The unit tests interleave the editors by hand and run on every database; the threaded tests run real
parallel writers, each thread with its own connection, and need PostgreSQL (SQLite serialises writers
and ignores SELECT ... FOR UPDATE, so there is nothing parallel to observe there).
"""

import re
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent

from .. import selectors, services
from ..models import PlanReport, ProgressUpdate, Project, StrategicGoal, StrategicPlan
from .conftest import PlanWorld

PROJECT_CONFLICT = (
    "This project was changed by someone else while you were editing it: review their changes and save again."
)
PLAN_CONFLICT = "This plan was changed by someone else while you were editing it: review their changes and save again."
GOAL_CONFLICT = "This goal was changed by someone else while you were editing it: review their changes and save again."

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL: SQLite serialises writers and has no row locks "
    "(the single-threaded interleaving tests in this file cover the logic there)",
)


def audit_count(action: str, target) -> int:
    return AuditEvent.objects.filter(action=action, target_id=str(target.pk)).count()


def fresh(model, pk):
    return model.objects.get(pk=pk)


# --- Through the services (every database) ---------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_project_edit_is_refused_and_the_first_edit_kept(world):
    project = world.projects[0]
    loaded = fresh(Project, project.pk).version  # both editors open the form at this version

    services.project_save(
        actor=world.editor, plan=world.plan, project=fresh(Project, project.pk), expected_version=loaded,
        name_ar="تأهيل شبكة المياه - المرحلة الثانية", budget=Decimal("300000"),
    )  # fmt: skip
    with pytest.raises(services.EditConflict) as caught:
        services.project_save(
            actor=world.editor, plan=world.plan, project=fresh(Project, project.pk), expected_version=loaded,
            description="وصف كتبه المحرر الثاني",
        )  # fmt: skip

    assert caught.value.messages == [gettext(PROJECT_CONFLICT)]
    assert caught.value.current.name_ar == "تأهيل شبكة المياه - المرحلة الثانية"  # what to show next to the form
    saved = fresh(Project, project.pk)
    assert saved.name_ar == "تأهيل شبكة المياه - المرحلة الثانية" and saved.budget == Decimal("300000")
    assert saved.description == ""  # nothing of the refused edit is written
    assert saved.version == loaded + 1
    assert audit_count("meter.project.update", project) == 1

    # Having reviewed, the second editor saves again with the version now shown: it goes through.
    services.project_save(
        actor=world.editor, plan=world.plan, project=saved, expected_version=saved.version,
        description="وصف كتبه المحرر الثاني",
    )  # fmt: skip
    saved = fresh(Project, project.pk)
    assert saved.description == "وصف كتبه المحرر الثاني" and saved.budget == Decimal("300000")
    assert saved.version == loaded + 2


@pytest.mark.django_db
def test_plan_goal_and_report_edits_refuse_a_stale_version(world):
    plan_version = world.plan.version
    services.plan_update(actor=world.editor, plan=fresh(StrategicPlan, world.plan.pk), vision="رؤية جديدة")
    with pytest.raises(services.EditConflict) as caught:
        services.plan_update(
            actor=world.editor, plan=fresh(StrategicPlan, world.plan.pk), expected_version=plan_version, vision="قديمة"
        )
    assert caught.value.messages == [gettext(PLAN_CONFLICT)]
    assert fresh(StrategicPlan, world.plan.pk).vision == "رؤية جديدة"

    goal = world.goals[0]
    services.goal_save(
        actor=world.editor, plan=world.plan, goal=fresh(StrategicGoal, goal.pk), expected_version=goal.version,
        weight=Decimal(5),
    )  # fmt: skip
    with pytest.raises(services.EditConflict) as caught:
        services.goal_save(
            actor=world.editor, plan=world.plan, goal=fresh(StrategicGoal, goal.pk), expected_version=goal.version,
            weight=Decimal(7),
        )  # fmt: skip
    assert caught.value.messages == [gettext(GOAL_CONFLICT)]
    assert fresh(StrategicGoal, goal.pk).weight == Decimal(5)

    report = services.report_save(
        actor=world.editor, plan=world.plan, title="تقرير 2024", period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )  # fmt: skip
    services.report_save(
        actor=world.editor, plan=world.plan, report=fresh(PlanReport, report.pk), expected_version=1,
        achievements="إنجازات",
    )  # fmt: skip
    with pytest.raises(services.EditConflict):
        services.report_save(
            actor=world.editor, plan=world.plan, report=fresh(PlanReport, report.pk), expected_version=1,
            challenges="تحديات",
        )  # fmt: skip
    saved = fresh(PlanReport, report.pk)
    assert (saved.achievements, saved.challenges, saved.version) == ("إنجازات", "", 2)


@pytest.mark.django_db
def test_without_expected_version_the_last_writer_wins_but_never_writes_back_stale_fields(world):
    """Imports, demo data and the API pass no version: their values win, the others stay as saved now."""
    stale = fresh(Project, world.projects[0].pk)  # loaded long ago, e.g. by an import
    services.project_save(
        actor=world.editor, plan=world.plan, project=fresh(Project, stale.pk), expected_version=stale.version,
        sector="كهرباء",
    )  # fmt: skip
    services.project_save(actor=world.editor, plan=world.plan, project=stale, name_ar="اسم من الاستيراد")
    saved = fresh(Project, stale.pk)
    assert saved.name_ar == "اسم من الاستيراد"
    assert saved.sector == "كهرباء"  # the stale copy's old sector was not written back
    assert saved.version == stale.version == 3


@pytest.mark.django_db
def test_saving_unchanged_values_or_publishing_the_plan_keeps_the_version(world):
    project = fresh(Project, world.projects[0].pk)
    services.project_save(
        actor=world.editor, plan=world.plan, project=project, expected_version=project.version, name_ar=project.name_ar
    )
    assert fresh(Project, project.pk).version == project.version  # no change, no new version, no audit
    assert audit_count("meter.project.update", project) == 0

    version = world.plan.version
    services.plan_set_status(actor=world.approver, plan=fresh(StrategicPlan, world.plan.pk), status="draft")
    # An editor who opened the plan's form before the approver's decision can still save it.
    services.plan_update(
        actor=world.editor, plan=fresh(StrategicPlan, world.plan.pk), expected_version=version, vision="رؤية"
    )
    saved = fresh(StrategicPlan, world.plan.pk)
    assert (saved.status, saved.vision, saved.version) == ("draft", "رؤية", version + 1)


@pytest.mark.django_db
def test_a_deleted_project_is_reported_not_recreated(world):
    project = fresh(Project, world.projects[0].pk)
    services.project_delete(actor=world.editor, project=fresh(Project, project.pk))
    with pytest.raises(services.EditConflict):
        services.project_save(
            actor=world.editor, plan=world.plan, project=project, expected_version=project.version, name_ar="x"
        )
    assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
def test_interleaved_approvals_publish_once_and_the_rollup_follows_a_direct_count(world):
    """The single-threaded counterpart of the parallel tests below (runs on SQLite too)."""
    project = world.projects[0]
    updates = [
        services.progress_submit(actor=world.editor, project=project, percent=10 * i, date=date(2024, i, 1))
        for i in range(1, 6)
    ]
    for update in updates:
        services.progress_publish(actor=world.approver, update=update)
        services.progress_publish(actor=world.approver, update=update)  # the second approver's click: no-op
    published = ProgressUpdate.objects.filter(project=project, status=ProgressUpdate.Status.PUBLISHED)
    assert published.count() == 5
    assert sum(audit_count("meter.progress.publish", update) for update in updates) == 5
    row = next(row for row in selectors.plan_overview(plan=world.plan).projects if row.pk == project.pk)
    assert row.achievement == published.order_by("-date", "-pk").first().percent == 50


# --- Through the edit page (every database) --------------------------------------------------------


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)


def form_data(response) -> dict:
    """What the browser would send back unchanged: the loaded form's values, hidden version included."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


@pytest.mark.django_db
def test_two_editors_on_the_project_page_the_second_is_told_and_keeps_what_they_typed(client, world):
    other = client.__class__()
    login(client, world.editor)
    login(other, make_user(role=RoleGrant.Role.BODY_EDITOR, body=world.body))
    project = world.projects[0]
    url = reverse("meter:project_edit", args=[world.plan.pk, project.pk])
    first, second = form_data(client.get(url)), form_data(other.get(url))
    assert first["version"] == second["version"] == project.version

    first.update(name_ar="اسم المحرر الأول", budget="410000")
    assert client.post(url, first).status_code == 302

    second.update(description="ملاحظة المحرر الثاني عن الموقع")
    response = other.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(gettext(PROJECT_CONFLICT)) in html
    assert "ملاحظة المحرر الثاني عن الموقع" in html  # the typed value is kept in the form
    # The saved value is shown under the field that differs, and the hidden version has moved on.
    assert escape(gettext("Saved by the other person: %(value)s") % {"value": "اسم المحرر الأول"}) in html
    assert re.search(rf'name="version" value="{project.version + 1}"', html)
    saved = fresh(Project, project.pk)
    assert (saved.name_ar, saved.budget, saved.description) == ("اسم المحرر الأول", Decimal("410000"), "")

    # The second editor adopts the first one's name and saves again: both changes are kept.
    second.update(name_ar="اسم المحرر الأول", budget="410000", version=project.version + 1)
    assert other.post(url, second).status_code == 302
    saved = fresh(Project, project.pk)
    assert (saved.name_ar, saved.budget) == ("اسم المحرر الأول", Decimal("410000"))
    assert saved.description == "ملاحظة المحرر الثاني عن الموقع"
    assert saved.version == project.version + 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,field,value",
    [("plan_edit", "vision", "رؤية معدلة"), ("goal_edit", "description", "وصف معدل")],
)
def test_plan_and_goal_pages_refuse_a_stale_form(client, world, name, field, value):
    login(client, world.editor)
    args = [world.plan.pk] if name == "plan_edit" else [world.plan.pk, world.goals[0].pk]
    url = reverse(f"meter:{name}", args=args)
    stale = form_data(client.get(url))
    assert client.post(url, {**form_data(client.get(url)), field: value}).status_code == 302
    response = client.post(url, {**stale, field: "نص قديم"})
    assert response.status_code == 200
    message = PLAN_CONFLICT if name == "plan_edit" else GOAL_CONFLICT
    assert escape(gettext(message)) in response.content.decode()
    model = StrategicPlan if name == "plan_edit" else StrategicGoal
    assert getattr(fresh(model, args[-1]), field) == value


@pytest.mark.django_db
def test_a_damaged_version_field_is_a_visible_error_not_a_silent_save(client, world):
    login(client, world.editor)
    url = reverse("meter:project_edit", args=[world.plan.pk, world.projects[0].pk])
    data = {**form_data(client.get(url)), "name_ar": "اسم جديد", "version": "<script>x</script>" * 1000}
    response = client.post(url, data)
    assert response.status_code == 200
    message = gettext("This form is out of date or damaged: reload the page and make your changes again.")
    assert escape(message) in response.content.decode()
    assert fresh(Project, world.projects[0].pk).name_ar != "اسم جديد"


@pytest.mark.django_db
def test_an_editor_of_another_body_still_gets_403_with_a_valid_version(client, world, other_world):
    login(client, other_world.editor)
    url = reverse("meter:project_edit", args=[world.plan.pk, world.projects[0].pk])
    response = client.post(url, {"name_ar": "مخترق", "version": world.projects[0].version})
    assert response.status_code == 403
    assert fresh(Project, world.projects[0].pk).name_ar != "مخترق"


# --- Parallel writers (PostgreSQL) ---------------------------------------------------------------


def run_in_threads(count: int, work) -> list[tuple[str, object]]:
    """Run work(i) in `count` threads started together, each on its own connection (closed at the end)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results


@pytest.fixture
def reference_data(transactional_db):
    """Earlier transactional tests flush the migrated reference data (countries, regions, governorates)."""
    from tabadul.directory.models import Country, Governorate, Region
    from tabadul.directory.reference import load_reference_data

    if not Country.objects.exists():
        load_reference_data(Country, Region, Governorate)


def user(pk):
    return get_user_model().objects.get(pk=pk)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_edits_from_the_same_version_exactly_one_wins(reference_data, body):
    world = PlanWorld(body, projects=1)
    project = world.projects[0]
    loaded = project.version
    writers = 6

    def edit(i):
        services.project_save(
            actor=user(world.editor.pk),
            plan=fresh(StrategicPlan, world.plan.pk),
            project=fresh(Project, project.pk),
            expected_version=loaded,
            name_ar=f"اسم الكاتب {i}",
            budget=Decimal(1000 * (i + 1)),
            location=f"الموقع {i}",
        )
        return i

    results = run_in_threads(writers, edit)
    winners = [value for outcome, value in results if outcome == "ok"]
    errors = [value for outcome, value in results if outcome == "error"]
    assert len(winners) == 1, results
    assert all(isinstance(error, services.EditConflict) for error in errors), errors
    assert len(errors) == writers - 1
    winner = winners[0]
    saved = fresh(Project, project.pk)
    assert (saved.name_ar, saved.budget, saved.location) == (
        f"اسم الكاتب {winner}",
        Decimal(1000 * (winner + 1)),
        f"الموقع {winner}",
    )
    assert saved.version == loaded + 1
    assert audit_count("meter.project.update", project) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_increments_that_retry_on_conflict_lose_nothing(reference_data, body):
    """Each writer reads, adds one to the weight and saves with the version it read; on a conflict it
    reads again. With no lost update the weight grows by exactly the number of writers."""
    world = PlanWorld(body, projects=1)
    project = world.projects[0]
    start_weight, start_version = fresh(Project, project.pk).weight, project.version
    writers = 8

    def increment(i):
        actor, plan = user(world.editor.pk), fresh(StrategicPlan, world.plan.pk)
        for attempt in range(200):
            current = fresh(Project, project.pk)
            try:
                services.project_save(
                    actor=actor,
                    plan=plan,
                    project=current,
                    expected_version=current.version,
                    weight=current.weight + 1,
                )
            except services.EditConflict:
                continue
            return attempt
        raise AssertionError("never saved")

    results = run_in_threads(writers, increment)
    assert all(outcome == "ok" for outcome, _ in results), results
    saved = fresh(Project, project.pk)
    assert saved.weight == start_weight + writers
    assert saved.version == start_version + writers
    assert audit_count("meter.project.update", project) == writers


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_publish_each_update_once_and_the_rollup_matches_a_direct_count(reference_data, body):
    world = PlanWorld(body, projects=1)
    project = world.projects[0]
    updates = [
        services.progress_submit(actor=world.editor, project=project, percent=5 * i, date=date(2024, 1, 1 + i))
        for i in range(1, 9)
    ]
    # Two approvers click "publish" on each update at the same moment: 16 writers on 8 updates.
    approvers = [world.approver.pk, world.approver.pk]

    def publish(i):
        update = fresh(ProgressUpdate, updates[i // 2].pk)
        return services.progress_publish(actor=user(approvers[i % 2]), update=update).pk

    results = run_in_threads(2 * len(updates), publish)
    assert all(outcome == "ok" for outcome, _ in results), results

    published = ProgressUpdate.objects.filter(project=project, status=ProgressUpdate.Status.PUBLISHED)
    assert published.count() == len(updates)
    for update in updates:
        assert audit_count("meter.progress.publish", update) == 1  # one publication, one audit record
    latest = published.order_by("-date", "-pk").first()
    row = next(row for row in selectors.plan_overview(plan=fresh(StrategicPlan, world.plan.pk)).projects)
    assert row.achievement == latest.percent == 40
    assert row.last_update_date == latest.date
