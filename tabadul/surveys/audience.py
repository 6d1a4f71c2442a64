"""Who a survey is addressed to: the one definition rules, selectors, services and "my work" use.

- a hub's survey to its members: the hub's active member bodies;
- a twinning group's survey to its members: the group's member bodies;
- otherwise the bodies chosen on the survey.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from tabadul.hubs.relations import body_hubs_subquery, hub_member_bodies

from .models import Response, Survey


def _addressed(survey: Survey, body_id: int | None = None) -> QuerySet:
    """The ids of the addressed bodies (only `body_id`'s when given), as a query not yet run: a hub's survey may
    address thousands of bodies, and the pages need only their number or whether one body is among them (issue 22)."""
    if survey.audience == Survey.Audience.MEMBERS and survey.hub_id:
        return hub_member_bodies(hub_id=survey.hub_id, body_id=body_id)
    if survey.audience == Survey.Audience.MEMBERS and survey.group_id:
        rows, field = survey.group.members.all(), "pk"
    else:
        rows, field = survey.bodies.all(), "pk"
    if body_id is not None:
        rows = rows.filter(**{field: body_id})
    return rows.values_list(field, flat=True)


def audience_body_ids(survey: Survey) -> set[int]:
    """The addressed bodies, for the services that tell their staff (cached on the survey object: one query)."""
    cache = getattr(survey, "_audience_ids", None)
    if cache is None:
        cache = survey._audience_ids = set(_addressed(survey))
    return cache


def audience_count(survey: Survey) -> int:
    """How many bodies the survey is addressed to: one count."""
    return _addressed(survey).count()


def is_addressed_to(survey: Survey, body_id: int) -> bool:
    """Whether the survey is addressed to the body: one indexed lookup, kept on the survey object per body (the
    rules ask it once for seeing the survey and once for answering it)."""
    known = survey.__dict__.setdefault("_addressed_to", {})
    if body_id not in known:
        known[body_id] = _addressed(survey, body_id).exists()
    return known[body_id]


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
