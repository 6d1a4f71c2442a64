"""The hub pages: a negative permission case for every view that writes, query counts that do not grow with
rows, pagination and empty states, and the pages added for working groups, mentoring and the hub itself."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services
from tabadul.hubs.models import (
    Ballot,
    BallotReceipt,
    Candidate,
    Election,
    Hub,
    Initiative,
    Invitation,
    Mandate,
    Membership,
    MentoringSession,
    Mentorship,
    Representative,
    TopicRanking,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)

from .conftest import make_hub, make_member

pytestmark = pytest.mark.django_db

WATCHED = (
    Hub,
    Invitation,
    Membership,
    Representative,
    Election,
    Candidate,
    Ballot,
    BallotReceipt,
    Mandate,
    WorkPlan,
    WorkPlanTopic,
    TopicRanking,
    WorkingGroupMember,
    Mentorship,
    MentoringSession,
    Initiative,
    AuditEvent,
)


def snapshot() -> dict:
    """Every row of every hub table and of the audit trail: "nothing changed" means this is equal."""
    return {model.__name__: sorted(map(repr, model.objects.values())) for model in WATCHED}


def en(name: str, *args) -> str:
    """The English address of a page (the language comes from the address, not from the browser)."""
    with translation.override("en"):
        return reverse(f"hubs:{name}", args=args)


def en_url(obj) -> str:
    with translation.override("en"):
        return obj.get_absolute_url()


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def world(hub, coordinator, body, body_editor):
    """Hub A with a bit of everything, so that each writing view has something to act on."""
    hub.reviews_initiatives = True
    hub.save()
    rep = make_member(hub)
    requested = services.membership_request(actor=body_editor, hub=hub, body=body)
    invited_body = LocalBodyFactory()
    services.invitation_send(actor=coordinator, hub=hub, bodies=[invited_body])
    now = timezone.now()
    nominating = Election.objects.create(
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
        term_starts_on=datetime.date(2026, 1, 1),
        term_ends_on=datetime.date(2027, 12, 31),
    )
    voting = Election.objects.create(
        hub=hub,
        role=Mandate.Role.COORDINATOR,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
        term_starts_on=datetime.date(2026, 1, 1),
        term_ends_on=datetime.date(2027, 12, 31),
    )
    candidate = Candidate.objects.create(election=voting, user=rep, body=rep.local_body)
    ended = Election.objects.create(
        hub=hub,
        role=Mandate.Role.COORDINATOR,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=2),
        term_starts_on=datetime.date(2024, 1, 1),
        term_ends_on=datetime.date(2025, 12, 31),
    )
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    topic = services.topic_propose(actor=coordinator, work_plan=plan, title_ar="الموازنة المستجيبة للنوع الاجتماعي")
    seat = services.working_group_join(actor=rep, topic=topic)
    mentorship = services.mentorship_create(
        actor=coordinator, hub=hub, mentor_body=rep.local_body, mentee_bodies=[body], topic_ar="نظم المعلومات الجغرافية"
    )
    initiative = services.initiative_submit(
        actor=rep, hub=hub, body=rep.local_body, title="فكرة", problem="مشكلة", solution="حل", contact_name="سارة"
    )
    services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.SHORTLISTED)
    services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.SELECTED)
    return {
        "hub": hub,
        "rep": rep,
        "requested": requested,
        "invitation": Invitation.objects.get(hub=hub, body=invited_body),
        "nominating": nominating,
        "voting": voting,
        "candidate": candidate,
        "ended": ended,
        "plan": plan,
        "topic": topic,
        "seat": seat,
        "mentorship": mentorship,
        "initiative": initiative,
    }


# (url name, args from the world, POST data from the world)
WRITING_VIEWS = [
    ("membership_decide", lambda w: [w["hub"].slug, w["requested"].pk], lambda w: {"accept": "1"}),
    ("invitations", lambda w: [w["hub"].slug], lambda w: {}),
    ("hub_edit", lambda w: [w["hub"].slug], lambda w: {"name_ar": "اسم آخر", "status": "active"}),
    (
        "election_create",
        lambda w: [w["hub"].slug],
        lambda w: {
            "role": "deputy",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-02T10:00",
            "term_starts_on": "2030-02-01",
            "term_ends_on": "2031-02-01",
        },
    ),
    ("election_close", lambda w: [w["hub"].slug, w["ended"].pk], lambda w: {}),
    ("candidate_nominate", lambda w: [w["hub"].slug, w["nominating"].pk], lambda w: {}),
    ("ballot_cast", lambda w: [w["hub"].slug, w["voting"].pk], lambda w: {"candidate": w["candidate"].pk}),
    ("work_plan_create", lambda w: [w["hub"].slug], lambda w: {"starts_on": "2027-01-01", "ends_on": "2027-12-31"}),
    ("topic_propose", lambda w: [w["hub"].slug, w["plan"].pk], lambda w: {"title_ar": "موضوع"}),
    (
        "topic_rank",
        lambda w: [w["hub"].slug, w["plan"].pk],
        lambda w: {"order": [w["topic"].pk], "ranked": [w["topic"].pk]},
    ),
    ("work_plan_confirm", lambda w: [w["hub"].slug, w["plan"].pk], lambda w: {"count": "4"}),
    ("topic_align", lambda w: [w["hub"].slug, w["topic"].pk], lambda w: {}),
    ("working_group_join", lambda w: [w["hub"].slug, w["topic"].pk], lambda w: {}),
    (
        "working_group_seat",
        lambda w: [w["hub"].slug, w["topic"].pk],
        lambda w: {"user": w["rep"].pk, "lead": "on"},
    ),
    ("working_group_leave", lambda w: [w["hub"].slug, w["topic"].pk, w["seat"].pk], lambda w: {}),
    ("initiative_review", lambda w: [w["hub"].slug, w["initiative"].pk], lambda w: {"status": "not_retained"}),
    (
        "initiative_to_topic",
        lambda w: [w["hub"].slug, w["initiative"].pk],
        lambda w: {"work_plan": w["plan"].pk},
    ),
    ("mentoring_session_add", lambda w: [w["hub"].slug, w["mentorship"].pk], lambda w: {"held_on": "2026-03-01"}),
    ("mentorship_status", lambda w: [w["hub"].slug, w["mentorship"].pk], lambda w: {"status": "completed"}),
    ("mandate_end", lambda w: [w["hub"].slug, Mandate.objects.get(hub=w["hub"]).pk], lambda w: {}),
]


@pytest.mark.parametrize(("name", "args", "data"), WRITING_VIEWS, ids=[case[0] for case in WRITING_VIEWS])
def test_coordinator_of_hub_b_cannot_change_hub_a(client, world, other_coordinator, name, args, data):
    login(client, other_coordinator)
    before = snapshot()
    response = client.post(reverse(f"hubs:{name}", args=args(world)), data(world))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), WRITING_VIEWS, ids=[case[0] for case in WRITING_VIEWS])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name, args, data):
    before = snapshot()
    response = client.post(reverse(f"hubs:{name}", args=args(world)), data(world))
    assert response.status_code == 302 and "sign-in" in response.url
    assert snapshot() == before


def test_the_same_writes_succeed_for_the_hubs_own_coordinator(client, world, coordinator):
    """The grid above can fail: the hub's coordinator gets through the same doors."""
    login(client, coordinator)
    for name in ("membership_decide", "mentorship_status", "initiative_to_topic", "working_group_seat"):
        case = next(case for case in WRITING_VIEWS if case[0] == name)
        response = client.post(reverse(f"hubs:{name}", args=case[1](world)), case[2](world))
        assert response.status_code == 302, name
    assert Membership.objects.get(pk=world["requested"].pk).status == Membership.Status.ACTIVE
    assert Mentorship.objects.get().status == Mentorship.Status.COMPLETED
    assert Initiative.objects.get().topic is not None
    assert WorkingGroupMember.objects.get(topic=world["topic"], user=world["rep"]).role == "lead"


