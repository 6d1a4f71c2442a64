import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_pages_render(admin_client, study, body_editor):
    from tabadul.library import services

    rec = services.recommendation_create(actor=body_editor, document=study, title_ar="توصية")
    for name, args in [
        ("admin:library_document_changelist", []),
        ("admin:library_document_change", [study.pk]),
        ("admin:library_recommendation_changelist", []),
        ("admin:library_recommendation_change", [rec.pk]),
        ("admin:directory_organisation_changelist", []),
        ("admin:library_draftreview_changelist", []),
        ("admin:library_reviewcomment_changelist", []),
        ("admin:library_topiclink_changelist", []),
    ]:
        assert admin_client.get(reverse(name, args=args)).status_code == 200, name
