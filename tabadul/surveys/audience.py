"""Who a survey is addressed to: the one definition rules, selectors, services and "my work" use.

- a hub's survey to its members: the hub's active member bodies;
- a twinning group's survey to its members: the group's member bodies;
- otherwise the bodies chosen on the survey.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from tabadul.hubs.relations import body_hubs_subquery, hub_member_body_ids

from .models import Response, Survey


def audience_body_ids(survey: Survey) -> set[int]:
    """The addressed bodies (cached on the survey object: one query)."""
    cache = getattr(survey, "_audience_ids", None)
    if cache is None:
        if survey.audience == Survey.Audience.MEMBERS and survey.hub_id:
            ids = hub_member_body_ids(hub_id=survey.hub_id)
        elif survey.audience == Survey.Audience.MEMBERS and survey.group_id:
            ids = survey.group.members.values_list("pk", flat=True)
        else:
            ids = survey.bodies.values_list("pk", flat=True)
        cache = survey._audience_ids = set(ids)
    return cache


def addressed_to_body(body_id: int) -> Q:
    """A filter of surveys addressed to the body (for querysets of Survey)."""
    members_of_hub = Q(audience=Survey.Audience.MEMBERS, hub_id__in=body_hubs_subquery(body_id))
    members_of_group = Q(audience=Survey.Audience.MEMBERS, group__members__id=body_id)
    chosen = Q(audience=Survey.Audience.CHOSEN, bodies__id=body_id)
    return members_of_hub | members_of_group | chosen


def surveys_addressed_to(user) -> QuerySet[Survey]:
    """Surveys addressed to the person's body (distinct ids, as a subquery-friendly queryset)."""
    if not user.is_authenticated or not user.local_body_id:
        return Survey.objects.none()
    ids = Survey.objects.filter(addressed_to_body(user.local_body_id)).values("pk")
    return Survey.objects.filter(pk__in=ids)


def answered_by(user) -> Exists:
    """An annotation: the person's unit (their body, or themselves) has answered the survey."""
    by_body = Q(unit=Survey.Unit.BODY, body_id=user.local_body_id)
    by_person = Q(unit=Survey.Unit.PERSON, respondent_id=user.pk)
    return Exists(Response.objects.filter(by_body | by_person, survey=OuterRef("pk")))
