"""The panel the hubs app includes on a hub page: documented, cheap (constant queries), honest about visibility."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event
from tabadul.hubs.selectors import forget_hub_relations

from .conftest import make_event as _make_event

pytestmark = pytest.mark.django_db

PANEL = Path(__file__).resolve().parent.parent / "templates" / "events" / "includes" / "hub_panel.html"


def make_event(actor, **fields):
    return _make_event(actor, name_en="", **fields)  # the Arabic name shows in every language


def _render(hub, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return Template('{% include "events/includes/hub_panel.html" %}').render(
            Context({"hub": hub, "request": request})
        )


def _closed_event(actor, hub, *, name, followups, **fields):
    event = make_event(actor, hubs=[hub], days=0, name_ar=name, **fields)
    start = timezone.now() - dt.timedelta(days=3)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    event.refresh_from_db()
    return services.event_close(actor=actor, event=event, minutes="محضر", attendee_count=10, followups=followups)


def test_the_include_and_its_selectors_are_documented_at_the_top():
    head = PANEL.read_text(encoding="utf-8").split("{% endcomment %}")[0]
    assert head.startswith("{% comment %}")
    for needed in (
        '{% include "events/includes/hub_panel.html" %}',
        "`hub`",
        "`request`",
        "hub_panel(hub, user)",
        "constant number of queries",
    ):
        assert needed in head, needed


def test_open_follow_ups_are_listed_until_done(coordinator, hub, other_hub):
    report = _closed_event(
        coordinator,
        hub,
        name="اجتماع الإطلاق",
        followups=[
            {"description": "إرسال المحضر إلى الأعضاء", "owner_name": "المنسق", "due_date": dt.date(2030, 1, 5)},
            {"description": "تحضير ورشة الموازنة", "owner": coordinator, "status": "in_progress"},
        ],
    )
    _closed_event(
        coordinator, hub, name="أخرى", followups=[{"description": "مهمة منجزة", "owner_name": "س", "status": "done"}]
    )
    html = _render(hub, AnonymousUser())
    assert "إرسال المحضر إلى الأعضاء" in html and "تحضير ورشة الموازنة" in html
    assert "مهمة منجزة" not in html
    assert html.index("إرسال المحضر") < html.index("تحضير ورشة")  # soonest due first, undated last
    assert "إرسال المحضر إلى الأعضاء" not in _render(other_hub, AnonymousUser())

    first = report.followups.get(description="إرسال المحضر إلى الأعضاء")
    services.followup_set_status(actor=coordinator, followup=first, status="done")
    html = _render(hub, AnonymousUser())
    assert "إرسال المحضر إلى الأعضاء" not in html and "تحضير ورشة الموازنة" in html


def test_follow_ups_and_events_of_an_invitation_only_meeting_stay_hidden(coordinator, hub, body):
    _closed_event(
        coordinator,
        hub,
        name="اجتماع مغلق",
        visibility=Event.Visibility.INVITATION,
        followups=[{"description": "متابعة سرية", "owner_name": "المنسق"}],
    )
    secret = make_event(coordinator, hubs=[hub], name_ar="لقاء قادم بدعوة", visibility=Event.Visibility.INVITATION)
    services.invitation_create(actor=coordinator, event=secret, bodies=[body])
    for outsider in (AnonymousUser(), make_user()):
        html = _render(hub, outsider)
        assert "متابعة سرية" not in html and "لقاء قادم بدعوة" not in html
        assert "No open follow-up action." in html
    invited = make_user(body=body)
    assert "لقاء قادم بدعوة" in _render(hub, invited)
    assert "متابعة سرية" in _render(hub, coordinator)


def test_upcoming_events_only_the_next_five_not_cancelled_nor_past(coordinator, hub):
    cancelled = make_event(coordinator, hubs=[hub], name_ar="ملغاة", days=1)
    services.event_cancel(actor=coordinator, event=cancelled, reason="تأجيل")
    for index in range(7):
        make_event(coordinator, hubs=[hub], name_ar=f"نشاط رقم {index}", days=index + 2)
    html = _render(hub, AnonymousUser())
    assert "ملغاة" not in html
    assert [f"نشاط رقم {i}" in html for i in range(7)] == [True] * 5 + [False] * 2


@pytest.mark.parametrize("who", ["anonymous", "person", "coordinator"])
def test_the_panel_costs_a_constant_number_of_queries(coordinator, hub, who, django_assert_max_num_queries):
    def add(n, offset):
        for index in range(n):
            make_event(coordinator, hubs=[hub], name_ar=f"فعالية {offset + index}", days=index + 1)
            _closed_event(
                coordinator,
                hub,
                name=f"منتهية {offset + index}",
                followups=[{"description": f"متابعة {offset + index}-{k}", "owner": coordinator} for k in range(2)],
            )

    def viewer():
        forget_hub_relations(coordinator)
        return {"anonymous": AnonymousUser(), "person": make_user(), "coordinator": coordinator}[who]

    add(1, 0)
    user = viewer()
    with django_assert_max_num_queries(6) as few:
        _render(hub, user)
    add(6, 10)
    user = viewer()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _render(hub, user)
    assert html.count("متابعة ") == 14


def test_those_who_see_every_event_of_the_hub_see_what_the_rule_lets_them_see(
    coordinator, other_coordinator, member, hub, other_hub, body, platform_admin
):
    """The shortcut (no per-event question for the hub's coordinators, its programme's officers and platform
    administrators) lists exactly what `visible_events` lets each person see of the hub's events."""
    from tabadul.accounts.models import RoleGrant
    from tabadul.accounts.services import role_grant
    from tabadul.events.selectors import hub_events_visible_to, sees_every_event_of_hub, visible_events
    from tabadul.programmes.models import Programme

    hub.programme = Programme.objects.create(slug="p", name_ar="برنامج")
    hub.save(update_fields=["programme"])
    officer, elsewhere = make_user(), make_user()
    role_grant(actor=None, user=officer, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=hub.programme)
    other = Programme.objects.create(slug="q", name_ar="برنامج آخر")
    role_grant(actor=None, user=elsewhere, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=other)
    for visibility in Event.Visibility.values:
        make_event(coordinator, hubs=[hub], name_ar=f"فعالية {visibility}", visibility=visibility)
    make_event(other_coordinator, hubs=[other_hub], name_ar="فعالية منصة أخرى")

    viewers = {
        "anonymous": AnonymousUser(),
        "outsider": make_user(),
        "member": member,
        "coordinator": coordinator,
        "officer": officer,
        "officer elsewhere": elsewhere,
        "platform admin": platform_admin,
    }
    shortcut = {name for name, user in viewers.items() if sees_every_event_of_hub(user, hub)}
    assert shortcut == {"coordinator", "officer", "platform admin"}
    organised = Event.objects.filter(organiser_hubs=hub)
    for name, user in viewers.items():
        expected = set((organised & visible_events(user)).values_list("pk", flat=True))
        assert set(hub_events_visible_to(hub, user).values_list("pk", flat=True)) == expected, name
    assert set(hub_events_visible_to(hub, officer).values_list("pk", flat=True)) == set(
        organised.values_list("pk", flat=True)
    )
