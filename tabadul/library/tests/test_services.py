import os
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tabadul.core.files import private_storage
from tabadul.core.models import AuditEvent
from tabadul.library import services
from tabadul.library.models import Document, DocumentVersion, Recommendation

from .factories import docx_bytes, make_document, pdf_upload, upload

pytestmark = pytest.mark.django_db


def _stored_files() -> list[Path]:
    root = Path(private_storage.location) / "library"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_document_create_stores_the_first_version_and_its_text(body_editor, body):
    document = make_document(actor=body_editor, author_bodies=[body], file=pdf_upload(paragraphs=["Local finance"]))
    version = document.current_version
    assert version.number == 1 and version.kind == "pdf" and version.uploaded_by == body_editor
    assert "Local finance" in version.text
    assert version.file.name.startswith("library/") and version.file.name.endswith(".pdf")
    assert os.path.exists(version.file.path)
    assert AuditEvent.objects.filter(action="library.document.create").exists()
    assert AuditEvent.objects.filter(action="library.version.add").exists()


def test_citizens_cannot_create_documents(citizen):
    with pytest.raises(PermissionDenied):
        make_document(actor=citizen)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        lambda: upload("liar.pdf", docx_bytes()),
        lambda: upload("broken.pdf", b"%PDF-1.7\n%%garbage\n"),
        lambda: pdf_upload(name="huge.pdf"),
    ],
    ids=["lying-type", "malformed-pdf", "over-limit"],
)
def test_bad_upload_on_create_stores_nothing(bad, body_editor, body, settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 600  # the valid PDF is larger than this
    with pytest.raises(ValidationError):
        make_document(actor=body_editor, author_bodies=[body], file=bad())
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []


def test_new_version_needs_a_note_and_becomes_current(body_editor, study):
    with pytest.raises(ValidationError):
        services.document_version_add(actor=body_editor, document=study, file=pdf_upload(), change_note=" ")
    version = services.document_version_add(
        actor=body_editor, document=study, file=upload("v2.docx", docx_bytes()), change_note="Section 3 rewritten"
    )
    study.refresh_from_db()
    assert version.number == 2 and study.current_version == version and version.kind == "docx"
    assert len(_stored_files()) == 2


def test_bad_new_version_stores_nothing(body_editor, study):
    before = _stored_files()
    with pytest.raises(ValidationError):
        services.document_version_add(
            actor=body_editor, document=study, file=upload("v2.pdf", b"GIF89a fake"), change_note="x"
        )
    assert study.versions.count() == 1
    assert _stored_files() == before


def test_other_bodies_cannot_upload_versions(other_body_editor, citizen, study):
    for person in (other_body_editor, citizen):
        with pytest.raises(PermissionDenied):
            services.document_version_add(actor=person, document=study, file=pdf_upload(), change_note="x")
    assert study.versions.count() == 1


def test_programme_staff_manage_their_programmes_documents(programme, programme_staff, platform_admin):
    document = make_document(actor=platform_admin, author_organisations=[programme])
    services.document_update(actor=programme_staff, document=document, summary_ar="ملخص")
    document.refresh_from_db()
    assert document.summary_ar == "ملخص"


def test_document_update_sets_sdg_goals(body_editor, study):
    from tabadul.alignment.models import SdgGoal

    goal = SdgGoal.objects.get(number=11)
    services.document_update(actor=body_editor, document=study, sdg_goals=[goal])
    assert list(study.sdg_goals.values_list("number", flat=True)) == [11]


# --- Recommendations ---------------------------------------------------------------------------


def test_recommendations_only_from_studies_and_position_papers(body_editor, body):
    guide = make_document(actor=body_editor, author_bodies=[body], type=Document.Type.GUIDE)
    with pytest.raises(PermissionDenied):
        services.recommendation_create(actor=body_editor, document=guide, title_ar="توصية")
    with pytest.raises(ValidationError):
        services.recommendation_create(actor=None, document=guide, title_ar="توصية")


def test_status_history_records_who_when_and_why(body_editor, study, body):
    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية", owner_body=body)
    services.recommendation_set_status(actor=body_editor, recommendation=rec, status="discussed", reason="جلسة حوار")
    services.recommendation_set_status(actor=body_editor, recommendation=rec, status="adopted")
    services.recommendation_set_status(actor=body_editor, recommendation=rec, status="implemented", reason="نُفّذ")
    rec.refresh_from_db()
    history = list(rec.status_changes.values_list("from_status", "to_status", "reason", "changed_by"))
    assert history == [
        ("", "proposed", "", body_editor.pk),
        ("proposed", "discussed", "جلسة حوار", body_editor.pk),
        ("discussed", "adopted", "", body_editor.pk),
        ("adopted", "implemented", "نُفّذ", body_editor.pk),
    ]
    assert rec.status == "implemented" and not rec.is_open
    assert AuditEvent.objects.filter(action="library.recommendation.status", target_id=str(rec.pk)).count() == 3


def test_rejection_needs_a_reason_and_bad_transitions_are_refused(body_editor, study):
    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية")
    with pytest.raises(ValidationError) as error:
        services.recommendation_set_status(actor=body_editor, recommendation=rec, status="rejected", reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.recommendation_set_status(actor=body_editor, recommendation=rec, status="implemented")
    services.recommendation_set_status(actor=body_editor, recommendation=rec, status="rejected", reason="مكلفة")
    assert Recommendation.objects.get(pk=rec.pk).status == "rejected"
    assert rec.status_changes.count() == 2


def test_only_stewards_change_a_recommendation(
    body_editor, other_body_editor, citizen, study, programme, programme_staff
):
    rec = services.recommendation_create(
        actor=body_editor, document=study, title_ar="توصية", owner_organisation=programme
    )
    for person in (other_body_editor, citizen):
        with pytest.raises(PermissionDenied):
            services.recommendation_set_status(actor=person, recommendation=rec, status="discussed")
    services.recommendation_set_status(actor=programme_staff, recommendation=rec, status="discussed")
    assert rec.status_changes.count() == 2


def test_people_publish_only_in_the_name_of_those_they_work_for(body_editor, other_body, body, programme):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        make_document(actor=body_editor)
    assert "Name at least one author you work for" in error.value.messages[0]
    with pytest.raises(ValidationError):
        make_document(actor=body_editor, author_organisations=[programme])
    assert not Document.objects.exists()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        make_document(actor=body_editor, author_bodies=[body, other_body])  # not even beside their own body
    assert "You do not act for" in error.value.messages[0]
    document = make_document(actor=body_editor, author_bodies=[body])
    with pytest.raises(ValidationError):
        services.document_update(actor=body_editor, document=document, author_bodies=[other_body])
    assert set(document.author_bodies.all()) == {body}
    assert not Document.objects.exclude(pk=document.pk).exists()


def test_hub_coordinators_manage_their_hubs_documents(body_editor, body):
    from tabadul.hubs.tests.conftest import make_coordinator, make_hub, make_member

    hub = make_hub("engineering")
    coordinator = make_coordinator(hub)
    member = make_member(hub)
    outsider = make_member(make_hub("finance"))
    document = make_document(actor=coordinator, author_hubs=[hub], visibility=Document.Visibility.MEMBERS)
    services.document_update(actor=coordinator, document=document, summary_ar="ملخص المنصة")
    from tabadul.library.selectors import visible_documents

    assert document in visible_documents(member)
    assert document not in visible_documents(outsider)
    with pytest.raises(PermissionDenied):
        services.document_update(actor=member, document=document, summary_ar="x")
