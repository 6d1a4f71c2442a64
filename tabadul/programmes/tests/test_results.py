"""A programme's results: each figure equals a direct count, the query count does not grow with the programme, a
period limits what it should, the funder's report carries the page's figures, officers edit the page."""

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.models import LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events.models import Event, Registration
from tabadul.hubs.models import Membership
from tabadul.library.models import Document, Recommendation
from tabadul.meter.models import StrategicPlan
from tabadul.programmes import figures, services
from tabadul.programmes.selectors import Period, programme_results

HEADLINE_KEYS = [
    "bodies_reached",
    "staff_trained",
    "events_held",
    "documents",
    "recommendations_closed",
    "pilots",
    "pilot_achievement",
    "groups",
]


def _held_event(side, *, days_ago: int, kind=Event.Type.WORKSHOP, attendees=(), programme=True):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    event = Event.objects.create(
        name_ar="نشاط",
        type=kind,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        programme=side.programme if programme else None,
    )
    if not programme:
        event.organiser_hubs.add(side.hub)
    for user in attendees:
        Registration.objects.create(
            event=event,
            user=user,
            local_body=user.local_body,
            status=Registration.Status.CONFIRMED,
            checked_in_at=start,
        )
    return event


def _document(side, *, published_on=None, closed=0, open_=0, slug=""):
    document = Document.objects.create(
        slug=slug or f"doc-{Document.objects.count() + 1}",
        type=Document.Type.STUDY,
        title_ar="دراسة",
        programme=side.programme,
        published_on=published_on,
    )
    statuses = [Recommendation.Status.IMPLEMENTED] * closed + [Recommendation.Status.PROPOSED] * open_
    for number, status in enumerate(statuses, start=1):
        Recommendation.objects.create(document=document, number=number, title_ar="توصية", status=status)
    return document


def _grow(side, n: int):
    """Add n of everything to programme `side`: attended events of two kinds, documents, members, groups."""
    for index in range(n):
        body = LocalBodyFactory()
        person = make_user(body=body)
        Membership.objects.create(hub=side.hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
        _held_event(side, days_ago=10 + index, attendees=[person])
        _held_event(side, days_ago=5, kind=Event.Type.LEARNING_DAY, attendees=[person], programme=False)
        _document(side, closed=1, open_=1)
        group = type(side.group).objects.create(
            network=side.group.network,
            programme=side.programme,
            name_ar=f"مجموعة {index}",
            theme="led_strategy",
            objectives="تبادل",
            starts_on=datetime.date(2019, 1, 1),
            facilitator=side.group.facilitator,
        )
        group.members.set([body, side.body])


def _direct(programme) -> dict:
    """Each figure counted straight from the tables, independently of the selectors."""
    now = timezone.now()
    events = (
        Event.objects.filter(starts_at__lte=now)
        .exclude(status=Event.Status.CANCELLED)
        .filter(pk__in=[e.pk for e in Event.objects.all() if _belongs(e, programme)])
    )
    attended = Registration.objects.filter(event__in=events, checked_in_at__isnull=False)
    plans = StrategicPlan.objects.filter(programme=programme, status=StrategicPlan.Status.PUBLISHED)
    groups = programme.twinning_groups.all()
    bodies = (
        set(Membership.objects.filter(hub__programme=programme, status="active").values_list("body", flat=True))
        | set(attended.exclude(local_body=None).values_list("local_body", flat=True))
        | set(plans.values_list("body", flat=True))
        | set(LocalBody.objects.filter(twinning_groups__in=groups).values_list("pk", flat=True))
    )
    return {
        "bodies_reached": len(bodies),
        "staff_trained": len(set(attended.values_list("user", flat=True))),
        "events_held": events.count(),
        "documents": Document.objects.filter(programme=programme, status="final").count(),
        "recommendations_closed": Recommendation.objects.filter(
            document__programme=programme, status__in=["implemented", "rejected"]
        ).count(),
        "pilots": plans.count(),
        "groups": groups.count(),
    }


def _belongs(event, programme) -> bool:
    hubs = event.organiser_hubs.all()
    return event.programme_id == programme.pk or any(hub.programme_id == programme.pk for hub in hubs)


def _figures(results) -> dict:
    return {key: value for key, _label, value in results.headline()}


def test_each_figure_equals_a_direct_count(world):
    _grow(world.p, 3)
    _grow(world.q, 1)  # another programme's work counts only there
    for side in (world.p, world.q):
        figures = _figures(programme_results(programme=side.programme))
        expected = _direct(side.programme)
        assert {key: figures[key] for key in expected} == expected
    figures = _figures(programme_results(programme=world.p.programme))
    assert figures["events_held"] == 6 and figures["staff_trained"] == 3 and figures["recommendations_closed"] == 3
    assert figures["groups"] == 4 and figures["documents"] == 3


def test_events_by_type_add_up_and_a_cancelled_or_future_event_is_not_held(world):
    _grow(world.p, 2)
    future = world.p.event  # the fixture's event is in ten days
    cancelled = _held_event(world.p, days_ago=3)
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED)
    with translation.override("en"):
        results = programme_results(programme=world.p.programme)
    assert dict(results.events_by_type) == {"Specialised workshop": 2, "Learning day": 2}
    assert sum(n for _label, n in results.events_by_type) == results.events_held == 4
    assert future.starts_at > timezone.now()


