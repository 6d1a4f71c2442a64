import pytest

from tabadul.accounts.tests.factories import make_user
from tabadul.library.models import Document, Organisation

from .factories import make_document


@pytest.fixture
def programme(db):
    return Organisation.objects.create(slug="isal", name_ar="برنامج إيصال", name_en="Isal programme")


@pytest.fixture
def programme_staff(programme):
    user = make_user()
    programme.staff.add(user)
    return user


@pytest.fixture
def body_staff(body):
    """Staff of the body without any editing role."""
    return make_user(body=body)


@pytest.fixture
def study(body_editor, body):
    return make_document(actor=body_editor, author_bodies=[body], type=Document.Type.STUDY, title_en="Waste study")


@pytest.fixture
def private_document(body_editor, body):
    return make_document(
        actor=body_editor, author_bodies=[body], visibility=Document.Visibility.PRIVATE, title_en="Secret draft"
    )


@pytest.fixture
def members_document(body_editor, body):
    return make_document(
        actor=body_editor, author_bodies=[body], visibility=Document.Visibility.MEMBERS, title_en="Members note"
    )