def test_a_plain_staff_member_cannot_take_the_body_out_of_the_hub(client, hub):
    staff = make_member(hub, role=None)  # represents the body but does not speak for it
    login(client, staff)
    before = snapshot()
    assert client.post(reverse("hubs:membership_leave", args=[hub.slug])).status_code == 403
    assert snapshot() == before


def test_the_bodys_editor_leaves_the_hub(client, hub):
    editor = make_member(hub)
    login(client, editor)
    client.post(reverse("hubs:membership_leave", args=[hub.slug]))
    assert Membership.objects.get(hub=hub).status == Membership.Status.LEFT


def test_staff_of_a_non_member_body_cannot_represent_it(client, hub, body):
    staff = make_user(body=body)
    login(client, staff)
    assert client.post(reverse("hubs:representative_join", args=[hub.slug])).status_code == 404
    assert not Representative.objects.exists()


def test_staff_of_a_member_body_joins_as_representative_once(client, hub, body):
    make_member(hub, body)
    staff = make_user(body=body)
    login(client, staff)
    url = en("representative_join", hub.slug)
    client.post(url)
    response = client.post(url, follow=True)
    assert Representative.objects.filter(user=staff).count() == 1
    assert any("already represents" in message for message in messages_of(response))


def test_person_without_a_body_cannot_submit_an_initiative(client, citizen):
    hub = make_hub("innovation", reviews_initiatives=True)
    login(client, citizen)
    assert client.post(reverse("hubs:initiative_submit", args=[hub.slug]), {"title": "x"}).status_code == 403
    assert not Initiative.objects.exists()


