"""A person's relation to a hub: one definition (hubs/relations.py, docs/hubs.md), one memo, used by every app."""

import ast
import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import role_grant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services
from tabadul.hubs.models import Mandate, Membership, Representative, WorkingGroupMember, WorkPlan, WorkPlanTopic
from tabadul.hubs.relations import MEMO
from tabadul.hubs.selectors import Relation, forget_hub_relations, hub_relations, relation_to
from tabadul.programmes.models import Programme

from .conftest import make_coordinator, make_hub, make_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _fresh(user):
    """The same person as a new request sees them: nothing remembered."""
    return type(user).objects.get(pk=user.pk)


def _membership(hub, body, status=Membership.Status.ACTIVE):
    return Membership.objects.create(hub=hub, body=body, status=status)


def _mandate(hub, user, role=Mandate.Role.COORDINATOR, *, starts=-10, ends=300):
    return Mandate.objects.create(
        hub=hub, user=user, role=role, starts_on=TODAY() + starts * DAY, ends_on=TODAY() + ends * DAY
    )


def _topic(hub, title="موضوع"):
    plan = WorkPlan.objects.create(hub=hub, starts_on=TODAY(), ends_on=TODAY() + 365 * DAY)
    return WorkPlanTopic.objects.create(work_plan=plan, title_ar=title, rank=1)


def _programme(slug="apla"):
    return Programme.objects.create(slug=slug, name_ar=f"برنامج {slug}", name_en=slug)


