"""Pages: lists with filters, pagination and empty states; every writing view refuses people without the right."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tabadul.core.files import private_storage
from tabadul.core.models import AuditEvent
from tabadul.library import services
from tabadul.library.models import Document, DocumentVersion, Recommendation

from .factories import docx_bytes, make_document, pdf_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db


def en_url(name, args=()):
    with translation.override("en"):
        return reverse(name, args=args)


def _stored_files() -> list[Path]:
    root = Path(private_storage.location) / "library"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- The document list ---------------------------------------------------------------------------


def test_the_list_has_an_empty_state(client):
    response = client.get(en_url("library:document_list"))
    assert response.status_code == 200
    assert "No document matches these filters" in response.content.decode()


def test_the_list_filters_by_type_year_and_title(client, body_editor, body):
    make_document(actor=body_editor, author_bodies=[body], type="guide", title_ar="دليل إدارة المشاريع", year=2021)
    make_document(actor=body_editor, author_bodies=[body], type="study", title_ar="دراسة المالية المحلية", year=2023)
    url = reverse("library:document_list")
    html = client.get(url, {"type": "guide"}).content.decode()
    assert "دليل إدارة المشاريع" in html and "دراسة المالية المحلية" not in html
    html = client.get(url, {"year": "٢٠٢٣"}).content.decode()  # Arabic-Indic digits are accepted
    assert "دراسة المالية المحلية" in html and "دليل إدارة المشاريع" not in html
    html = client.get(url, {"q": "المالية"}).content.decode()
    assert "دراسة المالية المحلية" in html and "دليل إدارة المشاريع" not in html
    response = client.get(url, {"type": "nonsense", "year": "abc", "governorate": "atlantis"})
    assert response.status_code == 200  # unknown values are ignored, never an error page
    assert 'class="errorlist" role="alert"' in response.content.decode()


def test_the_list_filters_by_hub_topic(client, body_editor, body):
    from .conftest import make_topic

    topic = make_topic()
    make_document(actor=body_editor, author_bodies=[body], topics=[topic], title_ar="دراسة النفايات")
    make_document(actor=body_editor, author_bodies=[body], title_ar="دليل آخر")
    html = client.get(reverse("library:document_list"), {"topic": topic.pk}).content.decode()
    assert "دراسة النفايات" in html and "دليل آخر" not in html


def test_the_list_is_paginated(client, body_editor, body, settings):
    settings.PAGE_SIZE = 3
    for i in range(5):
        make_document(actor=body_editor, author_bodies=[body], title_ar=f"وثيقة رقم {i}", file=False)
    first = client.get(reverse("library:document_list")).content.decode()
    second = client.get(reverse("library:document_list"), {"page": "2"}).content.decode()
    assert first.count('class="library-title"') == 3 and second.count('class="library-title"') == 2
    assert client.get(reverse("library:document_list"), {"page": "99"}).status_code == 200


def test_the_list_pages_through_the_newest_documents_only_and_says_so(client, body_editor, body, settings, monkeypatch):
    """At 50,000 documents counting every visible one cost 40-70 ms (issue 22): the list counts and pages through
    the newest `LISTED` matches, and says that older ones are found with the filters."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tabadul.library import selectors

    monkeypatch.setattr(selectors, "LISTED", 3)
    settings.PAGE_SIZE = 2
    for year in (2020, 2021):
        make_document(actor=body_editor, author_bodies=[body], title_en=f"Report {year}", year=year, file=False)
    url = en_url("library:document_list")
    html = client.get(url).content.decode()
    assert "2 documents found" in html and "or more" not in html  # fewer than listed: the exact count

    make_document(actor=body_editor, author_bodies=[body], title_en="Report 2019", year=2019, file=False)
    make_document(actor=body_editor, author_bodies=[body], title_en="Report 2018", year=2018, file=False)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "3 documents or more found: the newest 3 are listed." in html
    assert "Page 1 of 2" in html
    walks = [  # the ids of the listed documents, read once for the count and the page: never more than LISTED
        query["sql"] for query in queries.captured_queries if 'ORDER BY "library_document"."year" DESC' in query["sql"]
    ]
    assert len(walks) == 1 and "LIMIT 3" in walks[0], walks
    last = client.get(url, {"page": "2"}).content.decode()
    assert "Report 2019" in last and "Report 2018" not in last  # the oldest is beyond the listed ones
    assert "Report 2018" in client.get(url, {"year": "2018"}).content.decode()  # a filter finds it


# --- Every writing view refuses those without the right -----------------------------------------


