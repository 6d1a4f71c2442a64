import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tabadul.core.work import forget_waiting_totals, registered
from tabadul.qa.services import answer_post, question_ask
from tabadul.qa.tests.factories import TopicFactory, make_specialist, make_staff
from tabadul.work.selectors import waiting_total

MY_WORK = "/en/my-work/"


@pytest.fixture
def finance(db):
    return TopicFactory(slug="local-finance", name_ar="المالية المحلية", name_en="Local finance")


def _ask(body, topic, title="كيف نزيد الإيرادات المحلية للبلدية؟"):
    return question_ask(actor=make_staff(body), title=title, text="نريد تنمية الإيرادات الذاتية.", topics=[topic])


def test_my_work_needs_sign_in(client):
    response = client.get(MY_WORK)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_signing_in_lands_on_my_work(client, citizen):
    from tabadul.accounts.tests.factories import TEST_PASSWORD

    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("work:my_work")


def test_an_empty_day_says_so(client, citizen):
    client.force_login(citizen)
    response = client.get(MY_WORK)
    assert response.status_code == 200
    assert response.context["groups"] == [] and response.context["waiting_count"] == 0
    assert "Nothing waits for you" in response.content.decode()


def test_a_routed_question_waits_then_leaves_after_the_answer(client, body, finance):
    specialist = make_specialist(finance)
    question = _ask(body, finance)
    client.force_login(specialist)

    page = client.get(MY_WORK)
    [group] = [g for g in page.context["groups"] if g.key == "qa.questions_routed"]
    assert group.count == 1 and group.items[0].url == question.get_absolute_url()
    assert question.get_absolute_url() in page.content.decode()
    assert waiting_total(specialist) == 1

    answer_post(actor=specialist, question=question, text="ابدأوا بتحديث سجل المكلفين وتحصيل المتأخرات.")
    page = client.get(MY_WORK)
    assert not [g for g in page.context["groups"] if g.key == "qa.questions_routed"]
    assert waiting_total(specialist) == 0


MY_WORK_LINK = re.compile(r'<a href="/en/my-work/"( data-waiting-badge="(?P<url>[^"]+)")?>(?P<text>.*?)</a>', re.DOTALL)


def _my_work_link(html: str) -> re.Match:
    return MY_WORK_LINK.search(html)


def test_the_header_shows_the_waiting_count_on_every_page(client, body, finance):
    """Not counted while a page renders: the page asks for it once loaded when it is not cached, then every page
    shows it from the cache."""
    specialist = make_specialist(finance)
    _ask(body, finance)
    _ask(body, finance, title="ما أفضل طريقة لإعداد الموازنة التشاركية؟")
    client.force_login(specialist)
    with CaptureQueriesContext(connection) as queries:
        link = _my_work_link(client.get("/en/events/").content.decode())
    assert link["url"] == "/en/my-work/waiting/" and "badge" not in link["text"]
    assert not [q for q in queries if "qa_question" in q["sql"]]  # the routed questions were not counted

    answer = client.get(link["url"]).json()
    assert answer == {"total": 2, "badge": '<span class="badge"><span class="visually-hidden">waiting: </span>2</span>'}
    link = _my_work_link(client.get("/en/events/").content.decode())
    assert link["url"] is None and link["text"].endswith(" " + answer["badge"])


def test_the_waiting_count_is_for_signed_in_people_and_not_stored_by_browsers(client, body, finance):
    assert client.get("/en/my-work/waiting/").status_code == 403
    client.force_login(make_specialist(finance))
    response = client.get("/en/my-work/waiting/")
    assert response.json() == {"total": 0, "badge": ""}
    assert response["Cache-Control"] == "private, no-store"


def test_the_header_total_is_cached_until_new_work_is_notified(body, finance):
    specialist = make_specialist(finance)
    assert waiting_total(specialist) == 0
    question = _ask(body, finance)  # routed to the specialist: a notification, which forgets their total
    assert waiting_total(specialist) == 1
    answer_post(actor=specialist, question=question, text="ابدأوا بتحديث سجل المكلفين.")
    assert waiting_total(specialist) == 1  # cached for a few minutes, or until "my work" counts again
    forget_waiting_totals([specialist.pk])
    assert waiting_total(specialist) == 0


def _queries_of_my_work(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MY_WORK).status_code == 200
    return len(queries)


def test_my_work_runs_the_same_queries_with_one_or_many_items(client, body, finance):
    specialist = make_specialist(finance)
    _ask(body, finance)
    few = _queries_of_my_work(client, specialist)
    for n in range(8):
        _ask(body, finance, title=f"سؤال رقم {n} عن الإيرادات")
    assert _queries_of_my_work(client, specialist) == few


@pytest.mark.parametrize("waiting", registered(), ids=lambda waiting: waiting.key)
def test_every_kind_of_waiting_work_counts_in_one_query(waiting, citizen, django_assert_max_num_queries):
    """Each app's declaration answers for anyone (a person with no role has nothing waiting). The person's
    roles are read once per request (cached on the user object); after that a count is one query at most."""
    assert waiting.count(citizen) == 0
    with django_assert_max_num_queries(1):
        assert waiting.count(citizen) == 0
    assert waiting.items(citizen, 5) == []


def test_a_programme_officer_sees_the_hubs_of_their_programme(client, db):
    from tabadul.accounts.models import RoleGrant
    from tabadul.accounts.services import role_grant
    from tabadul.accounts.tests.factories import make_user
    from tabadul.hubs.models import Hub
    from tabadul.programmes.models import Programme

    programme = Programme.objects.create(slug="lgrp", name_ar="برنامج إصلاح الحكم المحلي")
    ours = Hub.objects.create(slug="ours", name_ar="منصة البرنامج", programme=programme)
    Hub.objects.create(slug="other", name_ar="منصة أخرى")
    officer = make_user()
    role_grant(actor=None, user=officer, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
    client.force_login(officer)
    assert [hub.pk for hub in client.get(MY_WORK).context["hubs"]] == [ours.pk]
