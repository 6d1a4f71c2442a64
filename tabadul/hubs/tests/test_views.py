import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services
from tabadul.hubs.models import Axis, Ballot, Election, Hub, Mandate, Membership, TopicRanking, WorkPlan, WorkPlanTopic

from .conftest import make_hub, make_member
from .test_pages import en

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def plan(hub, coordinator):
    return services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


def test_hub_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for n in range(3):
        hub = make_hub(f"hub-{n}")
        make_member(hub)
    with django_assert_max_num_queries(6) as small:
        assert client.get(reverse("hubs:hub_list")).status_code == 200
    for n in range(3, 10):
        hub = make_hub(f"hub-{n}")
        make_member(hub), make_member(hub)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("hubs:hub_list"))
    assert response.context["page"].paginator.count == 10


def test_hub_list_counts_active_members_and_chapters(client, hub, other_hub, coordinator, body, body_editor):
    from tabadul.hubs.models import Chapter

    make_member(hub), make_member(other_hub)  # the coordinator's body is the hub's first member
    services.membership_request(actor=body_editor, hub=hub, body=body)  # asked, not a member: not counted
    Chapter.objects.create(hub=hub, region=body.region, name_ar="فرع الشمال")
    counts = {h.slug: (h.member_count, h.chapter_count) for h in client.get(reverse("hubs:hub_list")).context["page"]}
    assert counts == {hub.slug: (2, 1), other_hub.slug: (1, 0)}


def test_hub_list_counts_each_hub_through_its_index_not_a_grouping_of_every_membership(hub):
    """Joining every hub's memberships and grouping them took 17 ms of the list at 10,000 bodies (issue 22)."""
    from django.db import connection

    from tabadul.hubs import selectors

    from .test_hub_page_at_scale import _plans_of

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan")
    [plan] = _plans_of(lambda: list(selectors.hub_list()))
    assert "count(DISTINCT)" not in plan and "LEFT-JOIN" not in plan, plan  # no product of members and chapters
    assert "COVERING INDEX hubs_membership_hub_status (hub_id=? AND status=?)" in plan, plan


def test_the_management_page_lists_the_elections_a_page_at_a_time_newest_first(client, hub, coordinator, settings):
    start = timezone.now() - datetime.timedelta(days=400)
    elections = [
        Election.objects.create(  # past elections, as a bulk load writes them
            hub=hub,
            role=Mandate.Role.DEPUTY,
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
            term_starts_on=datetime.date(2026, 1, 1),
            term_ends_on=datetime.date(2026, 12, 31),
        )
        for n in range(settings.PAGE_SIZE + 3)
    ]
    login(client, coordinator)
    url = reverse("hubs:manage", args=[hub.slug])
    first = client.get(url).context["elections"]
    assert [e.pk for e in first.object_list] == [e.pk for e in elections[::-1][: settings.PAGE_SIZE]]
    last = client.get(url, {"elections": 2})
    assert [e.pk for e in last.context["elections"].object_list] == [e.pk for e in elections[2::-1]]
    assert 'href="?elections=2#elections"' in client.get(url).content.decode()


def test_hub_list_empty_state(client):
    assert "No hub has been set up yet." in client.get("/en/hubs/").content.decode()


def test_hub_page_query_count_does_not_grow_with_members_and_topics(
    client, hub, coordinator, plan, django_assert_max_num_queries
):
    topics = [services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}") for i in range(2)]
    services.topic_align(actor=coordinator, topic=topics[0], targets=["11.1"])
    with django_assert_max_num_queries(30) as small:
        assert client.get(hub.get_absolute_url()).status_code == 200
    for i in range(5):
        member = make_member(hub)
        topic = services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع إضافي {i}")
        services.topic_align(actor=coordinator, topic=topic, targets=["16.5"], kpis=[])
        services.working_group_join(actor=member, topic=topic)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(hub.get_absolute_url())
    content = response.content.decode()
    assert "موضوع إضافي 4" in content
    assert "hub-events-" in content  # the events panel is included


def test_unknown_hub_is_404(client):
    assert client.get("/hubs/nope/").status_code == 404


def test_join_request_through_the_page_and_joining_twice_message(client, hub, body, body_editor):
    login(client, body_editor)
    url = en("membership_request", hub.slug)
    client.post(url)
    response = client.post(url, follow=True)
    assert Membership.objects.filter(hub=hub, body=body).count() == 1
    assert any("already asked to join" in str(m) for m in response.context["messages"])


def test_citizen_cannot_ask_to_join(client, hub, citizen):
    login(client, citizen)
    assert client.post(reverse("hubs:membership_request", args=[hub.slug])).status_code == 403
    assert not Membership.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, hub):
    response = client.post(reverse("hubs:membership_request", args=[hub.slug]))
    assert response.status_code == 302 and "sign-in" in response.url


