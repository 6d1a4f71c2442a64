"""Pilot projects on the programme's page, and the pages where its officers create and edit them and their
milestones (issue 20, item 4): who may, what is written and audited, what a refused form keeps."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tabadul.core.models import AuditEvent
from tabadul.directory.models import Organisation
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.programmes import audit_actions, pilots, services
from tabadul.programmes.models import PilotMilestone, PilotProject
from tabadul.programmes.pilots import BODIES_SHOWN, MILESTONES_SHOWN

pytestmark = pytest.mark.django_db


def _pilot(world, side="p", name_ar="حدائق عامة", **values):
    s = getattr(world, side)
    return services.pilot_create(
        actor=world.admin, programme=s.programme, bodies=[s.body], name_ar=name_ar, name_en=f"Parks {side}", **values
    )


def test_the_programme_page_shows_its_pilots_with_status_bodies_and_milestones(
    client, world, django_assert_max_num_queries
):
    pilot = _pilot(world, status=PilotProject.Status.IN_PROGRESS, budget=Decimal("250000"), currency="EUR")
    services.milestone_add(
        actor=world.admin, pilot=pilot, title_ar="دراسة", title_en="Study", done_on=dt.date(2024, 1, 5)
    )
    services.milestone_add(
        actor=world.admin, pilot=pilot, title_ar="تنفيذ", title_en="Works", due_on=dt.date(2025, 6, 1)
    )
    _pilot(world, side="q", name_ar="مكاتب خدمات")  # another programme's
    url = f"/en/programmes/{world.p.programme.slug}/"
    with django_assert_max_num_queries(60) as few:
        page = client.get(url).content.decode()
    assert 'id="pilot-projects"' in page and f'id="pilot-{pilot.slug}"' in page
    assert "In progress" in page and "Study" in page and "Works" in page
    assert world.p.body.get_absolute_url().removeprefix("/") in page
    assert f'data-pilot-achievement="{pilot.slug}"' in page and "50" in page  # one milestone of two done
    assert "Parks q" not in page
    assert reverse("programmes:pilot_create", args=[world.p.programme.slug]) not in page  # visitors do not edit
    for i in range(3):
        more = _pilot(world, name_ar=f"مشروع {i}")
        services.milestone_add(actor=world.admin, pilot=more, title_ar="خطوة")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="pilot"') == 4


def test_the_programme_page_shows_its_pilots_a_page_at_a_time(client, world, monkeypatch):
    """A programme's pilots are listed in pages (`?pilots=2`, the period kept), so that the page does not grow with
    them (issue 22); the pagination links back to the pilots' section."""
    monkeypatch.setattr(pilots, "CARDS_PER_PAGE", 2)
    for name_ar in ["أ مشروع", "ب مشروع", "ج مشروع"]:
        _pilot(world, name_ar=name_ar)
    url = f"/en/programmes/{world.p.programme.slug}/"
    first = client.get(url, {"start": "2020-01-01"}).content.decode()
    assert first.count('class="pilot"') == 2
    assert "?start=2020-01-01&amp;pilots=2#pilot-projects" in first
    second = client.get(url, {"pilots": "2"}).content.decode()
    assert second.count('class="pilot"') == 1 and "Page 2 of 2" in second


def test_a_pilot_card_names_its_first_bodies_and_counts_the_others(client, world, django_assert_max_num_queries):
    """A pilot of hundreds of bodies is on the page of each of them (issue 22): its card names the first
    `BODIES_SHOWN` by name and says how many others, in the same queries with a few bodies and with many."""
    pilot = _pilot(world)
    url = f"/en{world.p.body.get_absolute_url()}"
    with django_assert_max_num_queries(100) as few:
        assert "other local bod" not in client.get(url).content.decode()
    others = [LocalBodyFactory(name_ar=f"بلدية {n:02}") for n in range(BODIES_SHOWN + 2)]
    pilot.bodies.add(*others)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    card = page[page.index(f'id="pilot-{pilot.slug}"') :]
    card = card[: card.index("</article>")]
    assert card.count('<a href="/en/directory/') == BODIES_SHOWN
    assert "and 3 other local bodies" in card  # 1 + BODIES_SHOWN + 2 bodies


