"""Joining a body and a body's people (issue 16, part 1): requests, decisions, invitations, roles, removal."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from tabadul.accounts import selectors, services
from tabadul.accounts.models import BodyInvitation, BodyJoinRequest, RoleGrant, User
from tabadul.accounts.services import activation_token
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.notifications.models import Notification
from tabadul.notifications.testing import assert_notified

pytestmark = pytest.mark.django_db

ADMIN, EDITOR, APPROVER = RoleGrant.Role.BODY_ADMIN, RoleGrant.Role.BODY_EDITOR, RoleGrant.Role.BODY_APPROVER


@pytest.fixture(autouse=True)
def _default_language_after():
    """Pages read in English leave English active in this thread; the next module expects the default."""
    yield
    translation.activate("ar")


@pytest.fixture
def salfit():
    return LocalBodyFactory(slug="salfit", name_ar="بلدية سلفيت", name_en="Salfit Municipality")


@pytest.fixture
def beita():
    return LocalBodyFactory(slug="beita", name_ar="بلدية بيتا", name_en="Beita Municipality")


@pytest.fixture
def salfit_admin(salfit):
    return make_user(username="salfit.admin", role=ADMIN, body=salfit)


@pytest.fixture
def beita_admin(beita):
    return make_user(username="beita.admin", role=ADMIN, body=beita)


def _en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _path(name, **kwargs):
    """The address as stored in a notification (the default language, Arabic: no prefix)."""
    with translation.override("ar"):
        return reverse(name, kwargs=kwargs)


def _roles(user, body) -> set[str]:
    return set(RoleGrant.objects.filter(user=user, local_body=body).values_list("role", flat=True))


def _ask(user, body, **fields) -> BodyJoinRequest:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.body_join_request_create(actor=user, local_body=body, **fields)


def _rows() -> tuple[int, int, int, int]:
    return (
        RoleGrant.objects.count(),
        AuditEvent.objects.count(),
        BodyJoinRequest.objects.exclude(status=BodyJoinRequest.Status.PENDING).count(),
        BodyInvitation.objects.count(),
    )


# --- The story of the issue, end to end ---------------------------------------------------------------------------


@pytest.mark.notification_kind("body_join_request")
def test_a_citizen_joins_salfit_becomes_its_editor_and_edits_its_plan_not_beitas(
    client, salfit, beita, salfit_admin, beita_admin, platform_admin
):
    from tabadul.meter.models import StrategicPlan
    from tabadul.meter.tests.factories import make_plan

    # A person signs up as a citizen and activates the account.
    response = client.post(
        _en("accounts:signup"),
        {
            "username": "rania",
            "full_name": "رانيا",
            "email": "rania@example.org",
            "password": TEST_PASSWORD,
            "password_again": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="rania")
    services.user_activate(user=person, token=activation_token.make_token(person))
    person.refresh_from_db()
    assert person.is_active and person.local_body is None and not person.role_grants.exists()

    # From "Join my body" they ask to join Salfit; Salfit's administrator (only) is told.
    client.force_login(person)
    with assert_notified("body_join_request", [salfit_admin]) as sent:
        response = client.post(
            # typed as a person types it, in the picker (core/pickers.py): a spelling variant of its Arabic name
            _en("accounts:join_body"),
            {"local_body": "بلديه سلفيت", "position": "مهندسة", "department": "الهندسة"},
        )
    assert response.status_code == 302
    join_request = BodyJoinRequest.objects.get(user=person)
    assert join_request.status == BodyJoinRequest.Status.PENDING
    assert sent.notifications[0].url == _path("people:request_decide", slug="salfit", pk=join_request.pk)
    person.refresh_from_db()
    assert person.local_body is None, "until approved the person is a citizen"

    # Salfit's administrator sees it waiting on "my work" and approves it, making them an editor at once.
    assert REGISTRY["accounts.body_join_requests"].count(salfit_admin) == 1
    assert REGISTRY["accounts.body_join_requests"].count(beita_admin) == 0
    client.force_login(salfit_admin)
    page = client.get(_en("people:list", slug="salfit"))
    assert page.status_code == 200 and "رانيا" in page.content.decode()
    response = client.post(
        _en("people:request_decide", slug="salfit", pk=join_request.pk), {"roles": [RoleGrant.Role.BODY_EDITOR]}
    )
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.local_body == salfit and person.position == "مهندسة" and person.department == "الهندسة"
    assert _roles(person, salfit) == {EDITOR}
    assert REGISTRY["accounts.body_join_requests"].count(salfit_admin) == 0

    # They can now edit Salfit's plan, and not Beita's.
    salfit_plan = make_plan(actor=platform_admin, body=salfit, published=False)
    beita_plan = make_plan(actor=platform_admin, body=beita, published=False)
    assert person.has_perm("meter.change_plan", salfit_plan)
    assert not person.has_perm("meter.change_plan", beita_plan)
    client.force_login(person)
    for plan, expected in ((salfit_plan, 302), (beita_plan, 403)):
        data = {
            "title_ar": "الخطة المعدلة",
            "title_en": "Edited plan",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "vision": plan.vision,
            "version": plan.version,
        }
        response = client.post(_en("meter:plan_edit", pk=plan.pk), data)
        assert response.status_code == expected, plan.body
    assert StrategicPlan.objects.get(pk=salfit_plan.pk).title_ar == "الخطة المعدلة"
    assert StrategicPlan.objects.get(pk=beita_plan.pk).title_ar != "الخطة المعدلة"

    # Every step is in the audit trail, on Salfit's page.
    actions = set(selectors.body_people_changes(salfit).values_list("action", flat=True))
    assert {
        "accounts.join_request.create",
        "accounts.join_request.approve",
        "accounts.staff.join",
        "accounts.role.grant",
    } <= actions
    assert not selectors.body_people_changes(beita).filter(changes__user=person.pk).exists()


def test_sign_up_naming_a_body_leaves_a_citizen_with_a_pending_request_told_on_activation(client, salfit, salfit_admin):
    response = client.post(
        _en("accounts:signup"),
        {
            "username": "omar",
            "email": "omar@example.org",
            "password": TEST_PASSWORD,
            "password_again": TEST_PASSWORD,
            "works_for_body": "on",
            "join_body": salfit.pk,
            "position": "محاسب",
            "department": "المالية",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="omar")
    join_request = BodyJoinRequest.objects.get(user=person)
    assert (join_request.local_body, join_request.position, join_request.status) == (salfit, "محاسب", "pending")
    assert person.local_body is None and not person.role_grants.exists()
    assert not Notification.objects.filter(kind="body_join_request").exists(), "nobody is told of an inactive account"
    assert REGISTRY["accounts.body_join_requests"].count(salfit_admin) == 0
    services.user_activate(user=person, token=activation_token.make_token(person))
    assert Notification.objects.filter(kind="body_join_request", recipient=salfit_admin).count() == 1
    assert REGISTRY["accounts.body_join_requests"].count(salfit_admin) == 1


def test_sign_up_box_ticked_without_a_body_is_refused(client):
    response = client.post(
        _en("accounts:signup"),
        {
            "username": "huda",
            "email": "huda@example.org",
            "password": TEST_PASSWORD,
            "password_again": TEST_PASSWORD,
            "works_for_body": "on",
        },
    )
    assert response.status_code == 200 and "Choose the local body you work for." in response.content.decode()
    assert not User.objects.filter(username="huda").exists()


def test_sign_up_page_tells_how_staff_join(client):
    text = client.get(_en("accounts:signup")).content.decode()
    assert "I work for a local body" in text and "body's administrator confirms it" in text


def test_a_body_without_administrator_sends_its_requests_to_platform_administrators(salfit, platform_admin):
    person = make_user()
    with assert_notified("body_join_request", [platform_admin]):
        join_request = services.body_join_request_create(actor=person, local_body=salfit)
    items = REGISTRY["accounts.body_join_requests"].items(platform_admin, 10)
    assert [item.url for item in items] == [
        reverse("people:request_decide", kwargs={"slug": "salfit", "pk": join_request.pk})
    ]
    # Once the body has an administrator, its requests are theirs, no longer the platform administrators'.
    make_user(role=ADMIN, body=salfit)
    assert REGISTRY["accounts.body_join_requests"].count(platform_admin) == 0


def test_one_pending_request_per_person(salfit, beita):
    person = make_user()
    _ask(person, salfit)
    with pytest.raises(ValidationError):
        services.body_join_request_create(actor=person, local_body=beita)
    assert BodyJoinRequest.objects.filter(user=person).count() == 1
    # Withdrawn, it makes room for another.
    services.body_join_request_withdraw(actor=person, join_request=BodyJoinRequest.objects.get(user=person))
    _ask(person, beita)
    assert BodyJoinRequest.objects.filter(user=person, status="pending").get().local_body == beita


# --- Decisions ---------------------------------------------------------------------------------------------------


@pytest.mark.notification_kind("body_join_decision")
def test_approval_tells_the_person(salfit, salfit_admin):
    person = make_user()
    join_request = _ask(person, salfit, position="سائق")
    with assert_notified("body_join_decision", [person]):
        services.body_join_request_approve(actor=salfit_admin, join_request=join_request, roles=[APPROVER])
    person.refresh_from_db()
    assert person.local_body == salfit and _roles(person, salfit) == {APPROVER}


@pytest.mark.notification_kind("body_join_decision")
def test_decline_needs_a_reason_which_the_person_reads(client, salfit, salfit_admin):
    person = make_user()
    join_request = _ask(person, salfit)
    client.force_login(salfit_admin)
    url = _en("people:request_decline", slug="salfit", pk=join_request.pk)
    assert client.get(url).status_code == 200
    before = _rows()
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == BodyJoinRequest.Status.PENDING and _rows() == before
    with pytest.raises(ValidationError):
        services.body_join_request_decline(actor=salfit_admin, join_request=join_request, reason="")

    with assert_notified("body_join_decision", [person]) as sent:
        response = client.post(url, {"reason": "لا يعمل في البلدية"})
    assert response.status_code == 302
    assert sent.notifications[0].details == "لا يعمل في البلدية"
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason, join_request.decided_by) == (
        "declined",
        "لا يعمل في البلدية",
        salfit_admin,
    )
    person.refresh_from_db()
    assert person.local_body is None and not person.role_grants.exists()
    event = AuditEvent.objects.get(action="accounts.join_request.decline")
    assert event.actor == salfit_admin and event.changes["reason"] == "لا يعمل في البلدية"


def test_a_decided_request_cannot_be_decided_again(salfit, salfit_admin):
    join_request = _ask(make_user(), salfit)
    services.body_join_request_decline(actor=salfit_admin, join_request=join_request, reason="لا")
    with pytest.raises(ValidationError):
        services.body_join_request_approve(actor=salfit_admin, join_request=join_request)


def test_moving_to_another_body_ends_the_roles_at_the_old_one(salfit, beita, salfit_admin):
    person = make_user(role=EDITOR, body=beita)
    join_request = _ask(person, salfit)
    services.body_join_request_approve(actor=salfit_admin, join_request=join_request, roles=[EDITOR])
    person.refresh_from_db()
    assert person.local_body == salfit and _roles(person, beita) == set() and _roles(person, salfit) == {EDITOR}
    assert selectors.body_people_changes(beita).filter(action="accounts.role.revoke").exists()


# --- Another body's administrator is refused ----------------------------------------------------------------------


def test_beitas_administrator_cannot_grant_roles_in_salfit(client, salfit, beita, beita_admin):
    staff = make_user(body=salfit)
    join_request = _ask(make_user(), salfit)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=beita_admin, user=staff, role=EDITOR, local_body=salfit)
    with pytest.raises(PermissionDenied):
        services.body_roles_set(actor=beita_admin, local_body=salfit, user=staff, roles=[EDITOR])
    with pytest.raises(PermissionDenied):
        services.body_join_request_approve(actor=beita_admin, join_request=join_request, roles=[EDITOR])

    client.force_login(beita_admin)
    before = _rows()
    attempts = [
        (_en("people:list", slug="salfit"), "get", {}),
        (_en("people:person_roles", slug="salfit", user_pk=staff.pk), "post", {"roles": [EDITOR, ADMIN]}),
        (_en("people:request_decide", slug="salfit", pk=join_request.pk), "post", {"roles": [EDITOR]}),
        (_en("people:request_decline", slug="salfit", pk=join_request.pk), "post", {"reason": "لا"}),
        (_en("people:person_remove", slug="salfit", user_pk=staff.pk), "post", {}),
        (_en("people:invite", slug="salfit"), "post", {"email": "x@example.org"}),
    ]
    for url, method, data in attempts:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _rows() == before
    assert _roles(staff, salfit) == set()
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    # Beita's administrator does manage Beita.
    assert client.get(_en("people:list", slug="beita")).status_code == 200


def test_a_body_administrator_grants_only_to_the_bodys_staff(salfit, salfit_admin):
    outsider = make_user()
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=salfit_admin, user=outsider, role=EDITOR, local_body=salfit)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=salfit_admin, user=outsider, role=RoleGrant.Role.SPECIALIST)


def test_citizens_and_editors_cannot_see_a_bodys_people(client, salfit):
    for person in (make_user(), make_user(role=EDITOR, body=salfit), make_user(role=APPROVER, body=salfit)):
        client.force_login(person)
        assert client.get(_en("people:list", slug="salfit")).status_code == 403


def test_the_body_page_links_to_its_people_for_those_who_manage_them(client, salfit, salfit_admin, platform_admin):
    link = reverse("people:list", kwargs={"slug": "salfit"})
    assert link not in client.get(_en("directory:body_detail", slug="salfit")).content.decode()
    client.force_login(make_user(role=EDITOR, body=salfit))
    assert link not in client.get(_en("directory:body_detail", slug="salfit")).content.decode()
    for manager in (salfit_admin, platform_admin):
        client.force_login(manager)
        assert link in client.get(_en("directory:body_detail", slug="salfit")).content.decode()


# --- Roles, the last administrator, removal -----------------------------------------------------------------------


def test_grant_and_withdraw_the_bodys_roles(client, salfit, salfit_admin):
    staff = make_user(body=salfit)
    client.force_login(salfit_admin)
    url = _en("people:person_roles", slug="salfit", user_pk=staff.pk)
    assert client.post(url, {"roles": [EDITOR, APPROVER]}).status_code == 302
    assert _roles(staff, salfit) == {EDITOR, APPROVER}
    assert client.post(url, {"roles": [APPROVER, ADMIN]}).status_code == 302
    assert _roles(staff, salfit) == {APPROVER, ADMIN}
    grants = AuditEvent.objects.filter(action="accounts.role.grant", actor=salfit_admin, changes__user=staff.pk).count()
    revokes = AuditEvent.objects.filter(
        action="accounts.role.revoke", actor=salfit_admin, changes__user=staff.pk
    ).count()
    assert (grants, revokes) == (3, 1)


def test_the_last_administrator_is_withdrawn_only_by_a_platform_administrator(
    client, salfit, salfit_admin, platform_admin
):
    """A body administrator cannot leave the body without one (themselves included); a platform administrator can,
    and the body's requests then go to the platform administrators."""
    client.force_login(salfit_admin)
    url = _en("people:person_roles", slug="salfit", user_pk=salfit_admin.pk)
    before = _rows()
    response = client.post(url, {"roles": [EDITOR]})
    assert response.status_code == 200 and "last administrator" in response.content.decode()
    assert _roles(salfit_admin, salfit) == {ADMIN} and _rows() == before
    response = client.post(_en("people:person_remove", slug="salfit", user_pk=salfit_admin.pk), {})
    assert response.status_code == 400 and _rows() == before

    # With a second administrator, the first may step down.
    second = make_user(role=ADMIN, body=salfit)
    assert client.post(url, {"roles": [EDITOR]}).status_code == 302
    assert _roles(salfit_admin, salfit) == {EDITOR}

    # The platform administrator may withdraw the last one.
    services.body_roles_set(actor=platform_admin, local_body=salfit, user=second, roles=[])
    assert not RoleGrant.objects.filter(local_body=salfit, role=ADMIN).exists()


