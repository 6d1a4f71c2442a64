"""Every read of the twinning app, filtered to what the person may see, with its relations fetched up front."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Avg, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from tabadul.core.pagination import page_of
from tabadul.core.queries import count_of
from tabadul.directory.models import LocalBody

from .models import (
    Criterion,
    GroupDocument,
    GroupMeeting,
    GroupReview,
    Milestone,
    Network,
    Score,
    SelfAssessment,
    StrategySection,
    TwinningGroup,
)


def network_list() -> QuerySet[Network]:
    """Networks are public: their names, facilitators and groups are the progress they share."""
    return Network.objects.annotate(
        group_count=count_of(TwinningGroup.objects.all(), "network"),
        member_count=count_of(Network.members.through.objects.all(), "network"),
    ).order_by("name_ar", "pk")


def network_get(*, slug: str) -> Network:
    return Network.objects.prefetch_related("criteria").get(slug=slug)


def _milestone_counts(today: dt.date) -> dict:
    """Each group's milestones: all, done, overdue (in a current group) and not done when it ended (in an ended
    one); subqueries, for the groups of the page only (`Count`s over the join grouped all 900 groups first)."""
    milestones = Milestone.objects.all()
    not_done = milestones.exclude(status=Milestone.Status.DONE)
    current = Q(status__in=TwinningGroup.CURRENT_STATUSES)
    return {
        "milestone_count": count_of(milestones, "group"),
        "done_count": count_of(milestones.filter(status=Milestone.Status.DONE), "group"),
        "overdue_count": Case(When(current, then=count_of(not_done.filter(due_on__lt=today), "group")), default=0),
        "not_done_at_end_count": Case(When(current, then=0), default=count_of(not_done, "group")),
    }


@dataclass(frozen=True)
class GroupFilters:
    status: str = ""
    theme: str = ""


# How many member bodies a group's row of the overview names (by name), then "and N other local bodies": the
# scale world's largest group has 200 members, and every one was named in its row (issue 22).
BODIES_SHOWN = 8


def network_overview(
    *, network: Network, filters: GroupFilters = GroupFilters(), today=None, bodies_shown: int | None = BODIES_SHOWN
) -> QuerySet:
    """Every group of the network with its status, last activity and overdue milestones (or, for a group that has
    ended, its milestones not done), and its first `bodies_shown` member bodies (`member_list`, all with None) and
    how many others (`more_bodies`) (two queries a page)."""
    today = today or timezone.localdate()
    groups = network.groups.all()
    if filters.status:
        groups = groups.filter(status=filters.status)
    if filters.theme:
        groups = groups.filter(theme=filters.theme)
    bodies, more = _bodies(), Value(0)
    if bodies_shown is not None:
        bodies = bodies[:bodies_shown]
        member_count = count_of(TwinningGroup.members.through.objects.all(), "twinninggroup")
        more = Greatest(member_count - Value(bodies_shown), Value(0))
    return (
        groups.select_related("facilitator")
        .prefetch_related(Prefetch("members", queryset=bodies, to_attr="member_list"))
        .annotate(**_milestone_counts(today), more_bodies=more)
        .order_by("name_ar", "pk")
    )


def network_overview_rows(*, network: Network, today=None) -> list[TwinningGroup]:
    """All groups (no pagination) for the Excel export: the same query as the page."""
    return list(network_overview(network=network, today=today, bodies_shown=None))


def group_get(*, pk: int) -> TwinningGroup:
    """The group's public part (theme, objectives, plan): every signed-in person may read it. Its members are read
    a page at a time (`group_members`): a group's every page read them all before (issue 22)."""
    return TwinningGroup.objects.select_related("network", "facilitator", "formed_at").get(pk=pk)


def group_members(*, group: TwinningGroup, page="1") -> Page:
    """A page of the group's member bodies, by Arabic name, with their country."""
    return page_of(_bodies().filter(twinning_groups=group).order_by("name_ar", "pk"), page)


def _bodies():
    return LocalBody.objects.select_related("country").order_by("name_ar")


def group_milestones(*, group: TwinningGroup, page="1", showing: str | None = None) -> Page:
    """A page of the group's joint plan, by due date; `showing`: a milestone's id (from a link to it, e.g. a
    reminder), whose page is then given whatever `page` says."""
    milestones = group.milestones.select_related("owner_body").order_by("due_on", "pk")
    target = milestones.filter(pk=int(showing)).first() if showing and showing.isdigit() and len(showing) < 19 else None
    if target is not None:
        before = milestones.filter(Q(due_on__lt=target.due_on) | Q(due_on=target.due_on, pk__lt=target.pk)).count()
        page = before // settings.PAGE_SIZE + 1
    return page_of(milestones, page)


def group_documents(*, user, group: TwinningGroup) -> QuerySet[GroupDocument]:
    """The group's shared files, for its participants only (empty for everyone else)."""
    if not user.has_perm("twinning.view_group_private", group):
        return GroupDocument.objects.none()
    return group.documents.select_related("uploaded_by", "uploaded_for").order_by("-created_at", "-pk")


def group_meetings(*, user, group: TwinningGroup) -> QuerySet[GroupMeeting]:
    """The group's meetings, for its participants only (empty for everyone else)."""
    if not user.has_perm("twinning.view_group_private", group):
        return GroupMeeting.objects.none()
    return group.meetings.select_related("event").order_by("-event__starts_at", "-pk")


