"""Partner suggestions: bodies a local body could twin with, each with the reasons it is suggested.

Signals:
- shared hub topics: work-plan topics both bodies proposed, ranked among their first three or work on in a
  working group (the hubs app);
- shared Q&A topics: topics both bodies asked specialists about (the qa app);
- shared recommendations: both bodies own recommendations of the same study or position paper (the library);
- the same twinning theme in another group, membership of the same learning network;
- and, as supporting reasons only: the same type of body, a similar population, a different country.

The body itself and its current partners (bodies sharing a forming, active or paused group) are never
suggested, and every suggestion carries at least one reason.

The database scores and ranks the candidates (one query, whatever the number of bodies): a network of thousands
of members made every member a candidate, and scoring each in Python took a second at 10,000 bodies (issue 22).
Each candidate is looked up in each signal's tables through their indexes, once (`_ranked`): about 25 ms at
10,000 bodies, where lists of every holder, each computed twice, took 100 ms. Only the suggestions shown are then
explained, one query a signal.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import NullIf
from django.utils.translation import gettext as _

from tabadul.core import formats
from tabadul.directory.models import LocalBody

from .models import Network, Theme, TwinningGroup

WEIGHTS = {
    "hub_topic": 3,
    "qa_topic": 2,
    "recommendation": 2,
    "theme": 2,
    "network": 1,
    "type": 1,
    "size": 1,
    "country": 1,
}
FALLBACK_LIMIT = 60
RANKED_POSITIONS = 3
SHOWN_ITEMS = 3  # shared items named in a reason


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass
class Suggestion:
    body: LocalBody
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(WEIGHTS[reason.code] for reason in self.reasons)


@dataclass(frozen=True)
class Holders:
    """Rows that tie a body (`body` field) to an item (`item` field): who else has the body's items."""

    rows: QuerySet
    body: str
    item: str


@dataclass
class Signal:
    """One kind of thing two bodies may share: the body's own items (id -> name) and who else holds them."""

    code: str
    text: str  # with %(items)s
    items: dict
    holders: list[Holders]

    def shared(self) -> Q:
        """A candidate body holds one of the items: an index lookup of the candidate in each table of holders.

        Not `pk IN (every holder)`: at 10,000 bodies five Q&A topics have 30,000 holders, and the list read each
        of their questions' rows (the scoring reads each candidate's few through its index instead)."""
        condition = Q(pk__in=[])
        for holders in self.holders:
            condition |= Q(Exists(holders.rows.filter(**{holders.body: OuterRef("pk")})))
        return condition

    def shared_with(self, body_ids: list[int]) -> dict[int, list[str]]:
        """For each of these bodies, the names of the items it shares with the body, sorted."""
        names = defaultdict(set)
        for holders in self.holders:
            pairs = holders.rows.filter(**{f"{holders.body}__in": body_ids}).values_list(holders.body, holders.item)
            for other, item in pairs:
                names[other].add(str(self.items[item]))
        return {other: sorted(values) for other, values in names.items()}


def current_partner_ids(body: LocalBody) -> set[int]:
    groups = TwinningGroup.objects.current().filter(members=body)
    return set(
        TwinningGroup.members.through.objects.filter(twinninggroup__in=groups).values_list("localbody_id", flat=True)
    )


def _installed(label: str) -> bool:
    return apps.is_installed(f"tabadul.{label}")


def _hub_topics(body: LocalBody) -> Signal | None:
    """Work-plan topics the body proposed, ranked among its first three, or works on in a working group."""
    if not _installed("hubs"):
        return None
    WorkPlanTopic = apps.get_model("hubs", "WorkPlanTopic")
    TopicRankingEntry = apps.get_model("hubs", "TopicRankingEntry")
    WorkingGroupMember = apps.get_model("hubs", "WorkingGroupMember")
    ranked = TopicRankingEntry.objects.filter(position__lte=RANKED_POSITIONS)
    seats = WorkingGroupMember.objects.all()
    mine = WorkPlanTopic.objects.filter(
        Q(proposed_by_body=body)
        | Q(pk__in=ranked.filter(ranking__body=body).values("topic_id"))
        | Q(pk__in=seats.filter(user__local_body=body).values("topic_id"))
    )
    items = {topic.pk: topic.title for topic in mine.only("title_ar", "title_en")}
    return Signal(
        "hub_topic",
        _("Shared hub topics: %(items)s"),
        items,
        [
            Holders(
                WorkPlanTopic.objects.filter(pk__in=items, proposed_by_body__isnull=False), "proposed_by_body_id", "pk"
            ),
            Holders(ranked.filter(topic_id__in=items), "ranking__body_id", "topic_id"),
            Holders(
                seats.filter(topic_id__in=items, user__local_body__isnull=False), "user__local_body_id", "topic_id"
            ),
        ],
    )


def _qa_topics(body: LocalBody) -> Signal | None:
    if not _installed("qa"):
        return None
    Topic = apps.get_model("qa", "Topic")
    links = apps.get_model("qa", "Question").topics.through.objects
    items = {topic.pk: topic.name for topic in Topic.objects.filter(questions__local_body=body).distinct()}
    return Signal(
        "qa_topic",
        _("Asked specialists about the same topics: %(items)s"),
        items,
        [Holders(links.filter(topic_id__in=items), "question__local_body_id", "topic_id")],
    )


