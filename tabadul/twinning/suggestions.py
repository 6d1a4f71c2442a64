"""Partner suggestions: bodies a local body could twin with, each with the reasons it is suggested.

Signals (each read in one or two queries, whatever the number of bodies):
- shared hub topics: work-plan topics both bodies proposed, ranked among their first three or work on in a
  working group (the hubs app);
- shared Q&A topics: topics both bodies asked specialists about (the qa app);
- shared recommendations: both bodies own recommendations of the same study or position paper (the library);
- the same twinning theme in another group, membership of the same learning network;
- and, as supporting reasons only: the same type of body, a similar population, a different country.

The body itself and its current partners (bodies sharing a forming, active or paused group) are never
suggested, and every suggestion carries at least one reason.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _

from tabadul.core import formats
from tabadul.directory.models import LocalBody

from .models import Theme, TwinningGroup

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


def current_partner_ids(body: LocalBody) -> set[int]:
    groups = TwinningGroup.objects.current().filter(members=body)
    return set(
        TwinningGroup.members.through.objects.filter(twinninggroup__in=groups).values_list("localbody_id", flat=True)
    )


def _installed(label: str) -> bool:
    return apps.is_installed(f"tabadul.{label}")


def _hub_topic_pairs(**body_filter) -> set[tuple[int, int]]:
    """(body id, topic id) pairs from proposals, top rankings and working groups; body_filter narrows them."""
    WorkPlanTopic = apps.get_model("hubs", "WorkPlanTopic")
    TopicRankingEntry = apps.get_model("hubs", "TopicRankingEntry")
    WorkingGroupMember = apps.get_model("hubs", "WorkingGroupMember")
    topic_filter = body_filter.pop("topic__in", None)
    body_id = body_filter.pop("body_id", None)
    proposed = WorkPlanTopic.objects.filter(proposed_by_body__isnull=False)
    ranked = TopicRankingEntry.objects.filter(position__lte=RANKED_POSITIONS)
    seats = WorkingGroupMember.objects.filter(user__local_body__isnull=False)
    if body_id is not None:
        proposed = proposed.filter(proposed_by_body_id=body_id)
        ranked = ranked.filter(ranking__body_id=body_id)
        seats = seats.filter(user__local_body_id=body_id)
    if topic_filter is not None:
        proposed = proposed.filter(pk__in=topic_filter)
        ranked = ranked.filter(topic_id__in=topic_filter)
        seats = seats.filter(topic_id__in=topic_filter)
    pairs = set(proposed.values_list("proposed_by_body_id", "pk"))
    pairs |= set(ranked.values_list("ranking__body_id", "topic_id"))
    pairs |= set(seats.values_list("user__local_body_id", "topic_id"))
    return pairs


def _shared_hub_topics(body: LocalBody) -> dict[int, list[str]]:
    if not _installed("hubs"):
        return {}
    mine = {topic for _body, topic in _hub_topic_pairs(body_id=body.pk)}
    if not mine:
        return {}
    WorkPlanTopic = apps.get_model("hubs", "WorkPlanTopic")
    titles = {topic.pk: topic.title for topic in WorkPlanTopic.objects.filter(pk__in=mine).only("title_ar", "title_en")}
    shared = defaultdict(set)
    for other, topic in _hub_topic_pairs(topic__in=mine):
        shared[other].add(titles[topic])
    return {other: sorted(names) for other, names in shared.items()}


def _shared_qa_topics(body: LocalBody) -> dict[int, list[str]]:
    if not _installed("qa"):
        return {}
    Question = apps.get_model("qa", "Question")
    links = Question.topics.through.objects
    mine = set(links.filter(question__local_body=body).values_list("topic_id", flat=True))
    if not mine:
        return {}
    Topic = apps.get_model("qa", "Topic")
    names = {topic.pk: topic.name for topic in Topic.objects.filter(pk__in=mine)}
    shared = defaultdict(set)
    for other, topic in links.filter(topic_id__in=mine).values_list("question__local_body_id", "topic_id"):
        shared[other].add(names[topic])
    return {other: sorted(values) for other, values in shared.items()}


def _shared_recommendations(body: LocalBody) -> dict[int, list[str]]:
    if not _installed("library"):
        return {}
    Recommendation = apps.get_model("library", "Recommendation")
    Document = apps.get_model("library", "Document")
    mine = set(Recommendation.objects.filter(owner_body=body).values_list("document_id", flat=True))
    if not mine:
        return {}
    titles = {doc.pk: doc.title for doc in Document.objects.filter(pk__in=mine).only("title_ar", "title_en")}
    shared = defaultdict(set)
    pairs = Recommendation.objects.filter(document_id__in=mine, owner_body__isnull=False)
    for other, document in pairs.values_list("owner_body_id", "document_id"):
        shared[other].add(titles[document])
    return {other: sorted(values) for other, values in shared.items()}


def _shared_themes(body: LocalBody) -> dict[int, list[str]]:
    mine = set(TwinningGroup.objects.filter(members=body).values_list("theme", flat=True))
    if not mine:
        return {}
    labels = dict(Theme.choices)
    shared = defaultdict(set)
    through = TwinningGroup.members.through.objects.filter(twinninggroup__theme__in=mine)
    for other, theme in through.values_list("localbody_id", "twinninggroup__theme"):
        shared[other].add(str(labels[theme]))
    return {other: sorted(values) for other, values in shared.items()}


def _shared_networks(body: LocalBody) -> dict[int, list[str]]:
    Network = apps.get_model("twinning", "Network")
    networks = {n.pk: n.name for n in Network.objects.filter(members=body)}
    if not networks:
        return {}
    shared = defaultdict(set)
    through = Network.members.through.objects.filter(network_id__in=networks)
    for other, network in through.values_list("localbody_id", "network_id"):
        shared[other].add(networks[network])
    return {other: sorted(values) for other, values in shared.items()}


def _similar_size(a: int | None, b: int | None) -> bool:
    if not a or not b:
        return False
    return max(a, b) <= 2 * min(a, b)


def suggest_partners(*, body: LocalBody, limit: int = 10) -> list[Suggestion]:
    """Possible twins for `body`, best first; never the body itself nor a current partner; each with reasons."""
    excluded = current_partner_ids(body) | {body.pk}
    signals = {
        "hub_topic": (_shared_hub_topics(body), _("Shared hub topics: %(items)s")),
        "qa_topic": (_shared_qa_topics(body), _("Asked specialists about the same topics: %(items)s")),
        "recommendation": (_shared_recommendations(body), _("Follow recommendations of the same study: %(items)s")),
        "theme": (_shared_themes(body), _("Works on the same theme in another twinning group: %(items)s")),
        "network": (_shared_networks(body), _("Both are members of: %(items)s")),
    }
    candidate_ids = set()
    for found, _text in signals.values():
        candidate_ids |= set(found)
    candidate_ids -= excluded
    candidates = LocalBody.objects.select_related("country")
    if candidate_ids:
        candidates = list(candidates.filter(pk__in=candidate_ids))
    else:
        # Nothing shared yet: bodies of the same type in other countries, as a start.
        candidates = list(
            candidates.filter(type=body.type)
            .exclude(country_id=body.country_id)
            .exclude(pk__in=excluded)
            .order_by("name_ar")[:FALLBACK_LIMIT]
        )
    suggestions = []
    for candidate in candidates:
        if candidate.pk in excluded:
            continue
        reasons = []
        for code, (found, text) in signals.items():
            if candidate.pk in found:
                reasons.append(Reason(code, text % {"items": formats.format_list(found[candidate.pk][:3])}))
        if candidate.type == body.type:
            reasons.append(Reason("type", _("Same type of body: %(type)s") % {"type": candidate.get_type_display()}))
        if _similar_size(candidate.population, body.population):
            reasons.append(Reason("size", _("Similar population")))
        if candidate.country_id != body.country_id:
            reasons.append(
                Reason(
                    "country",
                    _("In another country (%(country)s): a cross-border exchange")
                    % {"country": candidate.country.name},
                )
            )
        if reasons:
            suggestions.append(Suggestion(body=candidate, reasons=reasons))
    suggestions.sort(key=lambda s: (-s.score, s.body.name_ar, s.body.pk))
    return suggestions[:limit]
