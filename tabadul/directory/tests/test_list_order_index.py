"""The directory's list walks the index of its order (Arabic name, then id) until a page is full: at 10,000 bodies
(issue 22) sorting every body for a page of 20 took 8 ms of the page's CPU, the index 0.2 ms. SQLite only: what its
planner picks without statistics, as the bench's and a fresh site's database are."""

import pytest
from django.db import connection

from tabadul.directory import selectors
from tabadul.directory.tests.factories import LocalBodyFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]


def test_a_page_of_the_body_list_is_read_in_the_indexs_order():
    LocalBodyFactory.create_batch(3)
    plan = selectors.body_list(filters=selectors.BodyFilters())[20:40].explain()
    assert "directory_body_name_order" in plan and "TEMP B-TREE" not in plan, plan


def test_a_name_search_reads_the_same_order():
    LocalBodyFactory.create_batch(3)
    plan = selectors.body_list(filters=selectors.BodyFilters(q="بلدية"))[:20].explain()
    assert "directory_body_name_order" in plan and "TEMP B-TREE" not in plan, plan