def test_mentorship_create_by_another_bodys_editor_is_refused(client, hub, body, other_body_editor):
    login(client, other_body_editor)
    before = snapshot()
    response = client.post(
        en("mentorship_create", hub.slug),
        {"mentor_body": body.pk, "mentee_bodies": [other_body_editor.local_body_id], "topic_ar": "الأرشفة"},
    )
    # The editor may only name their own body as mentor: the form refuses another body and is shown again.
    assert snapshot() == before
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{body.pk}” was not found" in page and "الأرشفة" in page


def test_the_mentoring_form_picks_bodies_by_name_never_listing_every_body(client, hub, body, body_editor):
    """Issue 22: at 10,000 bodies a select of every body took a second and a half to render. The mentor body is
    the editor's own, filled in; peer bodies are typed by name (core/pickers.py)."""
    peer = LocalBodyFactory(name_ar="بيتونيا", name_en="Beitunia")
    login(client, body_editor)
    page = client.get(en("mentorships", hub.slug)).content.decode()
    assert "<select" not in page.split('action="' + en("mentorship_create", hub.slug))[-1].split("</form>")[0]
    assert re.search(rf'<input type="text" name="mentor_body" value="{re.escape(body.name_en)}[^"]*"', page)
    assert "Beitunia" not in page
    client.post(
        en("mentorship_create", hub.slug),
        {"mentor_body": body.name_ar, "mentee_bodies": "Beitunia", "topic_ar": "الأرشفة"},
    )
    mentorship = Mentorship.objects.get()
    assert mentorship.mentor_body == body and list(mentorship.mentee_bodies.all()) == [peer]


def test_citizen_cannot_record_a_mentorship(client, hub, body, citizen):
    login(client, citizen)
    before = snapshot()
    response = client.post(reverse("hubs:mentorship_create", args=[hub.slug]), {"mentor_body": body.pk})
    assert response.status_code == 403
    assert snapshot() == before


# --- Bad input: a clear, translated message and nothing changes ---