def test_the_pilots_carry_the_meters_rollup(world):
    from tabadul.meter.selectors import plan_overview

    results = programme_results(programme=world.p.programme)
    assert [pilot.plan for pilot in results.pilots] == [world.p.plan]
    assert results.pilots[0].achievement == pytest.approx(plan_overview(plan=world.p.plan).achievement)
    StrategicPlan.objects.filter(pk=world.p.plan.pk).update(status=StrategicPlan.Status.DRAFT)
    assert programme_results(programme=world.p.programme).pilots == []  # a draft is no result yet


def test_the_query_count_is_the_same_at_two_sizes(world):
    _grow(world.p, 1)
    with CaptureQueriesContext(connection) as small:
        programme_results(programme=world.p.programme)
    with CaptureQueriesContext(connection) as small_period:
        programme_results(programme=world.p.programme, period=Period(datetime.date(2020, 1, 1), timezone.localdate()))
    _grow(world.p, 6)
    with CaptureQueriesContext(connection) as large:
        results = programme_results(programme=world.p.programme)
    with CaptureQueriesContext(connection) as large_period:
        programme_results(programme=world.p.programme, period=Period(datetime.date(2020, 1, 1), timezone.localdate()))
    assert results.events_held == 14
    assert len(small) == len(large) <= 12
    assert len(small_period) == len(large_period)


def test_the_page_query_count_is_the_same_at_two_sizes(client, world):
    client.force_login(world.officer)
    _grow(world.p, 1)
    figures.store()
    with translation.override("en"):
        url = reverse("programmes:detail", args=[world.p.programme.slug])
    client.get(url)  # the session and the caches warmed once
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world.p, 5)
    figures.store()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_a_period_limits_events_documents_and_recommendations(world):
    _grow(world.p, 2)  # events 10–11 and 5 days ago
    old = _held_event(world.p, days_ago=400, attendees=[world.p.member])
    _document(world.p, published_on=timezone.localdate() - datetime.timedelta(days=400), slug="old-doc")
    Recommendation.objects.filter(document__programme=world.p.programme, status="implemented").update(
        status_changed_at=old.starts_at
    )
    everything = programme_results(programme=world.p.programme)
    recent = programme_results(
        programme=world.p.programme,
        period=Period(start=timezone.localdate() - datetime.timedelta(days=30), end=timezone.localdate()),
    )
    assert everything.events_held == 5 and recent.events_held == 4
    assert everything.documents == 3 and recent.documents == 2
    assert everything.recommendations_closed == 2 and recent.recommendations_closed == 0
    assert everything.staff_trained == 3 and recent.staff_trained == 2


# --- The page, the funder's report ----------------------------------------------------------------------------


def _page_figures(response) -> dict:
    html = response.content.decode()
    figures = {}
    for key in HEADLINE_KEYS:
        marker = f'data-figure="{key}">'
        start = html.index(marker) + len(marker)
        text = re.sub(r"<[^>]+>", "", html[start : html.index("</dd>", start)])
        figures[key] = int(text.replace(",", "").strip())
    return figures


