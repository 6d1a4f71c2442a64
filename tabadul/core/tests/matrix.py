"""Helpers for the role × endpoint permission matrix and the hostile-input corpus.

- `discover_endpoints()` walks the URL configuration and returns every named endpoint with the HTTP methods its
  view accepts (read from `require_http_methods` closures, class-based views' handlers and django-ninja operations).
- `build_world()` loads a small world: the demo reference data (bodies, hubs, events, questions, forums, twinning)
  plus a Beita strategic plan, a library document and the people of the matrix. It is built once per test process
  and put back in each module that uses it from a `Snapshot` of every table (`world_fixture`).
- `table_state()` is one SQL query returning, for every table, its row count and a checksum of all its rows: a
  refused write must leave it unchanged.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from operator import attrgetter

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROLES = ("anonymous", "citizen", "other_editor", "other_coordinator", "specialist", "admin", "programme_officer")
MISSING_PK = 999_999  # used when the world has no object of a kind: every role must then get a 404 or be refused


# --- URL discovery ---------------------------------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


def _ninja_methods() -> dict[str, set[str]]:
    """url_name -> HTTP methods of every django-ninja operation of the API."""
    from tabadul.api.v1 import api

    methods: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                url_name = getattr(operation, "url_name", None) or operation.view_func.__name__
                methods.setdefault(url_name, set()).update(m.upper() for m in operation.methods)
    return methods


def view_methods(callback) -> set[str] | None:
    """The methods a view accepts, or None when it does not restrict them (it then accepts POST)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    seen, function = set(), callback
    while function is not None and id(function) not in seen:
        seen.add(id(function))
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(m, str) and m.isupper() for m in value):
                return set(value)  # require_http_methods(request_method_list)
        function = getattr(function, "__wrapped__", None)
    return None


# Endpoints that are not Tabadul views: Django's admin (its own is_staff + model permission system, tested by Django)
# and the framework's API schema pages.
NOT_OURS = ("admin:",)


def discover_endpoints() -> dict[str, dict]:
    """Every named Tabadul endpoint: {name: {"route": str, "methods": set | None, "writes": bool}}."""
    ninja = _ninja_methods()
    found = {}
    for name, route, callback in _walk(get_resolver().url_patterns):
        if name.startswith(NOT_OURS):
            continue
        api_name = name.removeprefix("api-v1:") if name.startswith("api-v1:") else None
        methods = ninja.get(api_name, {"GET"}) if api_name else view_methods(callback)
        found[name] = {"route": route, "methods": methods, "writes": methods is None or "POST" in methods}
    return found


def writing_endpoints() -> set[str]:
    return {name for name, info in discover_endpoints().items() if info["writes"]}


# --- Database state ---------------------------------------------------------------------------------------------------

# Tables left out of the state, each with its reason. Everything else is seen, with or without `updated_at`.
SKIPPED_TABLES = {
    # Signing in (force_login) and the session middleware write session rows; that is not a write of the endpoint.
    "django_session",
}
# Columns left out, each with its reason.
SKIPPED_COLUMNS = {
    # Every request authenticated by an API token records when the token was last used, refused or not.
    ("api_apitoken", "last_used_at"),
}


def _row_hash(*values) -> int:
    """SQLite: a 32-bit hash of one row's values (stable within the test process, which is all a before/after
    comparison needs). Summed per table, it changes when any value of any row changes."""
    return hash(values) & 0xFFFFFFFF


_SQL_CACHE: dict[tuple, str] = {}


def _state_sql(tables: tuple[str, ...]) -> str:
    """One query: for every table, its row count and a checksum of all its rows (every column, so tables without
    `updated_at`, many-to-many tables and updates that leave `updated_at` alone are seen too)."""
    key = (connection.vendor, tables)
    if key in _SQL_CACHE:
        return _SQL_CACHE[key]
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for table in tables:
            columns = ", ".join(
                f"t.{quote(column.name)}"
                for column in connection.introspection.get_table_description(cursor, table)
                if (table, column.name) not in SKIPPED_COLUMNS
            )
            if connection.vendor == "postgresql":
                checksum = f"COALESCE(SUM(('x' || SUBSTR(MD5(ROW({columns})::text), 1, 8))::bit(32)::bigint), 0)"
            else:
                checksum = f"COALESCE(SUM(matrix_row_hash({columns})), 0)"
            parts.append(f"SELECT '{table}', COUNT(*), CAST({checksum} AS VARCHAR(64)) FROM {quote(table)} AS t")
    _SQL_CACHE[key] = sql = " UNION ALL ".join(parts)
    return sql


