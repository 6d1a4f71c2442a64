"""Reads about programmes: the list, one programme and the work that belongs to it, its results, its officers.

The work that names a programme (hubs, events, documents, Meter pilots, twinning groups) belongs to apps above this
one: each declares a `WorkKind` under the hook `programmes.work` (core/hooks.py) in its hooks.py, with what it
lists on the page (`items`), the result figures it computes (`results`) and the local bodies it reached
(`reached`). `programme_results` puts them together for the page and the funder's report (docs/programmes.md).
"""

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from types import SimpleNamespace

from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin, programme_officer_ids
from tabadul.core import hooks
from tabadul.core.queries import count_of
from tabadul.directory.models import LocalBody

from .models import Programme, ProgrammeFunder, ProgrammePartner


@dataclass(frozen=True)
class WorkKind:
    """One kind of work that names a programme, declared by its app under the hook `programmes.work`."""

    name: str  # the programme page's `work.<name>`, e.g. "hubs"
    # items(programme, user) -> what the person may see of it, in order: a query (or a short list) that the page
    # shows a page at a time, so it is not read whole.
    items: Callable
    model: type[Model] | None = None  # the rows with a `programme` key, counted on the list...
    count_name: str = ""  # ... as this annotation, e.g. "hub_count"; "" for a kind not counted there
    # results(programme, period) -> {figure name: value}: figures of `Results`, a fixed number of queries.
    results: Callable | None = None
    # reached(programme, period) -> a query of local body ids (values_list of one column; not evaluated).
    reached: Callable | None = None


def work_kinds() -> list[WorkKind]:
    return hooks.get_hooks("programmes.work")


def with_organisations(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes with their countries, funders and partners in order (`ordered_funders`, `ordered_partners`):
    three queries whatever the number of programmes."""
    return programmes.prefetch_related(
        "countries",
        Prefetch(
            "funder_links", queryset=ProgrammeFunder.objects.select_related("organisation").order_by("position", "pk")
        ),
        Prefetch(
            "partner_links", queryset=ProgrammePartner.objects.select_related("organisation").order_by("position", "pk")
        ),
    )


def programme_list() -> QuerySet[Programme]:
    """Every programme with how many hubs, Meter pilots and twinning groups name it (one query, plus three
    for the countries, funders and partners)."""
    counts = {
        kind.count_name: count_of(kind.model.objects.all(), "programme") for kind in work_kinds() if kind.count_name
    }
    return with_organisations(Programme.objects.annotate(**counts)).order_by("name_ar", "pk")


def programme_get(*, slug: str) -> Programme:
    return with_organisations(Programme.objects.all()).get(slug=slug[:80])


def organisation_programmes(*, organisation) -> dict:
    """An organisation's page (hook `directory.organisation_sections`): the programmes it funds and those it
    implements, by name; two queries (always a dict: the section says when there is none)."""
    funded = list(Programme.objects.filter(funder_links__organisation=organisation).order_by("name_ar", "pk"))
    implemented = list(Programme.objects.filter(partner_links__organisation=organisation).order_by("name_ar", "pk"))
    return {"funded": funded, "implemented": implemented}


def sees_draft_work(*, programme: Programme, user) -> bool:
    """Platform administrators and the programme's officers see its work before it is published."""
    return is_platform_admin(user) or programme.pk in programme_officer_ids(user)


def programme_work(*, programme: Programme, user) -> SimpleNamespace:
    """What belongs to the programme, as far as the person may see it (`work.hubs`, `work.events`,
    `work.pilots`, `work.groups`): each kind read by its own app (hook `programmes.work`), not yet evaluated."""
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


# --- Results: what the programme achieved, for its page and the funder's report ------------------------------


@dataclass(frozen=True)
class Period:
    """The days a report covers; either end may be open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    def dates(self, lookup: str) -> Q:
        """`lookup` (a date, or a time read as a date in the site's zone) falls in the period."""
        q = Q()
        if self.start:
            q &= Q(**{f"{lookup}__gte": self.start})
        if self.end:
            q &= Q(**{f"{lookup}__lte": self.end})
        return q


@dataclass
class PilotResult:
    """A Meter pilot (a published strategic plan) and its achievement by the Meter's rollup (meter/rollup.py)."""

    plan: object
    achievement: float
    expected: float
    project_count: int
    completed_count: int
    behind_count: int


@dataclass
class GroupResult:
    group: object
    member_count: int


@dataclass
class Results:
    """The programme's results. Every figure comes from one app's `WorkKind.results` (events, documents,
    recommendations, pilots, groups) or, for the bodies reached, from the union of every kind's `reached`."""

    programme: Programme
    period: Period
    bodies_reached: int = 0
    staff_trained: int = 0
    events_held: int = 0
    events_by_type: list[tuple[str, int]] = field(default_factory=list)
    documents: int = 0
    recommendations_closed: int = 0
    # Lists when counted; `figures.StoredRows` when stored (the plans and groups read a page at a time).
    pilots: Sequence[PilotResult] = field(default_factory=list)
    groups: Sequence[GroupResult] = field(default_factory=list)
    counted_at: dt.datetime | None = None  # when the stored figures were counted (figures.py); None: counted now

    @property
    def pilot_achievement(self) -> float:
        """The plain mean of the pilots' achievements (each municipality counts once)."""
        if not self.pilots:
            return 0.0
        return sum(pilot.achievement for pilot in self.pilots) / len(self.pilots)

    def headline(self) -> list[tuple[str, str, int | float]]:
        """(key, label, value) of the single figures, in the order the page and the report show them."""
        return [
            ("bodies_reached", _("Local bodies reached"), self.bodies_reached),
            ("staff_trained", _("Staff trained (attended its events)"), self.staff_trained),
            ("events_held", _("Events held"), self.events_held),
            ("documents", _("Documents produced"), self.documents),
            ("recommendations_closed", _("Recommendations closed"), self.recommendations_closed),
            ("pilots", _("Municipality Meter pilots"), len(self.pilots)),
            ("pilot_achievement", _("Mean achievement of the pilots (%)"), round(self.pilot_achievement)),
            ("groups", _("Twinning groups"), len(self.groups)),
        ]


def programme_results(*, programme: Programme, period: Period = Period()) -> Results:
    """The programme's results over `period` (open: everything so far). A fixed number of queries whatever the
    programme's size (each kind's `results`, one query for the bodies reached); asserted in tests/test_results.py.
    """
    results = Results(programme=programme, period=period)
    reached = []
    for kind in work_kinds():
        if kind.results is not None:
            for name, value in kind.results(programme, period).items():
                setattr(results, name, value)
        if kind.reached is not None:
            reached.append(Q(pk__in=kind.reached(programme, period)))
    if reached:
        results.bodies_reached = LocalBody.objects.filter(reduce(operator.or_, reached)).count()
    return results