def test_removing_someone_who_left(client, salfit, salfit_admin):
    person = make_user(role=EDITOR, body=salfit, position="مهندس")
    client.force_login(salfit_admin)
    url = _en("people:person_remove", slug="salfit", user_pk=person.pk)
    page = client.get(url)
    assert page.status_code == 200 and "This cannot be undone." in page.content.decode()
    assert client.post(url, {}).status_code == 302
    person.refresh_from_db()
    assert person.local_body is None and person.position == "" and _roles(person, salfit) == set()
    event = AuditEvent.objects.get(action="accounts.staff.remove")
    assert event.actor == salfit_admin and event.changes["local_body"] == salfit.pk
    # They are no longer on the page, and a second removal finds nobody.
    assert client.get(url).status_code == 404


# --- Invitations --------------------------------------------------------------------------------------------------


def _invite(actor, body, email, **fields) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.body_invitation_create(actor=actor, local_body=body, email=email, **fields)
    message = mail.outbox[-1]
    assert message.to == [email]
    return re.search(r"https?://\S+/accounts/invitations/(\S+?)/", message.body).group(1)


def test_an_invited_person_with_an_account_joins_on_acceptance(client, salfit, salfit_admin):
    person = make_user(email="lina@example.org")
    client.force_login(salfit_admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_en("people:invite", slug="salfit"), {"email": "Lina@Example.org", "position": "مديرة"})
    assert response.status_code == 302
    invitation = BodyInvitation.objects.get()
    token = re.search(r"/accounts/invitations/(\S+?)/", mail.outbox[-1].body).group(1)
    assert invitation.token_hash != token and token not in str(invitation.__dict__), "only the hash is stored"

    # Someone else signed in cannot use the link.
    client.force_login(make_user())
    assert client.post(_en("accounts:invitation", token=token)).status_code == 403
    client.force_login(person)
    assert client.get(_en("accounts:invitation", token=token)).status_code == 200
    assert client.post(_en("accounts:invitation", token=token)).status_code == 302
    person.refresh_from_db()
    assert person.local_body == salfit and person.position == "مديرة"
    join_request = BodyJoinRequest.objects.get(user=person)
    assert join_request.status == "approved"
    assert (join_request.decided_by, join_request.invitation) == (salfit_admin, invitation)
    # The link works once.
    assert client.get(_en("accounts:invitation", token=token)).status_code == 404
    assert selectors.body_people_changes(salfit).filter(action="accounts.invitation.accept").exists()