def _recommendations(body: LocalBody) -> Signal | None:
    if not _installed("library"):
        return None
    Document = apps.get_model("library", "Document")
    Recommendation = apps.get_model("library", "Recommendation")
    mine = Document.objects.filter(recommendations__owner_body=body).distinct().only("title_ar", "title_en")
    items = {document.pk: document.title for document in mine}
    return Signal(
        "recommendation",
        _("Follow recommendations of the same study: %(items)s"),
        items,
        [Holders(Recommendation.objects.filter(document_id__in=items), "owner_body_id", "document_id")],
    )


def _themes(body: LocalBody) -> Signal:
    labels = dict(Theme.choices)
    themes = TwinningGroup.objects.filter(members=body).order_by().values_list("theme", flat=True).distinct()
    items = {theme: labels[theme] for theme in themes}
    through = TwinningGroup.members.through.objects.filter(twinninggroup__theme__in=items)
    return Signal(
        "theme",
        _("Works on the same theme in another twinning group: %(items)s"),
        items,
        [Holders(through, "localbody_id", "twinninggroup__theme")],
    )


def _networks(body: LocalBody) -> Signal:
    items = {network.pk: network.name for network in Network.objects.filter(members=body).only("name_ar", "name_en")}
    through = Network.members.through.objects.filter(network_id__in=items)
    return Signal(
        "network", _("Both are members of: %(items)s"), items, [Holders(through, "localbody_id", "network_id")]
    )


def _signals(body: LocalBody) -> list[Signal]:
    """The body's signals that it has items for (one query each)."""
    found = [_hub_topics(body), _qa_topics(body), _recommendations(body), _themes(body), _networks(body)]
    return [signal for signal in found if signal is not None and signal.items]


def _points(condition: Q, code: str) -> Case:
    return Case(When(condition, then=Value(WEIGHTS[code])), default=Value(0), output_field=IntegerField())


def _supporting(body: LocalBody) -> dict[str, Q]:
    """The supporting reasons as conditions on a candidate (the same rules as `_similar_size`)."""
    conditions = {"type": Q(type=body.type), "size": Q(pk__in=[])}
    if body.population:
        # max(a, b) <= 2 * min(a, b), for whole numbers: b within [ceil(a / 2), 2a].
        conditions["size"] = Q(population__gte=(body.population + 1) // 2, population__lte=2 * body.population)
    conditions["country"] = ~Q(country_id=body.country_id)
    return conditions


def _ranked(*, body: LocalBody, signals: list[Signal], excluded: set[int], limit: int) -> list[LocalBody]:
    """The `limit` best candidates sharing at least one signal, by score, then Arabic name (the database's order).

    Each signal is looked up once per candidate: the score is NULL for a candidate sharing nothing (NULLIF), so
    such candidates sort last and are dropped here, rather than filtered on a second copy of the shared score (the
    database computes an expression again wherever it is written: twice the lookups over 10,000 bodies)."""
    shared = sum((_points(signal.shared(), signal.code) for signal in signals), Value(0))
    supporting = sum((_points(condition, code) for code, condition in _supporting(body).items()), Value(0))
    ranked = (
        LocalBody.objects.exclude(pk__in=excluded)
        .annotate(score=NullIf(shared, Value(0)) + supporting)
        .order_by(F("score").desc(nulls_last=True), "name_ar", "pk")
        .prefetch_related("country")  # the shown ones' countries: joined to every candidate, a sixth of the time
    )
    return [candidate for candidate in ranked[:limit] if candidate.score is not None]


def _similar_size(a: int | None, b: int | None) -> bool:
    if not a or not b:
        return False
    return max(a, b) <= 2 * min(a, b)


def _reasons(body: LocalBody, candidate: LocalBody, shared: dict[str, tuple[str, dict]]) -> list[Reason]:
    reasons = []
    for code, (text, names) in shared.items():
        if candidate.pk in names:
            reasons.append(Reason(code, text % {"items": formats.format_list(names[candidate.pk][:SHOWN_ITEMS])}))
    if candidate.type == body.type:
        reasons.append(Reason("type", _("Same type of body: %(type)s") % {"type": candidate.get_type_display()}))
    if _similar_size(candidate.population, body.population):
        reasons.append(Reason("size", _("Similar population")))
    if candidate.country_id != body.country_id:
        reasons.append(
            Reason(
                "country",
                _("In another country (%(country)s): a cross-border exchange") % {"country": candidate.country.name},
            )
        )
    return reasons


def suggest_partners(*, body: LocalBody, limit: int = 10) -> list[Suggestion]:
    """Possible twins for `body`, best first; never the body itself nor a current partner; each with reasons."""
    excluded = current_partner_ids(body) | {body.pk}
    signals = _signals(body)
    candidates = _ranked(body=body, signals=signals, excluded=excluded, limit=limit) if signals else []
    if candidates:
        ids = [candidate.pk for candidate in candidates]
        shared = {signal.code: (signal.text, signal.shared_with(ids)) for signal in signals}
    else:
        # Nothing shared yet: bodies of the same type in other countries, as a start.
        shared = {}
        candidates = list(
            LocalBody.objects.select_related("country")
            .filter(type=body.type)
            .exclude(country_id=body.country_id)
            .exclude(pk__in=excluded)
            .order_by("name_ar")[:FALLBACK_LIMIT]
        )
    suggestions = [Suggestion(body=candidate, reasons=_reasons(body, candidate, shared)) for candidate in candidates]
    suggestions = [suggestion for suggestion in suggestions if suggestion.reasons]
    suggestions.sort(key=lambda s: (-s.score, s.body.name_ar, s.body.pk))
    return suggestions[:limit]
