"""Reads about programmes: the list, one programme and the work that belongs to it, its officers.

The work that names a programme (hubs, events, Meter pilots, twinning groups) belongs to apps above this one:
each declares a `WorkKind` under the hook `programmes.work` (core/hooks.py) in its hooks.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.core import hooks

from .models import Programme


def _count(model, related: str = "programme"):
    """How many rows of `model` name the programme of the outer row (a subquery, so counts do not multiply)."""
    rows = model.objects.filter(**{related: OuterRef("pk")}).order_by().values(related).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1]), 0)


@dataclass(frozen=True)
class WorkKind:
    """One kind of work that names a programme, declared by its app under the hook `programmes.work`."""

    name: str  # the programme page's `work.<name>`, e.g. "hubs"
    items: Callable  # items(programme, user) -> list: what the person may see of it
    model: type[Model] | None = None  # the rows with a `programme` key, counted on the list...
    count_name: str = ""  # ... as this annotation, e.g. "hub_count"; "" for a kind not counted there


def work_kinds() -> list[WorkKind]:
    return hooks.get_hooks("programmes.work")


def programme_list() -> QuerySet[Programme]:
    """Every programme with how many hubs, Meter pilots and twinning groups name it (one query, plus one
    for the countries)."""
    counts = {kind.count_name: _count(kind.model) for kind in work_kinds() if kind.count_name}
    return Programme.objects.prefetch_related("countries").annotate(**counts).order_by("name_ar", "pk")


def programme_get(*, slug: str) -> Programme:
    return Programme.objects.prefetch_related("countries").get(slug=slug[:80])


def sees_draft_work(*, programme: Programme, user) -> bool:
    """Platform administrators and the programme's officers see its work before it is published."""
    return is_platform_admin(user) or programme.pk in programme_officer_ids(user)


def programme_work(*, programme: Programme, user) -> SimpleNamespace:
    """What belongs to the programme, as far as the person may see it (`work.hubs`, `work.events`,
    `work.pilots`, `work.groups`): each kind read by its own app (hook `programmes.work`)."""
    return SimpleNamespace(**{kind.name: kind.items(programme, user) for kind in work_kinds()})


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


def officer_grants(*, programme: Programme) -> QuerySet[RoleGrant]:
    """The programme officer roles of `programme`, with their holders."""
    return RoleGrant.objects.select_related("user").filter(programme=programme, role=RoleGrant.Role.PROGRAMME_OFFICER)