def test_voting_after_the_period_and_twice_changes_nothing(client, world):
    rep = world["rep"]
    login(client, rep)
    url = en("ballot_cast", world["hub"].slug, world["voting"].pk)
    client.post(url, {"candidate": world["candidate"].pk})
    assert Ballot.objects.count() == 1
    before = snapshot()
    response = client.post(url, {"candidate": world["candidate"].pk}, follow=True)
    assert any("has already voted" in message for message in messages_of(response))
    assert snapshot() == before
    Election.objects.filter(pk=world["voting"].pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    other = make_member(world["hub"])
    login(client, other)
    before = snapshot()
    response = client.post(url, {"candidate": world["candidate"].pk}, follow=True)
    assert "Voting has ended." in messages_of(response)
    assert snapshot() == before


def test_voting_outside_the_period_message_in_english(client, world):
    Election.objects.filter(pk=world["voting"].pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    login(client, world["rep"])
    before = snapshot()
    response = client.post(
        en("ballot_cast", world["hub"].slug, world["voting"].pk), {"candidate": world["candidate"].pk}, follow=True
    )
    assert "Voting has ended." in messages_of(response)
    assert snapshot() == before


def test_answering_an_invitation_of_a_body_already_member_changes_nothing(client, hub, coordinator, body, body_editor):
    services.invitation_send(actor=coordinator, hub=hub, bodies=[body])
    login(client, body_editor)
    invitation = Invitation.objects.get()
    url = en("invitation_answer", invitation.pk)
    client.post(url, {"accept": "1"})
    before = snapshot()
    response = client.post(url, {"accept": "1"}, follow=True)
    assert "This invitation is already answered." in messages_of(response)
    assert snapshot() == before
    response = client.post(en("membership_request", hub.slug), follow=True)
    assert any("is already a member" in message for message in messages_of(response))
    assert snapshot() == before


def test_a_ranking_without_a_topic_is_refused_in_arabic_and_english(client, world):
    topics = [world["topic"]] + [
        services.topic_propose(actor=world["rep"], work_plan=world["plan"], title_ar=f"موضوع {i}") for i in range(2)
    ]
    login(client, world["rep"])
    before = snapshot()
    data = {"order": [topic.pk for topic in topics]}  # nothing ticked
    response = client.post(en("topic_rank", world["hub"].slug, world["plan"].pk), data)
    assert response.status_code == 400
    assert "Tick at least one topic: your ranking needs a first priority." in response.content.decode()
    with translation.override("ar"):
        url = reverse("hubs:topic_rank", args=[world["hub"].slug, world["plan"].pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["ranking_form"].errors["ranked"]  # the Arabic page shows it too
    assert snapshot() == before


# --- Query counts, pagination and empty states ---


def _count(client, django_assert_max_num_queries, url, limit=40):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_invitations_page_queries_do_not_grow(client, hub, coordinator, django_assert_max_num_queries):
    login(client, coordinator)
    url = reverse("hubs:invitations", args=[hub.slug])
    services.invitation_send(actor=coordinator, hub=hub, bodies=[LocalBodyFactory() for _ in range(2)])
    few, _ = _count(client, django_assert_max_num_queries, url)
    services.invitation_send(actor=coordinator, hub=hub, bodies=[LocalBodyFactory() for _ in range(25)])
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.context["page"].paginator.num_pages == 2
    assert client.get(url, {"page": "٢"}).context["page"].number == 2  # Arabic-Indic page number


def test_invitations_page_empty_state(client, hub, coordinator):
    login(client, coordinator)
    assert "No invitation sent yet." in client.get(en("invitations", hub.slug)).content.decode()


def test_initiatives_page_queries_do_not_grow(client, body, django_assert_max_num_queries):
    hub = make_hub("innovation", reviews_initiatives=True)
    from .conftest import make_coordinator

    coordinator = make_coordinator(hub)
    login(client, coordinator)
    url = reverse("hubs:initiatives", args=[hub.slug])
    staff = make_user(body=body)

    def submit(n):
        for i in range(n):
            services.initiative_submit(
                actor=staff, hub=hub, body=body, title=f"فكرة {i}", problem="م", solution="ح", contact_name="س"
            )

    submit(1)
    few, _ = _count(client, django_assert_max_num_queries, url)
    submit(8)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_mentoring_page_queries_do_not_grow_and_empty_state(client, hub, coordinator, django_assert_max_num_queries):
    url = reverse("hubs:mentorships", args=[hub.slug])
    assert "No peer mentoring yet." in client.get(en("mentorships", hub.slug)).content.decode()

    def add(n):
        for i in range(n):
            mentorship = services.mentorship_create(
                actor=coordinator,
                hub=hub,
                mentor_body=LocalBodyFactory(),
                mentee_bodies=[LocalBodyFactory(), LocalBodyFactory()],
                topic_ar=f"ممارسة {i}",
            )
            services.mentoring_session_add(
                actor=coordinator, mentorship=mentorship, held_on=datetime.date(2026, 2, i + 1)
            )

    add(1)
    login(client, coordinator)
    few, _ = _count(client, django_assert_max_num_queries, url)
    add(6)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 7


def test_my_invitations_page_and_empty_state(client, hub, coordinator, body, body_editor):
    login(client, body_editor)
    url = en("my_invitations")
    assert "No invitation is waiting for your body." in client.get(url).content.decode()
    services.invitation_send(actor=coordinator, hub=hub, bodies=[body])
    assert hub.name_ar in client.get(url).content.decode()


def test_hub_list_is_paginated(client, settings):
    for n in range(25):
        make_hub(f"hub-{n:02}", position=n)
    first = client.get(reverse("hubs:hub_list"))
    assert len(first.context["page"].object_list) == settings.PAGE_SIZE
    second = client.get(reverse("hubs:hub_list"), {"page": 2})
    assert [hub.slug for hub in second.context["page"].object_list] == [f"hub-{n}" for n in range(20, 25)]


# --- The pages that were added: mentoring, working groups, hub editing, initiative → topic ---


def test_a_mentoring_names_its_first_peer_bodies_and_latest_sessions_and_counts_them_all(client, hub, coordinator):
    """A mentoring had 206 peer bodies at scale, every one named (issue 22): its row names the first ten by name and
    lists the latest five sessions, with how many of each there are."""
    from tabadul.hubs.selectors import MENTEES_SHOWN, SESSIONS_SHOWN

    peers = [LocalBodyFactory(name_ar=f"بلدة {n:02}", name_en=f"Peer town {n:02}") for n in range(MENTEES_SHOWN + 3)]
    mentorship = services.mentorship_create(
        actor=coordinator, hub=hub, mentor_body=LocalBodyFactory(), mentee_bodies=peers[::-1], topic_ar="تدريب"
    )
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * n) for n in range(SESSIONS_SHOWN + 2)]
    for day in days:
        services.mentoring_session_add(actor=coordinator, mentorship=mentorship, held_on=day, place=f"مكان {day:%m%d}")
    response = client.get(en("mentorships", hub.slug))
    [row] = response.context["page"].object_list
    assert (row.mentee_count, row.session_count) == (len(peers), len(days))
    assert row.mentees_shown == peers[:MENTEES_SHOWN]
    assert [s.held_on for s in row.sessions_shown] == days[::-1][:SESSIONS_SHOWN]
    page = response.content.decode()
    assert "and 3 other bodies" in page and peers[-1].name_en not in page and peers[0].name_en in page
    assert f"{len(days)} sessions" in page and "The latest sessions:" in page
    assert f"مكان {days[-1]:%m%d}" in page and f"مكان {days[0]:%m%d}" not in page


def test_a_body_editor_records_a_mentorship_for_their_own_body_and_its_sessions(client, hub, body, body_editor):
    peer = LocalBodyFactory()
    login(client, body_editor)
    client.post(
        reverse("hubs:mentorship_create", args=[hub.slug]),
        {"mentor_body": body.pk, "mentee_bodies": [peer.pk], "topic_ar": "نظم المعلومات الجغرافية"},
    )
    mentorship = Mentorship.objects.get()
    assert mentorship.mentor_body == body and list(mentorship.mentee_bodies.all()) == [peer]
    client.post(reverse("hubs:mentoring_session_add", args=[hub.slug, mentorship.pk]), {"held_on": "٢٠٢٦-٠٣-٠١"})
    session = mentorship.sessions.get()
    assert session.held_on == datetime.date(2026, 3, 1)
    assert set(session.bodies.all()) == {body, peer}
    page = client.get(reverse("hubs:mentorships", args=[hub.slug])).content.decode()
    assert "نظم المعلومات الجغرافية" in page


def test_mentoring_without_a_peer_body_gets_a_message(client, hub, body, body_editor):
    login(client, body_editor)
    response = client.post(
        en("mentorship_create", hub.slug),
        {"mentor_body": body.pk, "mentee_bodies": [body.pk], "topic_ar": "الأرشفة"},
        follow=True,
    )
    assert "Name at least one peer body other than the mentor." in messages_of(response)
    assert not Mentorship.objects.exists()


def test_working_group_join_leave_and_topic_page(client, world, django_assert_max_num_queries):
    other = make_member(world["hub"])
    login(client, other)
    topic = world["topic"]
    client.post(reverse("hubs:working_group_join", args=[world["hub"].slug, topic.pk]))
    seat = WorkingGroupMember.objects.get(topic=topic, user=other)
    response = client.post(en("working_group_join", world["hub"].slug, topic.pk), follow=True)
    assert any("already in this working group" in message for message in messages_of(response))
    # Someone else's seat cannot be taken away by a fellow member.
    assert (
        client.post(
            reverse("hubs:working_group_leave", args=[world["hub"].slug, topic.pk, world["seat"].pk])
        ).status_code
        == 403
    )
    with django_assert_max_num_queries(30):
        page = client.get(topic.get_absolute_url())
    assert page.context["my_seat"] == seat
    assert "No activity is planned for this topic yet." in client.get(en_url(topic)).content.decode()
    client.post(reverse("hubs:working_group_leave", args=[world["hub"].slug, topic.pk, seat.pk]))
    assert not WorkingGroupMember.objects.filter(user=other).exists()


def test_the_coordinator_seats_a_representative_picked_by_name(client, world, coordinator):
    """Issue 22: a large hub has thousands of representatives; the seat form is a picker, never a select of them."""
    hub, topic = world["hub"], world["topic"]
    other = make_member(hub)
    other.full_name = "سلمى عودة"
    other.save(update_fields=["full_name"])
    login(client, coordinator)
    page = client.get(en_url(topic)).content.decode()
    seat_form = page.split('action="' + en("working_group_seat", hub.slug, topic.pk))[1].split("</form>")[0]
    assert "<select" not in seat_form and 'data-picker="/en/pick/people/"' in seat_form
    client.post(en("working_group_seat", hub.slug, topic.pk), {"user": "سلمى عوده"})  # taa marbuta folded
    assert WorkingGroupMember.objects.filter(topic=topic, user=other).exists()


def test_coordinator_edits_the_hub(client, hub, coordinator):
    login(client, coordinator)
    url = reverse("hubs:hub_edit", args=[hub.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name_ar": "منصة العلاقات العامة",
            "status": "active",
            "launch_date": "٢٠٢٣-٠٣-١٥",
            "launch_attendance": "٤٥",
            "launch_city_ar": "رام الله",
        },
    )
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.name_ar, hub.launch_date, hub.launch_attendance) == (
        "منصة العلاقات العامة",
        datetime.date(2023, 3, 15),
        45,
    )
    assert AuditEvent.objects.filter(action="hubs.hub.update").exists()


def test_topic_events_show_the_activities_linked_to_the_topic(client, world):
    from tabadul.events.models import Event

    fields = {f.name for f in Event._meta.get_fields()}
    if "topics" not in fields:  # pragma: no cover - the events app links events to topics
        pytest.skip("events have no topics")
    from tabadul.hubs.selectors import topic_events

    assert topic_events(topic=world["topic"], user=world["rep"]) == []


def test_body_editor_staff_role_is_needed_to_ask_to_join(client, hub, body):
    staff = make_user(body=body)  # staff, but neither editor nor approver
    login(client, staff)
    assert client.post(reverse("hubs:membership_request", args=[hub.slug])).status_code == 403
    approver = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body)
    login(client, approver)
    client.post(reverse("hubs:membership_request", args=[hub.slug]))
    assert Membership.objects.filter(hub=hub, body=body, status=Membership.Status.REQUESTED).exists()


