"""The library section of a local body's public page (directory/sections.py): the documents it wrote (alone or with
others), as far as the visitor may see them (`visible_documents`: a members-only or private document never shows
to someone outside)."""

from tabadul.directory.sections import BodySection

from .models import Document
from .selectors import visible_documents

LIMIT = 5


def body_documents(*, body, user) -> dict | None:
    """One query; None when the body wrote no document the visitor may see."""
    written = Document.author_bodies.through.objects.filter(localbody_id=body.pk).values("document_id")
    documents = list(
        visible_documents(user).filter(pk__in=written).order_by("-year", "-created_at", "-pk")[: LIMIT + 1]
    )
    if not documents:
        return None
    return {"documents": documents[:LIMIT], "more": len(documents) > LIMIT}


SECTION = BodySection("library", "library/includes/body_section.html", body_documents)


def organisation_documents(*, organisation, user) -> dict:
    """An organisation's page (hook `directory.organisation_sections`): the documents it wrote, one query (an empty
    list when none: the section says so)."""
    written = Document.author_organisations.through.objects.filter(organisation_id=organisation.pk).values(
        "document_id"
    )
    documents = list(
        visible_documents(user).filter(pk__in=written).order_by("-year", "-created_at", "-pk")[: LIMIT + 1]
    )
    return {"documents": documents[:LIMIT], "more": len(documents) > LIMIT}


ORGANISATION_SECTION = BodySection("library", "library/includes/body_section.html", organisation_documents)
