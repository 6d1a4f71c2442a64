"""The judged set (issue 21): what the seeds' users type, ranked over the demo data, on SQLite and PostgreSQL
(the suite runs on both). Baseline and figures in docs/search.md."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tabadul.search.tests import judged

SUCCESS_AT_3 = 0.95
NDCG_AT_10 = 0.9


def test_the_judged_set_is_large_and_names_each_item_by_a_stable_key():
    queries = judged.load()
    assert len(queries) >= 60
    assert any(item.q.isascii() for item in queries) and any(not item.q.isascii() for item in queries)
    for item in queries:
        assert item.want, item.q
        for name in (*item.want, *item.also):
            kind, _colon, key = name.partition(":")
            assert kind and key and not key.isdigit(), name


@pytest.mark.django_db(transaction=False)
def test_the_judged_set_ranks_what_people_meant_first():
    call_command("load_demo", "--no-accounts", stdout=io.StringIO())
    evaluation = judged.evaluate()
    report = "\n".join(evaluation.failures())
    figures = f"success@3 {evaluation.success_at_3:.3f}, nDCG@10 {evaluation.ndcg_at_10:.3f}"
    print(f"judged set ({connection.vendor}): {figures}")  # noqa: T201 (the figures docs/search.md quotes)
    assert evaluation.success_at_3 >= SUCCESS_AT_3, report
    assert evaluation.ndcg_at_10 >= NDCG_AT_10, report
    # The two examples, by name.
    outcomes = {outcome.q: outcome for outcome in evaluation.outcomes}
    budget = outcomes["الموازنه"].top[:3]
    assert "topic:Budgets: preparation, control, effectiveness and approval" in budget
    assert all(not name.startswith("project:") for name in budget)
    development = outcomes["التنمية الاقتصادية المحلية"].top[:3]
    assert all(name.startswith("group:") for name in development), development