def test_an_invited_person_without_an_account_signs_up_then_accepts(client, salfit, salfit_admin):
    token = _invite(salfit_admin, salfit, "new@example.org")
    page = client.get(_en("accounts:invitation", token=token))
    assert page.status_code == 200 and reverse("accounts:signup") in page.content.decode()
    assert client.post(_en("accounts:invitation", token=token)).status_code == 302  # to sign in
    client.post(
        _en("accounts:signup"),
        {"username": "new", "email": "new@example.org", "password": TEST_PASSWORD, "password_again": TEST_PASSWORD},
    )
    person = User.objects.get(username="new")
    services.user_activate(user=person, token=activation_token.make_token(person))
    client.force_login(person)
    assert client.post(_en("accounts:invitation", token=token)).status_code == 302
    person.refresh_from_db()
    assert person.local_body == salfit


def test_a_withdrawn_invitation_no_longer_works(client, salfit, salfit_admin):
    person = make_user(email="sami@example.org")
    token = _invite(salfit_admin, salfit, "sami@example.org")
    client.force_login(salfit_admin)
    invitation = BodyInvitation.objects.get()
    response = client.post(_en("people:invitation_withdraw", slug="salfit", pk=invitation.pk))
    assert response.status_code == 302
    client.force_login(person)
    assert client.post(_en("accounts:invitation", token=token)).status_code == 404
    person.refresh_from_db()
    assert person.local_body is None


