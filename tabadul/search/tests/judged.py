"""The judged set (judged_set.toml): load it, find its items in the database, and score a search against it.

success@3: the share of queries with one of their `want` items among the first three results.
nDCG@10: discounted cumulative gain of the first ten results (gain 3 for a `want` item, 1 for an `also` item, each
item counted once however many entries it names), divided by the gain of the ideal order.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tabadul.directory.models import LocalBody
from tabadul.events.models import Event
from tabadul.hubs.models import Hub, WorkPlanTopic
from tabadul.library.models import Document
from tabadul.meter.models import Post, Project, StrategicGoal, StrategicPlan
from tabadul.programmes.models import Programme
from tabadul.search import selectors
from tabadul.twinning.models import Network, TwinningGroup

PATH = Path(__file__).with_name("judged_set.toml")
GAINS = {"want": 3, "also": 1}


@dataclass
class Judged:
    q: str
    want: list[str]
    also: list[str] = field(default_factory=list)


def load() -> list[Judged]:
    data = tomllib.loads(PATH.read_text(encoding="utf-8"))
    return [Judged(item["q"], item["want"], item.get("also", [])) for item in data["query"]]


def _split_body(key: str) -> tuple[str, str]:
    body, _slash, rest = key.partition("/")
    return (body, rest) if rest and " " not in body else ("", key)


def resolve(item: str) -> set[tuple[str, int]]:
    """The (kind, object id) pairs an item names (empty when the demo has no such object)."""
    kind, _colon, key = item.partition(":")
    if kind == "body":
        ids = LocalBody.objects.filter(slug=key)
    elif kind == "hub":
        ids = Hub.objects.filter(slug=key)
    elif kind == "topic":
        ids = WorkPlanTopic.objects.filter(title_en=key)
    elif kind == "event":
        ids = Event.objects.filter(name_ar=key)
    elif kind == "document":
        ids = Document.objects.filter(slug=key)
    elif kind == "network":
        ids = Network.objects.filter(slug=key)
    elif kind == "group":
        ids = TwinningGroup.objects.filter(name_en=key)
    elif kind == "programme":
        ids = Programme.objects.filter(slug=key)
    elif kind == "plan":
        ids = StrategicPlan.objects.filter(body__slug=key)
    else:
        body, name = _split_body(key)
        model, field_name, body_path = {
            "goal": (StrategicGoal, "name_en", "plan__body__slug"),
            "project": (Project, "name_ar", "plan__body__slug"),
            "news": (Post, "title", "body__slug"),
        }[kind]
        ids = model.objects.filter(**{field_name: name})
        if body:
            ids = ids.filter(**{body_path: body})
    return {(kind, pk) for pk in ids.values_list("pk", flat=True)}


@dataclass
class Outcome:
    q: str
    success: bool
    ndcg: float
    top: list[str]


def _dcg(gains: list[int]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def score(judged: Judged, results: list[tuple[str, int]], resolved: dict[str, set]) -> Outcome:
    """Score the first results, a list of (kind, object id), against one judged query."""
    items = [(name, GAINS["want"]) for name in judged.want] + [(name, GAINS["also"]) for name in judged.also]
    found: set[str] = set()
    gains, labels = [], []
    for pair in results[:10]:
        gain, label = 0, f"{pair[0]}:{pair[1]}"
        for name, value in items:
            if name not in found and pair in resolved[name]:
                found.add(name)
                gain, label = value, name
                break
        gains.append(gain)
        labels.append(label)
    first_three = set(labels[:3])
    success = any(name in first_three for name in judged.want)
    ideal = _dcg(sorted((value for _name, value in items), reverse=True)[:10])
    return Outcome(judged.q, success, _dcg(gains) / ideal if ideal else 0.0, labels)


@dataclass
class Evaluation:
    outcomes: list[Outcome]

    @property
    def success_at_3(self) -> float:
        return sum(outcome.success for outcome in self.outcomes) / len(self.outcomes)

    @property
    def ndcg_at_10(self) -> float:
        return sum(outcome.ndcg for outcome in self.outcomes) / len(self.outcomes)

    def failures(self) -> list[str]:
        return [
            f"{outcome.q}: success={outcome.success} nDCG={outcome.ndcg:.2f} top={outcome.top[:5]}"
            for outcome in self.outcomes
            if not outcome.success or outcome.ndcg < 0.9
        ]


def evaluate(user=None) -> Evaluation:
    """Run every judged query through the one search (anonymous by default) and score its first page."""
    judged = load()
    names = {name for item in judged for name in (*item.want, *item.also)}
    resolved = {name: resolve(name) for name in names}
    missing = sorted(name for name, pairs in resolved.items() if not pairs)
    assert not missing, f"judged items missing from the demo data: {missing}"
    outcomes = []
    for item in judged:
        results = selectors.search(user=user, query=item.q)
        pairs = [(hit.entry.kind, hit.entry.object_id) for hit in results.hits]
        outcomes.append(score(item, pairs, resolved))
    return Evaluation(outcomes)
