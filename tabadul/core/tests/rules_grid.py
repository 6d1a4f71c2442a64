"""The cast and the world of the per-app permission grids (`tabadul/<app>/tests/test_rules.py`, adhocracy4's style).

Each app's `test_rules.py` declares `GRID`: rows of (permission, object, the roles that hold it). `rows(GRID)` turns
them into parameters; `check(world, ...)` asks `user.has_perm(permission, object)` for **every role of `ROLES`** and
compares the answers with the row, so a role left out of a row is a role that must be refused.
`tabadul/core/tests/test_rules_coverage.py` fails when a registered permission is named in no row.

The world is built once per test module (`world_fixture(build)`) inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

# The people every grid asks. "Own" objects belong to `body` (A), `hub` (H) and `programme` (P); "other" ones to
# `other_body` (B), `other_hub` (H2) and `other_programme` (Q).
ROLES = (
    "anonymous",
    "citizen",  # signed in, no role, no body
    "staff",  # staff of body A (their account names it), no role
    "editor",  # body editor of A
    "approver",  # body approver of A
    "body_admin",  # body administrator of A
    "other_editor",  # body editor of B
    "other_approver",  # body approver of B
    "other_admin",  # body administrator of B
    "coordinator",  # coordinator of hub H (within the term)
    "deputy",  # deputy coordinator of hub H
    "member",  # representative of an active member body of H (and that body's editor)
    "non_member",  # representative of a member body of H2 only
    "other_coordinator",  # coordinator of hub H2
    "specialist",
    "officer",  # programme officer of P (H, and whatever the app puts in P)
    "other_officer",  # programme officer of Q
    "admin",  # platform administrator
)


def build_cast() -> dict:
    """Bodies A and B, programmes P and Q, hubs H (in P) and H2 (in Q), and the people of ROLES."""
    from tabadul.accounts.models import RoleGrant
    from tabadul.accounts.services import role_grant
    from tabadul.accounts.tests.factories import make_user
    from tabadul.directory.tests.factories import LocalBodyFactory
    from tabadul.hubs.models import Mandate
    from tabadul.hubs.tests.conftest import make_coordinator, make_hub, make_member
    from tabadul.programmes.models import Programme

    Role = RoleGrant.Role
    body, other_body = LocalBodyFactory(), LocalBodyFactory()
    programme = Programme.objects.create(slug="grid-p", name_ar="برنامج ب", name_en="P")
    other_programme = Programme.objects.create(slug="grid-q", name_ar="برنامج ق", name_en="Q")
    hub = make_hub("grid-hub", programme=programme)
    other_hub = make_hub("grid-other-hub", programme=other_programme)

    def officer(of):
        user = make_user()
        role_grant(actor=None, user=user, role=Role.PROGRAMME_OFFICER, programme=of)
        return user

    people = {
        "anonymous": AnonymousUser(),
        "citizen": make_user(),
        "staff": make_user(body=body),
        "editor": make_user(role=Role.BODY_EDITOR, body=body),
        "approver": make_user(role=Role.BODY_APPROVER, body=body),
        "body_admin": make_user(role=Role.BODY_ADMIN, body=body),
        "other_editor": make_user(role=Role.BODY_EDITOR, body=other_body),
        "other_approver": make_user(role=Role.BODY_APPROVER, body=other_body),
        "other_admin": make_user(role=Role.BODY_ADMIN, body=other_body),
        "coordinator": make_coordinator(hub),
        "deputy": make_coordinator(hub, role=Mandate.Role.DEPUTY),
        "member": make_member(hub),
        "non_member": make_member(other_hub),
        "other_coordinator": make_coordinator(other_hub),
        "specialist": make_user(role=Role.SPECIALIST),
        "officer": officer(programme),
        "other_officer": officer(other_programme),
        "admin": make_user(role=Role.PLATFORM_ADMIN),
    }
    assert tuple(people) == ROLES
    return {
        "people": people,
        "body": body,
        "other_body": other_body,
        "programme": programme,
        "other_programme": other_programme,
        "hub": hub,
        "other_hub": other_hub,
        "now": timezone.now(),
        "today": timezone.localdate(),
        "day": datetime.timedelta(days=1),
    }


def world_fixture(build, name="world"):
    """A module-scoped fixture (`world` unless named): `build()`'s dict, built once inside a transaction rolled back
    at the end."""

    @pytest.fixture(scope="module", name=name)
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                with override_settings(
                    MEDIA_ROOT=tmp_path_factory.mktemp("grid-media"),
                    PRIVATE_FILES_ROOT=tmp_path_factory.mktemp("grid-private"),
                ):
                    built = build()
                yield built
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    return world


def rows(grid):
    """pytest parameters, one per (permission, object) row: `(permission, object key or None, holders)`."""
    params = []
    for permission, obj, holders in grid:
        unknown = set(holders) - set(ROLES)
        assert not unknown, f"{permission}: unknown roles {unknown}"
        params.append(pytest.param(permission, obj, frozenset(holders), id=f"{permission}-{obj}"))
    return params


def check(world: dict, permission: str, obj: str | None, holders) -> None:
    """Every role asks `has_perm(permission, world[obj])`; exactly the `holders` may."""
    target = None if obj is None else world[obj]
    got = {role for role, user in world["people"].items() if user.has_perm(permission, target)}
    expected = set(holders)
    assert got == expected, (
        f"{permission} on {obj}: should not hold {sorted(got - expected)}; should hold {sorted(expected - got)}"
    )


# Common sets of holders.
ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
A_ROLES = frozenset({"editor", "approver", "body_admin"})
B_ROLES = frozenset({"other_editor", "other_approver", "other_admin"})
# People whose account names a body: A's staff and role holders, B's role holders, and the hub people (each is
# staff of their own body, see hubs/tests/conftest.py).
WITH_A_BODY = {"staff"} | A_ROLES | B_ROLES | {"coordinator", "deputy", "member", "non_member", "other_coordinator"}
