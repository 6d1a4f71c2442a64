"""The rules that make the demo believable (issue 20, item 7), checked over everything `load_demo` loads:

1. no activity and no deadline falls on a Friday, a weekend day or a public holiday of its country (dates the seeds
   state as facts excepted, demo/workdays.SEED_DATES); every date field of every model is classified below, so a
   new one fails here until someone says whether it is an activity;
2. a village councils' chapter launch is attended by village councils of that chapter's region only;
3. no two projects (and no two goals) of one Meter plan share a name;
4. the twinning groups live in the seed's years (formed at the March 2018 workshop; 2018–2019);
5. the hubs' joint activities: the seed's GIS one of the engineering and innovation hubs accepted (both hubs
   organise it), one waiting for the invited hub's coordinator; their hubs have coordinators;
6. the Isal programme's course sessions lie in the programme's period (seed 003), held in Libya.
"""

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tabadul.demo.workdays import COUNTRY_OF_TIME_ZONE, SEED_DATES, day_off_reason

# The day something is held or is due: a working day of its country.
ACTIVITIES = {
    "events.Event.starts_at",
    "events.Event.ends_at",
    "events.FollowUp.due_date",
    "hubs.Hub.launch_date",
    "hubs.Chapter.launch_date",
    "hubs.MentoringSession.held_on",
    "hubs.Election.ends_at",
    "twinning.Milestone.due_on",
    "twinning.Milestone.completed_on",
    "meter.Milestone.date",
    "programmes.PilotMilestone.due_on",
    "programmes.PilotMilestone.done_on",
    "surveys.Survey.ends_at",
    "library.DraftReview.ends_at",
}

PERIOD = "a bound of a period (a term, plan, programme, project, group, opening of a window), not a day of an activity"
ACT = "when someone did something on the platform (stamped by the service that did it), not a scheduled activity"
NOT_ACTIVITIES = {
    **dict.fromkeys(
        [
            "hubs.Mandate.starts_on",
            "hubs.Mandate.ends_on",
            "hubs.Election.starts_at",
            "hubs.Election.term_starts_on",
            "hubs.Election.term_ends_on",
            "hubs.WorkPlan.starts_on",
            "hubs.WorkPlan.ends_on",
            "library.DraftReview.starts_at",
            "twinning.TwinningGroup.starts_on",
            "twinning.TwinningGroup.ends_on",
            "programmes.Programme.starts_on",
            "programmes.Programme.ends_on",
            "programmes.PilotProject.starts_on",
            "programmes.PilotProject.ends_on",
            "surveys.Survey.starts_at",
            "meter.Project.start_date",
            "meter.Project.end_date",
            "meter.PlanReport.period_start",
            "meter.PlanReport.period_end",
        ],
        PERIOD,
    ),
    **dict.fromkeys(
        [
            "accounts.User.last_login",
            "accounts.User.date_joined",
            "accounts.BodyJoinRequest.decided_at",
            "accounts.BodyInvitation.accepted_at",
            "hubs.Invitation.answered_at",
            "hubs.Membership.joined_at",
            "hubs.Membership.left_at",
            "hubs.Election.closed_at",
            "hubs.WorkPlan.confirmed_at",
            "hubs.JointActivity.decided_at",
            "channel.Item.published_at",
            "library.Recommendation.status_changed_at",
            "library.RecommendationStatusChange.changed_at",
            "library.ReviewComment.answered_at",
            "api.ApiToken.revoked_at",
            "api.ApiToken.last_used_at",
            "qa.Question.asked_at",
            "qa.Question.first_answer_at",
            "qa.Question.accepted_at",
            "qa.Question.widened_at",
            "qa.Question.publication_requested_at",
            "qa.Question.published_at",
            "qa.QuestionRouting.routed_at",
            "qa.Answer.posted_at",
            "qa.Comment.posted_at",
            "notifications.Notification.read_at",
            "notifications.Notification.emailed_at",
            "events.Registration.waitlisted_at",
            "events.Registration.cancelled_at",
            "events.Registration.checked_in_at",
            "events.Registration.reminder_queued_at",
            "discussions.Thread.last_post_at",
            "discussions.Post.posted_at",
            "discussions.Post.edited_at",
            "discussions.Post.moderated_at",
            "discussions.Report.resolved_at",
            "twinning.TwinningGroup.last_activity_at",
            "twinning.SelfAssessment.submitted_at",
            "surveys.Reminder.sent_on",
            "meter.StrategicPlan.published_at",
            "meter.ProgressUpdate.date",
            "meter.ProgressUpdate.published_at",
            "meter.Post.published_at",
            "meter.Feedback.contact_erased_at",
            "meter.PlatformFeedback.contact_erased_at",
            "meter.Feedback.replied_at",
            "meter.PlatformFeedback.handled_at",
        ],
        ACT,
    ),
    "library.Document.published_on": "a document's publication date, a fact about the document",
    "search.SearchEntry.date": "a copy of its object's own date, checked on the object",
    "accounts.BodyInvitation.expires_at": "how long an invitation link stays valid",
    "core.ThrottleCounter.expires_at": "how long a rate-limit counter is kept",
    "core.StoredFigure.counted_at": "when a stored home figure was last counted, set by the counting itself",
    "search.PlaceWords.counted_at": "when the place words were last counted, set by the counting itself",
    "programmes.ProgrammeFigures.counted_at": "when a programme's results were last stored, set by the counting itself",
}


