"""The library demo: seeds' guides, studies, position paper and charters, real files, recommendations in several
states, a draft charter reviewed paragraph by paragraph; a second load changes nothing."""

import pytest

from tabadul.core.models import AuditEvent
from tabadul.library.models import Document, DraftReview, Recommendation, RecommendationStatusChange, ReviewComment


@pytest.mark.django_db
def test_the_demo_library(settings, client):
    settings.DEBUG = True
    from importlib import import_module

    for app in ("directory", "accounts", "alignment", "hubs", "events", "library"):  # what the library uses
        import_module(f"tabadul.demo.{app}").load()
    slugs = set(Document.objects.values_list("slug", flat=True))
    assert {
        "professional-project-management-guide",
        "general-engineering-planning-guide",
        "isal-waste-collection-study",
        "isal-local-finance-study",
        "isal-transport-study",
        "isal-health-study",
        "isal-municipal-guard-study",
        "charter-citizen-participation",
        "charter-transparency-draft",
        "position-paper-village-council-finance",
    } <= slugs
    for document in Document.objects.select_related("current_version"):
        version = document.current_version
        with version.file.open("rb") as handle:
            head = handle.read(5)[: 4 if document.current_version.kind != "pdf" else 5]
        assert head in (b"%PDF-", b"PK\x03\x04"), document.slug
        assert version.text.strip(), document.slug  # real text, extracted on upload
    guide = Document.objects.get(slug="professional-project-management-guide")
    assert "إدارة المشاريع" in guide.current_version.text and guide.current_version.kind == "pdf"
    assert guide.topics.filter(title_ar="إدارة المشاريع").exists()
    states = set(Recommendation.objects.values_list("status", flat=True))
    assert {"proposed", "discussed", "adopted", "implemented", "rejected"} <= states
    assert not RecommendationStatusChange.objects.filter(to_status="rejected", reason="").exists()
    assert Recommendation.objects.filter(dialogue_sessions__isnull=False).exists()
    charter = Document.objects.get(slug="charter-transparency-draft")
    assert charter.versions.count() == 2 and "أسبوعين" in charter.current_version.change_note
    assert ReviewComment.objects.filter(review__document=charter).exclude(answer="").count() == 3
    assert DraftReview.objects.filter(document=charter).count() == 2
    assert [review.is_open() for review in DraftReview.objects.filter(document=charter).order_by("starts_at")] == [
        False,
        True,
    ]
    audit_rows = AuditEvent.objects.count()
    counts = (Document.objects.count(), Recommendation.objects.count(), RecommendationStatusChange.objects.count())
    from tabadul.demo import library as demo

    demo.load()  # the full second load is tabadul/core/tests/test_demo.py
    assert AuditEvent.objects.count() == audit_rows
    assert counts == (
        Document.objects.count(),
        Recommendation.objects.count(),
        RecommendationStatusChange.objects.count(),
    )

    # Every page of the demo renders, for a visitor and for the draft's author.
    from django.urls import reverse

    from tabadul.accounts.models import User

    for person in (None, User.objects.get(username="beita.editor")):
        if person is not None:
            client.force_login(person)
        urls = [reverse("library:document_list"), reverse("library:recommendation_list")]
        urls += [document.get_absolute_url() for document in Document.objects.public()]
        urls += [recommendation.get_absolute_url() for recommendation in Recommendation.objects.all()]
        urls += [review.get_absolute_url() for review in DraftReview.objects.all()]
        urls += [reverse("library:story", args=["document", document.pk]) for document in Document.objects.public()]
        urls += [reverse("library:download_current", args=[document.slug]) for document in Document.objects.public()]
        for url in urls:
            assert client.get(url).status_code == 200, url
    story = client.get(reverse("library:story", args=["document", guide.pk])).content.decode()
    assert "إدارة المشاريع" in story