def test_who_may_create_and_edit_pilots(client, world):
    p, q = world.p, world.q
    pilot_p, pilot_q = _pilot(world), _pilot(world, side="q")
    # The service: the programme's officer and administrators; not another programme's officer, not a citizen.
    services.pilot_update(actor=world.officer, pilot=pilot_p, status=PilotProject.Status.COMPLETED)
    for actor, pilot in ((world.officer, pilot_q), (world.citizen, pilot_p), (p.coordinator, pilot_p)):
        with pytest.raises(PermissionDenied):
            services.pilot_update(actor=actor, pilot=pilot, status=PilotProject.Status.SUSPENDED)
        with pytest.raises(PermissionDenied):
            services.milestone_add(actor=actor, pilot=pilot, title_ar="خطوة")
    # The pages.
    pages = lambda side, pilot: [  # noqa: E731
        reverse("programmes:pilot_create", args=[side.programme.slug]),
        reverse("programmes:pilot_edit", args=[side.programme.slug, pilot.slug]),
    ]
    client.force_login(world.officer)
    for url in pages(p, pilot_p):
        assert client.get(url).status_code == 200
    for url in pages(q, pilot_q):
        assert client.get(url).status_code == 403
    assert client.get(reverse("programmes:pilot_edit", args=[p.programme.slug, pilot_q.slug])).status_code == 404
    client.force_login(world.citizen)
    for url in pages(p, pilot_p):
        assert client.get(url).status_code == 403
    page = client.get(f"/en/programmes/{p.programme.slug}/").content.decode()
    assert "Add a pilot project" not in page
    client.force_login(world.officer)
    page = client.get(f"/en/programmes/{p.programme.slug}/").content.decode()
    assert (
        "Add a pilot project" in page
        and reverse("programmes:pilot_edit", args=[p.programme.slug, pilot_p.slug]) in page
    )


def test_an_officer_creates_a_pilot_with_arabic_digits_and_adds_milestones(client, world):
    p = world.p
    second_body = LocalBodyFactory()
    partner = Organisation.objects.create(slug="undp", name_ar="برنامج الأمم المتحدة الإنمائي")
    client.force_login(world.officer)
    response = client.post(
        reverse("programmes:pilot_create", args=[p.programme.slug]),
        {
            "name_ar": "خطة جمع النفايات",
            "name_en": "Waste-collection plan",
            "status": "planned",
            "bodies": [p.body.pk, second_body.pk],
            "partners": [partner.pk],
            "budget": "١٢٥٠٠٠",
            "currency": "EUR",
            "starts_on": "٢٠٢٤-٠٣-٠١",
        },
    )
    assert response.status_code == 302
    pilot = PilotProject.objects.get(name_ar="خطة جمع النفايات")
    assert (
        pilot.programme == p.programme and pilot.budget == Decimal("125000") and pilot.starts_on == dt.date(2024, 3, 1)
    )
    assert {b.pk for b in pilot.bodies.all()} == {p.body.pk, second_body.pk}
    assert list(pilot.partners.all()) == [partner]
    assert AuditEvent.objects.filter(
        action=audit_actions.PILOT_CREATE, target_id=str(pilot.pk), actor=world.officer
    ).exists()

    add = reverse("programmes:milestone_add", args=[p.programme.slug, pilot.slug])
    assert client.post(add, {"title_ar": "إعداد الخطة", "due_on": "٢٠٢٤-٠٦-٣٠"}).status_code == 302
    milestone = PilotMilestone.objects.get(pilot=pilot)
    assert milestone.due_on == dt.date(2024, 6, 30)
    edit = reverse("programmes:milestone_edit", args=[p.programme.slug, pilot.slug, milestone.pk])
    assert (
        client.post(
            edit, {"title_ar": "إعداد الخطة", "due_on": "2024-06-30", "done_on": "2024-06-20", "position": "10"}
        ).status_code
        == 302
    )
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2024, 6, 20)
    assert AuditEvent.objects.filter(action=audit_actions.MILESTONE_ADD).count() == 1
    assert AuditEvent.objects.filter(action=audit_actions.MILESTONE_UPDATE, target_id=str(milestone.pk)).count() == 1