def _date_fields():
    """(label, model, field) of every date and date-time field of the project's models a person or a loader sets
    (the automatic created/updated stamps aside)."""
    for model in apps.get_models():
        if not model.__module__.startswith("tabadul."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
                yield f"{model._meta.label}.{field.name}", model, field


def test_every_date_field_is_classified():
    found = {label for label, _model, _field in _date_fields()}
    unclassified = found - ACTIVITIES - NOT_ACTIVITIES.keys()
    assert not unclassified, f"activities (ACTIVITIES) or not, and why (NOT_ACTIVITIES)? {unclassified}"
    assert not (ACTIVITIES | NOT_ACTIVITIES.keys()) - found, "classified fields that no longer exist"
    assert not ACTIVITIES & NOT_ACTIVITIES.keys()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for this module in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                DEBUG=True,
                MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
                PRIVATE_FILES_ROOT=tmp_path_factory.mktemp("demo-private"),
            ):
                call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _one_country(bodies) -> str | None:
    codes = {body.country.code for body in bodies}
    return codes.pop() if len(codes) == 1 else None


def _country(obj) -> str | None:
    """The country an activity is held in (None: online across countries, where only Fridays are avoided)."""
    label = obj._meta.label
    if label == "events.Event":
        return COUNTRY_OF_TIME_ZONE.get(obj.time_zone)
    if label == "events.FollowUp":
        return COUNTRY_OF_TIME_ZONE.get(obj.report.event.time_zone)
    if label in {"hubs.Hub", "hubs.Chapter", "hubs.MentoringSession", "hubs.Election"}:
        return "PS"  # the exchange hubs are Palestinian (seeds 000–001)
    if label == "twinning.Milestone":
        return obj.owner_body.country.code
    if label == "meter.Milestone":
        return obj.project.plan.body.country.code
    if label == "programmes.PilotMilestone":
        return _one_country(obj.pilot.bodies.all())
    if label == "surveys.Survey":
        return "PS" if obj.hub_id else _one_country(obj.bodies.all())
    if label == "library.DraftReview":
        return _one_country(obj.document.author_bodies.all()) or "PS"
    raise AssertionError(f"say where a {label} is held (_country)")


def _local_date(obj, value) -> dt.date:
    if isinstance(value, dt.datetime):
        zone = getattr(obj, "time_zone", "") or settings.TIME_ZONE
        return value.astimezone(zoneinfo.ZoneInfo(zone)).date()
    return value


def _rows(model, name):
    rows = model.objects.exclude(**{name: None})
    if model._meta.label == "library.DraftReview":
        rows = rows.filter(ends_at__gt=timezone.now())  # a review closed early ends when the next version came
    return rows


