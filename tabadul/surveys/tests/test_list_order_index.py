"""The list of surveys one runs or follows is read a page at a time from the index of its order (newest first), with
each shown survey's answers counted alone: a count joined and grouped counted the answers of all 202 surveys of
an administrator before sorting them (issue 22: 2.9 ms of SQL at 10,000 bodies, now 0.2). SQLite only: what its
planner picks without statistics, as the bench's and a fresh site's database are."""

import pytest
from django.db import connection

from tabadul.surveys import selectors

from .conftest import make_survey
from .test_views import _answer_all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]


def test_a_page_of_managed_surveys_is_read_in_the_indexs_order_with_each_count(hub_world):
    plan = selectors.surveys_managed(hub_world["admin"])[:20].explain()
    assert "surveys_survey_newest" in plan and "TEMP B-TREE" not in plan, plan
    survey = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    _answer_all(survey, hub_world["members"][:2], [(0, [1], 5, 10, "أ"), (1, [1], 3, 20, "ب")])
    quiet = make_survey(actor=hub_world["coordinator"], owner=hub_world["hub"])
    counts = {listed.pk: listed.response_count for listed in selectors.surveys_managed(hub_world["admin"])}
    assert counts == {survey.pk: 2, quiet.pk: 0}
