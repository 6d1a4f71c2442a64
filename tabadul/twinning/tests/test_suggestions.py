import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import LocalBody
from tabadul.twinning import services
from tabadul.twinning.suggestions import current_partner_ids, suggest_partners

from .conftest import foreign_body, make_group

pytestmark = pytest.mark.django_db


def test_suggestions_explain_shared_qa_topics(network, bodies, group_a):
    from tabadul.qa.models import Question, Topic

    topic = Topic.objects.create(name_ar="النفايات الصلبة", name_en="Solid waste")
    for body in (bodies[0], bodies[3]):
        question = Question.objects.create(
            asker=make_user(body=body), local_body=body, title="كيف ندير النفايات؟", text="تفاصيل"
        )
        question.topics.add(topic)
    suggestions = {s.body: s for s in suggest_partners(body=bodies[0])}
    assert bodies[1] not in suggestions  # current partner
    reasons = [r.code for r in suggestions[bodies[3]].reasons]
    assert "qa_topic" in reasons and "country" in reasons
    assert suggestions[bodies[3]].score > suggestions[bodies[2]].score  # the shared topic ranks it first


def test_a_body_with_nothing_shared_gets_same_type_bodies_abroad(db):
    lonely = foreign_body("IQ")
    abroad = foreign_body("JO")
    village = foreign_body("LB", type=LocalBody.Type.VILLAGE_COUNCIL)
    suggested = {s.body: s for s in suggest_partners(body=lonely)}
    assert abroad in suggested and village not in suggested
    assert {r.code for r in suggested[abroad].reasons} == {"type", "country"}


def test_a_completed_group_partner_may_be_suggested_again(admin, network, bodies, facilitator, group_a):
    assert bodies[1].pk in current_partner_ids(bodies[0])
    services.group_end(actor=admin, group=group_a, status="completed", reason="أنجزت الخطة")
    assert bodies[1].pk not in current_partner_ids(bodies[0])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=0, max_size=6), who=st.integers(0, 5))
def test_suggestions_never_include_the_body_or_a_current_partner_and_always_give_a_reason(
    admin, facilitator, network, pairs, who
):
    """Property: whatever groups exist, the suggestions for a body exclude it and its partners and carry reasons."""
    from tabadul.twinning.models import TwinningGroup

    TwinningGroup.objects.all().delete()
    pool = list(network.members.order_by("pk"))
    while len(pool) < 6:
        extra = foreign_body(["IQ", "JO", "LB", "TR"][len(pool) % 4])
        network.members.add(extra)
        pool.append(extra)
    for index, (a, b) in enumerate(pairs):
        if a != b:
            make_group(
                actor=admin, network=network, members=[pool[a], pool[b]], facilitator=facilitator, name=f"g{index}"
            )
    for index, other in enumerate(pool):  # types, populations and countries vary the supporting reasons
        LocalBody.objects.filter(pk=other.pk).update(
            type=[LocalBody.Type.MUNICIPALITY, LocalBody.Type.VILLAGE_COUNCIL][index % 2],
            population=[None, 10_000, 19_000, 21_000, 5_000, 40_000][(index + who) % 6],
        )
    body = LocalBody.objects.get(pk=pool[who].pk)
    partners = {pool[b].pk for a, b in pairs if a != b and pool[a] == body} | {
        pool[a].pk for a, b in pairs if a != b and pool[b] == body
    }
    suggestions = suggest_partners(body=body, limit=50)
    ids = {s.body.pk for s in suggestions}
    assert body.pk not in ids
    assert not ids & partners
    assert all(s.reasons and all(r.text for r in s.reasons) for s in suggestions)
    # every other network member who is not a partner is suggested (they share the network)
    assert ids == {b.pk for b in pool} - partners - {body.pk}
    # the database ranks by the score the reasons add up to, then the Arabic name; a shorter list is its head
    assert [s.body.pk for s in suggestions] == [
        s.body.pk for s in sorted(suggestions, key=lambda s: (-s.score, s.body.name_ar, s.body.pk))
    ]
    assert [s.body.pk for s in suggest_partners(body=body, limit=2)] == [s.body.pk for s in suggestions[:2]]


