import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.twinning import services
from tabadul.twinning.models import GroupDocument, Milestone, SelfAssessment, TwinningGroup

from .conftest import START, foreign_body, make_group

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def _meeting(group, admin, name):
    starts = timezone.now() + dt.timedelta(days=3)
    return services.meeting_schedule(
        actor=admin,
        group=group,
        name_ar=name,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        online_url="https://meet.example.org/x",
    )


def _document(group, actor, title):
    return services.document_upload(
        actor=actor, group=group, title=title, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf")
    )


def test_network_list_is_reachable_by_its_navigation_name(client, network):
    response = client.get(reverse("twinning:network_list"))
    assert response.status_code == 200
    assert "Test network" in response.content.decode()


def test_empty_network_list(client, db):
    assert "No learning network yet." in client.get(reverse("twinning:network_list")).content.decode()


def test_members_of_group_a_cannot_see_group_b_documents_or_meetings(
    client, admin, group_a, group_b, member_a, member_b
):
    doc_a = _document(group_a, member_a, "وثيقة أ")
    doc_b = _document(group_b, member_b, "وثيقة ب")
    _meeting(group_a, admin, "اجتماع أ")
    _meeting(group_b, admin, "اجتماع ب")
    login(client, member_a)
    own = client.get(group_a.get_absolute_url()).content.decode()
    assert "وثيقة أ" in own and "اجتماع أ" in own
    other = client.get(group_b.get_absolute_url())
    assert other.status_code == 200  # the public part (plan) is shared
    html = other.content.decode()
    assert "وثيقة ب" not in html and "اجتماع ب" not in html and "وثيقة أ" not in html
    assert client.get(reverse("twinning:document_download", args=[doc_b.pk])).status_code == 404
    response = client.get(reverse("twinning:document_download", args=[doc_a.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    # the meeting's event itself is invitation-only: the events app hides it from the other group
    event_b = group_b.meetings.get().event
    assert client.get(event_b.get_absolute_url()).status_code == 404
    assert client.get(group_a.meetings.get().event.get_absolute_url()).status_code == 200
    # and the other group's progress page is refused
    assert client.get(reverse("twinning:group_progress", args=[group_b.pk])).status_code == 403


def test_anonymous_people_cannot_download(client, group_a, member_a):
    document = _document(group_a, member_a, "وثيقة")
    response = client.get(reverse("twinning:document_download", args=[document.pk]))
    assert response.status_code == 302


def test_an_overdue_milestone_shows_as_overdue(client, group_a, facilitator, bodies):
    services.milestone_create(
        actor=facilitator, group=group_a, title="مسودة متأخرة", owner_body=bodies[0], due_on=START
    )
    services.milestone_create(
        actor=facilitator, group=group_a, title="منجزة", owner_body=bodies[0], due_on=START, status="done"
    )
    html = client.get(group_a.get_absolute_url()).content.decode()
    assert html.count("twinning-overdue") == 1
    row = html[html.index("مسودة متأخرة") : html.index("منجزة")]
    assert "Overdue" in row


def test_group_pages_and_forms_refuse_people_without_the_right(client, group_a, member_a, bodies):
    milestone = services.milestone_create(
        actor=group_a.facilitator, group=group_a, title="م", owner_body=bodies[0], due_on=START
    )
    login(client, member_a)
    urls = [
        reverse("twinning:group_edit", args=[group_a.pk]),
        reverse("twinning:milestone_create", args=[group_a.pk]),
        reverse("twinning:milestone_edit", args=[milestone.pk]),
        reverse("twinning:meeting_create", args=[group_a.pk]),
        reverse("twinning:group_review", args=[group_a.pk]),
        reverse("twinning:network_edit", args=[group_a.network.slug]),
        reverse("twinning:criterion_add", args=[group_a.network.slug]),
        reverse("twinning:group_create", args=[group_a.network.slug]),
        reverse("twinning:network_create"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x", "status": "active"}).status_code == 403, url
    # member_a's body does not own the milestone
    assert client.post(reverse("twinning:milestone_status", args=[milestone.pk]), {"status": "done"}).status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.PLANNED


def test_outsiders_cannot_share_documents_or_assess(client, group_a, member_b):
    login(client, member_b)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf")
    url = reverse("twinning:document_upload", args=[group_a.pk])
    assert client.post(url, {"title": "x", "file": upload}).status_code == 403
    assert not GroupDocument.objects.exists()
    assert client.get(reverse("twinning:assessment_edit", args=[group_a.pk])).status_code == 403


def test_member_shares_a_document_through_the_form(client, group_a, member_a):
    login(client, member_a)
    upload = SimpleUploadedFile("خطة.pdf", b"%PDF-1.4 x", "application/pdf")
    response = client.post(reverse("twinning:document_upload", args=[group_a.pk]), {"title": "الخطة", "file": upload})
    assert response.status_code == 302
    assert GroupDocument.objects.get().original_name == "خطة.pdf"
    bad = SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")
    response = client.post(reverse("twinning:document_upload", args=[group_a.pk]), {"title": "x", "file": bad})
    assert response.status_code == 200 and "is not a file of an accepted type" in response.content.decode()


def test_group_form_shows_the_one_member_message(client, network, facilitator, bodies):
    login(client, facilitator)
    response = client.post(
        reverse("twinning:group_create", args=[network.slug]),
        {
            "name_ar": "مجموعة",
            "theme": "led_strategy",
            "objectives": "أهداف",
            "starts_on": "2026-03-15",
            "facilitator": facilitator.pk,
            "status": "forming",
            "members": [bodies[0].pk],
        },
    )
    assert response.status_code == 200
    assert "A twinning group needs at least two member bodies." in response.content.decode()
    assert not TwinningGroup.objects.exists()


def test_group_form_picks_bodies_and_the_facilitator_by_name_among_the_networks(client, network, facilitator, bodies):
    """No <select> of every body or person (issue 22): names are typed, and only the network's are accepted."""
    outsider = foreign_body("JO", name_en="Outside Municipality")
    login(client, facilitator)
    url = reverse("twinning:group_create", args=[network.slug])
    html = client.get(url).content.decode()
    assert 'name="members"' in html and 'name="facilitator"' in html
    assert not re.search(r'<select[^>]*name="(members|facilitator)"', html)
    values = {
        "name_ar": "مجموعة بالأسماء",
        "theme": "led_strategy",
        "objectives": "أهداف",
        "starts_on": "2026-03-15",
        "facilitator": facilitator.full_name,
        "status": "forming",
        "members": f"{bodies[0].name_en}\n{bodies[1].name_ar}\n{outsider.name_en}",
    }
    response = client.post(url, values)
    assert response.status_code == 200 and "Outside Municipality" in response.content.decode()
    assert not TwinningGroup.objects.exists()
    values["members"] = f"{bodies[0].name_en}\n{bodies[1].name_ar}"
    assert client.post(url, values).status_code == 302
    group = TwinningGroup.objects.get()
    assert set(group.members.all()) == {bodies[0], bodies[1]} and group.facilitator == facilitator


def test_milestone_form_shows_the_early_due_date_message(client, group_a, facilitator, bodies):
    login(client, facilitator)
    response = client.post(
        reverse("twinning:milestone_create", args=[group_a.pk]),
        {"title": "م", "owner_body": bodies[0].pk, "due_on": "٢٠٢٦-٠١-٠١", "status": "planned"},
    )
    assert response.status_code == 200
    # The group's start date, as every date on a page shows (core/formats.py).
    assert "A milestone cannot be due before the group starts (15 March 2026)." in response.content.decode()
    response = client.post(
        reverse("twinning:milestone_create", args=[group_a.pk]),
        {"title": "م", "owner_body": bodies[0].pk, "due_on": "٢٠٢٦-٠٤-٠١", "status": "planned"},
    )
    assert response.status_code == 302
    assert Milestone.objects.get().due_on == dt.date(2026, 4, 1)


def test_owner_staff_moves_a_milestone(client, group_a, bodies):
    milestone = services.milestone_create(
        actor=group_a.facilitator, group=group_a, title="م", owner_body=bodies[1], due_on=START
    )
    login(client, make_user(body=bodies[1]))
    response = client.post(reverse("twinning:milestone_status", args=[milestone.pk]), {"status": "done"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == "done"


def test_self_assessment_form_and_progress_page(client, group_a, member_a, network, facilitator):
    criteria = list(network.criteria.all())
    login(client, member_a)
    url = reverse("twinning:assessment_edit", args=[group_a.pk])
    assert client.get(url).status_code == 200
    data = {"period": "2026-Q3", "narrative": "عملنا على التشخيص", f"score_{criteria[0].pk}": "٤"}
    response = client.post(url, data)
    assert response.status_code == 200  # a criterion without score
    data[f"score_{criteria[1].pk}"] = "3"
    assert client.post(url, data).status_code == 302
    assessment = SelfAssessment.objects.get()
    assert assessment.body == member_a.local_body and assessment.status == "draft"
    progress = client.get(reverse("twinning:group_progress", args=[group_a.pk])).content.decode()
    assert "عملنا على التشخيص" in progress
    client.logout()
    login(client, facilitator)
    response = client.post(
        reverse("twinning:group_review", args=[group_a.pk]),
        {"period": "2026-Q3", "rating": "on_track", "comments": "تقدم جيد"},
    )
    assert response.status_code == 302
    assert "تقدم جيد" in client.get(reverse("twinning:group_progress", args=[group_a.pk])).content.decode()


def test_network_overview_query_count_does_not_grow(
    client, admin, network, bodies, facilitator, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 10
    for index in range(3):
        group = make_group(actor=admin, network=network, members=bodies[:2], facilitator=facilitator, name=f"م{index}")
        services.milestone_create(actor=admin, group=group, title="م", owner_body=bodies[0], due_on=START)
    url = reverse("twinning:network_detail", args=[network.slug])
    with django_assert_max_num_queries(8):
        small = client.get(url)
    for index in range(15):
        make_group(actor=admin, network=network, members=bodies[1:3], facilitator=make_user(), name=f"ن{index}")
    with django_assert_max_num_queries(8):
        big = client.get(url)
    assert small.status_code == big.status_code == 200
    assert big.context["page"].paginator.count == 18 and len(big.context["page"].object_list) == 10
    assert "Page 1 of 2" in big.content.decode()


def test_network_overview_shows_overdue_counts(client, admin, network, group_a, bodies):
    services.milestone_create(actor=admin, group=group_a, title="م", owner_body=bodies[0], due_on=START)
    page = client.get(reverse("twinning:network_detail", args=[network.slug])).context["page"]
    (group,) = page.object_list
    assert group.overdue_count == 1 and group.milestone_count == 1 and group.done_count == 0


def test_network_overview_exports_to_excel(client, admin, network, group_a, group_b, bodies):
    services.milestone_create(actor=admin, group=group_a, title="م", owner_body=bodies[0], due_on=START)
    response = client.get(reverse("twinning:network_export", args=[network.slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Test network"
    header = rows[2]
    data = {row[0]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    assert set(data) == {"أ", "ب"}
    assert data["أ"]["Overdue milestones"] == 1 and data["ب"]["Overdue milestones"] == 0
    assert bodies[0].name_en in data["أ"]["Member bodies"]
    assert data["أ"]["Status"] == "Forming" and data["أ"]["Theme"] == "Local economic development strategy"


def test_partner_suggestions_page(client, group_a, member_a, bodies):
    login(client, member_a)
    response = client.get(reverse("twinning:partner_suggestions", args=[bodies[1].slug]))
    assert response.status_code == 200
    suggested = [s.body for s in response.context["suggestions"]]
    assert bodies[1] not in suggested and bodies[0] not in suggested  # itself and its current partner
    assert bodies[2] in suggested


def test_group_page_query_count_does_not_grow_with_milestones(
    client, admin, group_a, member_a, bodies, django_assert_max_num_queries
):
    login(client, member_a)
    for index in range(2):
        services.milestone_create(actor=admin, group=group_a, title=f"م{index}", owner_body=bodies[0], due_on=START)
        _document(group_a, member_a, f"و{index}")
    client.get(group_a.get_absolute_url())  # caches the header's waiting count
    with django_assert_max_num_queries(22) as few:
        client.get(group_a.get_absolute_url())
    for index in range(2, 12):
        services.milestone_create(actor=admin, group=group_a, title=f"م{index}", owner_body=bodies[1], due_on=START)
        _document(group_a, member_a, f"و{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(group_a.get_absolute_url())
    assert response.content.decode().count("twinning-overdue") == 12


def test_the_group_discussion_is_a_forum_for_participants_only(group_a, member_a, member_b, facilitator):
    owners = pytest.importorskip("tabadul.discussions.owners")
    from tabadul.discussions.models import Forum

    forum = Forum.objects.get(owner_id=group_a.pk, owner_type__model="twinninggroup")
    assert owners.is_forum_member(member_a, forum) and owners.is_forum_member(facilitator, forum)
    assert not owners.is_forum_member(member_b, forum)
    assert owners.is_forum_moderator(facilitator, forum) and not owners.is_forum_moderator(member_a, forum)


def test_the_group_page_links_members_to_the_discussion(client, group_a, member_a, member_b):
    pytest.importorskip("tabadul.discussions.owners")
    from django.urls import NoReverseMatch

    try:
        url = reverse("discussions:owner_forum", args=["twinning.twinninggroup", group_a.pk])
    except NoReverseMatch:
        pytest.skip("the discussions app has no pages yet")
    login(client, member_a)
    assert url in client.get(group_a.get_absolute_url()).content.decode()
    forum_page = client.get(url, follow=True)
    assert forum_page.status_code == 200
    client.logout()
    login(client, member_b)
    assert url not in client.get(group_a.get_absolute_url()).content.decode()
    forum_url = forum_page.redirect_chain[-1][0]
    assert client.get(forum_url).status_code in (403, 404)


def test_meeting_form_schedules_an_invitation_only_event(client, group_a, member_b, facilitator):
    schedule_url = reverse("twinning:meeting_create", args=[group_a.pk])
    login(client, member_b)  # neither manages the group nor may create events
    assert schedule_url not in client.get(group_a.get_absolute_url()).content.decode()
    client.logout()
    login(client, facilitator)  # the group's facilitator schedules its meetings
    assert schedule_url in client.get(group_a.get_absolute_url()).content.decode()
    data = {
        "name_ar": "اجتماع التوأمة",
        "date": "2026-12-10",
        "start": "11:00",
        "end": "10:00",
        "time_zone": "Asia/Amman",
        "online_url": "https://meet.example.org/t",
    }
    response = client.post(schedule_url, data)
    assert response.status_code == 200 and "The meeting must end after it starts." in response.content.decode()
    data["end"] = "12:30"
    response = client.post(schedule_url, data)
    meeting = group_a.meetings.get()
    assert response.status_code == 302 and response.url == meeting.event.get_absolute_url()
    assert meeting.event.visibility == "invitation" and meeting.event.time_zone == "Asia/Amman"
    assert meeting.event.local_starts_at.hour == 11


def test_network_list_query_count(client, admin, network, bodies, member_a, group_a, django_assert_max_num_queries):
    from tabadul.twinning.models import Network

    login(client, member_a)
    for index in range(12):
        Network.objects.create(slug=f"n{index}", name_ar=f"شبكة {index}", facilitating_organisation="CMI")
    client.get(reverse("twinning:network_list"))  # caches the header's waiting count
    with django_assert_max_num_queries(10):
        response = client.get(reverse("twinning:network_list"))
    assert [g.pk for g in response.context["my_groups"]] == [group_a.pk]
    assert response.context["page"].paginator.count == 13


def test_network_list_counts_each_networks_groups_and_members(client, admin, network, bodies, group_a, group_b):
    """The counts are subqueries (issue 22): neither multiplies the other, another network's rows do not count."""
    from tabadul.twinning.models import Network

    other = services.network_create(
        actor=admin, name_ar="شبكة أخرى", slug="other", facilitating_organisation="CMI", members=bodies[:1]
    )
    counts = {
        n.pk: (n.group_count, n.member_count) for n in client.get(reverse("twinning:network_list")).context["page"]
    }
    assert counts == {network.pk: (2, 4), other.pk: (0, 1)}
    assert Network.objects.count() == 2


def test_progress_page_query_count(
    client, group_a, network, bodies, member_a, facilitator, django_assert_max_num_queries
):
    criteria = list(network.criteria.all())
    for quarter in range(1, 4):
        services.assessment_save(
            actor=member_a,
            group=group_a,
            body=bodies[1],
            period=f"2026-Q{quarter}",
            narrative="سرد",
            scores={c.pk: 2 for c in criteria},
        )
        services.review_save(
            actor=facilitator, group=group_a, period=f"2026-Q{quarter}", rating="on_track", comments="م"
        )
    login(client, member_a)
    client.get(reverse("twinning:group_progress", args=[group_a.pk]))  # caches the header's waiting count
    with django_assert_max_num_queries(16):
        response = client.get(reverse("twinning:group_progress", args=[group_a.pk]) + "?period=2026-Q2")
    progress = response.context["progress"]
    assert progress.period == "2026-Q2" and progress.periods == ["2026-Q3", "2026-Q2", "2026-Q1"]
    assert [row.average for row in progress.rows] == [2.0, 2.0]
    assert client.get(reverse("twinning:group_progress", args=[group_a.pk]) + "?period=bad").status_code == 200


def test_progress_page_shows_the_member_bodies_a_page_at_a_time(client, admin, network, bodies, facilitator, settings):
    """A page of member bodies (columns and assessments); the average stays that of every assessment (issue 22)."""
    settings.PAGE_SIZE = 2
    group = make_group(actor=admin, network=network, members=bodies[1:], facilitator=facilitator, name="ج")
    criterion = network.criteria.first()
    scores = {bodies[1]: 1, bodies[2]: 2, bodies[3]: 4}
    for body, value in scores.items():
        services.assessment_save(
            actor=make_user(body=body),
            group=group,
            body=body,
            period="2026-Q2",
            narrative=f"سرد {value}",
            scores={c.pk: value for c in network.criteria.all()},
        )
    login(client, facilitator)
    url = reverse("twinning:group_progress", args=[group.pk])
    by_name = sorted(scores, key=lambda body: (body.name_ar, body.pk))
    for number, shown in ((1, by_name[:2]), (2, by_name[2:])):
        progress = client.get(f"{url}?bodies={number}").context["progress"]
        assert list(progress.bodies) == shown
        assert [a.body for a in progress.assessments] == shown
        row = next(row for row in progress.rows if row.criterion == criterion)
        assert row.scores == {body.pk: scores[body] for body in shown}
        assert row.average == 2.3  # (1 + 2 + 4) / 3, over every page
    assert "bodies=2#assessments" in client.get(url).content.decode()


def test_network_edit_adds_and_removes_members_by_name(client, admin, network, bodies, group_a):
    """The form never lists the members (thousands at scale, issue 22): it names the bodies joining and leaving."""
    newcomer = foreign_body("IQ")
    login(client, admin)
    url = reverse("twinning:network_edit", args=[network.slug])
    form = client.get(url).context["form"]
    assert "members" not in form.fields and "facilitators" not in form.fields
    values = {"name_ar": network.name_ar, "slug": network.slug, "facilitating_organisation": "CMI"}
    refused = client.post(url, values | {"remove_members": bodies[0].name_ar})  # in a current group
    assert "cannot be removed" in refused.content.decode()
    response = client.post(url, values | {"add_members": newcomer.name_ar, "remove_members": bodies[3].name_ar})
    assert response.status_code == 302
    assert set(network.members.all()) == {*bodies[:3], newcomer}


def test_group_page_shows_members_and_milestones_a_page_at_a_time(
    client, admin, network, bodies, facilitator, settings
):
    """Both lists are paged (issue 22); a link to a milestone (a reminder) opens the page that holds it."""
    settings.PAGE_SIZE = 2
    group = make_group(actor=admin, network=network, members=bodies[1:], facilitator=facilitator, name="د")
    milestones = [
        services.milestone_create(
            actor=facilitator, group=group, title=f"م{day}", owner_body=bodies[1], due_on=START + dt.timedelta(days=day)
        )
        for day in (30, 10, 20)
    ]
    login(client, facilitator)
    url = group.get_absolute_url()
    page = client.get(url).context
    assert [m.pk for m in page["milestones"]] == [milestones[1].pk, milestones[2].pk]
    assert list(page["members"]) == sorted(bodies[1:], key=lambda body: (body.name_ar, body.pk))[:2]
    assert [m.pk for m in client.get(f"{url}?milestones=2").context["milestones"]] == [milestones[0].pk]
    shown = client.get(f"{url}?milestone={milestones[0].pk}").context["milestones"]
    assert shown.number == 2 and [m.pk for m in shown] == [milestones[0].pk]
    assert client.get(f"{url}?milestone=99999999999999999999999").status_code == 200
    for index in range(3):
        services.document_upload(
            actor=facilitator,
            group=group,
            title=f"وثيقة {index}",
            file=SimpleUploadedFile(f"d{index}.pdf", b"%PDF-1.4 x", "application/pdf"),
        )
    documents = client.get(url).context["documents"]
    assert documents.paginator.count == 3 and len(documents.object_list) == 2
    assert "documents=2#documents" in client.get(url).content.decode()


def test_network_overview_names_a_groups_first_bodies_and_counts_the_others(
    client, admin, network, bodies, facilitator
):
    """A row names BODIES_SHOWN member bodies by name, then "and N other local bodies" (issue 22); the export all."""
    from tabadul.twinning.selectors import BODIES_SHOWN, network_overview_rows

    others = [foreign_body("IQ", name_ar=f"بلدية {n:02}") for n in range(BODIES_SHOWN)]
    network.members.add(*others)
    group = make_group(actor=admin, network=network, members=bodies + others, facilitator=facilitator, name="كبيرة")
    page = client.get(reverse("twinning:network_detail", args=[network.slug]))
    [row] = page.context["page"].object_list
    assert row.member_list == sorted(bodies + others, key=lambda body: (body.name_ar, body.pk))[:BODIES_SHOWN]
    assert row.more_bodies == 4 and "and 4 other local bodies" in page.content.decode()
    [exported] = network_overview_rows(network=network)
    assert exported.pk == group.pk and len(exported.member_list) == BODIES_SHOWN + 4


def test_outsiders_cannot_post_a_self_assessment(client, group_a, network, member_b):
    login(client, member_b)
    data = {"period": "2026-Q3", "narrative": "x"} | {f"score_{c.pk}": 3 for c in network.criteria.all()}
    assert client.post(reverse("twinning:assessment_edit", args=[group_a.pk]), data).status_code == 403
    assert not SelfAssessment.objects.exists()
