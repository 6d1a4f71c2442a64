"""Every hubs permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/hubs.md).

Hub H (in programme P) is coordinated by `coordinator` and `deputy`, whose bodies are members, as is `member`'s body;
hub H2 (in Q) is `other_coordinator`'s, with `non_member`'s body as a member.
"""

import pytest

from tabadul.core.tests.rules_grid import A_ROLES, B_ROLES, build_cast, check, rows, world_fixture
from tabadul.hubs.models import (
    Initiative,
    InitiativeAttachment,
    JointActivity,
    Mentorship,
    Representative,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)


def build():
    w = build_cast()
    people, today = w["people"], w["today"]
    w["representative"] = Representative.objects.get(user=people["member"], membership__hub=w["hub"])
    # A working-group seat in H, held by A's staff (a seat is not a representation: nobody speaks for it).
    plan = WorkPlan.objects.create(hub=w["hub"], starts_on=today, ends_on=today + 365 * w["day"])
    topic = WorkPlanTopic.objects.create(work_plan=plan, title_ar="موضوع", rank=1)
    w["seat"] = WorkingGroupMember.objects.create(topic=topic, user=people["staff"])
    # Body A mentors in H; body B mentors in H2.
    w["mentorship"] = Mentorship.objects.create(hub=w["hub"], mentor_body=w["body"], topic_ar="نظم المعلومات")
    w["other_mentorship"] = Mentorship.objects.create(
        hub=w["other_hub"], mentor_body=w["other_body"], topic_ar="الأرشفة"
    )
    # Body B (no member of H) submits an initiative to H, with a file.
    initiative = Initiative.objects.create(
        hub=w["hub"], body=w["other_body"], title="مبادرة", problem="مشكلة", solution="حل", contact_name="س"
    )
    w["attachment"] = InitiativeAttachment.objects.create(initiative=initiative, file="hubs/initiatives/a.pdf")
    # H2 proposes that H co-organise one of its activities (a joint activity, issue 20).
    from django.utils import timezone

    from tabadul.events.models import Event

    starts = timezone.now() + 10 * w["day"]
    event = Event.objects.create(name_ar="نشاط", type=Event.Type.JOINT_ACTIVITY, starts_at=starts, ends_at=starts)
    event.organiser_hubs.add(w["other_hub"])
    w["joint"] = JointActivity.objects.create(
        event=event, hub=w["other_hub"], partner_hub=w["hub"], proposed_by=people["other_coordinator"]
    )
    return w


world = world_fixture(build)

GRID = [
    ("hubs.change_hub", "hub", {"coordinator", "deputy", "admin"}),
    ("hubs.change_hub", "other_hub", {"other_coordinator", "admin"}),
    ("hubs.manage_hub", "hub", {"coordinator", "deputy", "admin"}),
    ("hubs.manage_hub", "other_hub", {"other_coordinator", "admin"}),
    # The coordinator's pages read-only: also the officers of the hub's programme.
    ("hubs.view_hub_internal", "hub", {"coordinator", "deputy", "admin", "officer"}),
    ("hubs.view_hub_internal", "other_hub", {"other_coordinator", "admin", "other_officer"}),
    ("hubs.add_hub", None, {"admin"}),
    # Administrators, editors and approvers speak for their body (ask to join, answer invitations, leave).
    ("hubs.act_for_body", "body", A_ROLES | {"admin"}),
    ("hubs.act_for_body", "other_body", B_ROLES | {"admin"}),
    # Representatives of member bodies take part (the coordinators represent member bodies too).
    ("hubs.take_part", "hub", {"coordinator", "deputy", "member"}),
    ("hubs.take_part", "other_hub", {"other_coordinator", "non_member"}),
    # A representative is removed by themselves, their body's people and the hub's coordinators.
    ("hubs.remove_representative", "representative", {"member", "coordinator", "deputy", "admin"}),
    # Initiatives are submitted by a body's staff.
    ("hubs.submit_initiative", "body", {"staff"} | A_ROLES | {"admin"}),
    ("hubs.submit_initiative", "other_body", B_ROLES | {"admin"}),
    # A working-group seat: its holder and the hub's coordinators.
    ("hubs.remove_seat", "seat", {"staff", "coordinator", "deputy", "admin"}),
    # Peer mentoring: the hub's coordinators and the people who speak for the mentor body.
    ("hubs.manage_mentorship", "mentorship", {"coordinator", "deputy", "admin"} | A_ROLES),
    ("hubs.manage_mentorship", "other_mentorship", {"other_coordinator", "admin"} | B_ROLES),
    # An initiative's files: the hub that reviews it and the staff of the body that submitted it (not the officers).
    ("hubs.view_initiative_attachment", "attachment", {"coordinator", "deputy", "admin"} | B_ROLES),
    # Joint activities: a hub's coordinators propose (and withdraw); only the invited hub's coordinators answer.
    ("hubs.propose_joint_activity", "hub", {"coordinator", "deputy", "admin"}),
    ("hubs.propose_joint_activity", "other_hub", {"other_coordinator", "admin"}),
    ("hubs.answer_joint_activity", "joint", {"coordinator", "deputy"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