def test_shared_hub_topics_and_library_recommendations_are_reasons(network, bodies, group_a):
    from tabadul.hubs.models import Hub, WorkPlan, WorkPlanTopic
    from tabadul.library.models import Document, Recommendation

    hub = Hub.objects.create(slug="h", name_ar="ملتقى")
    plan = WorkPlan.objects.create(hub=hub, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    topic = WorkPlanTopic.objects.create(work_plan=plan, title_ar="التنمية الاقتصادية المحلية")
    WorkPlanTopic.objects.create(work_plan=plan, title_ar="موضوع آخر", proposed_by_body=bodies[0])
    topic.proposed_by_body = bodies[0]
    topic.save()
    # bodies[3] works on the same topic through its staff in the working group
    from tabadul.hubs.models import WorkingGroupMember

    WorkingGroupMember.objects.create(topic=topic, user=make_user(body=bodies[3]))
    study = Document.objects.create(slug="s", type="study", title_ar="دراسة النزوح")
    Recommendation.objects.create(document=study, number=1, title_ar="ت1", owner_body=bodies[0])
    Recommendation.objects.create(document=study, number=2, title_ar="ت2", owner_body=bodies[2])
    suggestions = {s.body: s for s in suggest_partners(body=bodies[0])}
    hub_reason = next(r for r in suggestions[bodies[3]].reasons if r.code == "hub_topic")
    assert "التنمية الاقتصادية المحلية" in hub_reason.text
    library_reason = next(r for r in suggestions[bodies[2]].reasons if r.code == "recommendation")
    assert "دراسة النزوح" in library_reason.text


def test_similar_population_is_a_reason(db):
    small = foreign_body("IQ", population=20_000)
    close = foreign_body("JO", population=35_000)
    far = foreign_body("TR", population=900_000)
    reasons = {s.body: {r.code for r in s.reasons} for s in suggest_partners(body=small)}
    assert "size" in reasons[close] and "size" not in reasons[far]


def test_the_best_scored_body_is_suggested_first_even_when_the_list_is_cut(network, bodies, group_a):
    """The ranking happens in the database: the body sharing most comes first with limit=1, whatever its name."""
    from tabadul.qa.models import Question, Topic

    topic = Topic.objects.create(name_ar="المياه", name_en="Water")
    LocalBody.objects.filter(pk=bodies[3].pk).update(name_ar="ي آخر الأبجدية")
    for body in (bodies[0], bodies[3]):
        question = Question.objects.create(asker=make_user(body=body), local_body=body, title="سؤال", text="تفاصيل")
        question.topics.add(topic)
    assert suggest_partners(body=bodies[0], limit=50)[-1].body == bodies[2]
    [first] = suggest_partners(body=bodies[0], limit=1)
    assert first.body == bodies[3] and {r.code for r in first.reasons} >= {"qa_topic", "network", "country"}


def test_suggestions_use_a_fixed_number_of_queries(network, bodies, group_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(16) as few:
        suggest_partners(body=bodies[0])
    network.members.add(*[foreign_body("IQ") for _ in range(10)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = suggest_partners(body=bodies[0], limit=50)
    assert len(found) == 12


def test_a_body_sharing_nothing_is_never_suggested_above_one_sharing_something(network, bodies, group_a):
    """Supporting reasons (type, population, country) only rank bodies that share something: a body with all three
    and nothing shared (its score would top a network member's) is left out, however short the list."""
    sharing = bodies[2]  # shares only the network with bodies[0]
    LocalBody.objects.filter(pk=sharing.pk).update(type=LocalBody.Type.VILLAGE_COUNCIL, population=None)
    twin = foreign_body("TR", type=bodies[0].type, population=bodies[0].population)  # in no network: shares nothing
    suggested = [s.body for s in suggest_partners(body=bodies[0], limit=50)]
    assert sharing in suggested and twin not in suggested
    assert [s.body for s in suggest_partners(body=bodies[0], limit=1)] == [suggested[0]]
