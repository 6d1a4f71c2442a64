"""Writing in the name of a body, an organisation or a hub (issue #15, item 4).

Every field that says on whose behalf something is written is listed in ON_BEHALF with the services that set it;
each is tried on create and on update by a person who acts for a body, an organisation and a hub of their own
(`hubs.selectors.acts_for`) and names someone else's: refused, nothing written. Every other field pointing at a
local body, an organisation or a hub is listed in NOT_CHOSEN with the reason, and a walk over the model registry
fails on a field in neither list, so a new "on behalf of" field must be classified (and guarded) when added.
Yes/no flags that write in the platform's name (PLATFORM_NAME) are classified and tried the same way.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import role_grant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.models import Hub, Mandate
from tabadul.hubs.selectors import acts_for
from tabadul.library.models import Document, Organisation

from .matrix import state_diff, table_state

pytestmark = pytest.mark.django_db

NAMED_MODELS = {"directory.localbody", "hubs.hub", "directory.organisation"}


@dataclass(frozen=True)
class OnBehalf:
    """How to write the field through its services: `create(actor, world, named)` returns the new object;
    `update(actor, world, obj, named)` changes it (None: the field is set once, on create)."""

    kind: str  # the key of the world's own/foreign pair: "body", "organisation" or "hub"
    create: Callable
    update: Callable | None
    names: Callable  # obj -> the set of names it carries now


def _library(field):
    def create(actor, world, named):
        from tabadul.library import services

        return services.document_create(actor=actor, title_ar="دراسة", type=Document.Type.STUDY, **{field: [named]})

    def update(actor, world, document, named):
        from tabadul.library import services

        return services.document_update(actor=actor, document=document, **{field: [named]})

    kind = {"author_bodies": "body", "author_organisations": "organisation", "author_hubs": "hub"}[field]
    return OnBehalf(kind, create, update, lambda document: set(getattr(document, field).all()))


def _event_create(actor, world, hub):
    from tabadul.events import services

    starts = timezone.now() + dt.timedelta(days=3)
    return services.event_create(
        actor=actor,
        hubs=[hub],
        name_ar="يوم تعليمي",
        type="learning_day",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        city="نابلس",
    )


def _event_update(actor, world, event, hub):
    from tabadul.events import services

    return services.event_update(actor=actor, event=event, hubs=[hub])


def _event_body_create(actor, world, body):
    from tabadul.events import services

    starts = timezone.now() + dt.timedelta(days=3)
    return services.event_create(
        actor=actor,
        bodies=[body],
        name_ar="لقاء مجتمعي",
        type="community_meeting",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        city="بيتا",
    )


def _event_organisation_create(actor, world, organisation):
    from tabadul.events import services

    starts = timezone.now() + dt.timedelta(days=3)
    return services.event_create(
        actor=actor,
        organisations=[organisation],
        name_ar="ورشة الوزارة",
        type="training_session",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        city="طرابلس",
    )


def _event_organisation_update(actor, world, event, organisation):
    from tabadul.events import services

    return services.event_update(actor=actor, event=event, organisations=[organisation])


def _event_body_update(actor, world, event, body):
    from tabadul.events import services

    return services.event_update(actor=actor, event=event, bodies=[body])


def _course_create(actor, world, hub):
    from tabadul.events import services

    return services.course_create(actor=actor, hubs=[hub], name_ar="دورة", name_en="")


def _post_create(actor, world, body):
    from tabadul.meter import services

    return services.post_save(actor=actor, body=body, kind="news", title="خبر")


def _post_update(actor, world, post, body):
    from tabadul.meter import services

    return services.post_save(actor=actor, body=body, post=post, title="خبر معدّل")


def _plan_create(actor, world, body):
    from tabadul.meter import services

    return services.plan_create(actor=actor, body=body, title_ar="الخطة", start_year=2024, end_year=2027)


def _status_create(actor, world, body):
    from tabadul.meter import services

    return services.status_save(actor=actor, body=body, code="new", name_ar="جديد", default_percent=0)


def _status_update(actor, world, status, body):
    from tabadul.meter import services

    return services.status_save(actor=actor, body=body, status=status, name_ar="معدّل")


def _membership_request(actor, world, body):
    from tabadul.hubs import services

    return services.membership_request(actor=actor, hub=world["other_hub_to_join"], body=body)


def _token_create(actor, world, body):
    from tabadul.api import services

    token, _key = services.token_create(actor=actor, body=body, name="نظام المالية")
    return token


def _single(attribute):
    return lambda obj: {getattr(obj, attribute)}


ON_BEHALF: dict[str, OnBehalf] = {
    "library.Document.author_bodies": _library("author_bodies"),
    "library.Document.author_organisations": _library("author_organisations"),
    "library.Document.author_hubs": _library("author_hubs"),
    "events.Event.organiser_hubs": OnBehalf(
        "hub", _event_create, _event_update, lambda event: set(event.organiser_hubs.all())
    ),
    # A local body's own events: its editors and administrators name it (events.add_event; acts_for_check).
    "events.Event.organiser_bodies": OnBehalf(
        "body", _event_body_create, _event_body_update, lambda event: set(event.organiser_bodies.all())
    ),
    # An organisation's own events: its staff name it (events.add_event; acts_for_check; decisions/010).
    "events.Event.organiser_organisations": OnBehalf(
        "organisation",
        _event_organisation_create,
        _event_organisation_update,
        lambda event: set(event.organiser_organisations.all()),
    ),
    # A course has no update service: its hubs are named once (its sessions copy them).
    "events.Course.organiser_hubs": OnBehalf(
        "hub", _course_create, None, lambda course: set(course.organiser_hubs.all())
    ),
    # The Meter's own permissions ask for a role in the body (editor or approver): the bodies `acts_for` names.
    "meter.Post.body": OnBehalf("body", _post_create, _post_update, _single("body")),
    "meter.StrategicPlan.body": OnBehalf("body", _plan_create, None, _single("body")),  # plan_update keeps the body
    "meter.ProjectStatus.body": OnBehalf("body", _status_create, _status_update, _single("body")),
    # hubs.act_for_body: an editor or approver of the body asks to join (a request is never moved to another body).
    "hubs.Membership.body": OnBehalf("body", _membership_request, None, _single("body")),
    # api.manage_tokens: the body's approvers; a token is never moved to another body.
    "api.ApiToken.body": OnBehalf("body", _token_create, None, _single("body")),
}

NOT_CHOSEN: dict[str, str] = {
    "hubs.MemberFigures.hub": "the hub whose member counts are stored on each membership change; nobody chooses it",
    "accounts.User.local_body": "the person's employer, set by administrators; it decides roles, it is not a byline",
    "accounts.RoleGrant.local_body": "granted by the body's administrators or platform administrators only "
    "(accounts.manage_body_people, accounts.grant_roles)",
    "accounts.BodyJoinRequest.local_body": "a request to join the body, not a byline: nothing is written in its "
    "name until its administrators approve (accounts.manage_body_people)",
    "accounts.BodyInvitation.local_body": "written on the body's people page by its administrators only "
    "(accounts.manage_body_people)",
    "hubs.Hub.partner_organisations": "reference data written by platform administrators in the audited admin "
    "(decisions/010): a hub's partnership, not a byline",
    "programmes.PilotProject.bodies": "reference data of a programme written by platform administrators in the "
    "audited admin: where the pilot takes place, not a byline",
    "programmes.PilotProject.partners": "reference data of a programme written by platform administrators in the "
    "audited admin: who took part, not a byline",
    "programmes.Programme.funders": "reference data of a programme written by platform administrators in the "
    "audited admin: who pays for it, not a byline",
    "programmes.Programme.partners": "reference data of a programme written by platform administrators in the "
    "audited admin: who implements it, not a byline",
    "programmes.ProgrammeFunder.organisation": "a row of Programme.funders (its order), written in the audited admin",
    "programmes.ProgrammePartner.organisation": "a row of Programme.partners (its order), written in the audited admin",
    "hubs.Chapter.hub": "the hub's own structure, written by its managers (hubs.manage_hub)",
    "hubs.Axis.hub": "the hub's own structure, written by its managers (hubs.manage_hub)",
    "hubs.Axis.mirrors": "a reference to another hub's axis, not a statement in that hub's name",
    "hubs.Invitation.hub": "the inviting hub, whose managers send it (hubs.manage_hub)",
    "hubs.Invitation.body": "the invited body: the addressee, who answers for itself (hubs.act_for_body)",
    "hubs.Membership.hub": "the hub asked to join: the addressee, whose coordinators decide",
    "hubs.Mandate.hub": "written by closing an election, never chosen",
    "hubs.Mandate.body": "the winner's body, taken from the election result",
    "hubs.Election.hub": "the hub's own election, opened by its managers (hubs.manage_hub)",
    "hubs.Candidate.body": "the candidate's member body, taken from their membership by the service",
    "hubs.BallotReceipt.body": "the voter's member body, taken from their membership by the service",
    "hubs.WorkPlan.hub": "the hub's own work plan, written by its managers (hubs.manage_hub)",
    "hubs.WorkPlanTopic.proposed_by_body": "set by the service to the proposer's own body",
    "hubs.TopicRanking.body": "the ranker's member body, taken from their membership by the service",
    "hubs.Mentorship.hub": "the hub the pairing is recorded in (its managers, or the mentor body's own editors)",
    "hubs.Mentorship.mentor_body": "a pairing recorded by the hub's coordinators or the mentor body's own editors",
    "hubs.Mentorship.mentee_bodies": "the peers mentored: counterparts, not authors",
    "hubs.MentoringSession.bodies": "the bodies present at a session: an attendance record",
    "hubs.Initiative.hub": "the hub the initiative is sent to: the addressee",
    "hubs.Initiative.body": "the submitter's own body (hubs.submit_initiative: staff of that body; the view passes it)",
    "events.Invitation.local_body": "the invited body: the addressee",
    "events.Registration.local_body": "set by the service to the registering person's body",
    "events.Enrolment.local_body": "set by the service to the enrolling person's body",
    "meter.Feedback.body": "taken from the plan the feedback is about",
    "library.Recommendation.owner_body": "the body a recommendation asks to act: the addressee, not the author",
    "library.Recommendation.owner_organisation": "the organisation a recommendation asks to act: the addressee",
    "qa.Question.local_body": "set by the service to the asker's own body",
    "qa.Question.hub": "the hub a question is filed under, one of the asker's body's hubs (checked by question_ask)",
    "twinning.Network.members": "the bodies in a network, chosen by administrators and facilitators",
    "twinning.TwinningGroup.members": "the bodies in a group, chosen by the network's facilitators",
    "twinning.Milestone.owner_body": "a task given to a member body by the group's managers: an assignment",
    "twinning.GroupDocument.uploaded_for": "set by the service to the uploader's own member body",
    "twinning.SelfAssessment.body": "the writer's own member body (twinning.write_assessment: staff of that body)",
    "twinning.StrategySection.responsible_body": "the body given a section of the group's strategy to draft: an "
    "assignment written by the group's participants (twinning.change_strategy), not a byline",
    "channel.Item.hub": "the hub a channel item is posted under, by that hub's coordinators or platform "
    "administrators only (channel.post_item on the hub, checked by item_create)",
    "events.Event.host_body": "the body that receives a field visit or study tour: where the visit takes place, not "
    "a byline (the event's organisers are checked with acts_for_check)",
    "events.Event.host_organisation": "the organisation that receives a field visit or study tour: where the visit "
    "takes place, not a byline (the event's organisers are checked with acts_for_check)",
    "events.Event.visiting_bodies": "the bodies whose people made a field visit or study tour: participants, not "
    "authors (the event's organisers are checked with acts_for_check)",
    "hubs.JointActivity.hub": "the proposing hub, whose managers propose (hubs.propose_joint_activity on that hub, "
    "checked by joint_activity_propose)",
    "hubs.JointActivity.partner_hub": "the hub invited to co-organise: the addressee, whose own coordinators accept "
    "or decline (manages_partner_hub)",
    "surveys.Survey.hub": "the hub asking, set once on create by its coordinators only (surveys.add_survey on the "
    "hub, checked by survey_create); never changed afterwards",
    "surveys.Survey.bodies": "the bodies a survey is addressed to: the addressees, not authors",
    "surveys.Response.body": "set by the service to the answering person's own body",
}


def _fields_naming_bodies_organisations_or_hubs() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created or not (field.many_to_one or field.many_to_many or field.one_to_one):
                continue
            if field.related_model and field.related_model._meta.label_lower in NAMED_MODELS:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_field_naming_a_body_an_organisation_or_a_hub_is_classified():
    found = _fields_naming_bodies_organisations_or_hubs()
    assert not ON_BEHALF.keys() & NOT_CHOSEN.keys()
    unclassified = found - ON_BEHALF.keys() - NOT_CHOSEN.keys()
    assert not unclassified, (
        f"Classify {sorted(unclassified)}: in ON_BEHALF (and check it with hubs.selectors.acts_for_check in its "
        "services) if the person writing chooses it, else in NOT_CHOSEN with the reason."
    )
    assert not (ON_BEHALF.keys() | NOT_CHOSEN.keys()) - found, "listed fields that no longer exist"


@pytest.fixture
def world():
    """A person who acts for one body, one organisation and one hub, and the same kinds they do not act for."""
    body, foreign_body = LocalBodyFactory(), LocalBodyFactory()
    hub, foreign_hub = (Hub.objects.create(slug=slug, name_ar=f"منصة {slug}") for slug in ("own-hub", "foreign-hub"))
    organisation, foreign_organisation = (
        Organisation.objects.create(slug=slug, name_ar=f"برنامج {slug}") for slug in ("own-org", "foreign-org")
    )
    actor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    role_grant(actor=None, user=actor, role=RoleGrant.Role.BODY_APPROVER, local_body=body)
    organisation.staff.add(actor)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=actor,
        role=Mandate.Role.COORDINATOR,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=300),
    )
    return {
        "actor": actor,
        "own": {"body": body, "organisation": organisation, "hub": hub},
        "foreign": {"body": foreign_body, "organisation": foreign_organisation, "hub": foreign_hub},
        "other_hub_to_join": Hub.objects.create(slug="to-join", name_ar="منصة للانضمام"),
    }


def test_acts_for_names_the_bodies_organisations_and_hubs_of_the_person(world, platform_admin, citizen):
    scope = acts_for(world["actor"])
    assert all(scope.covers(obj) for obj in world["own"].values())
    assert not any(scope.covers(obj) for obj in world["foreign"].values())
    assert all(acts_for(platform_admin).covers(obj) for obj in world["foreign"].values())
    assert not any(acts_for(citizen).covers(obj) for obj in world["own"].values())


def _assert_refused(call, *, names_before=None, obj=None, names=None):
    """The call is refused with a translated message or a 403, and no row of any table changed."""
    before = table_state()
    with translation.override("en"), pytest.raises((ValidationError, PermissionDenied)) as refusal:
        call()
    if isinstance(refusal.value, ValidationError):
        assert "You do not act for" in " ".join(refusal.value.messages)
    assert state_diff(before, table_state()) == {}
    if obj is not None:
        obj.refresh_from_db()
        assert names(obj) == names_before


@pytest.mark.parametrize("name", sorted(ON_BEHALF))
def test_naming_someone_the_actor_does_not_act_for_is_refused(world, name):
    case = ON_BEHALF[name]
    actor, own, foreign = world["actor"], world["own"][case.kind], world["foreign"][case.kind]
    _assert_refused(lambda: case.create(actor, world, foreign))
    obj = case.create(actor, world, own)  # the same person may write in the name of their own
    assert case.names(obj) == {own}
    if case.update is not None:
        _assert_refused(lambda: case.update(actor, world, obj, foreign), obj=obj, names=case.names, names_before={own})


def test_a_coauthor_named_by_an_administrator_stays_when_the_actor_edits(world, platform_admin):
    from tabadul.library import services
    from tabadul.library.forms import DocumentForm

    own, foreign = world["own"]["body"], world["foreign"]["body"]
    document = services.document_create(
        actor=platform_admin, title_ar="دراسة مشتركة", type=Document.Type.STUDY, author_bodies=[own, foreign]
    )
    form = DocumentForm(instance=document, user=world["actor"])
    assert set(form.fields["author_bodies"].queryset) == {own, foreign}  # the kept co-author, and their own
    assert set(DocumentForm(user=world["actor"]).fields["author_bodies"].queryset) == {own}
    assert set(DocumentForm(user=world["actor"]).fields["author_hubs"].queryset) == {world["own"]["hub"]}
    services.document_update(actor=world["actor"], document=document, author_bodies=[own, foreign], summary_ar="ملخص")
    assert set(document.author_bodies.all()) == {own, foreign}


# --- Flags that write in the platform's name ------------------------------------------------------------------------

# Every yes/no field of the project is classified: a flag that puts the platform's (or a programme's) name on what
# someone writes is in PLATFORM_NAME with the permission that guards it on create and on every update; every other
# one is in NOT_A_BYLINE with the reason. A new flag must be classified (and guarded) when added.
PLATFORM_NAME: dict[str, str] = {
    "events.Event.organised_by_platform": "events.organise_for_platform",
}

NOT_A_BYLINE: dict[str, str] = {
    "accounts.User.is_superuser": "a role, given by administrators only (Django admin)",
    "accounts.User.is_staff": "a role, given by administrators only (Django admin)",
    "accounts.User.is_active": "the account's state, set by administrators and the sign-up flow",
    "alignment.SdgTarget.is_local": "reference data loaded by migrations",
    "alignment.Kpi.is_active": "reference data kept by administrators",
    "hubs.Hub.reviews_initiatives": "the hub's own setting, written by its managers (hubs.manage_hub)",
    "hubs.Election.tie_broken": "written by closing an election, never chosen",
    "events.Event.registration_open": "the event's own setting, written by its managers",
    "events.Course.enrolment_open": "the course's own setting, written by its managers",
    "meter.StrategicPlan.single_person_approval": "the plan's own review setting, written by the body's approvers",
    "qa.SpecialistProfile.is_available": "the specialist's own availability",
    "qa.Question.publication_names_body": "the asker's own consent to name their body when published, written by "
    "question_publication_request (qa.request_publication); it names the asking body, never the platform",
    "discussions.Post.is_opening": "set by the service on a topic's first post",
    "search.SearchEntry.is_public": "computed by the search index from each source's visibility",
    "surveys.Question.required": "a question's own setting, written by the survey's managers (surveys.change_survey)",
    "surveys.Survey.initiatives_campaign": "the survey's own setting (its answers may become the hub's initiatives), "
    "written by the survey's managers (surveys.change_survey); it names nobody",
}


def test_every_flag_is_classified():
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("tabadul.")
        for field in model._meta.get_fields()
        if isinstance(field, BooleanField)
    }
    assert not PLATFORM_NAME.keys() & NOT_A_BYLINE.keys()
    unclassified = found - PLATFORM_NAME.keys() - NOT_A_BYLINE.keys()
    assert not unclassified, (
        f"Classify {sorted(unclassified)}: in PLATFORM_NAME (and check its permission in the services on create and "
        "update, and show it only to those who have it) if it writes in the platform's name, else in NOT_A_BYLINE."
    )
    assert not (PLATFORM_NAME.keys() | NOT_A_BYLINE.keys()) - found, "listed fields that no longer exist"


def _event_in_the_platforms_name(actor, world, flag):
    from tabadul.events import services

    starts = timezone.now() + dt.timedelta(days=3)
    return services.event_create(
        actor=actor,
        hubs=[world["own"]["hub"]],
        organised_by_platform=flag,
        name_ar="يوم تعليمي",
        type="learning_day",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        city="نابلس",
    )


def test_only_those_who_speak_for_the_platform_write_in_its_name(world, platform_admin):
    from tabadul.events import services

    coordinator = world["actor"]  # coordinates the own hub: manages its events, but does not speak for the platform
    assert not coordinator.has_perm(PLATFORM_NAME["events.Event.organised_by_platform"])
    _assert_refused(lambda: _event_in_the_platforms_name(coordinator, world, True))

    by_admin = _event_in_the_platforms_name(platform_admin, world, True)
    _assert_refused(lambda: services.event_update(actor=coordinator, event=by_admin, organised_by_platform=False))
    by_coordinator = _event_in_the_platforms_name(coordinator, world, False)
    _assert_refused(lambda: services.event_update(actor=coordinator, event=by_coordinator, organised_by_platform=True))

    services.event_update(actor=coordinator, event=by_admin, organised_by_platform=True, city="جنين")  # unchanged
    services.event_update(actor=platform_admin, event=by_coordinator, organised_by_platform=True)
    by_admin.refresh_from_db()
    by_coordinator.refresh_from_db()
    assert by_admin.organised_by_platform and by_admin.city == "جنين" and by_coordinator.organised_by_platform


def test_the_event_form_offers_the_platforms_name_only_to_those_who_speak_for_it(world, platform_admin, client):
    from tabadul.events.forms import EventForm

    coordinator = world["actor"]
    assert "organised_by_platform" in EventForm(user=platform_admin).fields
    assert "organised_by_platform" not in EventForm(user=coordinator).fields

    event = _event_in_the_platforms_name(platform_admin, world, True)
    client.force_login(coordinator)
    page = reverse("events:event_edit", args=[event.pk])
    assert 'name="organised_by_platform"' not in client.get(page).content.decode()
    form = client.get(page).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data |= {
        "starts_at": form.initial["starts_at"].strftime("%Y-%m-%dT%H:%M"),
        "ends_at": form.initial["ends_at"].strftime("%Y-%m-%dT%H:%M"),
        "organiser_hubs": [world["own"]["hub"].pk],
        "topics": [],
        "city": "جنين",
    }
    assert client.post(page, data).status_code == 302
    event.refresh_from_db()
    assert event.city == "جنين" and event.organised_by_platform  # kept when someone else edits