def _officer(programme, **fields):
    person = make_user(**fields)
    role_grant(actor=None, user=person, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
    return person


# --- Each relation, with the person holding exactly it -----------------------------------------------------------


def _member(hub):
    body = LocalBodyFactory()
    _membership(hub, body)
    return make_user(body=body), {Relation.MEMBER}


def _representative(hub):
    return make_member(hub), {Relation.MEMBER, Relation.REPRESENTATIVE}


def _coordinator(hub):
    person = make_user()  # no body: coordinating is not membership
    _mandate(hub, person)
    return person, {Relation.COORDINATOR}


def _deputy(hub):
    person = make_user()
    _mandate(hub, person, Mandate.Role.DEPUTY)
    return person, {Relation.DEPUTY}


def _working_group_member(hub):
    person = make_user(role=RoleGrant.Role.SPECIALIST)  # seated by the coordinator, of no member body
    WorkingGroupMember.objects.create(topic=_topic(hub), user=person)
    return person, {Relation.WORKING_GROUP_MEMBER}


def _programme_officer(hub):
    programme = _programme()
    hub.programme = programme
    hub.save()
    return _officer(programme), {Relation.PROGRAMME_OFFICER}


HOLDERS = {
    Relation.MEMBER: _member,
    Relation.REPRESENTATIVE: _representative,
    Relation.COORDINATOR: _coordinator,
    Relation.DEPUTY: _deputy,
    Relation.WORKING_GROUP_MEMBER: _working_group_member,
    Relation.PROGRAMME_OFFICER: _programme_officer,
}


def test_every_relation_has_its_case():
    assert set(HOLDERS) == set(Relation)


@pytest.mark.parametrize("relation", sorted(Relation))
def test_each_relation_to_its_hub_and_to_no_other(relation):
    hub, other = make_hub("hub-a"), make_hub("hub-b")
    person, expected = HOLDERS[relation](hub)
    person = _fresh(person)
    assert relation_to(person, hub) == expected
    assert relation_to(person, hub.pk) == expected
    assert relation_to(person, other) == frozenset()
    assert hub_relations(person).hub_ids == {hub.pk}


def test_representative_and_member_rights():
    hub = make_hub()
    member, _ = _member(hub)
    representative, _ = _representative(hub)
    assert not member.has_perm("hubs.take_part", hub)
    assert representative.has_perm("hubs.take_part", hub)


@pytest.mark.parametrize("role", [Mandate.Role.COORDINATOR, Mandate.Role.DEPUTY])
def test_a_deputy_manages_as_the_coordinator_does(role):
    hub = make_hub()
    person = make_user()
    _mandate(hub, person, role)
    assert hub_relations(person).managed_hub_ids == {hub.pk}
    assert person.has_perm("hubs.manage_hub", hub)


def test_a_working_group_seat_and_its_lead():
    hub = make_hub()
    topic, other_topic = _topic(hub), _topic(hub, "آخر")
    lead, seated = make_user(), make_user()
    WorkingGroupMember.objects.create(topic=topic, user=lead, role=WorkingGroupMember.Role.LEAD)
    WorkingGroupMember.objects.create(topic=topic, user=seated)
    assert hub_relations(lead).led_topic_ids == {topic.pk} == hub_relations(lead).working_group_topic_ids
    assert hub_relations(seated).led_topic_ids == frozenset()
    assert hub_relations(seated).working_group_topic_ids == {topic.pk}
    assert hub_relations(seated).working_group_hub_ids == {hub.pk}
    assert not seated.has_perm("hubs.take_part", hub)  # a seat is not membership
    coordinator = make_coordinator(hub)
    assert hub_relations(coordinator).managed_topic_ids == {topic.pk, other_topic.pk}


# --- No relation -------------------------------------------------------------------------------------------------


def _staff_of_a_non_member_body(hub):
    _membership(hub, LocalBodyFactory())
    return make_user(body=LocalBodyFactory())


def _staff_of_a_body_that_asked(hub):
    body = LocalBodyFactory()
    _membership(hub, body, Membership.Status.REQUESTED)
    return make_user(body=body)


def _staff_of_a_declined_body(hub):
    body = LocalBodyFactory()
    _membership(hub, body, Membership.Status.DECLINED)
    return make_user(body=body)


def _representative_of_a_body_that_left(hub):
    person = make_member(hub)
    Membership.objects.filter(hub=hub).update(status=Membership.Status.LEFT)
    return person


def _representative_who_moved_to_another_body(hub):
    person = make_member(hub)
    person.local_body = LocalBodyFactory()
    person.save()
    return person


def _coordinator_whose_term_ended(hub):
    person = make_user()
    _mandate(hub, person, starts=-300, ends=-1)
    return person


def _deputy_whose_term_has_not_started(hub):
    person = make_user()
    _mandate(hub, person, Mandate.Role.DEPUTY, starts=1, ends=300)
    return person


def _officer_of_another_programme(hub):
    hub.programme = _programme("giz")
    hub.save()
    return _officer(_programme("undp"))


def _seat_in_another_hubs_group(hub):
    person = make_user()
    WorkingGroupMember.objects.create(topic=_topic(make_hub("hub-z")), user=person)
    return person


NOBODY = {
    "anonymous": lambda hub: AnonymousUser(),
    "staff of a non-member body": _staff_of_a_non_member_body,
    "staff of a body that asked to join": _staff_of_a_body_that_asked,
    "staff of a declined body": _staff_of_a_declined_body,
    "representative of a body that left": _representative_of_a_body_that_left,
    "representative who moved to another body": _representative_who_moved_to_another_body,
    "coordinator whose term ended": _coordinator_whose_term_ended,
    "deputy whose term has not started": _deputy_whose_term_has_not_started,
    "officer of another programme": _officer_of_another_programme,
    "seat in another hub's working group": _seat_in_another_hubs_group,
}


@pytest.mark.parametrize("case", sorted(NOBODY))
def test_no_relation(case):
    hub = make_hub()
    person = NOBODY[case](hub)
    if person.is_authenticated:
        person = _fresh(person)
    assert relation_to(person, hub) == frozenset()
    assert hub.pk not in hub_relations(person).hub_ids
    assert not person.has_perm("hubs.take_part", hub)
    assert not person.has_perm("hubs.manage_hub", hub)


def test_a_paused_hub_keeps_its_relations():
    hub = make_hub(status="paused")
    person, expected = _representative(hub)
    assert relation_to(_fresh(person), hub) == expected


# --- Cost and memory ---------------------------------------------------------------------------------------------


def _holder_of_everything(n: int):
    """A person related to n hubs in every way at once (member, representative, coordinator, seat, officer)."""
    body = LocalBodyFactory()
    programme = _programme()
    person = _officer(programme, body=body)
    for index in range(n):
        hub = make_hub(f"hub-{index}", programme=programme)
        membership = _membership(hub, body)
        Representative.objects.create(membership=membership, user=person)
        _mandate(hub, person, Mandate.Role.DEPUTY if index % 2 else Mandate.Role.COORDINATOR)
        WorkingGroupMember.objects.create(topic=_topic(hub), user=person)
    return _fresh(person)


def _queries(compute) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as context:
        result = compute()
    return result, len(context)


@pytest.mark.parametrize("n", [1, 6])
def test_computing_the_relations_takes_the_same_queries_for_any_number_of_hubs(n):
    person = _holder_of_everything(n)
    relations, queries = _queries(lambda: hub_relations(person))
    assert len(relations.hub_ids) == n
    for hub_id in relations.hub_ids:
        assert len(relations.to(hub_id)) == len(Relation) - 1  # coordinator or deputy
    assert queries == 2  # the person's role grants (shared with every rule) and one query for all relations
    _again, queries = _queries(lambda: hub_relations(person))
    assert queries == 0


def test_one_memo_on_the_person():
    person = _holder_of_everything(2)
    before = set(vars(person))
    hub_relations(person)
    person.has_perm("hubs.manage_hub", make_hub("another"))
    assert {name for name in set(vars(person)) - before if "hub" in name} == {MEMO}


def test_a_service_that_changes_membership_forgets_the_memo(body_editor, body):
    """The body's editor is staff of the body: when the body joins or leaves, their answer changes at once."""
    hub = make_hub()
    coordinator = make_coordinator(hub)
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    assert relation_to(body_editor, hub) == frozenset()
    services.membership_decide(actor=coordinator, membership=membership, accept=True)
    forget_hub_relations(body_editor)  # the coordinator decided in another request
    assert relation_to(body_editor, hub) == {Relation.MEMBER}
    representative = services.representative_join(actor=body_editor, membership=membership)
    assert relation_to(body_editor, hub) == {Relation.MEMBER, Relation.REPRESENTATIVE}
    services.representative_leave(actor=body_editor, representative=representative)
    assert relation_to(body_editor, hub) == {Relation.MEMBER}
    services.membership_leave(actor=body_editor, membership=membership)
    assert relation_to(body_editor, hub) == frozenset()


def test_services_that_change_mandates_and_seats_forget_the_memo():
    hub = make_hub()
    coordinator = make_coordinator(hub)
    topic = _topic(hub)
    assert relation_to(coordinator, hub) == {Relation.MEMBER, Relation.REPRESENTATIVE, Relation.COORDINATOR}
    assert hub_relations(coordinator).managed_topic_ids == {topic.pk}
    services.working_group_join(actor=coordinator, topic=topic, lead=True)
    assert hub_relations(coordinator).led_topic_ids == {topic.pk}
    seat = WorkingGroupMember.objects.get(topic=topic, user=coordinator)
    services.working_group_leave(actor=coordinator, seat=seat)
    assert hub_relations(coordinator).working_group_topic_ids == frozenset()
    mandate = Mandate.objects.get(user=coordinator)
    services.mandate_end(actor=coordinator, mandate=mandate, on=TODAY() - DAY)
    assert Relation.COORDINATOR not in relation_to(coordinator, hub)
    assert not coordinator.has_perm("hubs.manage_hub", hub)


def test_a_role_granted_or_a_new_body_is_seen_without_forgetting(platform_admin):
    """accounts sits below hubs and cannot call forget_hub_relations: the memo notices the change by itself."""
    hub = make_hub(programme=_programme())
    person = make_user()
    assert relation_to(person, hub) == frozenset()
    role_grant(actor=platform_admin, user=person, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=hub.programme)
    assert relation_to(person, hub) == {Relation.PROGRAMME_OFFICER}
    body = LocalBodyFactory()
    _membership(hub, body)
    person.local_body = body
    assert relation_to(person, hub) == {Relation.MEMBER, Relation.PROGRAMME_OFFICER}


# --- Every app asks the same question ----------------------------------------------------------------------------


def test_the_apps_agree_on_who_is_a_member(platform_admin):
    """A members-only event and document of the hub, its forum and filing a question under it: open to the staff
    of an active member body, closed to the staff of a body that left and to a representative who moved away."""
    from tabadul.discussions.owners import is_forum_member
    from tabadul.discussions.services import forum_ensure
    from tabadul.events import selectors as event_selectors
    from tabadul.events.models import Event
    from tabadul.events.services import event_create
    from tabadul.library import selectors as library_selectors
    from tabadul.library.models import Document
    from tabadul.library.services import document_create
    from tabadul.qa.forms import QuestionForm

    hub = make_hub()
    staff = make_member(hub)
    left = make_member(hub)
    Membership.objects.filter(body=left.local_body).update(status=Membership.Status.LEFT)
    moved = make_member(hub)
    moved.local_body = LocalBodyFactory()
    moved.save()
    starts = timezone.now() + 7 * DAY
    event = event_create(
        actor=platform_admin,
        hubs=[hub],
        name_ar="لقاء الأعضاء",
        type=Event.Type.LEARNING_DAY,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone="Asia/Hebron",
        city="رام الله",
        visibility=Event.Visibility.MEMBERS,
    )
    document = document_create(
        actor=platform_admin,
        title_ar="وثيقة الأعضاء",
        type=Document.Type.STUDY,
        author_hubs=[hub],
        visibility=Document.Visibility.MEMBERS,
    )
    forum = forum_ensure(owner=hub)
    for person, member in ((staff, True), (left, False), (moved, False)):
        person = _fresh(person)
        assert (Relation.MEMBER in relation_to(person, hub)) is member
        assert event_selectors.visible_events(person).filter(pk=event.pk).exists() is member
        assert person.has_perm("events.register_event", event) is member
        assert library_selectors.visible_documents(person).filter(pk=document.pk).exists() is member
        assert is_forum_member(person, forum) is member
        assert ("hub" in QuestionForm(user=person).fields) is member


# --- No other app reads hub membership by itself -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]  # tabadul/
MODELS = {"Membership", "Representative", "Mandate", "WorkingGroupMember"}
# Reverse relations and lookups that reach those models from users, bodies, hubs and topics.
RELATED = {"hub_memberships", "hub_representations", "hub_mandates", "working_group", "representatives", "mandates"}
LOOKUPS = ("memberships__", *(f"{name}__" for name in RELATED))
# Reads that decide nobody's access, each with its reason.
NOT_ACCESS = {
    "twinning/suggestions.py": "suggests partners from the working groups bodies share (no access decision)",
    "demo": "the demonstration data creates memberships, mandates and seats",
}


def _names_relation(text: str) -> bool:
    return text in MODELS or any(lookup in text for lookup in LOOKUPS)


def hub_relation_reads(source: str, filename: str = "<source>") -> list[str]:
    """The lines of `source` naming the hubs' relation models, their reverse relations or lookups into them."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        name = None
        if isinstance(node, ast.Name) and node.id in MODELS:
            name = node.id
        elif isinstance(node, ast.Attribute) and node.attr in MODELS | RELATED:
            name = node.attr
        elif isinstance(node, ast.alias) and node.name in MODELS:
            name = node.name
        elif isinstance(node, ast.keyword) and node.arg and node.arg.startswith(LOOKUPS):
            name = node.arg
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _names_relation(node.value):
            name = repr(node.value)
        if name:
            found.append(f"{getattr(node, 'lineno', '?')}: {name}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def _outside_hubs():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "hubs" or "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_the_scan_finds_each_way_of_reading_membership():
    source = (
        "from tabadul.hubs.models import Membership\n"
        "apps.get_model('hubs', 'Mandate')\n"
        "user.hub_representations.all()\n"
        "Hub.objects.filter(memberships__body=body)\n"
        "Topic.objects.filter(Q(working_group__user_id=1))\n"
    )
    assert [line.split(":")[0] for line in hub_relation_reads(source)] == ["1", "2", "3", "4", "5"]


def test_no_module_outside_hubs_reads_hub_membership_by_itself():
    """Apps ask hubs.selectors (hub_relations, relation_to and the "who holds it" helpers) instead."""
    offenders, allowed_hits = {}, {key: 0 for key in NOT_ACCESS}
    for path in _outside_hubs():
        relative = path.relative_to(ROOT).as_posix()
        found = hub_relation_reads(path.read_text(encoding="utf-8"), relative)
        allowed = next((key for key in NOT_ACCESS if relative == key or relative.startswith(f"{key}/")), None)
        if allowed:
            allowed_hits[allowed] += len(found)
        elif found:
            offenders[relative] = found
    assert offenders == {}
    assert all(allowed_hits.values()), f"no longer needed: {[key for key, n in allowed_hits.items() if not n]}"