@pytest.mark.parametrize(
    "name",
    ["manage", "invitations", "initiatives"],
)
def test_management_pages_are_for_the_hubs_coordinator_only(client, hub, other_coordinator, name):
    login(client, other_coordinator)
    assert client.get(reverse(f"hubs:{name}", args=[hub.slug])).status_code == 403


def test_coordinator_sees_management_page(client, hub, coordinator, body, body_editor):
    services.membership_request(actor=body_editor, hub=hub, body=body)
    login(client, coordinator)
    response = client.get(reverse("hubs:manage", args=[hub.slug]))
    assert response.status_code == 200
    assert body.name_ar in response.content.decode()


def test_declining_from_the_decision_form_goes_to_its_confirmation_page(client, hub, coordinator, body, body_editor):
    """The one-click form only accepts; a decline goes to the page that asks for the reason (test_confirmations)."""
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    login(client, coordinator)
    url = reverse("hubs:membership_decide", args=[hub.slug, membership.pk])
    response = client.post(url, {"accept": "0", "reason": "ليست هيئة محلية"})
    assert response.status_code == 302
    assert response["Location"] == reverse("hubs:membership_decline", args=[hub.slug, membership.pk])
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED
    client.post(url, {"accept": "1"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_coordinator_of_another_hub_cannot_decide(client, hub, other_coordinator, body, body_editor):
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    login(client, other_coordinator)
    response = client.post(reverse("hubs:membership_decide", args=[hub.slug, membership.pk]), {"accept": "1"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED


def test_invitations_page_sends_to_a_filtered_set(client, hub, coordinator):
    from tabadul.directory.models import Region

    south = Region.objects.get(code="south")
    LocalBodyFactory(region=south, governorate=None)
    LocalBodyFactory(region=south, governorate=None)
    login(client, coordinator)
    client.post(reverse("hubs:invitations", args=[hub.slug]), {"region": south.pk})
    assert hub.invitations.count() == 2
    response = client.get(reverse("hubs:invitations", args=[hub.slug]))
    assert response.context["page"].paginator.count == 2


def test_invitation_answer_page(client, hub, coordinator, body, body_editor, other_body_editor):
    services.invitation_send(actor=coordinator, hub=hub, bodies=[body])
    invitation = hub.invitations.get()
    login(client, other_body_editor)
    assert client.post(reverse("hubs:invitation_answer", args=[invitation.pk]), {"accept": "1"}).status_code == 403
    login(client, body_editor)
    assert hub.name_ar in client.get(reverse("hubs:my_invitations")).content.decode()
    client.post(reverse("hubs:invitation_answer", args=[invitation.pk]), {"accept": "1"})
    assert Membership.objects.active().filter(hub=hub, body=body).exists()


def test_election_flow_through_pages(client, hub, coordinator):
    voter = make_member(hub)
    login(client, coordinator)
    now = timezone.localtime()  # the form reads local (Asia/Hebron) times
    response = client.post(
        reverse("hubs:election_create", args=[hub.slug]),
        {
            "role": "deputy",
            "starts_at": (now + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
            "term_starts_on": "2026-01-01",
            "term_ends_on": "2027-12-31",
        },
    )
    election = Election.objects.get()
    assert response.url == election.get_absolute_url()
    login(client, voter)
    client.post(reverse("hubs:candidate_nominate", args=[hub.slug, election.pk]))
    candidate = election.candidates.get()
    # Voting outside the period: a clear message, nothing stored.
    response = client.post(en("ballot_cast", hub.slug, election.pk), {"candidate": candidate.pk}, follow=True)
    assert any("not started" in str(m) for m in response.context["messages"])
    assert not Ballot.objects.exists()
    Election.objects.filter(pk=election.pk).update(starts_at=now - datetime.timedelta(minutes=1))
    client.post(reverse("hubs:ballot_cast", args=[hub.slug, election.pk]), {"candidate": candidate.pk})
    assert Ballot.objects.count() == 1
    page = client.get(election.get_absolute_url())
    assert page.context["tally"] is None  # no results before the close
    login(client, voter)
    assert client.post(reverse("hubs:election_close", args=[hub.slug, election.pk])).status_code == 403
    Election.objects.filter(pk=election.pk).update(ends_at=now - datetime.timedelta(seconds=1))
    login(client, coordinator)
    client.post(reverse("hubs:election_close", args=[hub.slug, election.pk]))
    page = client.get(election.get_absolute_url())
    assert page.context["tally"][0][1] == 1
    assert Mandate.objects.filter(user=voter, role="deputy").exists()


def test_a_topic_repeated_in_the_posted_order_is_ranked_once(client, hub, coordinator, plan):
    topics = [services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}") for i in range(3)]
    login(client, coordinator)
    url = en("topic_rank", hub.slug, plan.pk)
    order = [topics[1].pk, topics[1].pk, topics[0].pk]
    client.post(url, {"order": order, "ranked": [topics[1].pk, topics[0].pk]})
    assert [e.topic_id for e in TopicRanking.objects.get().entries.all()] == [topics[1].pk, topics[0].pk]


def test_outsider_cannot_rank_propose_or_confirm(client, hub, plan, other_coordinator):
    login(client, other_coordinator)
    assert client.post(reverse("hubs:topic_rank", args=[hub.slug, plan.pk]), {}).status_code == 403
    assert client.post(reverse("hubs:topic_propose", args=[hub.slug, plan.pk]), {"title_ar": "x"}).status_code == 403
    assert client.post(reverse("hubs:work_plan_confirm", args=[hub.slug, plan.pk]), {"count": 4}).status_code == 403
    assert not WorkPlanTopic.objects.exists()


def test_a_topic_is_proposed_under_one_of_the_hubs_axes(client, hub, coordinator, plan, other_hub):
    """The Gaza hub works in axes mirroring other hubs: its topics go under one; a hub without axes asks nothing."""
    login(client, coordinator)
    assert "axis" not in client.get(en("work_plan", hub.slug, plan.pk)).context["topic_form"].fields
    finance = Axis.objects.create(hub=hub, name_ar="الإدارة المالية", mirrors=other_hub, position=1)
    elsewhere = Axis.objects.create(hub=other_hub, name_ar="العلاقات العامة", position=1)
    page = client.get(en("work_plan", hub.slug, plan.pk))
    assert list(page.context["topic_form"].fields["axis"].queryset) == [finance]
    refused = client.post(en("topic_propose", hub.slug, plan.pk), {"title_ar": "موضوع", "axis": elsewhere.pk})
    assert refused.status_code == 400 and "axis" in refused.context["topic_form"].errors
    assert refused.context["topic_form"]["title_ar"].value() == "موضوع" and not WorkPlanTopic.objects.exists()
    client.post(en("topic_propose", hub.slug, plan.pk), {"title_ar": "موضوع", "axis": finance.pk})
    assert WorkPlanTopic.objects.get().axis == finance


def test_the_service_refuses_an_axis_of_another_hub(hub, coordinator, plan, other_hub):
    elsewhere = Axis.objects.create(hub=other_hub, name_ar="العلاقات العامة", position=1)
    with pytest.raises(ValidationError):
        services.topic_propose(actor=coordinator, work_plan=plan, title_ar="موضوع", axis=elsewhere)
    assert not WorkPlanTopic.objects.exists()


def test_confirm_through_the_page(client, hub, coordinator, plan):
    for i in range(5):
        services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}")
    login(client, coordinator)
    client.post(reverse("hubs:work_plan_confirm", args=[hub.slug, plan.pk]), {"count": "٤"})  # Arabic-Indic digit
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.CONFIRMED
    assert WorkPlanTopic.objects.filter(work_plan=plan, rank__isnull=False).count() == 4
    assert client.get(reverse("hubs:work_plan", args=[hub.slug, plan.pk])).status_code == 200


def test_topic_page_alignment_by_coordinator_only(client, hub, coordinator, other_coordinator, plan):
    topic = services.topic_propose(actor=coordinator, work_plan=plan, title_ar="النفايات الصلبة")
    from tabadul.alignment.models import SdgTarget

    target = SdgTarget.objects.get(code="11.6")
    login(client, other_coordinator)
    url = reverse("hubs:topic_align", args=[hub.slug, topic.pk])
    assert client.post(url, {"sdg_targets": [target.pk]}).status_code == 403
    login(client, coordinator)
    client.post(url, {"sdg_targets": [target.pk]})
    assert list(topic.sdg_goals.values_list("number", flat=True)) == [11]
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    goal_page = client.get(reverse("alignment:goal_detail", args=[11]), {"hub": hub.slug})
    assert "النفايات الصلبة" in goal_page.content.decode()


def test_initiative_submission_page(client, body):
    hub = make_hub("innovation", reviews_initiatives=True)
    staff = make_user(body=body)
    login(client, staff)
    response = client.post(
        reverse("hubs:initiative_submit", args=[hub.slug]),
        {"title": "خرائط مفتوحة", "problem": "لا خرائط", "solution": "QGIS", "contact_name": "سارة"},
    )
    assert response.status_code == 302
    assert hub.initiatives.get().body == body


def test_demo_hub_pages_render_in_arabic_and_english(client):
    from tabadul.demo.accounts import load as load_accounts
    from tabadul.demo.alignment import load as load_alignment
    from tabadul.demo.directory import load as load_bodies
    from tabadul.demo.hubs import load

    load_bodies(), load_accounts(), load_alignment(), load()
    content = client.get("/hubs/").content.decode()
    assert "منصة المجالس القروية" in content and "منصة قطاع غزة" in content
    page = client.get("/hubs/village-councils/").content.decode()
    assert "ميزانيات مقروءة" in page and "منصة المجالس القروية – منطقة الجنوب" in page
    assert client.get("/en/hubs/innovation/").status_code == 200
    assert Hub.objects.get(slug="innovation").mentorships.exists()