@pytest.fixture
def review(body_editor, body):
    import datetime as dt

    from django.utils import timezone

    charter = make_document(
        actor=body_editor,
        author_bodies=[body],
        type=Document.Type.CHARTER,
        status=Document.Status.DRAFT,
        file=upload("charter.docx", docx_bytes(["المادة الأولى", "المادة الثانية", "المادة الثالثة"])),
    )
    now = timezone.now()
    return services.review_open(
        actor=body_editor, document=charter, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=14)
    )


def _writing_requests(study, recommendation, review, comment):
    slug = study.slug
    return [
        ("get", reverse("library:document_create"), {}),
        ("post", reverse("library:document_create"), {"title_ar": "x", "type": "guide", "visibility": "public"}),
        ("get", reverse("library:document_edit", args=[slug]), {}),
        ("post", reverse("library:document_edit", args=[slug]), {"title_ar": "x", "type": "study"}),
        ("get", reverse("library:version_upload", args=[slug]), {}),
        ("post", reverse("library:version_upload", args=[slug]), {"file": pdf_upload(), "change_note": "x"}),
        ("get", reverse("library:recommendation_create", args=[slug]), {}),
        ("post", reverse("library:recommendation_create", args=[slug]), {"title_ar": "توصية"}),
        ("post", reverse("library:recommendation_status", args=[recommendation.pk]), {"status": "discussed"}),
        ("post", reverse("library:recommendation_sessions", args=[recommendation.pk]), {}),
        ("get", reverse("library:document_link", args=[slug]), {}),
        ("post", reverse("library:document_link", args=[slug]), {}),
        ("get", reverse("library:review_open", args=[review.document.slug]), {}),
        ("post", reverse("library:review_open", args=[review.document.slug]), {}),
        (
            "post",
            reverse("library:comment_answer", args=[review.document.slug, review.pk, comment.pk]),
            {"answer": "شكرا"},
        ),
    ]


def test_every_writing_view_refuses_others(client, citizen, other_body_editor, body_editor, study, review):
    recommendation = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية")
    comment = services.review_comment_add(actor=citizen, review=review, paragraph=0, body="ملاحظة")
    audit_before = AuditEvent.objects.count()
    for person in (citizen, other_body_editor):
        client.force_login(person)
        for method, url, data in _writing_requests(study, recommendation, review, comment):
            if person == other_body_editor and url == reverse("library:document_create"):
                continue  # an editor of another body may add documents of their own; tested below
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (person, method, url)
    client.logout()
    for method, url, data in _writing_requests(study, recommendation, review, comment):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "sign-in" in response["Location"], (method, url)
    assert AuditEvent.objects.count() == audit_before
    assert study.versions.count() == 1 and Recommendation.objects.get().status == "proposed"
    assert comment.__class__.objects.get().answer == ""


def test_commenting_needs_an_open_review_and_sign_in(client, citizen, review):
    url = reverse("library:review_comment", args=[review.document.slug, review.pk])
    response = client.post(url, {"paragraph": 0, "body": "ملاحظة"})
    assert response.status_code == 302 and "sign-in" in response["Location"]
    from django.utils import timezone

    type(review).objects.filter(pk=review.pk).update(ends_at=timezone.now())
    client.force_login(citizen)
    assert client.post(url, {"paragraph": 0, "body": "ملاحظة"}).status_code == 403
    assert not review.comments.exists()


# --- Writing views work for those with the right ------------------------------------------------


