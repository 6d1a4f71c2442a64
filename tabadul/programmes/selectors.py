"""Reads about programmes: the list, one programme and the work that belongs to it, its officers."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin, programme_officer_ids

from .models import Programme


def _count(model, related: str = "programme"):
    """How many rows of `model` name the programme of the outer row (a subquery, so counts do not multiply)."""
    rows = model.objects.filter(**{related: OuterRef("pk")}).order_by().values(related).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1]), 0)


def programme_list() -> QuerySet[Programme]:
    """Every programme with how many hubs, Meter pilots and twinning groups name it (one query, plus one
    for the countries)."""
    from tabadul.hubs.models import Hub
    from tabadul.meter.models import StrategicPlan
    from tabadul.twinning.models import TwinningGroup

    return (
        Programme.objects.prefetch_related("countries")
        .annotate(
            hub_count=_count(Hub),
            pilot_count=_count(StrategicPlan),
            group_count=_count(TwinningGroup),
        )
        .order_by("name_ar", "pk")
    )


def programme_get(*, slug: str) -> Programme:
    return Programme.objects.prefetch_related("countries").get(slug=slug[:80])


@dataclass
class ProgrammeWork:
    hubs: list
    events: list
    pilots: list
    groups: list


def programme_work(*, programme: Programme, user) -> ProgrammeWork:
    """What belongs to the programme, as far as the person may see it: its hubs; the events it or its hubs
    organise (events.selectors.visible_events); its Meter pilots (published plans, or all for those who may see
    drafts); its twinning groups."""
    from tabadul.events.selectors import visible_events
    from tabadul.hubs.models import Hub
    from tabadul.meter.models import StrategicPlan
    from tabadul.twinning.models import TwinningGroup

    hubs = list(Hub.objects.filter(programme=programme).order_by("position", "pk"))
    hub_links = Hub.organised_events.through.objects.filter(event_id=OuterRef("pk"), hub__programme=programme)
    events = list(
        visible_events(user).filter(Q(programme=programme) | Exists(hub_links)).order_by("-starts_at", "-pk")[:50]
    )
    plans = StrategicPlan.objects.filter(programme=programme).select_related("body").order_by("body__name_ar", "pk")
    sees_drafts = is_platform_admin(user) or programme.pk in programme_officer_ids(user)
    if not sees_drafts:
        plans = plans.filter(status=StrategicPlan.Status.PUBLISHED)
    groups = list(TwinningGroup.objects.filter(programme=programme).select_related("network").order_by("name_ar", "pk"))
    return ProgrammeWork(hubs=hubs, events=events, pilots=list(plans), groups=groups)


def programme_officers(*, programme: Programme) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
        .select_related("user", "granted_by")
        .order_by("user__username")
    )


def programmes_for_form(user, *, keep: Programme | None = None) -> QuerySet[Programme]:
    """The programmes a person may link work to: all for platform administrators, their own for officers, plus
    `keep` (the one already linked)."""
    programmes = Programme.objects.order_by("name_ar")
    if user.is_authenticated and is_platform_admin(user):
        return programmes
    ids = set(programme_officer_ids(user))
    if keep is not None:
        ids.add(keep.pk)
    return programmes.filter(pk__in=ids)
