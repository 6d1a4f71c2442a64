import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.core import formats
from tabadul.core.models import AuditEvent
from tabadul.events.models import Event, Invitation
from tabadul.twinning import services
from tabadul.twinning.models import Milestone, SelfAssessment, TwinningGroup

from .conftest import START, foreign_body, make_group

pytestmark = pytest.mark.django_db


def test_a_group_with_one_member_is_refused_with_a_clear_message(admin, network, bodies, facilitator):
    with pytest.raises(ValidationError) as error:
        make_group(actor=admin, network=network, members=[bodies[0]], facilitator=facilitator)
    assert error.value.message_dict["members"] == ["A twinning group needs at least two member bodies."]
    # the same body twice is still one member
    with pytest.raises(ValidationError):
        make_group(actor=admin, network=network, members=[bodies[0], bodies[0]], facilitator=facilitator)
    assert not TwinningGroup.objects.exists()


def test_group_members_must_belong_to_the_network(admin, network, bodies, facilitator, other_body):
    with pytest.raises(ValidationError) as error:
        make_group(actor=admin, network=network, members=[bodies[0], other_body], facilitator=facilitator)
    assert "Not members of the network" in error.value.message_dict["members"][0]


def test_group_create_is_audited_and_only_for_network_managers(admin, network, bodies, facilitator, body_editor):
    with pytest.raises(PermissionDenied):
        make_group(actor=body_editor, network=network, members=bodies[:2], facilitator=facilitator)
    group = make_group(actor=facilitator, network=network, members=bodies[:2], facilitator=facilitator)
    assert set(group.members.all()) == set(bodies[:2])
    assert AuditEvent.objects.filter(action="twinning.group.create", target_id=str(group.pk)).exists()


def test_a_group_cannot_end_before_it_starts(admin, network, bodies, facilitator):
    with pytest.raises(ValidationError) as error:
        make_group(
            actor=admin, network=network, members=bodies[:2], facilitator=facilitator, ends_on=START - dt.timedelta(1)
        )
    assert "ends_on" in error.value.message_dict


def test_a_milestone_due_before_the_group_starts_is_refused(group_a, facilitator, bodies):
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=facilitator, group=group_a, title="مبكر", owner_body=bodies[0], due_on=START - dt.timedelta(days=1)
        )
    started = formats.format_date(START)  # as the page shows it, in the active language
    assert error.value.message_dict["due_on"] == [f"A milestone cannot be due before the group starts ({started})."]
    assert not Milestone.objects.exists()


def test_a_milestone_owner_must_be_a_member(group_a, facilitator, bodies):
    with pytest.raises(ValidationError) as error:
        services.milestone_create(actor=facilitator, group=group_a, title="م", owner_body=bodies[2], due_on=START)
    assert "owner_body" in error.value.message_dict


def test_overdue_means_past_due_and_not_done(group_a, facilitator, bodies):
    today = timezone.localdate()
    late = services.milestone_create(
        actor=facilitator, group=group_a, title="متأخر", owner_body=bodies[0], due_on=START, status="in_progress"
    )
    done = services.milestone_create(
        actor=facilitator, group=group_a, title="منجز", owner_body=bodies[0], due_on=START, status="done"
    )
    future = services.milestone_create(
        actor=facilitator, group=group_a, title="قادم", owner_body=bodies[1], due_on=today + dt.timedelta(days=30)
    )
    assert late.is_overdue and not done.is_overdue and not future.is_overdue
    assert list(Milestone.objects.overdue()) == [late]
    assert done.completed_on == today
    services.milestone_set_status(actor=facilitator, milestone=late, status="done")
    assert not Milestone.objects.overdue().exists()


def test_only_the_owner_body_or_managers_move_a_milestone(group_a, facilitator, bodies, member_a):
    milestone = services.milestone_create(
        actor=facilitator, group=group_a, title="م", owner_body=bodies[0], due_on=START
    )
    with pytest.raises(PermissionDenied):  # member_a works for bodies[1], not the owner
        services.milestone_set_status(actor=member_a, milestone=milestone, status="done")
    owner_staff = make_user(body=bodies[0])
    services.milestone_set_status(actor=owner_staff, milestone=milestone, status="in_progress")
    milestone.refresh_from_db()
    assert milestone.status == "in_progress"
    with pytest.raises(PermissionDenied):  # moving a status is not managing the group
        services.milestone_update(actor=owner_staff, milestone=milestone, title="جديد")


def test_only_the_facilitator_or_an_admin_manages_a_group(group_a, member_a, facilitator, admin, bodies):
    network_facilitator_of_other_group = make_user()
    for actor in (member_a, network_facilitator_of_other_group):
        with pytest.raises(PermissionDenied):
            services.group_update(actor=actor, group=group_a, status="active")
        with pytest.raises(PermissionDenied):
            services.milestone_create(actor=actor, group=group_a, title="م", owner_body=bodies[0], due_on=START)
    services.group_update(actor=facilitator, group=group_a, status="active")
    services.group_update(actor=admin, group=group_a, status="paused")
    group_a.refresh_from_db()
    assert group_a.status == "paused"


def test_group_update_keeps_the_two_member_rule(group_a, facilitator, bodies):
    with pytest.raises(ValidationError):
        services.group_update(actor=facilitator, group=group_a, members=[bodies[0]])
    assert group_a.members.count() == 2