def test_an_editor_creates_a_document_with_a_file(client, body_editor, body):
    client.force_login(body_editor)
    response = client.post(
        reverse("library:document_create"),
        {
            "type": "guide",
            "status": "final",
            "title_ar": "الدليل الهندسي العام",
            "title_en": "General engineering guide",
            "visibility": "public",
            "author_bodies": [body.pk],
            "year": "2024",
            "file": upload("guide.pdf", pdf_bytes(["Planning and engineering."]), "application/pdf"),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.slug == "general-engineering-guide"
    assert "Planning and engineering." in document.current_version.text


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: upload("study.pdf", docx_bytes()), "is named as a PDF file but its content is a Word (DOCX) file"),
        (lambda: upload("study.pdf", b"%PDF-1.7\n%%garbage"), "The PDF file is damaged and cannot be read"),
        (lambda: upload("study.pdf", pdf_bytes() * 3), "The file is too large"),
        (lambda: upload("study.exe", pdf_bytes()), "Only PDF, Word (.docx) and Excel (.xlsx) files are accepted"),
    ],
    ids=["lying-type", "malformed-pdf", "over-limit", "wrong-extension"],
)
def test_bad_uploads_get_a_clear_message_and_store_nothing(client, body_editor, body, settings, file, message):
    settings.LIBRARY_MAX_UPLOAD_BYTES = len(pdf_bytes()) * 2
    client.force_login(body_editor)
    data = {
        "type": "study",
        "status": "final",
        "title_ar": "دراسة",
        "visibility": "public",
        "author_bodies": [body.pk],
        "file": file(),
    }
    response = client.post(en_url("library:document_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert _stored_files() == []
    audit_before = AuditEvent.objects.count()
    study = make_document(actor=body_editor, author_bodies=[body])
    audit_before = AuditEvent.objects.count()
    files_before = _stored_files()
    response = client.post(en_url("library:version_upload", [study.slug]), {"file": file(), "change_note": "v2"})
    assert response.status_code == 200 and message in response.content.decode()
    assert study.versions.count() == 1 and _stored_files() == files_before
    assert AuditEvent.objects.count() == audit_before


def test_upload_messages_are_translated(client, body_editor, body, monkeypatch):
    """The message goes through gettext when the upload is checked: the .po entry reaches the person."""
    from tabadul.library import files

    msgid = "The PDF file is damaged and cannot be read. Save it again as PDF and upload the new copy."
    monkeypatch.setattr(files, "_", lambda text: "ملف PDF تالف" if text == msgid else text)
    client.force_login(body_editor)
    response = client.post(
        reverse("library:document_create"),
        {
            "type": "study",
            "title_ar": "دراسة",
            "visibility": "public",
            "status": "final",
            "author_bodies": [body.pk],
            "file": upload("a.pdf", b"%PDF-1.4 broken"),
        },
    )
    assert "ملف PDF تالف" in response.content.decode()
    assert not Document.objects.exists()


def test_a_new_docx_version_stores_its_extracted_text(client, body_editor, study):
    client.force_login(body_editor)
    response = client.post(
        reverse("library:version_upload", args=[study.slug]),
        {"file": upload("v2.docx", docx_bytes(["نص الفقرة الأولى", "نص الفقرة الثانية"])), "change_note": "نسخة وورد"},
    )
    assert response.status_code == 302
    version = study.versions.get(number=2)
    assert version.kind == "docx" and version.text == "نص الفقرة الأولى\n\nنص الفقرة الثانية"
    assert version.change_note == "نسخة وورد"


def test_a_steward_changes_a_status_and_the_page_shows_who_and_why(client, body_editor, study):
    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية")
    client.force_login(body_editor)
    url = reverse("library:recommendation_status", args=[rec.pk])
    response = client.post(url, {"status": "rejected", "reason": ""})
    assert response.status_code == 400 and Recommendation.objects.get().status == "proposed"
    response = client.post(url, {"status": "rejected", "reason": "الكلفة عالية"})
    assert response.status_code == 200  # closing is confirmed first (core/confirm.py)
    response = client.post(url, {"status": "rejected", "reason": "الكلفة عالية", "confirmed": "yes"})
    assert response.status_code == 302
    html = client.get(rec.get_absolute_url()).content.decode()
    assert "الكلفة عالية" in html and body_editor.display_name in html


def test_linking_a_project_to_a_document(client, body_editor, body, study):
    import datetime as dt

    from .conftest import make_project

    project = make_project(body=body, start=dt.date(2024, 1, 1))
    client.force_login(body_editor)
    response = client.post(reverse("library:document_link", args=[study.slug]), {"project": project.pk})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert project.name_ar in html
    response = client.post(en_url("library:document_link", [study.slug]), {})
    assert response.status_code == 200 and "Choose one project or one event." in response.content.decode()
    from tabadul.library.models import TopicLink

    assert TopicLink.objects.count() == 1


def test_a_project_is_linked_by_its_typed_name_and_the_form_lists_no_project(client, body_editor, body, study):
    import datetime as dt

    from tabadul.library.models import TopicLink

    from .conftest import make_project

    project = make_project(body=body, start=dt.date(2024, 1, 1))
    client.force_login(body_editor)
    url = reverse("library:document_link", args=[study.slug])
    page = client.get(url).content.decode()
    assert project.name_ar not in page and "<option" not in page and 'data-picker="/pick/projects/"' in page
    response = client.post(url, {"project": "مشروع لا يوجد"})
    assert response.status_code == 200 and "مشروع لا يوجد" in response.content.decode()
    response = client.post(url, {"project": f"{project.name_ar} — {body.name_ar}"})
    assert response.status_code == 302 and TopicLink.objects.count() == 1


def test_detail_pages_do_not_grow_with_versions_and_history(client, body_editor, study, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for i in range(n):
            rec = services.recommendation_create(actor=body_editor, document=study, title_ar=f"توصية {i}")
            services.recommendation_set_status(actor=body_editor, recommendation=rec, status="discussed", reason="ن")
            services.document_version_add(actor=body_editor, document=study, file=pdf_upload(), change_note=f"{i}")
        return rec

    rec = grow(1)
    client.force_login(body_editor)
    client.get(study.get_absolute_url())  # caches the header's waiting count
    with CaptureQueriesContext(connection) as document_page:
        client.get(study.get_absolute_url())
    with CaptureQueriesContext(connection) as recommendation_page:
        client.get(rec.get_absolute_url())
    # the document page asks once whether the person follows it
    assert len(document_page.captured_queries) <= 26 and len(recommendation_page.captured_queries) <= 22
    rec = grow(4)
    services.recommendation_set_status(actor=body_editor, recommendation=rec, status="adopted", reason="أقرت")
    with django_assert_num_queries(len(document_page.captured_queries)):
        assert client.get(study.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(recommendation_page.captured_queries)):
        assert client.get(rec.get_absolute_url()).status_code == 200


def test_an_editor_cannot_publish_in_another_bodys_name(client, body_editor, other_body):
    client.force_login(body_editor)
    response = client.post(
        en_url("library:document_create"),
        {
            "type": "guide",
            "status": "final",
            "title_ar": "دليل",
            "visibility": "public",
            "author_bodies": [other_body.pk],
        },
    )
    assert response.status_code == 200
    assert "author_bodies" in response.context["form"].errors  # the form offers only the bodies they act for
    assert not Document.objects.exists()


def test_a_document_of_many_author_bodies_names_the_first_and_counts_the_others(client, platform_admin, monkeypatch):
    """A charter signed by a region's bodies has hundreds of authors (issue 22): its page and its card in the list
    name the first `AUTHOR_BODIES_SHOWN` and count the others, in as many queries for 3 authors as for 12."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tabadul.directory.tests.factories import LocalBodyFactory
    from tabadul.library import selectors

    monkeypatch.setattr(selectors, "AUTHOR_BODIES_SHOWN", 2)
    names = [("بلدية ألف", "Alpha Council"), ("بلدية باء", "Beta Council"), ("بلدية تاء", "Gamma Council")]
    bodies = [LocalBodyFactory(name_ar=name_ar, name_en=name_en) for name_ar, name_en in names]
    document = make_document(actor=platform_admin, author_bodies=bodies, title_en="Regional charter", file=False)
    client.force_login(platform_admin)

    def pages() -> dict[str, int]:
        """{page: queries}, each page naming the first two bodies and counting the others."""
        counts = {}
        for url in (en_url("library:document_detail", [document.slug]), en_url("library:document_list")):
            client.get(url)  # caches the header's waiting count
            with CaptureQueriesContext(connection) as queries:
                html = client.get(url).content.decode()
            assert "Alpha Council" in html and "Beta Council" in html and "Gamma Council" not in html
            others = document.author_bodies.count() - 2
            assert f"and {others} other local bod" in html
            counts[url] = len(queries)
        return counts

    few = pages()
    document.author_bodies.add(*LocalBodyFactory.create_batch(9, name_ar="بلدية ياء"))  # after the first two by name
    assert pages() == few


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_the_list_walks_its_index_in_order_whatever_the_statistics(
    client, body_editor, body, signed_in, planner_statistics_restored
):
    """The ids of a page are read from the list's index in its order, each document's visibility asked by its key:
    with the scale world's statistics, a visitor's one equality on the visibility made SQLite scan and sort every
    document (90 ms at 50,000) and an index starting with it sent a member's list to sort every public one."""
    for year, visibility in ((2020, "public"), (2021, "members"), (2022, "private")):
        make_document(actor=body_editor, author_bodies=[body], year=year, visibility=visibility, file=False)
    with connection.cursor() as cursor:  # the statistics SQLite sampled at scale (50,000 documents)
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'library_document'")
        cursor.execute(
            "INSERT INTO sqlite_stat1 VALUES ('library_document', 'library_document_newest', '82800 1001 1 1'), "
            "('library_document', 'library_document_year_9a376ff5', '60630 501'), "
            "('library_document', 'library_document_type_4585e1c1', '19470 1001')"
        )
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads them again
    if signed_in:
        client.force_login(body_editor)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(en_url("library:document_list")).content.decode()
    assert ("3 documents found" if signed_in else "1 document found") in html
    walks = [query["sql"] for query in queries.captured_queries if 'ORDER BY "library_document"."year"' in query["sql"]]
    assert len(walks) == 1, walks
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + walks[0])
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "library_document_newest" in plan and "TEMP B-TREE" not in plan, plan