def table_state() -> dict[str, tuple]:
    """Every table of the database (models of every app, many-to-many tables, tables of test-only models) except
    SKIPPED_TABLES, as {table: (row count, checksum of its rows)}."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.create_function("matrix_row_hash", -1, _row_hash, deterministic=True)
    tables = tuple(sorted(set(connection.introspection.table_names()) - SKIPPED_TABLES))
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(tables))
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def state_diff(before: dict, after: dict) -> dict:
    return {table: (before.get(table), after.get(table)) for table in after if before.get(table) != after.get(table)}


def _write_count() -> int | None:
    """SQLite: how many rows this connection has inserted, updated or deleted so far (`total_changes()`, which a
    rollback does not lower). Elsewhere None: unknown."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


def changes_made_by(action):
    """Run `action()` in a savepoint that is rolled back; return (its result, the tables it changed as
    {table: (before, after)}).

    The full state of every table is taken only when a row was written (`_write_count`): after the action, and
    again once the savepoint is rolled back, which is the state before it. Most cells of the matrix write nothing,
    so this costs one cheap query there."""
    marker = _write_count()
    before = table_state() if marker is None else None
    with transaction.atomic():
        result = action()
        wrote = marker is None or _write_count() != marker
        after = table_state() if wrote else None
        transaction.set_rollback(True)
    if not wrote:
        return result, {}
    if before is None:
        before = table_state()
    return result, state_diff(before, after)


# --- The world --------------------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:  # through __dict__: a copy being made asks for attributes before it has any
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def kwargs(self, spec: str) -> dict:
        """ "slug=hub.slug pk=event.pk" -> {"slug": ..., "pk": ...}; a missing object gives MISSING_PK."""
        values = {}
        for item in spec.split():
            key, path = item.split("=", 1)
            if path.startswith("'"):
                values[key] = path.strip("'")
                continue
            try:
                values[key] = attrgetter(path)(self)
            except AttributeError:
                values[key] = MISSING_PK
            if values[key] is None:
                values[key] = MISSING_PK
        return values

    def data(self, values: dict) -> dict:
        """POST data; a value "@qa_topic.pk" is read from the world."""
        return {
            key: self.kwargs(f"v={value[1:]}")["v"] if isinstance(value, str) and value.startswith("@") else value
            for key, value in values.items()
        }


