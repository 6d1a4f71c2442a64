"""Ranking the topics of a work plan as one list the person orders (hubs/_ranking_form.html, RankingForm).

Without JavaScript each arrow button posts the whole list with a move: the page comes back reordered, every tick kept,
nothing saved. "Save the ranking" writes through `services.topic_ranking_submit` (its rules and audit record); an
invalid submission comes back in the order the person left it; the saved order is shown on return.
"""

import datetime
import re

import pytest

from tabadul.core.models import AuditEvent
from tabadul.hubs import audit_actions, services
from tabadul.hubs.forms import RankingForm
from tabadul.hubs.models import TopicRanking

from .test_pages import en
from .test_views import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(hub, coordinator):
    return services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


@pytest.fixture
def topics(plan, coordinator):
    return [
        services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}", title_en=f"Topic {i}")
        for i in range(4)
    ]


def shown_order(response) -> list[int]:
    """The topic ids of the list in the order the page shows them (its hidden `order` inputs)."""
    return [int(pk) for pk in re.findall(r'name="order" value="(\d+)"', response.content.decode())]


def ticked(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="ranked" value="(\d+)"[^>]*checked', response.content.decode())}


def test_a_new_ranking_lists_every_topic_ticked_in_proposal_order(client, hub, coordinator, plan, topics):
    login(client, coordinator)
    response = client.get(en("work_plan", hub.slug, plan.pk))
    assert shown_order(response) == [t.pk for t in topics]
    assert ticked(response) == {t.pk for t in topics}
    html = response.content.decode()
    assert "Move up" in html and "Move down" in html and "js/reorder.js" in html


@pytest.mark.parametrize(
    ("move", "expected", "focus"),
    [
        ("down:0", [1, 0, 2, 3], "down"),
        ("up:2", [0, 2, 1, 3], "up"),
        ("up:0", [0, 1, 2, 3], "down"),  # already first: nothing moves, the focus goes to the button that can
        ("down:3", [0, 1, 2, 3], "up"),
    ],
)
def test_an_arrow_without_javascript_reorders_keeps_every_choice_and_saves_nothing(
    client, hub, coordinator, plan, topics, move, expected, focus
):
    login(client, coordinator)
    direction, index = move.split(":")
    moved = topics[int(index)]
    data = {
        "order": [t.pk for t in topics],
        "ranked": [topics[0].pk, topics[1].pk, topics[2].pk],  # the last one unticked
        "move": f"{direction}:{moved.pk}",
    }
    response = client.post(en("topic_rank", hub.slug, plan.pk), data)
    assert response.status_code == 200
    assert shown_order(response) == [topics[i].pk for i in expected]
    assert ticked(response) == {topics[0].pk, topics[1].pk, topics[2].pk}
    assert not TopicRanking.objects.exists()
    html = response.content.decode()
    assert re.search(rf'value="{focus}:{moved.pk}"[^>]*autofocus', html)
    assert html.count("autofocus") == 1
    position = [topics[i].pk for i in expected].index(moved.pk) + 1
    # The status (role="status", announced) says where the topic went; the title is someone's text, isolated in
    # <bdi> (|user_text), so the sentence is read from the paragraph's text rather than matched in the markup.
    status = re.search(r'<p class="ranking-status" role="status"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", status) == f"“{moved.title}” is now number {position}."
    assert f"<bdi>{moved.title}</bdi>" in status


def test_moves_chain_from_the_order_posted(client, hub, coordinator, plan, topics):
    login(client, coordinator)
    url = en("topic_rank", hub.slug, plan.pk)
    order = [t.pk for t in topics]
    for _ in range(3):  # the last topic climbs to the top, one press at a time
        response = client.post(url, {"order": order, "ranked": order, "move": f"up:{topics[3].pk}"})
        order = shown_order(response)
    assert order == [topics[3].pk, topics[0].pk, topics[1].pk, topics[2].pk]


def test_an_invalid_submission_keeps_the_order_and_links_its_error(client, hub, coordinator, plan, topics):
    login(client, coordinator)
    order = [topics[2].pk, topics[0].pk, topics[3].pk, topics[1].pk]
    response = client.post(en("topic_rank", hub.slug, plan.pk), {"order": order})  # nothing ticked
    assert response.status_code == 400
    assert shown_order(response) == order
    html = response.content.decode()
    summary = re.search(r"<div class=\"error-summary\".*?</div>", html, re.S).group(0)
    assert 'href="#id_ranked_0"' in summary and "Tick at least one topic" in summary
    assert 'id="id_ranked_0"' in html
    assert not TopicRanking.objects.exists()


def test_save_writes_the_order_through_the_service_and_shows_it_back(client, hub, coordinator, plan, topics):
    login(client, coordinator)
    order = [topics[3].pk, topics[1].pk, topics[0].pk, topics[2].pk]
    ranked = [topics[0].pk, topics[1].pk, topics[3].pk]  # topics[2] left out
    response = client.post(en("topic_rank", hub.slug, plan.pk), {"order": order, "ranked": ranked})
    assert response.status_code == 302
    ranking = TopicRanking.objects.get(work_plan=plan)
    assert [e.topic_id for e in ranking.entries.all()] == [topics[3].pk, topics[1].pk, topics[0].pk]
    audit = AuditEvent.objects.filter(action=audit_actions.TOPIC_RANKING_SUBMIT).get()
    assert audit.changes == {"topics": [topics[3].pk, topics[1].pk, topics[0].pk]}
    # Back on the page: the saved order first, ticked; the topic left out after them, unticked.
    page = client.get(en("work_plan", hub.slug, plan.pk))
    assert shown_order(page) == [topics[3].pk, topics[1].pk, topics[0].pk, topics[2].pk]
    assert ticked(page) == set(ranked)


def test_the_view_saves_only_through_the_service(client, hub, coordinator, plan, topics, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "topic_ranking_submit", lambda **kwargs: calls.append(kwargs))
    login(client, coordinator)
    client.post(en("topic_rank", hub.slug, plan.pk), {"order": [t.pk for t in topics], "ranked": [topics[1].pk]})
    assert [[t.pk for t in call["topics"]] for call in calls] == [[topics[1].pk]]
    assert calls[0]["actor"] == coordinator and calls[0]["work_plan"] == plan


def test_a_plan_confirmed_meanwhile_refuses_the_ranking_with_a_message(client, hub, coordinator, plan, topics):
    login(client, coordinator)
    plan.status = plan.Status.CONFIRMED
    plan.save(update_fields=["status"])
    order = [topics[1].pk, topics[0].pk, topics[2].pk, topics[3].pk]
    response = client.post(en("topic_rank", hub.slug, plan.pk), {"order": order, "ranked": order}, follow=True)
    assert "its topics can no longer change" in response.content.decode()
    assert not TopicRanking.objects.exists()


def test_the_form_keeps_a_permutation_of_the_topics(topics):
    data = _query(order=["x", topics[2].pk, topics[2].pk, 999999, topics[0].pk], ranked=[topics[2].pk, 999999])
    form = RankingForm(data, topics=topics)
    assert form.order == [topics[2].pk, topics[0].pk, topics[1].pk, topics[3].pk]
    assert form.ticked == {topics[2].pk}
    assert not form.move()


def test_a_saved_ranking_with_a_topic_since_removed_still_shows(topics):
    form = RankingForm(topics=topics[:3], saved=[topics[3].pk, topics[2].pk])
    assert form.order == [topics[2].pk, topics[0].pk, topics[1].pk]
    assert form.ticked == {topics[2].pk}


def _query(**lists):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in lists.items():
        data.setlist(key, [str(v) for v in values])
    return data