def test_a_refused_pilot_form_keeps_what_was_typed(client, world):
    p = world.p
    client.force_login(world.officer)
    response = client.post(
        "/en" + reverse("programmes:pilot_create", args=[p.programme.slug]),
        {
            "name_ar": "مركز تدريب للنساء",
            "status": "planned",
            "bodies": [p.body.pk],
            "budget": "٥٠٠٠",  # no currency
            "starts_on": "2024-05-01",
            "ends_on": "2024-04-01",  # before it starts
            "lessons_ar": "دروس مكتوبة",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "مركز تدريب للنساء" in page and "دروس مكتوبة" in page
    assert "The pilot cannot end before it starts." in page or "Give the budget" in page
    assert not PilotProject.objects.exists()
    # A milestone refused keeps its title too.
    pilot = _pilot(world, starts_on=dt.date(2024, 5, 1))
    add = f"/en/programmes/{p.programme.slug}/pilots/{pilot.slug}/milestones/"
    response = client.post(add, {"title_ar": "تسليم", "done_on": "2024-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "تسليم" in page and "A milestone cannot be done before the pilot starts." in page
    assert not pilot.milestones.exists()


def test_the_pilot_form_picks_bodies_by_name_and_ticks_partners_the_ticked_first(client, world):
    """Bodies are thousands at regional scale: a picker showing the chosen ones, never every body (issue 22).
    Partners are few: tick boxes (a phone shows a multiple select as a modal list, a keyboard needs Ctrl for it)."""
    p = world.p
    last_by_name = LocalBodyFactory(name_ar="يطا", name_en="Yatta")
    LocalBodyFactory(name_ar="أريحا", name_en="Jericho")
    partner = Organisation.objects.create(slug="undp", name_ar="برنامج الأمم المتحدة الإنمائي")
    Organisation.objects.create(slug="apla", name_ar="اتحاد الهيئات المحلية")
    pilot = services.pilot_create(
        actor=world.admin, programme=p.programme, bodies=[last_by_name], partners=[partner], name_ar="مكتب خدمات"
    )
    client.force_login(world.officer)
    edit = "/en" + reverse("programmes:pilot_edit", args=[p.programme.slug, pilot.slug])
    page = client.get(edit).content.decode()
    assert not re.search(r'<select[^>]*name="(bodies|partners)"', page)
    assert re.search(r'<textarea name="bodies"[^>]*data-picker="/en/pick/bodies/"[^>]*>\s*Yatta — ', page)
    assert "Jericho" not in page
    assert page.count('<div id="id_partners" class="tick-list">') == 1
    boxes = re.findall(r'<input type="checkbox" name="partners" value="(\d+)"([^>]*)>', page)
    assert len(boxes) == 2
    assert boxes[0][0] == str(partner.pk) and "checked" in boxes[0][1]  # ticked, so first despite its name
    assert "checked" not in boxes[1][1]
    data = {"name_ar": "مكتب خدمات", "status": "planned", "bodies": "Yatta\nأريحا", "partners": [partner.pk]}
    assert client.post(edit, data).status_code == 302
    assert set(pilot.bodies.values_list("name_en", flat=True)) == {"Yatta", "Jericho"}


def test_the_pilot_form_lists_its_milestones_a_page_at_a_time(client, world, settings):
    """A pilot's milestones are listed in pages (`?milestones=2`) so that its edit page does not grow with them."""
    settings.PAGE_SIZE = 2
    pilot = _pilot(world)
    for title in ["Survey", "Design", "Works"]:
        services.milestone_add(actor=world.admin, pilot=pilot, title_ar="خطوة", title_en=title)
    client.force_login(world.admin)
    edit = "/en" + reverse("programmes:pilot_edit", args=[world.p.programme.slug, pilot.slug])
    first = client.get(edit).content.decode()
    assert "Survey" in first and "Design" in first and "Works" not in first
    assert "?milestones=2#milestones" in first
    second = client.get(edit, {"milestones": "2"}).content.decode()
    assert "Works" in second and "Survey" not in second and "Page 2 of 2" in second


def test_a_pilot_card_lists_its_first_milestones_and_counts_the_others(client, world, django_assert_num_queries):
    """A pilot of the region has hundreds of milestones, and its card is on the page of each of its bodies."""
    pilot = _pilot(world)
    for number in range(MILESTONES_SHOWN + 4):
        done = dt.date(2024, 1, 5) if number % 4 == 0 else None  # 3 of 12 done
        services.milestone_add(actor=world.admin, pilot=pilot, title_ar=f"مرحلة {number}", done_on=done)
    page = client.get(world.p.body.get_absolute_url()).content.decode()
    assert page.count('class="pilot"') == 1 and f"مرحلة {MILESTONES_SHOWN - 1}<" in page
    assert f"مرحلة {MILESTONES_SHOWN}<" not in page
    english = client.get(f"/en{world.p.body.get_absolute_url()}").content.decode()
    assert f'data-pilot-achievement="{pilot.slug}"><bdi>25%</bdi>' in english  # 3 of 12 done
    assert "and 4 other milestones" in english
