import factory

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.services import role_grant

TEST_PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    full_name = factory.Sequence(lambda n: f"شخص {n}")
    password = factory.django.Password(TEST_PASSWORD)


def make_user(*, role: str | None = None, body=None, **fields) -> User:
    """A person, optionally with one role (body roles need `body`); staff of `body` when given."""
    user = UserFactory(local_body=body, **fields)
    if role:
        role_grant(actor=None, user=user, role=role, local_body=body if role in RoleGrant.BODY_ROLES else None)
    return user