def test_members_page_lists_members_by_region_and_filters_by_type(client, hub):
    from tabadul.directory.models import LocalBody, Region

    north, south = Region.objects.get(code="north"), Region.objects.get(code="south")
    municipality = LocalBodyFactory(region=north, governorate=None, type=LocalBody.Type.MUNICIPALITY)
    council = LocalBodyFactory(region=south, governorate=None, type=LocalBody.Type.VILLAGE_COUNCIL)
    make_member(hub, municipality), make_member(hub, council)
    url = reverse("hubs:members", args=[hub.slug])
    response = client.get(url)
    assert [region for region, _members in response.context["members_by_region"]] == [north, south]
    assert {value for value, _label, n in response.context["member_types"]} == {"municipality", "village_council"}
    response = client.get(url, {"type": "village_council"})
    assert [m.body for _region, ms in response.context["members_by_region"] for m in ms] == [council]
    response = client.get(url, {"type": "<script>"})  # unknown type: the whole list
    assert sum(len(ms) for _region, ms in response.context["members_by_region"]) == 2


def test_hub_page_counts_its_members_and_links_to_the_members_page(client, hub):
    from tabadul.directory.models import LocalBody

    palestinian = LocalBodyFactory(type=LocalBody.Type.MUNICIPALITY)
    make_member(hub, palestinian), make_member(hub, LocalBodyFactory(type=LocalBody.Type.VILLAGE_COUNCIL))
    with translation.override("en"):
        page = client.get(hub.get_absolute_url()).content.decode()
        members_url = reverse("hubs:members", args=[hub.slug])
    assert "2 member bodies" in page
    assert f'href="{members_url}?type=village_council"' in page
    assert f'href="{members_url}?country={palestinian.country.code}"' in page
    assert palestinian.name_en not in page  # the bodies themselves are on the members page
    assert palestinian.name_en in client.get(members_url).content.decode()


