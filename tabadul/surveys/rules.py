"""Who may do what with surveys (django-rules). The table is in docs/permissions.md and docs/surveys.md.

- A hub's surveys: its coordinator and deputy (within their term) and platform administrators manage them.
- A twinning group's surveys: its facilitator and platform administrators.
- The platform's surveys (to chosen bodies), in a programme's name or not: platform administrators and the
  programme's officers.
- The addressed bodies' staff answer (for their body, or each for themselves, as the survey says).
- Results: the managers and the officers of the owner's programme (who follow without deciding).
"""

import rules

from tabadul.accounts.rules import is_platform_admin
from tabadul.hubs.models import Hub
from tabadul.hubs.rules import is_hub_coordinator
from tabadul.programmes.models import Programme
from tabadul.programmes.rules import is_officer_of_programme
from tabadul.twinning.models import TwinningGroup
from tabadul.twinning.rules import is_group_facilitator

from .audience import is_addressed_to
from .models import Survey


@rules.predicate
def may_ask_for(user, owner) -> bool:
    """May create a survey for the owner: a hub, a twinning group, a programme, or None (the platform)."""
    if not user.is_authenticated:
        return False
    if isinstance(owner, Hub):
        return is_hub_coordinator(user, owner)
    if isinstance(owner, TwinningGroup):
        return is_group_facilitator(user, owner)
    if isinstance(owner, Programme):
        return is_officer_of_programme(user, owner)
    return False


@rules.predicate
def manages_survey_owner(user, survey) -> bool:
    """Coordinator or deputy of the survey's hub, facilitator of its group, officer of its programme (platform)."""
    if survey is None or not user.is_authenticated:
        return False
    if survey.context == Survey.Context.HUB:
        return is_hub_coordinator(user, survey.hub)
    if survey.context == Survey.Context.GROUP:
        return is_group_facilitator(user, survey.group)
    return survey.programme_id is not None and is_officer_of_programme(user, survey.programme)


@rules.predicate
def follows_survey_owner(user, survey) -> bool:
    """An officer of the programme of the survey's hub or group (or of the survey itself)."""
    return survey is not None and is_officer_of_programme(user, survey.hub or survey.group or survey.programme)


@rules.predicate
def is_addressed(user, survey) -> bool:
    """Staff of a body the survey is addressed to."""
    return bool(
        survey is not None
        and user.is_authenticated
        and user.local_body_id
        and is_addressed_to(survey, user.local_body_id)
    )


@rules.predicate
def is_published(user, survey) -> bool:
    return survey is not None and survey.status != Survey.Status.DRAFT


@rules.predicate
def is_initiatives_campaign(user, survey) -> bool:
    return survey is not None and survey.initiatives_campaign and survey.hub_id is not None


manages_survey = is_platform_admin | manages_survey_owner
follows_survey = manages_survey | follows_survey_owner

rules.add_perm("surveys.add_survey", is_platform_admin | may_ask_for)  # object: the owner (None: the platform)
rules.add_perm("surveys.change_survey", manages_survey)
rules.add_perm("surveys.view_survey", follows_survey | (is_published & is_addressed))
rules.add_perm("surveys.answer_survey", is_addressed)
rules.add_perm("surveys.view_results", follows_survey)
rules.add_perm("surveys.make_initiative", is_initiatives_campaign & manages_survey)
