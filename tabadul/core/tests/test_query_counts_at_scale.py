"""Every page runs as many queries at scale as on the demo (issue 22, item 2): a new N+1 fails the suite.

Every page shape of the page checks' crawl (crawl.py: every endpoint answering GET with HTML, opened with the
matrix world's objects) is opened as every role of the permission matrix, on the matrix world (the demo) and again
after the world has grown (`grow`): the scale generator at a small size on top of the demo, and the world's own
objects given more of everything their pages list (the hub more member bodies, the event more registrations, the
plan more projects, ...), so that each page is compared with the same page shape holding more rows. Each request
starts from an empty cache, so the counts are those of an uncached render.

A page whose count grows is an N+1: fix it in that app's selectors. `GROWS` lists the pages whose count may grow,
each with its bound and reason; a page that stops growing must leave it (the list stays honest). A page may run
fewer queries at scale (a section the grown data hides). `QUERY_COUNTS_ONLY=name,name` in the environment narrows
the run to those endpoints while one is being fixed.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tabadul.meter.cache import forget_memo

from .crawl import page_endpoints
from .matrix import ROLES, world_fixture
from .test_get_writes import GET_KWARGS

world = pytest.fixture(scope="module", name="world")(world_fixture)
ONLY = {name for name in os.environ.get("QUERY_COUNTS_ONLY", "").split(",") if name}

# endpoint -> by at most how many queries its count may grow with the data (every role), and why. None is a per-row
# N+1: the growth gives every relation 12 more rows, and these rise by a small constant for every role.
GROWS: dict[str, tuple[int, str]] = {}

SCALE_BODIES = 40  # the generator's size on top of the demo: small, so that the suite stays fast
SCALE_SEED = 22
ROWS = 12  # how many more rows each world object gets (more than any page's inline list of a few)


def count_queries(world, shapes=None) -> dict[tuple[str, str], tuple[int, int]]:
    """{(endpoint, role): (status, queries)} of every page shape answering HTML (or of `shapes`), each request on
    an empty cache."""
    counts = {}
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for name in page_endpoints():
            if ONLY and name not in ONLY:
                continue
            if shapes is not None and (name, role) not in shapes:
                continue
            with translation.override("ar"):
                url = reverse(name, kwargs=world.kwargs(GET_KWARGS[name]))
            cache.clear()
            forget_memo()
            ContentType.objects.clear_cache()  # a fresh worker's first request, whatever was opened before
            executed.clear()
            with connection.execute_wrapper(count):
                response = client.get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                counts[name, role] = (response.status_code, len(executed))
    return counts


def grow(world) -> None:
    """More of everything: the generator's regional data, and more rows on each object the world's pages show."""
    from . import scale_growth

    # The search index is left as the demo built it (its rebuild is the slowest step): the search page is compared
    # on the same index, and bench/pages.py measures it on a rebuilt one.
    scale_growth.grow(world, bodies=SCALE_BODIES, seed=SCALE_SEED, rows=ROWS, search_index=False)


@pytest.fixture(scope="module")
def counts(world):
    demo = count_queries(world)
    grow(world)
    # The pages that answered on the demo (the others redirect in a few queries, whatever the data), and those that
    # refused: the grown data must not change who may open a page (a hub linked to the world's event made its
    # coordinator one of the event's managers).
    opened = {key for key, (status, _queries) in demo.items() if status in (200, 403)}
    return demo, count_queries(world, shapes=opened)


@pytest.mark.django_db
def test_every_page_runs_as_many_queries_at_scale_as_on_the_demo(counts):
    demo, scale = counts
    assert ONLY or len({name for name, _role in demo}) > 100, "the crawl found too few pages: is the world built?"
    problems = []
    for key in sorted(scale.keys() | {key for key, (status, _q) in demo.items() if status == 200}):
        before, after = demo[key], scale.get(key)
        if after is None or before[0] != after[0]:
            problems.append(f"{key[0]} [{key[1]}]: answered {before} on the demo, {after} at scale")
            continue
        if before[0] != 200:
            continue
        allowed = GROWS.get(key[0], (0, ""))[0]
        if after[1] > before[1] + allowed:
            problems.append(f"{key[0]} [{key[1]}]: {before[1]} queries on the demo, {after[1]} at scale")
    assert problems == [], f"{len(problems)} pages whose query count changes with the data:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_the_listed_exceptions_do_grow(counts):
    demo, scale = counts
    grew = {name for (name, role), (_status, queries) in scale.items() if queries > demo[name, role][1]}
    still_constant = sorted(name for name in GROWS if name not in grew and (not ONLY or name in ONLY))
    assert still_constant == [], f"listed in GROWS but constant now (remove them): {still_constant}"