@pytest.mark.django_db
def test_no_activity_falls_on_a_day_off_of_its_country(demo):
    checked, wrong = Counter(), []
    for label, model, field in _date_fields():
        if label not in ACTIVITIES:
            continue
        for obj in _rows(model, field.name):
            day = _local_date(obj, getattr(obj, field.name))
            country = _country(obj)
            checked[label] += 1
            reason = day_off_reason(day, country)
            if reason and (model._meta.label, day) not in SEED_DATES:
                wrong.append(f"{label} of {obj!r} ({obj.pk}): {day} in {country or 'no country'} is {reason}")
    assert not wrong, "\n".join(wrong)
    # The check saw the demo's activities of every kind it has.
    for label in (
        "events.Event.starts_at",
        "events.FollowUp.due_date",
        "hubs.Hub.launch_date",
        "hubs.Chapter.launch_date",
        "twinning.Milestone.due_on",
        "twinning.Milestone.completed_on",
        "meter.Milestone.date",
        "surveys.Survey.ends_at",
        "library.DraftReview.ends_at",
    ):
        assert checked[label] > 0, label
    assert checked["events.Event.starts_at"] >= 20


@pytest.mark.django_db
def test_the_seed_dates_kept_on_a_day_off_are_the_seeds(demo):
    from tabadul.hubs.models import Chapter, Hub

    assert {(label, day) for (label, day) in SEED_DATES} <= {
        *(("hubs.Hub", hub.launch_date) for hub in Hub.objects.exclude(launch_date=None)),
        *(("hubs.Chapter", chapter.launch_date) for chapter in Chapter.objects.exclude(launch_date=None)),
        *(
            ("events.Event", _local_date(event, event.starts_at))
            for event in apps.get_model("events", "Event").objects.filter(type="launch_meeting")
        ),
    }


@pytest.mark.django_db
def test_a_chapter_launch_is_attended_by_the_village_councils_of_its_region(demo):
    from tabadul.directory.models import LocalBody
    from tabadul.events.models import Event
    from tabadul.hubs.models import Chapter

    chapters = {chapter.launch_date: chapter for chapter in Chapter.objects.exclude(launch_date=None)}
    launches = Event.objects.filter(type="launch_meeting", organiser_hubs__slug="village-councils")
    assert launches.count() == len(chapters) == 3
    for event in launches:
        chapter = chapters[_local_date(event, event.starts_at)]
        bodies = [r.local_body for r in event.registrations.attended().select_related("local_body")]
        assert len(bodies) >= 5, chapter
        assert all(body.type == LocalBody.Type.VILLAGE_COUNCIL for body in bodies), chapter
        assert {body.region_id for body in bodies} == {chapter.region_id}, chapter
        assert event.closing_report.attendee_count == len(bodies)


@pytest.mark.django_db
def test_no_two_projects_or_goals_of_a_plan_share_a_name(demo):
    from tabadul.meter.models import StrategicPlan

    plans = list(StrategicPlan.objects.prefetch_related("projects", "goals"))
    assert plans
    for plan in plans:
        names = Counter(project.name_ar for project in plan.projects.all())
        assert not [name for name, count in names.items() if count > 1], plan
        goals = Counter(goal.name_ar for goal in plan.goals.all())
        assert not [name for name, count in goals.items() if count > 1], plan


@pytest.mark.django_db
def test_the_twinning_groups_live_in_the_seeds_years(demo):
    from tabadul.events.models import Event
    from tabadul.twinning.models import GroupMeeting, GroupReview, Milestone, SelfAssessment, TwinningGroup

    groups = list(TwinningGroup.objects.filter(network__slug="hmln").select_related("formed_at"))
    assert len(groups) == 11
    workshop = {group.formed_at for group in groups}.pop()
    assert (workshop.starts_at.year, workshop.starts_at.month) == (2018, 3)
    # The network's online meeting that assessed the groups' work (seed 004).
    network_meeting = Event.objects.get(name_ar__startswith="اجتماع افتراضي لشبكة تعلم البلديات المضيفة")
    assert network_meeting.starts_at.date() == dt.date(2018, 7, 11)
    for group in groups:
        assert workshop.starts_at.date() <= group.starts_on <= group.ends_on and group.ends_on.year <= 2019, group
        assert group.status not in TwinningGroup.CURRENT_STATUSES, group  # they ended long ago
        assert group.starts_on <= network_meeting.starts_at.date() <= group.ends_on
        window = (group.starts_on, group.ends_on)
        for milestone in Milestone.objects.filter(group=group):
            assert window[0] <= milestone.due_on <= window[1], milestone
            assert milestone.completed_on is None or window[0] <= milestone.completed_on <= window[1], milestone
        for meeting in GroupMeeting.objects.filter(group=group).select_related("event"):
            assert window[0] <= meeting.event.starts_at.date() <= window[1], meeting
        for assessment in SelfAssessment.objects.filter(group=group):
            assert window[0] <= assessment.submitted_at.date() <= window[1], assessment
            assert int(assessment.period[:4]) in {2018, 2019}
        for review in GroupReview.objects.filter(group=group):
            assert int(review.period[:4]) in {2018, 2019}
        for visit in Event.objects.filter(host_body__in=group.members.all(), visiting_bodies__in=group.members.all()):
            assert window[0] <= visit.starts_at.date() <= window[1], visit
    assert GroupMeeting.objects.filter(group__in=groups).exists()
    assert SelfAssessment.objects.filter(group__in=groups).exists()