def test_the_hub_pages_old_member_list_addresses_lead_to_the_members_page(client, hub):
    members_url = reverse("hubs:members", args=[hub.slug])
    for query in ("region=north", "type=village_council&country=PS", "page=2", "governorate=nablus"):
        response = client.get(f"{hub.get_absolute_url()}?{query}")
        assert response.status_code == 302 and response["Location"] == f"{members_url}?{query}"
    assert client.get(f"{hub.get_absolute_url()}?utm_source=mail").status_code == 200  # other parameters: the page


def test_admin_pages_render_and_ballots_are_not_browsable(client, world):
    admin = make_user(is_superuser=True, is_staff=True)
    login(client, admin)
    for model in ("hub", "membership", "election", "workplan", "workplantopic", "mentorship", "initiative"):
        assert client.get(f"/admin/hubs/{model}/").status_code == 200, model
    assert client.get(f"/admin/hubs/election/{world['voting'].pk}/change/").status_code == 200
    assert client.get("/admin/hubs/ballot/").status_code == 404
    assert client.get("/admin/hubs/ballotreceipt/").status_code == 404


def test_election_work_plan_and_manage_pages_queries_do_not_grow(
    client, world, coordinator, body, django_assert_max_num_queries
):
    hub, plan, voting = world["hub"], world["plan"], world["voting"]
    login(client, coordinator)
    pages = [
        voting.get_absolute_url(),
        reverse("hubs:work_plan", args=[hub.slug, plan.pk]),
        reverse("hubs:manage", args=[hub.slug]),
    ]
    counts = [_count(client, django_assert_max_num_queries, url)[0] for url in pages]
    for i in range(4):
        member = make_member(hub)
        Candidate.objects.create(election=voting, user=member, body=member.local_body)
        services.topic_propose(actor=member, work_plan=plan, title_ar=f"موضوع جديد {i}")
        services.membership_request(
            actor=make_user(role=RoleGrant.Role.BODY_EDITOR, body=(other := LocalBodyFactory())), hub=hub, body=other
        )
    for url, few in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(few):
            assert client.get(url).status_code == 200


