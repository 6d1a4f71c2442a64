"""The uncached plan page reads a fixed, small set of queries (issue 22, item 3), whatever its feedback shows.

The page reads each published message's kind, text, reply, project and count of supporters, and nothing else of it
(`selectors.plan_page_feedback`); a field the page printed without reading it would cost one query per message,
which these counts catch.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.tests.factories import make_user

from .. import services
from ..cache import forget_memo

KINDS = ("suggestion", "question", "complaint")


def _messages(world, count):
    """`count` published messages of every kind, answered, half of them on a project, the suggestions supported."""
    made = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        project = world.projects[i % len(world.projects)] if i % 2 else None
        item = services.feedback_submit(
            actor=None, plan=world.plan, project=project, kind=kind, text=f"رسالة المواطن رقم {i}"
        )
        services.feedback_reply(actor=world.editor, feedback=item, reply=f"رد البلدية رقم {i}", publish=True)
        if kind == "suggestion":
            services.support_set(actor=make_user(), feedback=item, support=True)
        made.append(item)
    return made


def _uncached(client, url):
    cache.clear()
    forget_memo()
    response = client.get(url)
    assert response.status_code == 200 and response["X-Meter-Cache"] == "miss"
    return response


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_plan_page_reads_the_same_seven_queries_with_one_message_or_nine(
    client, world, prefix, django_assert_num_queries
):
    with translation.override("ar"):
        url = prefix + reverse("meter:plan_detail", args=[world.plan.pk])
    # The scope, the plan with its body, its goals, the messages, the response times, the reports, the news.
    _messages(world, 1)
    with django_assert_num_queries(7):
        _uncached(client, url)
    messages = _messages(world, 8)
    with django_assert_num_queries(7):
        html = _uncached(client, url).content.decode()
    for item in messages:
        assert f'id="feedback-{item.pk}"' in html
        assert item.text in html and item.reply in html
        if item.project_id:
            assert reverse("meter:project_detail", args=[item.project_id]) in html
        if item.kind == "suggestion":
            assert "?next=" + reverse("meter:feedback_support", args=[item.pk]) in html  # the sign-in link


def test_the_main_navigation_links_are_the_page_s_language_s(world):
    """The navigation's links are reversed once per language (core.context_processors): never the other's."""
    with translation.override("ar"):
        path = reverse("meter:plan_list")
    for _round in range(2):
        arabic = Client().get(path).content.decode()  # new visitors: no remembered language
        english = Client().get("/en" + path).content.decode()
        assert 'href="/hubs/"' in arabic and 'href="/en/hubs/"' not in arabic
        assert 'href="/en/hubs/"' in english and 'href="/hubs/"' not in english
