import pytest

from tabadul.accounts.tests.factories import make_user
from tabadul.library.models import Document, Organisation

from .factories import make_document


@pytest.fixture(autouse=True)
def _arabic():
    """Each test starts in Arabic (a request to an /en/ page leaves English active in the thread)."""
    from django.utils import translation

    with translation.override("ar"):
        yield


@pytest.fixture
def programme(db):
    return Organisation.objects.create(slug="isal", name_ar="برنامج إيصال", name_en="Isal programme")


@pytest.fixture
def programme_staff(programme):
    user = make_user()
    programme.staff.add(user)
    return user


@pytest.fixture
def body_staff(body):
    """Staff of the body without any editing role."""
    return make_user(body=body)


@pytest.fixture
def study(body_editor, body):
    return make_document(actor=body_editor, author_bodies=[body], type=Document.Type.STUDY, title_en="Waste study")


@pytest.fixture
def private_document(body_editor, body):
    return make_document(
        actor=body_editor, author_bodies=[body], visibility=Document.Visibility.PRIVATE, title_en="Secret draft"
    )


@pytest.fixture
def members_document(body_editor, body):
    return make_document(
        actor=body_editor, author_bodies=[body], visibility=Document.Visibility.MEMBERS, title_en="Members note"
    )


# --- Hubs, topics and events for stories -----------------------------------------------------------


def make_topic(hub=None, *, title_ar="جمع النفايات الصلبة", created=None):
    import datetime as dt

    from django.utils import timezone

    from tabadul.hubs.models import Hub, WorkPlan, WorkPlanTopic

    hub = hub or Hub.objects.get_or_create(slug="services", defaults={"name_ar": "منصة الخدمات"})[0]
    plan = WorkPlan.objects.get_or_create(
        hub=hub, chapter=None, starts_on=dt.date(2024, 1, 1), defaults={"ends_on": dt.date(2025, 12, 31)}
    )[0]
    topic = WorkPlanTopic.objects.create(work_plan=plan, title_ar=title_ar)
    when = created or timezone.make_aware(dt.datetime(2024, 1, 10, 9, 0))
    WorkPlanTopic.objects.filter(pk=topic.pk).update(created_at=when)
    topic.created_at = when
    return topic


def make_event(*, when, type="specialised_workshop", topics=(), visibility="public", name_ar="ورشة عمل"):
    import datetime as dt

    from tabadul.events.models import Event

    event = Event.objects.create(
        name_ar=name_ar,
        type=type,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=3),
        city="نابلس",
        visibility=visibility,
    )
    event.topics.set(topics)
    return event


def make_project(*, body, start, name_ar="مشروع حاويات النفايات", external_id="P1"):
    """A Meter project of a published plan of `body` (plan, goal and statuses made once per body)."""
    from tabadul.meter.models import ProjectStatus, StrategicPlan
    from tabadul.meter.tests import factories as meter

    plan = StrategicPlan.objects.filter(body=body).first()
    editor = meter.make_user(role="body_editor", body=body)
    if plan is None:
        editor, approver = meter.staff(body)
        meter.make_statuses(actor=editor, body=body)
        plan = meter.make_plan(actor=editor, body=body, approver=approver)
        meter.make_goal(actor=editor, plan=plan)
    status = ProjectStatus.objects.get(body=body, code="in_progress")
    return meter.make_project(
        actor=editor,
        plan=plan,
        goal=plan.goals.first(),
        status=status,
        start_date=start,
        name_ar=name_ar,
        external_id=external_id,
    )