def build_world() -> World:
    """The demo reference data plus the objects and people of the matrix (run inside a transaction)."""
    from tabadul.accounts.models import RoleGrant, User
    from tabadul.accounts.tests.factories import make_user
    from tabadul.demo import demo_modules

    for label, module in demo_modules():
        if label not in {"meter", "library"}:  # the two slowest loaders; their objects are built below
            module.load()

    from tabadul.directory.models import LocalBody
    from tabadul.discussions.models import Forum, Post, Thread
    from tabadul.events.models import Course, Event, FollowUp, Registration
    from tabadul.hubs.models import Hub, Mandate, Membership, Mentorship, Representative, WorkPlan, WorkPlanTopic
    from tabadul.library.tests.factories import make_document
    from tabadul.meter import services as meter_services
    from tabadul.meter.models import PlanReport
    from tabadul.meter.tests import factories as meter
    from tabadul.qa.models import Answer, Question
    from tabadul.twinning.models import Milestone as TwinMilestone
    from tabadul.twinning.models import Network, TwinningGroup

    w = World()
    beita = LocalBody.objects.get(slug="beita")
    salfit = LocalBody.objects.get(slug="salfit")
    w.objects.update(beita=beita, salfit=salfit)

    # People. The hub world: the innovation hub (coordinated by hebron.gis); "another hub" is finance (nablus.finance).
    hub = Hub.objects.get(slug="innovation")
    w.objects["hub"] = hub
    w.objects["hub_coordinator"] = Mandate.objects.get(hub=hub, role=Mandate.Role.COORDINATOR).user
    w.users = {
        "anonymous": None,
        "citizen": make_user(username="matrix.citizen"),
        "other_editor": make_user(username="matrix.salfit.editor", role=RoleGrant.Role.BODY_EDITOR, body=salfit),
        "other_coordinator": User.objects.get(username="nablus.finance"),
        "specialist": User.objects.get(username="specialist"),
        "admin": User.objects.get(username="admin"),
    }
    editor = User.objects.get(username="beita.editor")
    approver = User.objects.get(username="beita.approver")
    w.objects.update(beita_editor=editor, beita_approver=approver)

    # Hubs
    w.objects["membership"] = Membership.objects.filter(hub=hub).order_by("pk").first()
    w.objects["representative"] = Representative.objects.filter(membership__hub=hub).order_by("pk").first()
    w.objects["mandate"] = Mandate.objects.filter(hub=hub).first()
    w.objects["work_plan"] = WorkPlan.objects.filter(hub=hub).first()
    w.objects["topic"] = WorkPlanTopic.objects.filter(work_plan__hub=hub).first()
    w.objects["mentorship"] = Mentorship.objects.filter(hub=hub).first()

    # Events: a public event of the hub, with a registration and a follow-up.
    event = Event.objects.filter(organiser_hubs=hub).order_by("pk").first() or Event.objects.order_by("pk").first()
    w.objects["event"] = event
    w.objects["registration"] = Registration.objects.filter(event=event).first() or Registration.objects.first()
    w.objects["course"] = Course.objects.first()
    # Joint activities: one proposed to the hub by the finance hub, one the hub proposed to it (both pending).
    from tabadul.hubs.models import JointActivity

    finance = Hub.objects.get(slug="finance")
    w.objects["joint_received"] = JointActivity.objects.create(
        event=event, hub=finance, partner_hub=hub, proposed_by=w.users["other_coordinator"]
    )
    w.objects["joint_sent"] = JointActivity.objects.create(
        event=event, hub=hub, partner_hub=finance, proposed_by=w.objects["hub_coordinator"]
    )
    w.objects["followup"] = FollowUp.objects.first()

    # Meter: a published Beita plan with a goal, a project, a pending progress update, a feedback and a post.
    statuses = meter.make_statuses(actor=editor, body=beita)
    plan = meter.make_plan(actor=editor, body=beita, approver=approver)
    goal = meter.make_goal(actor=editor, plan=plan)
    project = meter.make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"])
    update = meter_services.progress_submit(
        actor=editor, project=project, percent=40, date=datetime.date(2024, 6, 1), note=""
    )
    w.objects.update(plan=plan, goal=goal, project=project, progress=update, status=statuses["planned"])
    w.objects["feedback"] = meter_services.feedback_submit(
        actor=w.users["citizen"], plan=plan, project=None, kind="suggestion", text="ملاحظة على الخطة"
    )
    w.objects["meter_post"] = meter_services.post_save(
        actor=editor, body=beita, title="افتتاح شارع المدارس", kind="news", text="تم افتتاح الشارع."
    )
    w.objects["report"] = PlanReport.objects.filter(plan=plan).first()

    # Library: a public Beita document.
    w.objects["document"] = make_document(actor=editor, author_bodies=[beita], title_ar="دراسة جمع النفايات")

    from tabadul.library import services as library_services

    w.objects["recommendation"] = library_services.recommendation_create(
        actor=editor, document=w.objects["document"], title_ar="توصية بفرز النفايات"
    )
    from tabadul.hubs import services as hub_services

    now = timezone.now()
    w.objects["election"] = hub_services.election_create(
        actor=w.users["admin"],
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=5),
        term_starts_on=now.date() + datetime.timedelta(days=10),
        term_ends_on=now.date() + datetime.timedelta(days=700),
    )
    from tabadul.notifications.models import Notification

    w.objects["notification"] = Notification.objects.exclude(recipient__in=[u for u in w.users.values() if u]).first()

    # Q&A, discussions, twinning (demo rows).
    from tabadul.qa.models import Topic as QaTopic

    w.objects["qa_topic"] = QaTopic.objects.order_by("pk").first()
    # A private question (the demo publishes two): the publication pages' rules are about one not yet public.
    question = Question.objects.filter(publication=Question.Publication.PRIVATE).order_by("pk").first()
    w.objects.update(question=question, answer=Answer.objects.filter(question=question).first())
    w.objects["forum"] = Forum.objects.order_by("pk").first()
    w.objects["thread"] = Thread.objects.order_by("pk").first()
    w.objects["post"] = Post.objects.order_by("pk").first()
    w.objects["network"] = Network.objects.first()
    w.objects["group"] = TwinningGroup.objects.order_by("pk").first()
    w.objects["twin_milestone"] = TwinMilestone.objects.order_by("pk").first()
    # The demo directory's first organisation (its public page, directory:organisation_detail).
    from tabadul.directory.models import Organisation

    w.objects["organisation"] = Organisation.objects.order_by("pk").first()
    # Surveys: the innovation hub's initiatives survey (demo, closed), a question and an answer of it.
    from tabadul.surveys.models import Survey

    survey = Survey.objects.filter(hub=hub).order_by("pk").first()
    w.objects["survey"] = survey
    w.objects["survey_question"] = survey.questions.order_by("pk").first()
    w.objects["survey_response"] = survey.responses.order_by("-pk").first()

    # Programmes: the innovation hub (so its events too), Beita's plan and the first twinning group belong to one
    # programme, whose officer is the seventh role (programmes/rules.py).
    from tabadul.accounts.services import role_grant
    from tabadul.programmes.models import Programme

    programme = Programme.objects.create(slug="matrix-programme", name_ar="برنامج المصفوفة", name_en="Matrix")
    for owner in (hub, plan, w.objects["group"]):
        if owner is not None:
            owner.programme = programme
            owner.save(update_fields=["programme"])
    officer = make_user(username="matrix.officer")
    w.users["programme_officer"] = officer
    w.objects["programme"] = programme
    w.objects["officer_grant"] = role_grant(
        actor=None, user=officer, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme
    )
    # A pilot project of the programme in Beita, with a milestone (programmes.manage_pilots).
    from tabadul.programmes.models import PilotMilestone, PilotProject

    w.objects["pilot"] = pilot = PilotProject.objects.create(programme=programme, slug="matrix-pilot", name_ar="مشروع")
    pilot.bodies.set([beita])
    w.objects["pilot_milestone"] = PilotMilestone.objects.create(pilot=pilot, title_ar="خطوة")

    # API: a Salfit token (the "editor of another body" pushes with it).
    from tabadul.api.services import token_create

    _token, key = token_create(actor=w.users["admin"], body=salfit, name="matrix")
    w.tokens["other_editor"] = key
    w.objects["token"], w.tokens["beita"] = token_create(actor=w.users["admin"], body=beita, name="matrix")

    # The reach dashboard's stored figures of every viewer's scope, as the nightly job leaves them (events/reach.py).
    from tabadul.events import reach

    reach.store()
    return w


