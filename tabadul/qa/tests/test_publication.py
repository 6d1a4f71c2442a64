"""Answered questions become public knowledge (issue 21): the asker consents, a specialist or a moderator confirms;
a published question's page is public, an unpublished one is 404 for all but its asker, the specialists and the
moderators. The menu says "Ask a specialist" only to those who may ask; a citizen is told who can."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tabadul.core.models import AuditEvent
from tabadul.qa import services
from tabadul.qa.models import Question

from .factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(question, staff, finance_specialist):
    answer = services.answer_post(actor=finance_specialist, question=question, text="اعتمدوا رسوم خدمات عادلة.")
    return services.answer_accept(actor=staff, answer=answer)


def _publish(question, asker, specialist, *, names_body=True):
    services.question_publication_request(actor=asker, question=question, names_body=names_body)
    return services.question_publish(actor=specialist, question=question)


def _status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_unpublished_page_is_404_for_all_but_asker_specialists_and_moderators(
    client, answered, staff, other_staff, citizen, finance_specialist, gis_specialist, platform_admin, body
):
    url = f"/en/questions/{answered.pk}/"
    colleague = make_staff(body)  # same body, not the asker
    for person in (None, citizen, other_staff, colleague):
        assert _status(client, person, url) == 404, person
    for person in (staff, finance_specialist, gis_specialist, platform_admin):
        assert _status(client, person, url) == 200, person
    # Asked for publication but not yet confirmed: still private.
    services.question_publication_request(actor=staff, question=answered, names_body=True)
    assert _status(client, None, url) == 404


def test_published_page_is_public_without_private_parts(
    client, answered, staff, finance_specialist, citizen, django_assert_max_num_queries
):
    from tabadul.qa.models import Comment

    Comment.objects.create(question=answered, author=staff, text="تعليق داخلي للمتابعة")
    _publish(answered, staff, finance_specialist, names_body=False)
    url = f"/en/questions/{answered.pk}/"
    for person in (None, citizen):
        client.logout()
        if person:
            client.force_login(person)
        with django_assert_max_num_queries(30):  # the header of a signed-in page included
            response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert answered.title in page and "اعتمدوا رسوم خدمات عادلة." in page
        assert staff.display_name not in page  # the asker is never named publicly
        assert answered.local_body.name_en not in page and answered.local_body.name_ar not in page  # as chosen
        assert "تعليق داخلي للمتابعة" not in page  # follow-up comments stay private
    # In the public list too, without the body's name.
    client.logout()
    listing = client.get("/en/questions/")
    assert [q.pk for q in listing.context["page"].object_list] == [answered.pk]
    assert answered.local_body.name_en not in listing.content.decode()


def test_published_naming_its_body_names_it(client, answered, staff, finance_specialist):
    _publish(answered, staff, finance_specialist, names_body=True)
    page = client.get(f"/en/questions/{answered.pk}/").content.decode()
    assert answered.local_body.name_en in page
    assert staff.display_name not in page


def test_publication_needs_the_askers_consent_and_an_accepted_answer(
    question, answered, staff, other_staff, finance_specialist, gis_specialist, platform_admin
):
    # No consent yet: nobody publishes.
    for person in (finance_specialist, platform_admin):
        with pytest.raises(ValidationError):
            services.question_publish(actor=person, question=answered)
    # Only the asker consents.
    for person in (other_staff, finance_specialist, platform_admin):
        with pytest.raises(PermissionDenied):
            services.question_publication_request(actor=person, question=answered)
    services.question_publication_request(actor=staff, question=answered, names_body=False)
    # Only a specialist it was offered to, or a moderator, confirms; not the asker, not another specialist.
    for person in (staff, other_staff):
        with pytest.raises(PermissionDenied):
            services.question_publish(actor=person, question=answered)
    if gis_specialist.pk not in {r.specialist_id for r in answered.routings.all()}:
        with pytest.raises(PermissionDenied):
            services.question_publish(actor=gis_specialist, question=answered)
    published = services.question_publish(actor=finance_specialist, question=answered)
    assert published.is_published and published.published_by == finance_specialist
    assert not published.publication_names_body
    events = AuditEvent.objects.filter(action__startswith="qa.question.p").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["qa.question.publication_request", "qa.question.publish"]
    # The asker withdraws: private again, recorded.
    services.question_unpublish(actor=staff, question=published)
    published.refresh_from_db()
    assert published.publication == Question.Publication.PRIVATE and published.published_at is None
    assert AuditEvent.objects.filter(action="qa.question.unpublish").count() == 1


def test_an_unanswered_question_cannot_be_offered_for_publication(question, staff):
    with pytest.raises(ValidationError):
        services.question_publication_request(actor=staff, question=question)
    question.refresh_from_db()
    assert question.publication == Question.Publication.PRIVATE


def test_the_publication_buttons_work_for_their_people(client, answered, staff, finance_specialist, other_staff):
    url = f"/en/questions/{answered.pk}/"
    client.force_login(other_staff)
    assert client.post(f"{url}publication/request/").status_code == 404  # cannot read it: not told it exists
    client.force_login(staff)
    assert "Ask to publish" in client.get(url).content.decode()
    client.post(f"{url}publication/request/", {"names_body": "on"})
    answered.refresh_from_db()
    assert answered.publication == Question.Publication.REQUESTED and answered.publication_names_body
    assert client.post(f"{url}publication/publish/").status_code == 403  # the asker does not confirm
    client.force_login(finance_specialist)
    assert "Publish the question and its answers" in client.get(url).content.decode()
    client.post(f"{url}publication/publish/")
    answered.refresh_from_db()
    assert answered.is_published


def test_my_work_lists_questions_waiting_for_publication(answered, staff, finance_specialist, gis_specialist):
    from tabadul.qa.work import QUESTIONS_TO_PUBLISH

    services.question_publication_request(actor=staff, question=answered)
    assert QUESTIONS_TO_PUBLISH.count(finance_specialist) == 1
    assert [item.title for item in QUESTIONS_TO_PUBLISH.items(finance_specialist, 5)] == [answered.title]
    routed = {r.specialist_id for r in answered.routings.all()}
    assert QUESTIONS_TO_PUBLISH.count(gis_specialist) == (1 if gis_specialist.pk in routed else 0)


def test_menu_says_ask_a_specialist_only_to_those_who_may_ask(client, staff, citizen):
    assert "Ask a specialist" not in client.get("/en/").content.decode()
    client.force_login(citizen)
    assert "Ask a specialist" not in client.get("/en/").content.decode()
    assert "Answered questions" in client.get("/en/").content.decode()
    client.force_login(staff)
    assert "Ask a specialist" in client.get("/en/").content.decode()


def test_a_citizen_who_may_not_ask_is_told_who_can(client, citizen):
    client.force_login(citizen)
    response = client.get("/en/questions/ask/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "staff of local bodies" in page and reverse("accounts:join_body").replace("/", "") in page.replace("/", "")
    assert client.get("/en/questions/").status_code == 200


def test_private_figures_stay_for_readers(client, citizen):
    client.force_login(citizen)
    assert client.get("/en/questions/response-times/").status_code == 403
    assert client.get("/en/questions/specialists/").status_code == 403
