"""Demo accounts, one per role. Development only: the password is public (README)."""

from tabadul.accounts.models import BodyJoinRequest, RoleGrant, User
from tabadul.accounts.services import body_join_request_create, role_grant
from tabadul.core.services import save_if_changed
from tabadul.directory.models import LocalBody

DEMO_PASSWORD = "tabadul-demo"

# `load_demo --no-accounts` (the only way outside DEBUG) turns this off: the demo people other apps create then
# get no usable password, so nobody can sign in with the public one.
_sign_in_enabled = True


def enable_sign_in(enabled: bool) -> None:
    global _sign_in_enabled
    _sign_in_enabled = enabled


def set_demo_password(user: User) -> None:
    """The public demo password, or none at all when demo sign-in is off."""
    if _sign_in_enabled:
        user.set_password(DEMO_PASSWORD)
    else:
        user.set_unusable_password()


# username, full name, body slug, position, roles
DEMO_ACCOUNTS = [
    ("admin", "مسؤول المنصة", None, "", [RoleGrant.Role.PLATFORM_ADMIN]),
    ("beita.editor", "محرر بلدية بيتا", "beita", "مسؤول التخطيط", [RoleGrant.Role.BODY_EDITOR]),
    ("beita.approver", "معتمد بلدية بيتا", "beita", "مدير البلدية", [RoleGrant.Role.BODY_APPROVER]),
    ("salfit.editor", "محرر بلدية سلفيت", "salfit", "مسؤول العلاقات العامة", [RoleGrant.Role.BODY_EDITOR]),
    # The body administrators of the three Meter pilots (seed 002): they manage their body's people.
    ("beita.admin", "مسؤول موظفي بلدية بيتا", "beita", "مدير إداري", [RoleGrant.Role.BODY_ADMIN]),
    ("salfit.admin", "مسؤول موظفي بلدية سلفيت", "salfit", "مدير إداري", [RoleGrant.Role.BODY_ADMIN]),
    ("sebastia.admin", "مسؤول موظفي بلدية سبسطية", "sebastia", "مدير إداري", [RoleGrant.Role.BODY_ADMIN]),
    ("specialist", "خبير المالية المحلية", None, "مختص", [RoleGrant.Role.SPECIALIST]),
    ("citizen", "مواطن", None, "", []),
    # A newcomer who signed up as a citizen and asks to join Beita: beita.admin's "my work" has something to decide.
    ("beita.newcomer", "سامر عودة", None, "", []),
]
# username, body slug, position, department of the pending requests to join a body
DEMO_JOIN_REQUESTS = [("beita.newcomer", "beita", "مهندس مشاريع", "دائرة الهندسة")]


def load() -> str:
    usernames = []
    for username, full_name, body_slug, position, roles in DEMO_ACCOUNTS:
        body = LocalBody.objects.get(slug=body_slug) if body_slug else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.tabadul.local")
            set_demo_password(user)
        is_admin = RoleGrant.Role.PLATFORM_ADMIN in roles
        save_if_changed(
            user, full_name=full_name, local_body=body, position=position, is_staff=is_admin, is_superuser=is_admin
        )
        for role in roles:
            role_grant(actor=None, user=user, role=role, local_body=body if role in RoleGrant.BODY_ROLES else None)
        usernames.append(username)
    for username, body_slug, position, department in DEMO_JOIN_REQUESTS:
        user = User.objects.get(username=username)
        if not BodyJoinRequest.objects.filter(user=user).exists():
            body_join_request_create(
                actor=user, local_body=LocalBody.objects.get(slug=body_slug), position=position, department=department
            )
    return f"demo accounts (password '{DEMO_PASSWORD}'): {', '.join(usernames)}"
