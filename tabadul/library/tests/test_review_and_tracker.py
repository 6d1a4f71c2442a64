"""Draft review paragraph by paragraph, answers and the next version; the tracker of open recommendations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tabadul.library import services
from tabadul.library.models import Document, DraftReview, ReviewComment

from .factories import docx_bytes, make_document, upload

pytestmark = pytest.mark.django_db

V1 = ["المادة الأولى: حق الاطلاع.", "المادة الثانية: النشر خلال شهر.", "المادة الثالثة: الرد خلال ثلاثين يوما."]


@pytest.fixture
def charter(body_editor, body):
    return make_document(
        actor=body_editor,
        author_bodies=[body],
        type=Document.Type.CHARTER,
        status=Document.Status.DRAFT,
        file=upload("charter.docx", docx_bytes(V1)),
    )


def _open(actor, charter, *, days=14, since=dt.timedelta(hours=1)):
    now = timezone.now()
    return services.review_open(
        actor=actor, document=charter, starts_at=now - since, ends_at=now + dt.timedelta(days=days)
    )


def test_a_draft_is_reviewed_paragraph_by_paragraph_answered_and_followed_by_a_new_version(
    client, charter, body_editor, citizen, specialist
):
    review = _open(body_editor, charter)
    client.force_login(citizen)
    url = reverse("library:review_comment", args=[charter.slug, review.pk])
    assert client.post(url, {"paragraph": 1, "body": "أسبوعان يكفيان."}).status_code == 302
    client.force_login(specialist)
    assert client.post(url, {"paragraph": 2, "body": "خمسة عشر يوما أفضل."}).status_code == 302
    assert client.post(url, {"paragraph": 7, "body": "لا توجد فقرة كهذه"}).status_code == 400
    comments = list(ReviewComment.objects.order_by("paragraph"))
    assert [(c.paragraph, c.paragraph_text) for c in comments] == [(1, V1[1]), (2, V1[2])]

    # The page shows every paragraph with its own comments.
    html = client.get(review.get_absolute_url()).content.decode()
    assert all(text in html for text in V1)
    assert html.index(V1[1]) < html.index("أسبوعان يكفيان.") < html.index(V1[2]) < html.index("خمسة عشر يوما أفضل.")

    # A commenter cannot answer; the authors can.
    answer_url = reverse("library:comment_answer", args=[charter.slug, review.pk, comments[0].pk])
    assert client.post(answer_url, {"answer": "x"}).status_code == 403
    client.force_login(body_editor)
    assert client.post(answer_url, {"answer": "أخذنا بالاقتراح."}).status_code == 302
    comments[0].refresh_from_db()
    assert comments[0].answer == "أخذنا بالاقتراح." and comments[0].answered_by == body_editor

    # The next version, with what changed, closes the review of the previous one.
    response = client.post(
        reverse("library:version_upload", args=[charter.slug]),
        {
            "file": upload("charter-v2.docx", docx_bytes(["المادة الأولى", "المادة الثانية: النشر خلال أسبوعين."])),
            "change_note": "المادة الثانية: أسبوعان بدل شهر.",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert not review.is_open()
    charter.refresh_from_db()
    assert charter.current_version.number == 2
    html = client.get(charter.get_absolute_url()).content.decode()
    assert "المادة الثانية: أسبوعان بدل شهر." in html
    # Comments on the old version keep the paragraph as it read.
    assert ReviewComment.objects.get(pk=comments[1].pk).paragraph_text == V1[2]
    # A review of version 2 shows what changed.
    second = _open(body_editor, charter, since=dt.timedelta(0))
    assert second.version.number == 2
    assert "المادة الثانية: أسبوعان بدل شهر." in client.get(second.get_absolute_url()).content.decode()


def test_only_drafts_of_charters_and_position_papers_open_for_review(body_editor, body, charter):
    study = make_document(actor=body_editor, author_bodies=[body], type=Document.Type.STUDY, status="draft")
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        _open(body_editor, study)
    _open(body_editor, charter)
    with pytest.raises(ValidationError):  # overlapping period
        _open(body_editor, charter)
    assert DraftReview.objects.count() == 1


def test_a_closed_review_refuses_comments(charter, body_editor, citizen):
    from django.core.exceptions import PermissionDenied

    review = _open(body_editor, charter)
    DraftReview.objects.filter(pk=review.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    review.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.review_comment_add(actor=citizen, review=review, paragraph=0, body="متأخر")


def test_a_private_drafts_review_is_hidden_from_others(client, body_editor, body, citizen):
    secret = make_document(
        actor=body_editor,
        author_bodies=[body],
        type=Document.Type.POSITION_PAPER,
        status=Document.Status.DRAFT,
        visibility=Document.Visibility.PRIVATE,
        file=upload("paper.docx", docx_bytes(V1)),
    )
    review = _open(body_editor, secret)
    client.force_login(citizen)
    assert client.get(review.get_absolute_url()).status_code == 404
    url = reverse("library:review_comment", args=[secret.slug, review.pk])
    assert client.post(url, {"paragraph": 0, "body": "x"}).status_code == 404
    assert not ReviewComment.objects.exists()


# --- The tracker of open recommendations ---------------------------------------------------------


def test_the_tracker_lists_open_recommendations_of_visible_documents(client, body_editor, body, study, citizen):
    open_one = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية مفتوحة")
    done = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية مرفوضة")
    services.recommendation_set_status(actor=body_editor, recommendation=done, status="rejected", reason="مكلفة")
    secret = make_document(
        actor=body_editor, author_bodies=[body], type="study", visibility="private", title_ar="دراسة سرية"
    )
    hidden = services.recommendation_create(actor=body_editor, document=secret, title_ar="توصية سرية")
    client.force_login(citizen)
    url = reverse("library:recommendation_list")
    html = client.get(url).content.decode()
    assert open_one.title in html and done.title not in html and hidden.title not in html
    html = client.get(url, {"status": "rejected"}).content.decode()
    assert done.title in html and open_one.title not in html
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(body_editor)
    assert hidden.title in client.get(url).content.decode()


def test_the_tracker_has_an_empty_state(client):
    assert "No recommendation matches these filters." in client.get("/en/library/recommendations/").content.decode()


def test_the_tracker_query_count_does_not_grow(client, body_editor, study, citizen, django_assert_num_queries):
    def add(n):
        for i in range(n):
            rec = services.recommendation_create(actor=body_editor, document=study, title_ar=f"توصية {i}")
            services.recommendation_set_status(actor=body_editor, recommendation=rec, status="discussed", reason="ن")

    add(2)
    client.force_login(citizen)
    url = reverse("library:recommendation_list")
    client.get(url)  # caches the header's waiting count
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("توصية ") >= 10
    assert len(small.captured_queries) <= 14


def test_a_steward_links_the_dialogue_sessions_that_discussed_a_recommendation(client, body_editor, study):
    from .conftest import make_event

    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية")
    session = make_event(when=timezone.now(), type="dialogue_session", name_ar="جلسة حوارية حول التوصية")
    workshop = make_event(when=timezone.now(), name_ar="ورشة")
    client.force_login(body_editor)
    url = reverse("library:recommendation_sessions", args=[rec.pk])
    assert client.post(url, {"sessions": [workshop.pk]}).status_code == 302  # not offered: refused with a message
    assert not rec.dialogue_sessions.exists()
    assert client.post(url, {"sessions": [session.pk]}).status_code == 302
    assert list(rec.dialogue_sessions.all()) == [session]
    html = client.get(rec.get_absolute_url()).content.decode()
    assert "جلسة حوارية حول التوصية" in html
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.recommendation_set_sessions(actor=body_editor, recommendation=rec, sessions=[workshop])
