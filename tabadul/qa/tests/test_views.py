import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tabadul.qa import services
from tabadul.qa.models import Question

from .factories import PDF_BYTES, make_specialist, make_staff

pytestmark = pytest.mark.django_db


def test_list_is_open_and_shows_each_person_what_they_may_read(client, citizen, staff, other_staff, question):
    """Issue 21: the list is public; an unpublished question is listed for its asker (and specialists) only."""
    url = reverse("qa:question_list")
    assert list(client.get(url).context["page"].object_list) == []
    for person, expected in [(citizen, []), (other_staff, []), (staff, [question])]:
        client.force_login(person)
        assert list(client.get(url).context["page"].object_list) == expected


def test_list_query_count_does_not_grow(client, staff, finance, gis, finance_specialist, django_assert_max_num_queries):
    client.force_login(staff)
    for n in range(3):
        services.question_ask(actor=staff, title=f"سؤال رقم {n} عن المالية", text="تفاصيل", topics=[finance, gis])
    # The page's questions are chosen by one query and given their details by two more (selectors.question_rows).
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("qa:question_list"))
    for n in range(12):
        services.question_ask(actor=staff, title=f"سؤال إضافي {n} عن المالية", text="تفاصيل", topics=[finance])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("qa:question_list"))
    assert len(response.context["page"].object_list) == 15


@pytest.mark.parametrize("params", [{"topic": "nope"}, {"status": "x"}, {"q": "ب" * 5000}, {"page": "zz"}, {"q": "في"}])
def test_list_bad_filters_get_a_normal_page(client, staff, question, params):
    client.force_login(staff)
    assert client.get(reverse("qa:question_list"), params).status_code == 200


def test_list_filters(client, staff, question, finance_specialist, gis):
    client.force_login(staff)
    response = client.get(reverse("qa:question_list"), {"status": "open", "topic": "local-finance"})
    assert list(response.context["page"].object_list) == [question]
    assert not client.get(reverse("qa:question_list"), {"status": "accepted"}).context["page"].object_list
    assert not client.get(reverse("qa:question_list"), {"topic": "gis"}).context["page"].object_list
    client.force_login(finance_specialist)
    assert list(client.get(reverse("qa:question_list"), {"routed": "1"}).context["page"].object_list) == [question]


