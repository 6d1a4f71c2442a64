"""The ranking rule (docs/search.md, "Ranking"): title before summary before text before attributes, the whole
title before a longer one, and at most half of the first page of one kind."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.search import selectors
from tabadul.search.tests.helpers import make_hub, rebuild

pytestmark = pytest.mark.django_db

WORD = "ترتيبالنتائج"


def _hits(query=WORD):
    return [(hit.entry.kind, hit.entry.title) for hit in selectors.search(user=AnonymousUser(), query=query).hits]


def test_one_kind_fills_at_most_half_of_the_first_page():
    for number in range(selectors.PER_KIND + 2):
        make_hub(f"{WORD} {number}", slug=f"ranked-{number}")
    LocalBodyFactory(address=f"شارع {WORD}")  # an attribute match only: ranks below every title
    rebuild()
    hits = _hits()
    kinds = [kind for kind, _title in hits]
    assert len(hits) == selectors.PER_KIND + 3
    assert kinds[: selectors.PER_KIND] == ["hub"] * selectors.PER_KIND
    assert kinds[selectors.PER_KIND] == "body"  # moved up: the other hubs come after it


def test_title_before_summary_before_attributes_and_the_shortest_fitting_title_first():
    make_hub("منصة أخرى", slug="summary", description=f"تعمل على {WORD} وغيره")
    make_hub(f"اجتماع إطلاق {WORD} الطويل", slug="long-title")
    make_hub(WORD, slug="exact-title")
    make_hub("منصة ثالثة", slug="attribute", audience_ar=f"العاملون في {WORD}")
    rebuild()
    assert [title for _kind, title in _hits()] == [WORD, f"اجتماع إطلاق {WORD} الطويل", "منصة أخرى", "منصة ثالثة"]
