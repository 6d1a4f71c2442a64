import datetime

import pytest
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.tests.conftest import make_coordinator, make_hub, make_member
from tabadul.surveys import services
from tabadul.surveys.models import Survey


def window(days_before=1, days_after=10) -> dict:
    now = timezone.now()
    return {
        "starts_at": now - datetime.timedelta(days=days_before),
        "ends_at": now + datetime.timedelta(days=days_after),
    }


QUESTIONS = [
    {"kind": "single", "text": "Which area?", "options": ["GIS", "Finance", "Energy"]},
    {"kind": "multiple", "text": "What do you need?", "options": ["Visit", "Training", "Expert"], "required": False},
    {"kind": "scale", "text": "How useful?", "scale_low": "Not at all", "scale_high": "Very"},
    {"kind": "number", "text": "How many staff?", "required": False},
    {"kind": "text", "text": "What is the initiative?", "required": False},
]


def make_survey(
    *,
    actor,
    owner,
    open_it=True,
    unit=Survey.Unit.BODY,
    audience=Survey.Audience.MEMBERS,
    bodies=(),
    questions=QUESTIONS,
    **values,
) -> Survey:
    fields = {"title": "استطلاع المبادرات", "audience": audience, "unit": unit, **window(), **values}
    survey = services.survey_create(actor=actor, owner=owner, bodies=bodies, **fields)
    for spec in questions:
        services.question_add(actor=actor, survey=survey, **spec)
    if open_it:
        services.survey_open(actor=actor, survey=survey)
    return survey


@pytest.fixture
def hub_world(db):
    """A hub that reviews initiatives, its coordinator, three member bodies (each with a representative and a second
    staff member), and a body outside it."""
    hub = make_hub("surveys-hub", reviews_initiatives=True)
    coordinator = make_coordinator(hub)
    members = [make_member(hub) for _index in range(3)]
    colleagues = [make_user(body=member.local_body) for member in members]
    outsider = make_user(role=RoleGrant.Role.BODY_EDITOR, body=LocalBodyFactory())
    return {
        "hub": hub,
        "coordinator": coordinator,
        "members": members,
        "colleagues": colleagues,
        "outsider": outsider,
        "admin": make_user(role=RoleGrant.Role.PLATFORM_ADMIN),
    }