def test_ask_shows_similar_questions_before_posting(client, staff, finance, finance_specialist, question):
    services.answer_post(actor=finance_specialist, question=question, text="جواب")
    client.force_login(staff)
    data = {"title": "كيف ننمي الإيرادات المحلية؟", "text": "نريد زيادة الإيرادات", "topics": [finance.pk]}
    response = client.post(reverse("qa:question_ask"), data)
    assert response.status_code == 200
    assert response.context["similar"] == [question]
    assert 'name="confirm"' in response.content.decode()
    assert Question.objects.count() == 1  # nothing posted yet
    data["confirm"] = "1"
    data["attachments"] = [SimpleUploadedFile("plan.pdf", PDF_BYTES)]
    response = client.post(reverse("qa:question_ask"), data)
    new = Question.objects.exclude(pk=question.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.attachments.count() == 1
    download = client.get(reverse("qa:attachment_download", args=[new.pk, new.attachments.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


def test_ask_rejects_a_disguised_file_with_a_message(client, staff, finance, finance_specialist):
    client.force_login(staff)
    data = {"title": "سؤال مع مرفق غريب", "text": "تفاصيل", "topics": [finance.pk], "confirm": "1"}
    data["attachments"] = [SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>")]
    response = client.post(reverse("qa:question_ask"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Question.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "specialist", "platform_admin"])
def test_ask_is_refused_to_non_staff(client, who, citizen, finance_specialist, platform_admin, finance):
    people = {"citizen": citizen, "specialist": finance_specialist, "platform_admin": platform_admin}
    if who != "anonymous":
        client.force_login(people[who])
    data = {"title": "سؤال من خارج البلديات", "text": "تفاصيل", "topics": [finance.pk], "confirm": "1"}
    response = client.post(reverse("qa:question_ask"), data)
    assert response.status_code in (302, 403)
    assert not Question.objects.exists()


def test_answer_view_refuses_unrouted_specialists_and_staff(
    client, question, gis_specialist, staff, finance_specialist
):
    url = reverse("qa:answer_post", args=[question.pk])
    for person in (gis_specialist, staff):
        client.force_login(person)
        assert client.post(url, {"text": "جواب"}).status_code == 403
    assert not question.answers.exists()
    client.force_login(finance_specialist)
    assert client.post(url, {"text": "جواب"}).status_code == 302
    assert question.answers.count() == 1


def test_accept_view_refuses_all_but_asker_and_admin(
    client, question, finance_specialist, staff, other_staff, platform_admin
):
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب")
    url = reverse("qa:answer_accept", args=[question.pk, answer.pk])
    for person in (finance_specialist, other_staff, make_staff(staff.local_body)):
        client.force_login(person)
        assert client.post(url).status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer_id is None
    client.force_login(staff)
    assert client.post(url).status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    assert client.get(url).status_code == 405


def test_accept_view_checks_the_answer_belongs_to_the_question(client, question, staff, finance, finance_specialist):
    other = services.question_ask(actor=staff, title="سؤال آخر", text="تفاصيل", topics=[finance])
    answer = services.answer_post(actor=finance_specialist, question=other, text="جواب")
    client.force_login(staff)
    assert client.post(reverse("qa:answer_accept", args=[question.pk, answer.pk])).status_code == 404


def test_comment_view_permissions(client, question, staff, other_staff, gis_specialist):
    url = reverse("qa:comment_post", args=[question.pk])
    for person in (other_staff, gis_specialist):
        client.force_login(person)
        assert client.post(url, {"text": "تعليق"}).status_code == 403
    client.force_login(staff)
    assert client.post(url, {"text": "تعليق من السائل"}).status_code == 302
    assert client.post(url, {"text": "تعليق", "answer": "999999"}).status_code == 302
    assert question.comments.count() == 1


def test_detail_page_query_count(client, question, staff, finance_specialist, django_assert_max_num_queries):
    for n in range(3):
        answer = services.answer_post(actor=finance_specialist, question=question, text=f"جواب {n}")
        services.comment_post(actor=staff, question=question, answer=answer, text="شكراً")
    client.force_login(staff)
    # Its follow-up comments and the specialists it was offered to are paged: a count and a page of each.
    with django_assert_max_num_queries(15):
        response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    with translation.override("ar"):
        assert translation.gettext("Accept this answer") in response.content.decode()


def test_detail_page_shows_the_answers_a_page_at_a_time_the_accepted_one_first(
    client, settings, question, staff, finance_specialist, django_assert_num_queries, django_assert_max_num_queries
):
    """Issue 22: a question may gather hundreds of answers; its page shows a page of them, in as many queries."""
    settings.PAGE_SIZE = 2
    answers = [services.answer_post(actor=finance_specialist, question=question, text=f"جواب {n}") for n in range(2)]
    client.force_login(staff)
    url = question.get_absolute_url()
    with django_assert_max_num_queries(20) as two:
        client.get(url)
    more = [services.answer_post(actor=finance_specialist, question=question, text=f"جواب {n}") for n in range(2, 5)]
    services.answer_accept(actor=staff, answer=more[-1])
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    page = response.context["answers"]
    assert [answer.pk for answer in page.object_list] == [more[-1].pk, answers[0].pk]
    assert page.paginator.count == 5 and page.paginator.num_pages == 3
    assert 'href="?answers=2#answers-heading"' in response.content.decode()
    last = client.get(url, {"answers": "3"}).context["answers"]
    assert [answer.pk for answer in last.object_list] == [more[1].pk]


def test_attachment_download_needs_read_permission(client, staff, citizen, finance, finance_specialist):
    question = services.question_ask(
        actor=staff,
        title="سؤال مع مرفق",
        text="تفاصيل",
        topics=[finance],
        files=[SimpleUploadedFile("a.pdf", PDF_BYTES)],
    )
    client.force_login(citizen)
    url = reverse("qa:attachment_download", args=[question.pk, question.attachments.get().pk])
    assert client.get(url).status_code == 404  # an unpublished question's files are not said to exist


def test_response_times_page(client, staff, question, finance_specialist, django_assert_max_num_queries):
    services.answer_post(actor=finance_specialist, question=question, text="جواب")
    client.force_login(staff)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("qa:response_times"))
    assert [f.topic.slug for f in response.context["figures"]] == ["local-finance"]


def test_expertise_edit_for_specialists_only(client, staff, finance_specialist, gis):
    url = reverse("qa:expertise_edit")
    client.force_login(staff)
    assert client.post(url, {"topics": [gis.pk]}).status_code == 403
    client.force_login(finance_specialist)
    assert client.post(url, {"topics": [gis.pk], "is_available": "on"}).status_code == 302
    assert list(finance_specialist.specialist_profile.topics.all()) == [gis]


def test_specialist_list_query_count(client, staff, finance_specialist, gis_specialist, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("qa:specialist_list"))
    assert len(response.context["page"].object_list) == 2


def test_ask_under_a_hub_and_filter_by_hub(client, staff, finance, finance_specialist, question):
    from django.utils import timezone as tz

    from tabadul.hubs.models import Hub, Membership

    hub = Hub.objects.create(slug="finance", name_ar="منصة المالية", name_en="Finance hub")
    other = Hub.objects.create(slug="gaza", name_ar="منصة غزة", name_en="Gaza hub")
    Membership.objects.create(hub=hub, body=staff.local_body, status=Membership.Status.ACTIVE, joined_at=tz.now())
    client.force_login(staff)
    form = client.get(reverse("qa:question_ask")).context["form"]
    assert list(form.fields["hub"].queryset) == [hub]  # only the hubs of the asker's body are offered
    data = {"title": "سؤال من أعضاء منصة المالية", "text": "تفاصيل", "topics": [finance.pk], "confirm": "1"}
    refused = client.post(reverse("qa:question_ask"), {**data, "hub": other.pk})
    assert refused.status_code == 200 and "hub" in refused.context["form"].errors
    assert client.post(reverse("qa:question_ask"), {**data, "hub": hub.pk}).status_code == 302
    filed = Question.objects.get(hub=hub)
    listed = client.get(reverse("qa:question_list"), {"hub": hub.pk}).context["page"].object_list
    assert list(listed) == [filed]
    assert hub.name_ar in client.get(filed.get_absolute_url()).content.decode()


def test_question_page_pages_its_comments_and_the_specialists_it_was_offered_to(
    client, staff, finance, finance_specialist, django_assert_max_num_queries
):
    """A busy question gathers hundreds of follow-up comments and specialists (issue 22): its page shows a page of
    each, in a number of queries that does not grow with them."""
    question = services.question_ask(actor=staff, title="سؤال يتابعه كثيرون", text="تفاصيل", topics=[finance])
    services.comment_post(actor=staff, question=question, text="تعليق أول")
    client.force_login(staff)
    url = question.get_absolute_url()
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for n in range(24):
        make_specialist(finance)
        services.comment_post(actor=staff, question=question, text=f"تعليق رقم {n}")
    services.question_route(question=question)
    assert question.routings.count() == 25 and question.comments.count() == 25
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["comments"].object_list) == 20
    assert len(response.context["routings"].object_list) == 20
    assert "تعليق أول" in response.content.decode()
    second = client.get(url, {"comments": 2, "offered": 2})
    assert len(second.context["comments"].object_list) == 5 and len(second.context["routings"].object_list) == 5
    assert "تعليق رقم 23" in second.content.decode() and '<details class="qa-routing" id="offered" open>' in (
        second.content.decode()
    )
