import statistics

import pytest

from tabadul.demo import qa as demo
from tabadul.demo.accounts import load as load_accounts
from tabadul.demo.directory import load as load_bodies
from tabadul.qa import selectors, services
from tabadul.qa.models import Question, Topic
from tabadul.qa.selectors import similarity, text_stems

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    load_bodies()
    load_accounts()
    demo.load()


def test_stems_fold_arabic_spelling_and_light_affixes():
    assert text_stems("الإيرادات") == text_stems("ايرادات") == text_stems("والايرادات")
    assert text_stems("الموازنة") == text_stems("موازنه")
    assert text_stems("في من على هل") == []


def test_similarity_is_symmetric_and_bounded():
    a, b = text_stems("إعداد موازنة البلدية"), text_stems("كيف نعد الموازنة للبلدية")
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0 < similarity(a, b) <= 1
    assert similarity(a, a) == 1
    assert similarity(a, []) == 0


def test_similar_questions_find_answered_ones_despite_spelling(demo_data):
    found = selectors.similar_questions(text="كيف نعد موازنه البلديه بطريقه تشاركيه")
    assert found and found[0].title == "كيف نعد موازنة البلدية للعام القادم بطريقة تشاركية؟"
    found = selectors.similar_questions(text="قاعدة بيانات جغرافية لقطع الاراضي")
    assert "نظم المعلومات الجغرافية" in found[0].title


def test_similar_questions_offer_only_answered_questions(demo_data):
    unanswered = Question.objects.get(first_answer_at__isnull=True, title__contains="المخطط الهيكلي")
    found = selectors.similar_questions(text=unanswered.title + " " + unanswered.text)
    assert unanswered not in found
    assert selectors.similar_questions(text="!!! ...") == []


def test_similar_questions_query_count_is_fixed(demo_data, django_assert_num_queries):
    with django_assert_num_queries(3):  # candidates, then the chosen questions with their topics
        selectors.similar_questions(text="الإيرادات المحلية للبلدية")


def test_response_times_match_a_direct_computation_on_the_demo_data(demo_data):
    figures = {figure.topic.slug: figure for figure in selectors.response_times_by_topic()}
    assert set(figures) == {slug for slug, _ar, _en in demo.TOPICS}
    for topic in Topic.objects.all():
        questions = list(Question.objects.filter(topics=topic))
        first = [(q.first_answer_at - q.asked_at).total_seconds() / 3600 for q in questions if q.first_answer_at]
        accepted = [(q.accepted_at - q.asked_at).total_seconds() / 3600 for q in questions if q.accepted_at]
        figure = figures[topic.slug]
        assert figure.questions == len(questions)
        assert figure.answered == len(first)
        assert figure.accepted == len(accepted)
        assert figure.median_first_answer_hours == (round(statistics.median(first), 1) if first else None)
        assert figure.mean_first_answer_hours == (round(statistics.fmean(first), 1) if first else None)
        assert figure.median_accepted_hours == (round(statistics.median(accepted), 1) if accepted else None)
        assert figure.mean_accepted_hours == (round(statistics.fmean(accepted), 1) if accepted else None)
    # And against the demo script itself, by hand: GIS had one question answered in 6 h, accepted at 12 h,
    # plus the unanswered structural-plan question.
    gis = figures["gis"]
    assert (gis.questions, gis.answered, gis.median_first_answer_hours, gis.median_accepted_hours) == (2, 1, 6.0, 12.0)
    finance = figures["local-finance"]
    # revenue 20 h, budget 52 h, waste fees 3 h, transparency report 5 h -> median 12.5, mean 20.0
    assert (finance.median_first_answer_hours, finance.mean_first_answer_hours) == (12.5, 20.0)


def test_demo_routes_only_to_matching_specialists(demo_data):
    for question in Question.objects.prefetch_related("topics", "routings__specialist__specialist_profile__topics"):
        topics = set(question.topics.all())
        for routing in question.routings.all():
            assert topics & set(routing.specialist.specialist_profile.topics.all())


