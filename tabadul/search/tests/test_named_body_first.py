"""A local body's name typed in any spelling the normaliser folds puts that body's page first (issue 19, item 8):
taa marbuta typed as heh, hamza and alef forms, Persian letters, with or without the words that say its kind."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation

from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.search.index import reindex
from tabadul.search.models import Kind, SearchEntry
from tabadul.search.selectors import SearchFilters, search

from .helpers import make_hub, rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    salfit = LocalBodyFactory(slug="salfit", name_ar="بلدية سلفيت", name_en="Salfit Municipality")
    LocalBodyFactory(slug="salfit-new", name_ar="بلدية سلفيت الجديدة", name_en="New Salfit Municipality")
    jericho = LocalBodyFactory(slug="jericho", name_ar="بلدية أريحا", name_en="Jericho Municipality")
    # Hubs whose titles repeat the words: without the rule they would rank above the body.
    for number in range(3):
        make_hub(
            f"منصة بلدية سلفيت وبلدية سلفيت {number}",
            slug=f"salfit-hub-{number}",
            description="بلدية سلفيت بلدية سلفيت سلفيت أريحا بلدية أريحا",
        )
    rebuild()
    return {"salfit": salfit, "jericho": jericho}


def first(query: str, filters: SearchFilters | None = None):
    results = search(user=AnonymousUser(), query=query, filters=filters or SearchFilters())
    assert results.hits, query
    return results.hits[0]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("بلديه سلفيت", "salfit"),  # taa marbuta typed as heh
        ("بلدية سلفيت", "salfit"),
        ("بلدیة سلفیت", "salfit"),  # Persian yeh
        ("بَلَدِيَّة سلفيت", "salfit"),  # with marks
        ("سلفيت", "salfit"),  # without the word for its kind
        ("Salfit municipality", "salfit"),
        ("salfit", "salfit"),
        ("بلدية اريحا", "jericho"),  # alef without hamza
        ("بلديه إريحا", "jericho"),  # hamza below
        ("آريحا", "jericho"),  # madda
    ],
)
def test_the_named_body_comes_first(corpus, query, slug):
    hit = first(query)
    assert (hit.entry.kind, hit.entry.object_id) == (Kind.BODY, corpus[slug].pk)
    assert hit.url == f"/directory/{slug}/"


def test_the_body_page_is_the_result_in_english_too(corpus):
    with translation.override("en"):
        assert first("بلديه سلفيت").url == "/en/directory/salfit/"


def test_a_longer_name_is_another_body(corpus):
    hit = first("بلديه سلفيت الجديده")
    assert hit.entry.kind == Kind.BODY
    assert hit.entry.title == "بلدية سلفيت الجديدة"


def test_a_generic_word_alone_or_another_filter_reorders_nothing(corpus):
    assert first("بلدية").entry.kind == Kind.HUB
    hub_only = first("بلديه سلفيت", SearchFilters(type=Kind.HUB))
    assert hub_only.entry.kind == Kind.HUB


def test_a_renamed_body_is_found_by_its_new_name_only(corpus):
    """The name keys are stored in the entry: an update of the entry writes them again."""
    salfit = corpus["salfit"]
    salfit.name_ar, salfit.name_en = "بلدية بديا", "Biddya Municipality"
    salfit.save()
    reindex(Kind.BODY, [salfit.pk])
    cache.clear()
    assert SearchEntry.objects.get(kind=Kind.BODY, object_id=salfit.pk).name_key == "بديا"
    assert first("بلديه بديا").entry.object_id == salfit.pk
    assert first("Biddya").entry.object_id == salfit.pk
    assert first("سلفيت").entry.kind != Kind.BODY  # the hubs that repeat the old name: no body is named so now
