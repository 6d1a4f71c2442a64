"""A local body's public page ("my municipality", issue 19): each section the apps give through the hook
`directory.body_sections` shows the right data, disappears when empty, shows nothing private, and the page reads a
fixed number of queries whatever the number of related rows."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core import hooks
from tabadul.core.models import AuditEvent
from tabadul.demo.directory import load as load_demo_bodies
from tabadul.directory.models import LocalBody
from tabadul.directory.sections import BodySection
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events.models import Event
from tabadul.events.tests.conftest import make_event
from tabadul.hubs.models import Hub, Membership
from tabadul.library.models import Document
from tabadul.library.tests.factories import make_document
from tabadul.meter import services as meter_services
from tabadul.meter.models import Feedback, StrategicPlan
from tabadul.meter.tests.factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff
from tabadul.programmes.models import PilotMilestone, PilotProject, Programme
from tabadul.twinning import services as twinning_services
from tabadul.twinning.body_page import PARTNERS_SHOWN

pytestmark = pytest.mark.django_db

SECTION_KEYS = {"meter.plan", "meter.news", "events", "visits", "hubs", "twinning", "pilots", "library"}


def url(body) -> str:
    return f"/en/directory/{body.slug}/"


def page(client, body):
    response = client.get(url(body))
    assert response.status_code == 200
    return response


def shown(response) -> set[str]:
    return {section.key for section in response.context["sections"]}


class World:
    """A body with `n` of everything its page shows, set up through the services."""

    def __init__(self, body, n: int):
        self.body = body
        self.admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
        self.editor, self.approver = staff(body)
        self.hubs = []
        for i in range(n):
            hub = Hub.objects.create(slug=f"hub-{body.slug}-{i}", name_ar=f"منصة {i}", name_en=f"Hub number {i}")
            Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
            self.hubs.append(hub)
        # The plan, its projects and their published progress.
        statuses = make_statuses(actor=self.editor, body=body)
        self.plan = make_plan(actor=self.editor, approver=self.approver, body=body)
        goal = make_goal(actor=self.editor, plan=self.plan)
        for i in range(n):
            project = make_project(
                actor=self.editor,
                plan=self.plan,
                goal=goal,
                status=statuses["in_progress"],
                external_id=f"P{i}",
                name_ar=f"مشروع رقم {i}",
            )
            publish_progress(editor=self.editor, approver=self.approver, project=project, percent=40 + i)
        for i in range(n):
            meter_services.post_save(
                actor=self.editor, body=body, kind="news", title=f"News item {i}", summary="", text="نص الخبر"
            )
        # Feedback answered after 2, 4, 6... days, received in the last twelve months.
        for i in range(n):
            feedback = meter_services.feedback_submit(
                actor=None, plan=self.plan, project=None, kind="suggestion", text=f"اقتراح رقم {i}", name=""
            )
            written = timezone.now() - dt.timedelta(days=60)
            Feedback.objects.filter(pk=feedback.pk).update(created_at=written)
            feedback.refresh_from_db()
            meter_services.feedback_reply(actor=self.editor, feedback=feedback, reply="شكراً")
            Feedback.objects.filter(pk=feedback.pk).update(replied_at=written + dt.timedelta(days=2 * (i + 1)))
        for i in range(n):
            make_event(self.editor, bodies=[body], days=3 + i, name_en=f"Own event {i}")
            make_event(self.admin, hubs=[self.hubs[i]], days=4 + i, name_en=f"Hub event {i}")
        partners = [LocalBodyFactory(name_en=f"Partner {i}") for i in range(n)]
        network = twinning_services.network_create(
            actor=self.admin,
            name_ar="شبكة",
            name_en="Network",
            slug=f"network-{body.slug}",
            facilitating_organisation="CMI",
            members=[body, *partners],
            facilitators=[self.admin],
        )
        for i, partner in enumerate(partners):
            twinning_services.group_create(
                actor=self.admin,
                network=network,
                members=[body, partner],
                name_ar=f"مجموعة {i}",
                name_en=f"Twinning group {i}",
                theme="led_strategy",
                objectives="أهداف",
                starts_on=dt.date(2026, 1, 1),
                facilitator=self.admin,
            )
            make_document(actor=self.admin, file=False, title_en=f"Study by the body {i}", author_bodies=[body])
            # A field visit the body hosted, made by the partner (the events app's "visits" section).
            make_event(
                self.admin,
                type=Event.Type.FIELD_VISIT,
                host_body=body,
                visiting_bodies=[partner],
                days=5 + i,
                name_en=f"Exchange visit {i}",
            )
        # Pilot projects of a programme in the body (kept by the platform's administrators in the admin: no service).
        programme = Programme.objects.create(slug=f"programme-{body.slug}", name_ar="برنامج", name_en="Programme")
        for i in range(n):
            pilot = PilotProject.objects.create(
                programme=programme, slug=f"pilot-{body.slug}-{i}", name_ar=f"مشروع نموذجي {i}", name_en=f"Pilot {i}"
            )
            pilot.bodies.add(body)
            PilotMilestone.objects.create(pilot=pilot, title_ar="إطلاق", title_en=f"Launch of pilot {i}")


def test_every_section_is_given_through_the_hook():
    assert {section.key for section in hooks.get_hooks("directory.body_sections")} == SECTION_KEYS


def test_each_section_shows_its_data(client, body):
    world = World(body, 2)
    response = page(client, body)
    assert shown(response) == SECTION_KEYS
    html = response.content.decode()
    assert world.plan.get_absolute_url() in html
    for text in (
        "Strategic plan",
        "% achieved",
        "مشروع رقم 1",
        "News item 0",
        "News item 1",
        "Own event 0",
        "Hub event 1",
        "Hub number 0",
        "Twinning group 1",
        "Partner 0",
        "Study by the body 1",
        "Exchange visit 1",
        "Pilot 1",
    ):
        assert text in html, text
    plan_data = response.context["sections"][0].data
    assert plan_data["figures"].achievement == pytest.approx(40.5)  # 40 % and 41 %, equal weights
    # Answered after 2 and 4 days: the median is 3.
    assert plan_data["responses"] == {"received": 2, "answered": 2, "median_days": 3.0}
    assert "within <bdi>3.0</bdi> days" in html


def test_sections_disappear_when_empty_and_the_plan_says_so(client, body):
    response = page(client, body)
    assert shown(response) == {"meter.plan"}
    assert "has not published a plan on the Meter yet" in response.content.decode()


def test_the_page_is_public_and_links_to_the_edit_only_for_its_editors(client, body, body_editor, other_body_editor):
    assert "Edit contact details" not in page(client, body).content.decode()
    client.force_login(other_body_editor)
    assert "Edit contact details" not in page(client, body).content.decode()
    client.force_login(body_editor)
    assert "Edit contact details" in page(client, body).content.decode()


def test_nothing_private_shows(client, body):
    editor, approver = staff(body)
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    statuses = make_statuses(actor=editor, body=body)
    draft = make_plan(actor=editor, body=body, published=False)
    goal = make_goal(actor=editor, plan=draft)
    make_project(actor=editor, plan=draft, goal=goal, status=statuses["planned"], name_ar="مشروع سري في المسودة")
    hub = Hub.objects.create(slug="closed-hub", name_ar="منصة", name_en="Closed hub")
    Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
    make_event(editor, bodies=[body], name_en="Invitation-only meeting", visibility=Event.Visibility.INVITATION)
    make_event(admin, hubs=[hub], name_en="Members-only meeting", visibility=Event.Visibility.MEMBERS)
    make_document(
        actor=admin, file=False, title_en="Private memo", author_bodies=[body], visibility=Document.Visibility.PRIVATE
    )
    make_document(
        actor=admin, file=False, title_en="Members memo", author_bodies=[body], visibility=Document.Visibility.MEMBERS
    )
    meter_services.post_save(
        actor=editor,
        body=body,
        kind="news",
        title="Tomorrow's news",
        summary="",
        text="",
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    # A published plan whose complaint is answered: the figures show, never the text.
    plan = make_plan(actor=editor, approver=approver, body=body, start_year=2027, end_year=2030)
    complaint = meter_services.feedback_submit(
        actor=None, plan=plan, project=None, kind="complaint", text="شكوى خاصة بالمواطن", name="سامر"
    )
    meter_services.feedback_reply(actor=editor, feedback=complaint, reply="رد خاص على الشكوى")
    html = page(client, body).content.decode()
    for private in (
        "مشروع سري في المسودة",
        draft.get_absolute_url(),
        "Invitation-only meeting",
        "Members-only meeting",
        "Private memo",
        "Members memo",
        "Tomorrow's news",
        "شكوى خاصة بالمواطن",
        "رد خاص على الشكوى",
        "سامر",
    ):
        assert private not in html, private
    assert plan.get_absolute_url() in html


def _queries(client, body) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, body)
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_query_count_does_not_grow_with_the_related_rows(client, signed_in):
    one, many = LocalBodyFactory(), LocalBodyFactory()
    World(one, 1)
    World(many, 4)
    if signed_in:
        client.force_login(make_user(role=RoleGrant.Role.BODY_EDITOR, body=LocalBodyFactory()))
    page(client, one)  # the session and the visitor's roles, read once
    assert _queries(client, many) == _queries(client, one)


# Sections whose read still runs more queries when it has rows than when it has none (issue 22: the page's count
# then differs between bodies, as between the demo's busiest body and the scale world's). Each is its owner's to fix;
# strict, so that the fix removes it from here.
MORE_QUERIES_WITH_ROWS = {
    "events": "events/body_page.py: body_events prefetches the organising hubs only when there are events",
    "visits": "events/body_page.py: body_visits prefetches the visiting bodies only when there are visits",
}


def _read_queries(section, body, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        section.read(body=body, user=user)
    return len(queries)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=MORE_QUERIES_WITH_ROWS[key]))
        if key in MORE_QUERIES_WITH_ROWS
        else key
        for key in sorted(SECTION_KEYS)
    ],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_each_section_runs_as_many_queries_for_a_body_with_nothing_as_for_one_with_everything(key, signed_in):
    """Not only more rows (above): none at all. The watched "busiest body's page" is another body on the demo than
    at scale, so its query count is the same at both sizes only if no section skips a query when it has nothing."""
    empty, rich = LocalBodyFactory(), LocalBodyFactory()
    World(rich, 3)
    user = make_user(role=RoleGrant.Role.BODY_EDITOR, body=LocalBodyFactory()) if signed_in else AnonymousUser()
    (section,) = [section for section in hooks.get_hooks("directory.body_sections") if section.key == key]
    section.read(body=rich, user=user)  # the visitor's roles, read once
    assert _read_queries(section, empty, user) == _read_queries(section, rich, user)


def test_a_twinning_group_names_its_first_partners_and_counts_the_others(client, body):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    partners = [
        LocalBodyFactory(name_ar=f"شريك {i:02d}", name_en=f"Partner {i:02d}") for i in range(PARTNERS_SHOWN + 3)
    ]
    network = twinning_services.network_create(
        actor=admin,
        name_ar="شبكة",
        name_en="Network",
        slug="network",
        facilitating_organisation="CMI",
        members=[body, *partners],
        facilitators=[admin],
    )
    twinning_services.group_create(
        actor=admin,
        network=network,
        members=[body, *partners],
        name_ar="مجموعة كبيرة",
        name_en="Large group",
        theme="led_strategy",
        objectives="أهداف",
        starts_on=dt.date(2026, 1, 1),
        facilitator=admin,
    )
    html = page(client, body).content.decode()
    named = [partner for partner in partners if f">{partner.name_en}<" in html]
    assert named == partners[:PARTNERS_SHOWN]  # by name; the body itself is not its own partner
    assert "and 3 other local bodies" in html


def test_the_plan_figures_are_those_stored_on_the_plan_or_computed_when_not_stored_today(client, body):
    world = World(body, 2)
    stored = page(client, body).context["sections"][0].data["figures"]
    StrategicPlan.objects.filter(pk=world.plan.pk).update(rollup=None)  # as on a day the night's run has not stored
    live = page(client, body).context["sections"][0].data["figures"]
    for name in ("achievement", "expected", "project_count", "behind_count", "completed_count"):
        assert getattr(stored, name) == pytest.approx(getattr(live, name)), name
    assert (stored.achievement, stored.project_count) == (pytest.approx(40.5), 2)


def test_a_section_that_returns_none_disappears(client, body):
    def nothing(*, body, user):
        return None

    with hooks.register_temporarily("directory.body_sections", BodySection("test", "missing.html", nothing)):
        response = page(client, body)
    assert "test" not in shown(response)


def test_response_time_counts_only_the_last_twelve_months(client, body):
    editor, approver = staff(body)
    plan = make_plan(actor=editor, approver=approver, body=body)
    for days_ago, days_to_answer in ((400, 1), (100, 5), (50, None)):
        feedback = meter_services.feedback_submit(
            actor=None, plan=plan, project=None, kind="question", text=f"سؤال {days_ago}", name=""
        )
        written = timezone.now() - dt.timedelta(days=days_ago)
        Feedback.objects.filter(pk=feedback.pk).update(created_at=written)
        if days_to_answer:
            feedback.refresh_from_db()
            meter_services.feedback_reply(actor=editor, feedback=feedback, reply="جواب")
            Feedback.objects.filter(pk=feedback.pk).update(replied_at=written + dt.timedelta(days=days_to_answer))
    data = page(client, body).context["sections"][0].data
    assert data["responses"] == {"received": 2, "answered": 1, "median_days": 5.0}


def test_a_rich_body_page_stays_under_100_kb(client, body):
    """Every list on the page is cut (5 progress updates, 3 posts, 5 events, 5 documents); hubs and twinning groups
    are few per body. Twelve of everything is more than any demo body has (the demo's largest page, Salfit's, is
    about 14 KB: docs/performance.md)."""
    World(body, 12)
    for prefix in ("", "/en"):
        response = client.get(f"{prefix}/directory/{body.slug}/")
        assert response.status_code == 200
        assert len(response.content) < 100_000


def test_demo_bodies_have_public_facts_only():
    load_demo_bodies()
    # PCBS census 2017 where known with confidence; empty rather than invented.
    assert LocalBody.objects.get(slug="salfit").population == 10_911
    assert LocalBody.objects.get(slug="nablus").population == 156_906
    assert LocalBody.objects.get(slug="kobar").population is None
    assert LocalBody.objects.exclude(phone="").count() == 0


def test_contacts_and_logo_set_by_the_body_editor_show_to_everyone(client, body, body_editor):
    image = io.BytesIO()
    Image.new("RGB", (300, 200), (11, 110, 79)).save(image, "PNG")
    client.force_login(body_editor)
    response = client.post(
        f"/en/directory/{body.slug}/edit/",
        {
            "website": "https://www.example.ps",
            "phone": "+970 9 251 0000",
            "email": "info@example.ps",
            "address": "شارع البلدية",
            "population": "١٠٩١١",  # Arabic-Indic digits are understood
            "logo": SimpleUploadedFile("logo.png", image.getvalue(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    client.logout()
    body.refresh_from_db()
    assert body.population == 10_911
    html = page(client, body).content.decode()
    for text in ("https://www.example.ps", "tel:+97092510000", "info@example.ps", "شارع البلدية", "10,911"):
        assert text in html, text
    assert "has not given its contact details" not in html
    assert body.logo.url in html
    logo = client.get(body.logo.url)
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="directory.local_body.update", target_id=str(body.pk)).exists()


def test_the_directory_list_links_each_body_to_its_page(client, body, other_body):
    html = client.get("/en/directory/").content.decode()
    for each in (body, other_body):
        assert f'href="/en/directory/{each.slug}/"' in html