def test_results_are_hidden_until_the_close(client, world, coordinator):
    rep = world["rep"]
    login(client, rep)
    client.post(
        reverse("hubs:ballot_cast", args=[world["hub"].slug, world["voting"].pk]), {"candidate": world["candidate"].pk}
    )
    page = client.get(en_url(world["voting"]))
    assert page.context["tally"] is None and "Results" not in page.content.decode()
    Election.objects.filter(pk=world["voting"].pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    login(client, coordinator)
    page = client.get(en_url(world["voting"]))
    assert page.context["tally"] is None and "Count and publish the results" in page.content.decode()
    client.post(reverse("hubs:election_close", args=[world["hub"].slug, world["voting"].pk]))
    page = client.get(en_url(world["voting"]))
    assert [(c.pk, votes) for c, votes in page.context["tally"]] == [(world["candidate"].pk, 1)]
    assert "1 ballot cast" in page.content.decode()
    # The term end: the previous coordinator's mandate ends the day before the new term (never before it began).
    previous = Mandate.objects.get(user=coordinator)
    assert previous.ends_on == max(datetime.date(2025, 12, 31), previous.starts_on)
    assert Mandate.objects.get(user=rep).ends_on == datetime.date(2027, 12, 31)


def test_a_representative_stops_representing_and_outsiders_have_nothing_to_stop(client, hub, citizen):
    rep = make_member(hub)
    login(client, citizen)
    assert client.post(reverse("hubs:representative_leave", args=[hub.slug])).status_code == 404
    assert Representative.objects.filter(user=rep).exists()
    login(client, rep)
    client.post(reverse("hubs:representative_leave", args=[hub.slug]))
    assert not Representative.objects.filter(user=rep).exists()
    assert AuditEvent.objects.filter(action="hubs.representative.leave").exists()


def test_a_body_joins_the_chapter_of_its_region(client, hub, coordinator, body, body_editor):
    from tabadul.hubs.models import Chapter

    chapter = Chapter.objects.create(hub=hub, region=body.region, name_ar="فرع")
    services.membership_request(actor=body_editor, hub=hub, body=body)
    assert Membership.objects.get(hub=hub, body=body).chapter == chapter
    invited = LocalBodyFactory(region=body.region)
    services.invitation_send(actor=coordinator, hub=hub, bodies=[invited])
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=invited)
    services.invitation_answer(actor=editor, invitation=Invitation.objects.get(body=invited), accept=True)
    assert Membership.objects.get(hub=hub, body=invited).chapter == chapter


