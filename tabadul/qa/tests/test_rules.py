"""Every Q&A permission for every role of the grid cast (tabadul/core/tests/rules_grid.py; docs/qa.md).

Staff of any body (their account names it) read and ask; the specialist of the question's topic answers; the asker
accepts. `question` is asked by A's staff on a topic of the grid's specialist; `other_question` by B's editor on a
topic of another specialist.
"""

import pytest

from tabadul.core.tests.rules_grid import ALL, WITH_A_BODY, build_cast, check, rows, world_fixture
from tabadul.qa.services import (
    answer_accept,
    answer_post,
    question_ask,
    question_publication_request,
    question_publish,
    specialist_profile_set,
)

from .factories import TopicFactory, make_specialist


def build():
    w = build_cast()
    people = w["people"]
    covered, uncovered = TopicFactory(), TopicFactory()
    specialist_profile_set(actor=None, user=people["specialist"], topics=[covered])
    make_specialist(uncovered)  # a question nobody's expertise matches goes to every specialist
    w["question"] = question_ask(actor=people["staff"], title="سؤال عن الإيرادات", text="نص السؤال", topics=[covered])
    w["other_question"] = question_ask(
        actor=people["other_editor"], title="سؤال آخر", text="نص السؤال", topics=[uncovered]
    )
    # Answered, accepted, published with the asker's consent and the specialist's confirmation.
    published = question_ask(actor=people["staff"], title="سؤال منشور", text="نص السؤال", topics=[covered])
    answer = answer_post(actor=people["specialist"], question=published, text="الجواب")
    answer_accept(actor=people["staff"], answer=answer)
    published.refresh_from_db()
    question_publication_request(actor=people["staff"], question=published, names_body=False)
    published.refresh_from_db()
    question_publish(actor=people["specialist"], question=published)
    published.refresh_from_db()
    w["published_question"] = published
    return w


world = world_fixture(build)

READERS = WITH_A_BODY | {"specialist", "admin"}
# An unpublished question: its asker, every specialist, the moderators; no one else.
CONVERSATION = {"staff", "specialist", "admin"}

GRID = [
    ("qa.view_questions", None, ALL),
    ("qa.view_question", "question", CONVERSATION),
    ("qa.view_question", "other_question", {"other_editor", "specialist", "admin"}),
    ("qa.view_question", "published_question", ALL),  # public knowledge, anonymous visitors included
    ("qa.view_question_private", "question", CONVERSATION),
    ("qa.view_question_private", "published_question", CONVERSATION),
    ("qa.view_attachment", "question", CONVERSATION),
    ("qa.view_figures", None, READERS),
    ("qa.request_publication", "question", {"staff"}),
    ("qa.request_publication", "other_question", {"other_editor"}),
    ("qa.publish_question", "question", {"specialist", "admin"}),
    ("qa.publish_question", "other_question", {"admin"}),
    ("qa.unpublish_question", "question", {"staff", "admin"}),
    ("qa.unpublish_question", "other_question", {"other_editor", "admin"}),
    ("qa.ask_question", None, WITH_A_BODY),
    ("qa.answer_question", "question", {"specialist"}),  # routed to them
    ("qa.answer_question", "other_question", set()),  # routed to another specialist
    ("qa.accept_answer", "question", {"staff", "admin"}),
    ("qa.accept_answer", "other_question", {"other_editor", "admin"}),
    ("qa.comment_question", "question", {"staff", "specialist", "admin"}),
    ("qa.comment_question", "other_question", {"other_editor", "admin"}),
    ("qa.widen_routing", "question", {"admin"}),
    ("qa.edit_expertise", None, {"specialist"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("permission", "obj", "holders"), rows(GRID))
def test_rule(world, permission, obj, holders):
    check(world, permission, obj, holders)
