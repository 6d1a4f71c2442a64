"""The demo's hubs keep their own rules: each confirmed plan has as many topics as its hub agreed."""

from tabadul.demo.hubs import CHAPTERS, HUBS
from tabadul.hubs.models import Hub


def _default(name: str) -> int:
    return Hub._meta.get_field(name).default


def test_every_demo_plan_has_a_number_of_topics_its_hub_allows():
    for spec in HUBS:
        if spec["topics"]:
            fewest = spec.get("min_topics", _default("min_topics"))
            most = spec.get("max_topics", _default("max_topics"))
            assert fewest <= len(spec["topics"]) <= most, spec["slug"]


def test_the_innovation_hub_agreed_on_three_topics():  # seed 001
    innovation = next(spec for spec in HUBS if spec["slug"] == "innovation")
    assert len(innovation["topics"]) == 3 and innovation["min_topics"] == 3


def test_chapters_keep_the_village_councils_default_range():
    for _code, _ar, _en, _launch, topics in CHAPTERS:
        assert not topics or _default("min_topics") <= len(topics) <= _default("max_topics")