def test_hub_and_topic_pages_list_the_documents_the_visitor_may_see(client, world, body, body_editor, coordinator):
    from tabadul.library.models import Document
    from tabadul.library.tests.factories import make_document

    hub, topic = world["hub"], world["topic"]
    written = make_document(actor=coordinator, author_hubs=[hub], title_ar="دليل المنصة")  # the hub's own
    serving = make_document(actor=body_editor, author_bodies=[body], topics=[topic], title_ar="دراسة الموازنة")
    make_document(
        actor=body_editor,
        author_bodies=[body],
        topics=[topic],
        title_ar="مسودة خاصة",
        visibility=Document.Visibility.PRIVATE,
    )
    make_document(actor=body_editor, author_bodies=[body], title_ar="وثيقة لا علاقة لها")
    page = client.get(hub.get_absolute_url())
    assert {d.pk for d in page.context["documents"]} == {written.pk, serving.pk}
    assert "مسودة خاصة" not in page.content.decode()
    page = client.get(topic.get_absolute_url())
    assert [d.pk for d in page.context["documents"]] == [serving.pk]


def test_hub_and_topic_pages_show_the_sdg_and_kpi_alignment(client, world, coordinator):
    from tabadul.alignment.models import Kpi

    kpi = Kpi.objects.create(code="own-revenue", name_ar="نسبة الإيرادات الذاتية", name_en="Own revenue share")
    topic = world["topic"]
    services.topic_align(actor=coordinator, topic=topic, targets=["11.3"], kpis=[kpi])
    for url in (world["hub"].get_absolute_url(), topic.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "11.3" in content and "نسبة الإيرادات الذاتية" in content
        assert reverse("alignment:goal_detail", args=[11]) in content  # tagging a target tags its goal


def test_a_representative_nominates_another_and_the_coordinator_ends_a_term(client, world, coordinator):
    hub, election = world["hub"], world["nominating"]
    other = make_member(hub)
    login(client, world["rep"])
    client.post(reverse("hubs:candidate_nominate", args=[hub.slug, election.pk]), {"user": other.pk})
    candidate = Candidate.objects.get(election=election)
    assert (candidate.user, candidate.nominated_by) == (other, world["rep"])
    outsider = make_user(body=LocalBodyFactory())
    response = client.post(
        en("candidate_nominate", hub.slug, election.pk), {"user": outsider.pk}, follow=True
    )  # not a representative
    assert any(f"“{outsider.pk}” was not found" in message for message in messages_of(response))
    assert Candidate.objects.filter(election=election).count() == 1
    login(client, coordinator)
    mandate = Mandate.objects.get(user=coordinator)
    client.post(reverse("hubs:mandate_end", args=[hub.slug, mandate.pk]))
    mandate.refresh_from_db()
    assert mandate.ends_on == timezone.localdate()