@pytest.mark.django_db
def test_the_hubs_have_an_accepted_and_a_waiting_joint_activity(demo, client):
    from tabadul.accounts.models import User
    from tabadul.hubs.models import JointActivity
    from tabadul.hubs.selectors import hub_manager_ids, joint_activities_to_answer

    accepted = list(
        JointActivity.objects.filter(status=JointActivity.Status.ACCEPTED).select_related("hub", "partner_hub")
    )
    for proposal in accepted:
        assert {proposal.hub_id, proposal.partner_hub_id} <= set(
            proposal.event.organiser_hubs.values_list("pk", flat=True)
        )
        assert proposal.decided_by_id in hub_manager_ids(hub=proposal.partner_hub)
    # Seed 001: the engineering hub's GIS topic "is a joint activity with the innovation hub".
    assert {"innovation", "engineering-planning"} in [{p.hub.slug, p.partner_hub.slug} for p in accepted]
    waiting = JointActivity.objects.get(status=JointActivity.Status.PENDING)
    assert waiting.partner_hub_id not in set(waiting.event.organiser_hubs.values_list("pk", flat=True))
    for proposal in (*accepted, waiting):
        assert proposal.event.starts_at > timezone.now()  # coming activities, as the page offers them
        assert proposal.proposed_by_id in hub_manager_ids(hub=proposal.hub)
    managers = User.objects.filter(pk__in=hub_manager_ids(hub=waiting.partner_hub))
    assert managers, "someone can answer the waiting proposal"
    coordinator = managers.first()
    assert waiting in joint_activities_to_answer(coordinator)
    client.force_login(coordinator)
    page = client.get("/en" + reverse("hubs:joint_activities", args=[waiting.partner_hub.slug]))
    assert page.status_code == 200
    answer = reverse("hubs:joint_activity_answer", args=[waiting.partner_hub.slug, waiting.pk])
    assert f'id="joint-{waiting.pk}"' in page.content.decode() and answer.removeprefix("/") in page.content.decode()


@pytest.mark.django_db
def test_the_hubs_of_the_joint_activities_have_coordinators_of_member_bodies(demo):
    from tabadul.hubs.models import Mandate, Membership

    for slug in ("public-relations", "engineering-planning", "finance", "innovation"):
        mandate = Mandate.objects.select_related("user").get(hub__slug=slug, role=Mandate.Role.COORDINATOR)
        assert mandate.user.local_body_id == mandate.body_id, slug
        assert Membership.objects.filter(hub=mandate.hub, body=mandate.body, status="active").exists(), slug


@pytest.mark.django_db
def test_the_isal_course_sessions_lie_in_the_programme_period_in_libya(demo):
    from tabadul.events.models import Course
    from tabadul.programmes.models import Programme

    isal = Programme.objects.get(slug="isal")
    course = Course.objects.get(name_ar="التخطيط الاستراتيجي المحلي والتشاركية")
    sessions = list(course.sessions.all())
    assert len(sessions) == 3
    for session in sessions:
        day = _local_date(session, session.starts_at)
        assert isal.starts_on <= day <= isal.ends_on, session
        assert session.time_zone == "Africa/Tripoli" and not day_off_reason(day, "LY"), session
        attendees = [r.local_body for r in session.registrations.attended().select_related("local_body__country")]
        assert attendees and {body.country.code for body in attendees} == {"LY"}, session