def test_the_excel_report_carries_the_pages_figures(client, world):
    _grow(world.p, 2)
    figures.store()  # the page shows the stored figures (figures.py), the report counts them
    with translation.override("en"):
        page = client.get(reverse("programmes:detail", args=[world.p.programme.slug]))
        download = client.get(reverse("programmes:report_xlsx", args=[world.p.programme.slug]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    with translation.override("en"):
        labels = {label: key for key, label, _value in programme_results(programme=world.p.programme).headline()}
    from_file = {labels[row[0]]: row[1] for row in rows if row and row[0] in labels}
    assert from_file == _page_figures(page)
    titles = [sheet.title for sheet in workbook.worksheets]
    assert titles == ["Results", "Events by type", "Meter pilots", "Twinning groups"]


def test_a_period_reaches_the_report(client, world):
    _grow(world.p, 1)
    _held_event(world.p, days_ago=400)
    with translation.override("en"):
        url = reverse("programmes:report_xlsx", args=[world.p.programme.slug])
    start = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    download = client.get(url, {"start": start, "end": timezone.localdate().isoformat()})
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    values = [row for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert values[-1][1] == 2  # the total of events held in the period: the two recent ones, not the old one


def test_the_pdf_report(client, world):
    _grow(world.p, 1)
    with translation.override("en"):
        response = client.get(reverse("programmes:report_pdf", args=[world.p.programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_invalid_period_is_ignored(client, world):
    figures.store()
    with translation.override("en"):
        response = client.get(
            reverse("programmes:detail", args=[world.p.programme.slug]), {"start": "2024-05-01", "end": "2024-01-01"}
        )
    assert response.status_code == 200
    assert not response.context["results"].period


# --- Officers edit their programme's page --------------------------------------------------------------------


def test_an_officer_edits_the_page_and_it_is_audited(client, world):
    client.force_login(world.officer)
    with translation.override("en"):
        url = reverse("programmes:edit", args=[world.p.programme.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"summary_ar": "ملخص جديد", "objectives_ar": "هدف أول\nهدف ثان"})
    assert response.status_code == 302
    world.p.programme.refresh_from_db()
    assert world.p.programme.objectives_ar == "هدف أول\nهدف ثان"
    with translation.override("ar"):
        assert world.p.programme.objectives == ["هدف أول", "هدف ثان"]
    event = AuditEvent.objects.get(action="programmes.programme.page_update", actor=world.officer)
    assert set(event.changes) == {"summary_ar", "objectives_ar"}


@pytest.mark.parametrize("who", ["citizen", "coordinator", "other_officer"])
def test_others_do_not_edit_the_page(client, world, who):
    if who == "other_officer":
        user = world.officer
        programme = world.q.programme
    else:
        user = world.p.coordinator if who == "coordinator" else world.citizen
        programme = world.p.programme
    client.force_login(user)
    url = reverse("programmes:edit", args=[programme.slug])
    assert client.post(url, {"summary_ar": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.programme_page_update(actor=user, programme=programme, summary_ar="x")
    programme.refresh_from_db()
    assert programme.summary_ar != "x"


def test_the_service_refuses_other_fields(world):
    with pytest.raises(ValueError):
        services.programme_page_update(actor=world.admin, programme=world.p.programme, name_ar="اسم آخر")


def test_a_logo_is_uploaded_and_shown(client, world):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "green").save(buffer, format="PNG")
    buffer.name = "logo.png"
    buffer.seek(0)
    client.force_login(world.officer)
    response = client.post(reverse("programmes:edit", args=[world.p.programme.slug]), {"logo": buffer})
    assert response.status_code == 302
    world.p.programme.refresh_from_db()
    assert world.p.programme.logo
    page = client.get(reverse("programmes:detail", args=[world.p.programme.slug])).content.decode()
    assert world.p.programme.logo.url in page
    client.logout()
    assert client.get(world.p.programme.logo.url).status_code == 200  # public, like a body's logo