# --- The page -----------------------------------------------------------------------------------------------------


def test_the_people_page_lists_staff_requests_invitations_and_changes_in_bounded_queries(
    client, salfit, salfit_admin, django_assert_max_num_queries
):
    def populate(count):
        for number in range(count):
            staff = make_user(body=salfit)
            services.body_roles_set(actor=salfit_admin, local_body=salfit, user=staff, roles=[EDITOR, APPROVER])
            _ask(make_user(), salfit, position=f"وظيفة {number}")
            services.body_invitation_create(actor=salfit_admin, local_body=salfit, email=f"i{number}@example.org")

    client.force_login(salfit_admin)
    url = _en("people:list", slug="salfit")
    populate(2)
    with django_assert_max_num_queries(31) as few:  # the staff and the changes each a page (two counts)
        assert client.get(url).status_code == 200
    populate(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    text = response.content.decode()
    assert "وظيفة 7" in text and "i7@example.org" in text and "Role given" in text
    assert text.count('/roles/"') == 11  # ten staff and the administrator


def test_a_bodys_people_are_its_staff_and_its_role_holders_each_once(salfit, beita, salfit_admin):
    staff_with_two_roles = make_user(body=salfit)
    services.body_roles_set(actor=salfit_admin, local_body=salfit, user=staff_with_two_roles, roles=[EDITOR, APPROVER])
    staff_without_role = make_user(body=salfit)
    holder_from_elsewhere = make_user(body=beita)
    RoleGrant.objects.create(user=holder_from_elsewhere, role=EDITOR, local_body=salfit)
    make_user(role=EDITOR, body=beita)

    people = list(selectors.body_staff(salfit))

    assert sorted(person.pk for person in people) == sorted(
        [salfit_admin.pk, staff_with_two_roles.pk, staff_without_role.pk, holder_from_elsewhere.pk]
    )
    roles = {person.pk: [grant.role for grant in person.body_grants] for person in people}
    assert roles[staff_with_two_roles.pk] == sorted([EDITOR, APPROVER]) and roles[staff_without_role.pk] == []


@override_settings(PAGE_SIZE=2)
def test_the_people_page_shows_a_page_of_the_staff(client, salfit, salfit_admin):
    for _number in range(3):
        make_user(body=salfit)
    client.force_login(salfit_admin)
    url = _en("people:list", slug="salfit")
    first = client.get(url).content.decode()
    assert first.count('/roles/"') == 2 and 'href="?staff=2#staff"' in first
    assert client.get(url, {"staff": "2"}).content.decode().count('/roles/"') == 2