@dataclass(frozen=True)
class Snapshot:
    """Every row of every table of the models, as the parameters that insert it again: (table, columns, rows)."""

    tables: tuple[tuple[str, tuple[str, ...], list[tuple]], ...]

    @classmethod
    def take(cls) -> Snapshot:
        existing = set(connection.introspection.table_names())
        tables = []
        for model in apps.get_models(include_auto_created=True):
            opts = model._meta
            if opts.proxy or not opts.managed or opts.db_table not in existing:
                continue
            fields = opts.local_concrete_fields
            rows = [
                tuple(field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True))
                for values in model._base_manager.order_by("pk").values_list(*(field.attname for field in fields))
            ]
            tables.append((opts.db_table, tuple(field.column for field in fields), rows))
        return cls(tuple(tables))

    def restore(self) -> None:
        """Replace every row of these tables by the snapshot's (inside a transaction: the foreign keys are checked
        at its end, and it is rolled back there)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, _columns, _rows in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, columns, rows in self.tables:
                if rows:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        # Content types are cached by model; the snapshot's rows may have other ids than the cached ones (a
        # transactional test's flush makes the migrations' rows anew).
        ContentType.objects.clear_cache()


def world_snapshot(tmp_path_factory) -> tuple[World, Snapshot]:
    """The world built once (per test process): its objects, and the database holding it, taken in a transaction
    rolled back at the end."""
    with transaction.atomic():
        with override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"),
            PRIVATE_FILES_ROOT=tmp_path_factory.mktemp("matrix-private"),
        ):
            built = build_world()
        snapshot = Snapshot.take()
        transaction.set_rollback(True)
    return built, snapshot


def world_fixture(matrix_world, django_db_blocker):
    """The world as a module-scoped fixture of the test modules. It is built once per test process
    (`matrix_world`, core/tests/conftest.py: about 4 CPU-s, 7 with its snapshot, on SQLite without coverage); each
    module gets its database back from the snapshot (about 0.1 CPU-s), in a transaction rolled back at the end, and
    its own copy of the objects (a module may add to them)."""
    built, snapshot = matrix_world
    with django_db_blocker.unblock():
        with transaction.atomic():
            snapshot.restore()
            yield copy.deepcopy(built)
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()


def login_url_path() -> str:
    return reverse(settings.LOGIN_URL)


def outcome(response) -> str:
    """Classify a response: login / 401 / 403 / 404 / 405 / 5xx / ok (not refused)."""
    status = response.status_code
    if status >= 500:
        return "5xx"
    if status in (301, 302, 303) and response["Location"].split("?")[0].endswith(login_url_path()):
        return "login"
    if status in (401, 403, 404, 405):
        return str(status)
    return "ok"
