"""Reads for the goal, target and indicator pages."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from . import registry
from .models import ALIGNMENT_PREFETCH, Kpi, SdgGoal, SdgTarget, Tags

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class AlignedSection:
    """The objects of one registered model that serve a goal, target or indicator."""

    key: str
    label: str
    items: list
    count: int


def goal_list(*, user=None) -> list[SdgGoal]:
    """The 17 goals, each with `aligned_count`: how many tagged objects serve it. 1 + one query per model."""
    goals = list(SdgGoal.objects.all())
    counts: dict[int, int] = {}
    for kind in registry.kinds():
        for goal_id, n in _tagged_per_goal(kind, user):
            counts[goal_id] = counts.get(goal_id, 0) + n
    for goal in goals:
        goal.aligned_count = counts.get(goal.pk, 0)
    return goals


def _tagged_per_goal(kind: registry.AlignedKind, user) -> QuerySet:
    """(goal id, how many of the kind's objects the person may see are tagged with it), read from the tags: the
    visibility rule is asked of each tagged object only. Read from the objects, SQLite walked every document a
    person may see (40 ms at 50,000 documents) to find the few that carry a tag (issue 22)."""
    tags = kind.model._meta.get_field("sdg_goals")
    tagged, goal = tags.m2m_field_name(), tags.m2m_reverse_field_name()
    visible = kind.queryset(user).filter(pk=OuterRef(tagged))
    return (
        tags.remote_field.through.objects.filter(Exists(visible))
        .order_by()
        .values_list(goal)
        .annotate(n=Count(tagged, distinct=True))
    )


def goal_get(*, number: int) -> SdgGoal:
    return SdgGoal.objects.prefetch_related(
        Prefetch("targets", queryset=SdgTarget.objects.select_related("parent").order_by("sort_key"))
    ).get(number=number)


def target_get(*, code: str) -> SdgTarget:
    return (
        SdgTarget.objects.select_related("goal", "parent")
        .prefetch_related(Prefetch("local_targets", queryset=SdgTarget.objects.order_by("sort_key")))
        .get(code=code)
    )


def kpi_list() -> QuerySet[Kpi]:
    return Kpi.objects.filter(is_active=True)


def kpi_get(*, code: str) -> Kpi:
    return Kpi.objects.get(code=code)


def aligned_items(
    *,
    goal: SdgGoal | None = None,
    target: SdgTarget | None = None,
    kpi: Kpi | None = None,
    hub: str = "",
    user=None,
    limit: int = DEFAULT_LIMIT,
) -> list[AlignedSection]:
    """What serves the goal, target or indicator, per registered model: two queries per model.

    `hub` is a hub slug: models registered without a hub are left out when it is given.
    """
    sections = []
    for kind in registry.kinds():
        if hub and not kind.hub_lookup:
            continue
        rows = kind.queryset(user)
        if goal is not None:
            rows = rows.filter(sdg_goals=goal)
        if target is not None:
            rows = rows.filter(sdg_targets=target)
        if kpi is not None:
            rows = rows.filter(kpis=kpi)
        if hub:
            rows = rows.filter(**{f"{kind.hub_lookup}__slug": hub})
        rows = rows.distinct()
        count = rows.count()
        items = list(rows.select_related(*kind.select_related).order_by(*kind.order_by)[:limit]) if count else []
        sections.append(AlignedSection(key=kind.key, label=str(kind.label), items=items, count=count))
    return sections


def tag_links(model, relation: str) -> QuerySet:
    """The links of `model`'s objects to one kind of tag (`relation`, one of ALIGNMENT_PREFETCH), each with its tag,
    in the tags' order. Filter them to the objects wanted, then give them to `assign_tags`: a page that shows the
    tags of the same set of objects on every view (a hub's topics) may compile the three queries once
    (core/prepared.py), which a prefetch cannot (2 ms a page at scale; issue 22)."""
    field = model._meta.get_field(relation)
    tag = field.m2m_reverse_field_name()
    ordering = [f"{tag}__{name}" for name in field.related_model._meta.ordering]
    return field.remote_field.through.objects.select_related(tag).order_by(*ordering, "pk")


def assign_tags(objects, links: dict[str, list]) -> None:
    """Sets each object's `tags` from `links` ({relation: the `tag_links` of that relation for these objects})."""
    if not objects:
        return
    model = type(objects[0])
    found: dict[str, dict[int, list]] = {relation: {} for relation in ALIGNMENT_PREFETCH}
    for relation, rows in links.items():
        field = model._meta.get_field(relation)
        source, tag = field.m2m_field_name(), field.m2m_reverse_field_name()
        for link in rows:
            found[relation].setdefault(getattr(link, f"{source}_id"), []).append(getattr(link, tag))
    for obj in objects:
        goals, targets, kpis = (found[relation].get(obj.pk, []) for relation in ALIGNMENT_PREFETCH)
        obj.tags = Tags(goals=goals, targets=targets, kpis=kpis)
