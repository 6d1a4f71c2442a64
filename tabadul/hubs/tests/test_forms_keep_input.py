"""The hub's management and mentoring forms, not valid, come back with what was typed (issue 18, item 7)."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tabadul.hubs import services
from tabadul.hubs.forms import ReviewForm
from tabadul.hubs.models import Hub, Initiative

from .conftest import make_member
from .test_pages import en, login


def test_an_election_not_valid_is_shown_again_with_what_was_typed(client, hub, coordinator):
    login(client, coordinator)
    data = {"role": "deputy", "starts_at": "2030-01-01T10:00", "ends_at": "", "term_starts_on": "2030-02-01"}
    response = client.post(en("election_create", hub.slug), data)
    assert response.status_code == 200
    assert not hub.elections.exists()
    html = response.content.decode()
    assert 'value="2030-01-01T10:00"' in html and 'value="2030-02-01"' in html
    assert 'aria-invalid="true"' in html


def test_a_work_plan_not_valid_is_shown_again_with_what_was_typed(client, hub, coordinator):
    login(client, coordinator)
    response = client.post(en("work_plan_create", hub.slug), {"starts_on": "2031-05-01", "ends_on": "soon"})
    assert response.status_code == 200
    assert 'value="2031-05-01"' in response.content.decode()
    assert not hub.work_plans.exists()


def test_a_mentoring_session_not_valid_is_shown_again_with_its_notes(client, hub, coordinator, body):
    mentorship = services.mentorship_create(
        actor=coordinator, hub=hub, mentor_body=coordinator.local_body, mentee_bodies=[body], topic_ar="الأرشفة"
    )
    login(client, coordinator)
    notes = "Walked through the archive of building permits together"
    response = client.post(en("mentoring_session_add", hub.slug, mentorship.pk), {"held_on": "", "notes": notes})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(notes) == 1  # under the mentoring it was typed for, not under every one
    assert not mentorship.sessions.exists()


def test_a_review_of_an_initiative_without_a_decision_keeps_its_note(client, hub, coordinator):
    Hub.objects.filter(pk=hub.pk).update(reviews_initiatives=True)
    hub.refresh_from_db()
    rep = make_member(hub)
    initiative = services.initiative_submit(
        actor=rep,
        hub=hub,
        body=rep.local_body,
        title="أرشفة الرخص",
        problem="ضياع",
        solution="مسح",
        contact_name="سعاد",
    )
    other = services.initiative_submit(
        actor=rep, hub=hub, body=rep.local_body, title="الإنارة", problem="هدر", solution="حساسات", contact_name="سعاد"
    )
    login(client, coordinator)
    note = "نحتاج إلى تقدير الكلفة قبل القرار"
    for language in ("en", "ar"):
        with translation.override(language):
            url = reverse("hubs:initiative_review", args=[hub.slug, initiative.pk])
            form = ReviewForm({"note": note})
            form.is_valid()
            message = str(form.errors["status"][0])
        response = client.post(url, {"note": note})
        html = response.content.decode()
        assert response.status_code == 400
        assert "الإنارة" in html and "أرشفة الرخص" in html  # the initiatives page, every initiative
        assert html.count(f"{note}</textarea>") == 1  # under the initiative it was typed for
        assert f'id="review-{initiative.pk}-note"' in html and 'aria-invalid="true"' in html
        assert escape(message) in html and bool(re.search("[\u0621-\u064a]", message)) == (language == "ar")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.SUBMITTED and other.review_note == ""