def test_demo_questions_are_filed_under_hubs_of_their_bodies():
    from tabadul.demo.alignment import load as load_alignment
    from tabadul.demo.hubs import load as load_hubs

    load_bodies()
    load_accounts()
    load_alignment()
    load_hubs()
    demo.load()
    filed = Question.objects.filter(hub__isnull=False).select_related("hub", "local_body")
    assert len(filed) == len(demo.QUESTION_HUBS)
    for question in filed:
        assert question.hub.memberships.filter(body=question.local_body, status="active").exists()


def test_question_list_rows_are_unique_in_order_with_their_answer_counts(staff, finance, gis, finance_specialist):
    """The list chooses its questions without DISTINCT or GROUP BY (issue 22): a question under two topics, routed to
    a specialist twice over, is still one row, and each row's answer count is its own."""
    first = services.question_ask(actor=staff, title="سؤال أول عن المالية", text="تفاصيل", topics=[finance, gis])
    second = services.question_ask(actor=staff, title="سؤال ثان عن المالية", text="تفاصيل", topics=[finance])
    for text in ["جواب أول", "جواب ثان"]:
        services.answer_post(actor=finance_specialist, question=first, text=text)
    for filters in [
        selectors.QuestionFilters(),
        selectors.QuestionFilters(topic=finance),
        selectors.QuestionFilters(routed=True),
    ]:
        rows = selectors.question_rows(selectors.question_keys(user=finance_specialist, filters=filters))
        assert [(row, row.answer_count) for row in rows] == [(second, 0), (first, 2)]
    only_gis = selectors.question_keys(user=finance_specialist, filters=selectors.QuestionFilters(topic=gis))
    assert [pk for pk, _asked_at in only_gis] == [first.pk]
    assert "DISTINCT" not in str(only_gis.query) and "GROUP BY" not in str(only_gis.query)


def _published(asker, specialist, finance, title):
    question = services.question_ask(actor=asker, title=title, text="تفاصيل السؤال", topics=[finance])
    answer = services.answer_post(actor=specialist, question=question, text="جواب مقبول")
    services.answer_accept(actor=asker, answer=answer)
    services.question_publication_request(actor=asker, question=question)
    return services.question_publish(actor=specialist, question=question)


def test_question_keys_merge_the_published_and_ones_own_newest_first(
    staff, other_staff, citizen, finance, finance_specialist
):
    """The list reads what a person may read as disjoint parts merged in order (issue 22): the published questions
    and the person's own unpublished ones, newest first, each once; the same questions as `visible_questions`."""
    own_published = _published(staff, finance_specialist, finance, "سؤال منشور من الموظف")
    others_published = _published(other_staff, finance_specialist, finance, "سؤال منشور من موظف آخر")
    own_private = services.question_ask(actor=staff, title="سؤال خاص بالموظف", text="تفاصيل", topics=[finance])
    for hours, question in enumerate([own_published, own_private, others_published]):
        Question.objects.filter(pk=question.pk).update(asked_at=question.asked_at.replace(hour=hours))
    published = [others_published.pk, own_published.pk]
    expected = {staff: [others_published.pk, own_private.pk, own_published.pk], other_staff: published}
    for person in (None, citizen, staff, other_staff):
        keys = selectors.question_keys(user=person, filters=selectors.QuestionFilters())
        chosen = [pk for pk, _asked_at in keys]
        assert chosen == expected.get(person, published), person
        assert keys.count() == len(chosen)
        assert set(chosen) == set(selectors.visible_questions(person).values_list("pk", flat=True))
        assert [pk for pk, _asked_at in keys[1:2]] == chosen[1:2]  # a page is a slice of the merged order
    mine = selectors.question_keys(user=staff, filters=selectors.QuestionFilters(mine=True))
    assert [pk for pk, _asked_at in mine] == [own_private.pk, own_published.pk]
