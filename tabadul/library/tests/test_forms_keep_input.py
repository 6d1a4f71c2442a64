"""The authors' answer to a review comment, not valid, shows the review again with what was typed under that
comment and the error in the page's language (issue 18, item 7)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tabadul.library import services
from tabadul.library.forms import AnswerForm
from tabadul.library.models import Document

from .factories import docx_bytes, make_document, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(body_editor, body):
    charter = make_document(
        actor=body_editor,
        author_bodies=[body],
        type=Document.Type.CHARTER,
        status=Document.Status.DRAFT,
        file=upload("charter.docx", docx_bytes(["المادة الأولى", "المادة الثانية"])),
    )
    now = timezone.now()
    return services.review_open(
        actor=body_editor, document=charter, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=9)
    )


def _error(data, language):
    with translation.override(language):
        form = AnswerForm(data)
        assert not form.is_valid()
        return str(form.errors["answer"][0])


def test_an_answer_not_valid_is_shown_again_under_its_comment(client, review, body_editor, citizen):
    first = services.review_comment_add(actor=citizen, review=review, paragraph=0, body="ملاحظة أولى")
    second = services.review_comment_add(actor=citizen, review=review, paragraph=1, body="ملاحظة ثانية")
    client.force_login(body_editor)
    typed = "أخذنا بالاقتراح " * 400  # longer than an answer may be
    data = {"answer": typed}
    for language in ("en", "ar"):
        with translation.override(language):
            url = reverse("library:comment_answer", args=[review.document.slug, review.pk, second.pk])
        response = client.post(url, data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "ملاحظة أولى" in html and "ملاحظة ثانية" in html  # the review's page, every comment
        assert html.count(f"{typed}</textarea>") == 1
        assert html.index("ملاحظة ثانية") < html.index(f"{typed}</textarea>")  # under the comment it answers
        assert f'id="answer-{first.pk}"' in html  # the other comment keeps its empty form
        message = _error(data, language)
        assert escape(message) in html
        assert bool(re.search("[\u0621-\u064a]", message)) == (language == "ar")
    second.refresh_from_db()
    assert second.answer == ""