def test_documents_are_checked_and_private(group_a, member_a, member_b, settings):
    ok = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document = services.document_upload(actor=member_a, group=group_a, title="خطة", file=ok)
    assert document.uploaded_for == member_a.local_body
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(PermissionDenied):
        services.document_upload(actor=member_b, group=group_a, title="x", file=ok)
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            actor=member_a,
            group=group_a,
            title="x",
            file=SimpleUploadedFile("run.exe", b"MZ", "application/x-msdownload"),
        )
    assert "file" in error.value.message_dict


def test_a_meeting_is_an_invitation_only_online_event_inviting_the_member_bodies(group_a, admin, facilitator, bodies):
    starts = timezone.now() + dt.timedelta(days=3)
    meeting = services.meeting_schedule(
        actor=admin,
        group=group_a,
        name_ar="اجتماع المجموعة",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        online_url="https://meet.example.org/a",
    )
    event = meeting.event
    assert event.visibility == Event.Visibility.INVITATION
    assert event.mode == Event.Mode.ONLINE
    assert event.type == Event.Type.VIRTUAL_MEETING
    assert set(
        Invitation.objects.filter(event=event, local_body__isnull=False).values_list("local_body", flat=True)
    ) == {b.pk for b in bodies[:2]}
    assert Invitation.objects.filter(event=event, user=facilitator).exists()
    assert facilitator in event.organisers.all()


def test_only_who_manages_the_group_schedules_its_meetings(group_a, facilitator, member_a):
    starts = timezone.now() + dt.timedelta(days=3)
    meeting = dict(
        group=group_a,
        name_ar="اجتماع",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        online_url="https://meet.example.org/a",
    )
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(actor=member_a, **meeting)
    assert not Event.objects.exists()
    assert services.meeting_schedule(actor=facilitator, **meeting).event.organisers.get() == facilitator


def test_each_body_writes_only_its_own_self_assessment(group_a, network, bodies, member_a):
    criteria = list(network.criteria.all())
    scores = {criteria[0].pk: 4, criteria[1].pk: 3}
    assessment = services.assessment_save(
        actor=member_a, group=group_a, body=bodies[1], period="2026-Q3", narrative="تقدم جيد", scores=scores
    )
    assert {s.criterion_id: s.value for s in assessment.scores.all()} == scores
    with pytest.raises(PermissionDenied):  # member_a is staff of bodies[1], not bodies[0]
        services.assessment_save(
            actor=member_a, group=group_a, body=bodies[0], period="2026-Q3", narrative="x", scores=scores
        )
    # update, then submit: a submitted one is final
    services.assessment_save(
        actor=member_a, group=group_a, body=bodies[1], period="2026-Q3", narrative="أفضل", scores=scores, submit=True
    )
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.SUBMITTED and assessment.narrative == "أفضل"
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=member_a, group=group_a, body=bodies[1], period="2026-Q3", narrative="x", scores=scores
        )


def test_self_assessment_scores_are_validated(group_a, network, bodies, member_a):
    criteria = list(network.criteria.all())
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=member_a, group=group_a, body=bodies[1], period="2026-Q3", narrative="x", scores={criteria[0].pk: 3}
        )
    assert "Give a score for every criterion" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=member_a,
            group=group_a,
            body=bodies[1],
            period="2026-Q3",
            narrative="x",
            scores={criteria[0].pk: 3, criteria[1].pk: 5},  # the second criterion's highest score is 4
        )
    assert "between 1 and 4" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=member_a,
            group=group_a,
            body=bodies[1],
            period="2026-3",
            narrative="x",
            scores={c.pk: 2 for c in criteria},
        )


def test_the_facilitator_reviews_and_members_cannot(group_a, facilitator, member_a):
    with pytest.raises(PermissionDenied):
        services.review_save(actor=member_a, group=group_a, period="2026-Q3", rating="on_track", comments="x")
    review = services.review_save(actor=facilitator, group=group_a, period="2026-Q3", rating="at_risk", comments="م")
    again = services.review_save(actor=facilitator, group=group_a, period="2026-Q3", rating="on_track", comments="م")
    assert review.pk == again.pk and again.rating == "on_track"


def test_writes_move_the_last_activity(group_a, facilitator, bodies):
    before = TwinningGroup.objects.get(pk=group_a.pk).last_activity_at
    services.milestone_create(actor=facilitator, group=group_a, title="م", owner_body=bodies[0], due_on=START)
    assert TwinningGroup.objects.get(pk=group_a.pk).last_activity_at > before


def test_a_network_member_in_a_current_group_cannot_be_removed(network, group_a, admin, bodies):
    with pytest.raises(ValidationError):
        services.network_update(actor=admin, network=network, remove_members=bodies[:1])
    services.network_update(actor=admin, network=network, remove_members=bodies[2:])
    assert set(network.members.all()) == set(bodies[:2])


def test_network_members_are_added_and_removed_by_name_and_audited(network, group_a, admin, bodies):
    newcomer = foreign_body("IQ")
    services.network_update(actor=admin, network=network, add_members=[newcomer, bodies[0]], remove_members=bodies[3:])
    assert set(network.members.all()) == {*bodies[:3], newcomer}
    event = AuditEvent.objects.filter(action="twinning.network.update").latest("pk")
    assert event.changes["members_added"] == [newcomer.pk] and event.changes["members_removed"] == [bodies[3].pk]


def test_reserved_network_addresses_are_refused(admin):
    with pytest.raises(ValidationError) as error:
        services.network_create(actor=admin, name_ar="ش", slug="groups", facilitating_organisation="CMI")
    assert "slug" in error.value.message_dict