def document_for_download(*, user, pk: int) -> GroupDocument:
    """Raises DoesNotExist when the document is missing or the person is not a participant of its group."""
    document = GroupDocument.objects.select_related("group").get(pk=pk)
    if not user.has_perm("twinning.view_group_private", document.group):
        raise GroupDocument.DoesNotExist
    return document


def my_groups(*, user) -> list[TwinningGroup]:
    """The groups of the person's body and the groups they facilitate (not every group, even for admins)."""
    if not user.is_authenticated:
        return []
    condition = Q(facilitator_id=user.pk)
    if user.local_body_id:
        condition |= Q(members__pk=user.local_body_id)
    groups = TwinningGroup.objects.filter(condition).distinct().select_related("network").order_by("name_ar", "pk")
    return list(groups[:50])


@dataclass
class CriterionRow:
    criterion: Criterion
    scores: dict  # body pk -> score value
    average: float | None


@dataclass
class GroupProgress:
    period: str
    periods: list[str]
    bodies: Page  # the member bodies of this page: the table's columns and the assessments shown
    assessments: list[SelfAssessment]  # this page's bodies' assessments for the period
    rows: list[CriterionRow]  # scores of this page's bodies; the average is over every assessment of the period
    review: GroupReview | None
    milestone_total: int
    milestone_done: int
    overdue: int  # 0 once the group has ended: its unfinished milestones are then `not_done_at_end`
    not_done_at_end: int


def group_progress(*, group: TwinningGroup, period: str | None = None, page="1", today=None) -> GroupProgress:
    """The progress page of one group for one period: each body's scores per criterion, narratives, review; the
    member bodies a page at a time (what is read does not grow with the group's members or its quarters)."""
    today = today or timezone.localdate()
    assessed = group.assessments.order_by().values_list("period", flat=True).distinct()
    reviewed = group.reviews.order_by().values_list("period", flat=True).distinct()
    periods = sorted(set(assessed) | set(reviewed), reverse=True)
    if period is None:
        period = periods[0] if periods else ""
    bodies = group_members(group=group, page=page)
    assessments = list(
        group.assessments.filter(period=period, body__in=bodies.object_list)
        .select_related("body", "written_by")
        .prefetch_related("scores")
        .order_by("body__name_ar", "pk")
    )
    averages = dict(
        Score.objects.filter(assessment__group=group, assessment__period=period)
        .values("criterion")
        .annotate(average=Avg("value"))
        .values_list("criterion", "average")
    )
    rows = []
    for criterion in group.network.criteria.all():
        scores = {
            assessment.body_id: score.value
            for assessment in assessments
            for score in assessment.scores.all()
            if score.criterion_id == criterion.pk
        }
        average = averages.get(criterion.pk)
        rows.append(
            CriterionRow(
                criterion=criterion, scores=scores, average=None if average is None else round(float(average), 1)
            )
        )
    stats = group.milestones.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Milestone.Status.DONE)),
        late=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=Milestone.Status.DONE)),
    )
    ended = group.has_ended
    return GroupProgress(
        period=period,
        periods=periods,
        bodies=bodies,
        assessments=assessments,
        rows=rows,
        review=group.reviews.select_related("reviewer").filter(period=period).first(),
        milestone_total=stats["total"],
        milestone_done=stats["done"],
        overdue=0 if ended else stats["late"],
        not_done_at_end=stats["total"] - stats["done"] if ended else 0,
    )


def assessment_for(*, group: TwinningGroup, body, period: str) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(group=group, body=body, period=period).prefetch_related("scores").first()


def milestone_get(*, pk: int) -> Milestone | None:
    """A milestone with its group and owner body (what its pages and permission checks read), or None."""
    return Milestone.objects.select_related("group", "owner_body").filter(pk=pk).first()


def bodies_with_country() -> QuerySet[LocalBody]:
    return LocalBody.objects.select_related("country")


@dataclass
class StrategySummary:
    """The group's LED strategy: one row per section kind (a kind never written is an unsaved "not started" row)
    and how many sections are in each status."""

    sections: list
    counts: dict
    agreed: int
    total: int

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        """(label, count) for each status that at least one section is in, in the statuses' order."""
        return [(label, self.counts[value]) for value, label in StrategySection.Status.choices if self.counts[value]]

    @property
    def percent_agreed(self) -> int:
        return round(100 * self.agreed / self.total) if self.total else 0


def group_strategy(*, group: TwinningGroup) -> StrategySummary:
    """One query: the saved sections with their responsible body, the missing kinds filled in, in the kinds' order."""
    saved = {s.kind: s for s in group.strategy_sections.select_related("responsible_body", "updated_by")}
    sections = [
        saved.get(kind) or StrategySection(group=group, kind=kind, status=StrategySection.Status.NOT_STARTED)
        for kind in StrategySection.Kind.values
    ]
    counts = {value: 0 for value in StrategySection.Status.values}
    for section in sections:
        counts[section.status] += 1
    return StrategySummary(
        sections=sections,
        counts=counts,
        agreed=counts[StrategySection.Status.AGREED],
        total=len(sections),
    )


def strategy_section_for(*, group: TwinningGroup, kind: str) -> StrategySection:
    """The group's section of that kind, or a new unsaved one (not started)."""
    return StrategySection.objects.filter(group=group, kind=kind).first() or StrategySection(group=group, kind=kind)
