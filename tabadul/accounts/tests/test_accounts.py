import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.rules import is_body_editor, is_platform_admin
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_failed_sign_ins_are_throttled(client, citizen, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused until the window passes.
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_signup_creates_a_citizen_and_audits_it(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "salma",
            "email": "Salma@Example.org",
            "full_name": "سلمى",
            "password": "olive-trees-in-sebastia",
            "password_again": "olive-trees-in-sebastia",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="salma")
    assert user.email == "salma@example.org" and not user.role_grants.exists()
    assert AuditEvent.objects.filter(action="accounts.user.register", actor=user).exists()


def test_signup_errors_are_clear(client, citizen):
    response = client.post(
        reverse("accounts:signup"),
        {"username": citizen.username, "email": "bad", "password": "123", "password_again": "321"},
    )
    errors = response.context["form"].errors
    assert {"username", "email", "password_again"} <= set(errors)
    assert User.objects.count() == 1


def test_password_reset_sends_a_working_link(client, citizen):
    client.post(reverse("accounts:password_reset"), {"email": citizen.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"]


def test_roles_are_scoped_to_their_body(body, other_body, body_editor):
    assert is_body_editor(body_editor, body)
    assert not is_body_editor(body_editor, other_body)
    assert not is_platform_admin(body_editor)


def test_body_role_without_body_is_rejected(citizen):
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=citizen, role=RoleGrant.Role.BODY_EDITOR)


def test_only_platform_admins_grant_roles(body, citizen, platform_admin):
    from django.core.exceptions import PermissionDenied

    from tabadul.accounts.services import role_grant

    with pytest.raises(PermissionDenied):
        role_grant(actor=citizen, user=citizen, role=RoleGrant.Role.PLATFORM_ADMIN)
    role_grant(actor=platform_admin, user=citizen, role=RoleGrant.Role.BODY_EDITOR, local_body=body)
    assert AuditEvent.objects.filter(action="accounts.role.grant", actor=platform_admin).exists()


def test_admin_is_usable_in_arabic(client):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in ["/admin/", "/admin/directory/localbody/", "/admin/accounts/user/", "/admin/core/auditevent/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'dir="rtl"' in response.content.decode()


def test_admin_edits_are_audited(client, body):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:directory_localbody_change", args=[body.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name_ar="بلدية معدلة", country=body.country_id, governorate=body.governorate_id, region=body.region_id)
    data.pop("logo", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEvent.objects.filter(action="core.admin.change", actor=admin).exists()
