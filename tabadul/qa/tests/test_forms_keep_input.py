"""The answer and comment forms of a question, not valid, show the question again with what was typed and the
error in the page's language (issue 18, item 7)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tabadul.qa import services
from tabadul.qa.forms import AnswerForm, CommentForm

pytestmark = pytest.mark.django_db
TYPED = "ج"  # one letter: shorter than an answer or a comment may be


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def _error(form_class, data, language="ar"):
    with translation.override(language):
        form = form_class(data)
        assert not form.is_valid()
        return str(form.errors["text"][0])


def test_an_answer_not_valid_shows_the_question_again_with_the_typed_text(client, question, finance_specialist):
    client.force_login(finance_specialist)
    response = client.post(_url("qa:answer_post", question.pk), {"text": TYPED})
    html = response.content.decode()
    assert response.status_code == 400 and not question.answers.exists()
    assert question.title in html  # the question's page, not a bare form
    assert f"\n{TYPED}</textarea>" in html and 'aria-invalid="true"' in html
    assert escape(_error(AnswerForm, {"text": TYPED}, "en")) in html
    arabic = client.post(_url("qa:answer_post", question.pk, language="ar"), {"text": TYPED}).content.decode()
    message = _error(AnswerForm, {"text": TYPED})
    assert re.search("[\u0621-\u064a]", message) and escape(message) in arabic


@pytest.mark.parametrize("on_answer", [False, True])
def test_a_comment_not_valid_shows_the_question_again_with_the_typed_text(
    client, question, staff, finance_specialist, on_answer
):
    answer = services.answer_post(actor=finance_specialist, question=question, text="جواب أول")
    client.force_login(staff)
    data = {"text": TYPED, "answer": answer.pk if on_answer else ""}
    response = client.post(_url("qa:comment_post", question.pk), data)
    html = response.content.decode()
    assert response.status_code == 400 and not question.comments.exists()
    assert html.count(f"\n{TYPED}</textarea>") == 1  # in the form it was typed in, not in every comment form
    form_start = html.index(f"\n{TYPED}</textarea>")
    answer_at = html.index(f'id="answer-{answer.pk}"')
    assert (form_start > answer_at) == on_answer  # under the answer it was for, or under the question
    assert escape(_error(CommentForm, data, "en")) in html
    message = _error(CommentForm, data)
    arabic = client.post(_url("qa:comment_post", question.pk, language="ar"), data).content.decode()
    assert re.search("[\u0621-\u064a]", message) and escape(message) in arabic
