"""Who may do what in the library. The role × permission table is in docs/library.md.

Visibility of a document is decided in ONE place, `selectors.document_visibility_q`, used by lists, pages,
downloads and these rules alike.
"""

import rules

from tabadul.accounts.rules import editable_body_ids, is_platform_admin, staff_organisation_ids
from tabadul.hubs.selectors import hub_of, hub_relations

from .models import Document


def _author_body_ids(document) -> set[int]:
    cache = getattr(document, "_author_body_ids", None)
    if cache is None:
        # The keys alone: a document may have hundreds of author bodies (issue 22), and its page names ten.
        authors = Document.author_bodies.through.objects.filter(document_id=document.pk)
        cache = set(authors.values_list("localbody_id", flat=True))
        document._author_body_ids = cache
    return cache


def _author_organisation_ids(document) -> set[int]:
    cache = getattr(document, "_author_organisation_ids", None)
    if cache is None:
        cache = {organisation.pk for organisation in document.author_organisations.all()}
        document._author_organisation_ids = cache
    return cache


def _author_hub_ids(document) -> set[int]:
    cache = getattr(document, "_author_hub_ids", None)
    if cache is None:
        cache = {hub.pk for hub in document.author_hubs.all()}
        document._author_hub_ids = cache
    return cache


@rules.predicate
def is_document_manager(user, document) -> bool:
    """The uploader, editors of an authoring body, staff of an authoring organisation, coordinators of an
    authoring hub, admins."""
    if document is None or not user.is_authenticated:
        return False
    if is_platform_admin(user) or (document.created_by_id and document.created_by_id == user.pk):
        return True
    if _author_body_ids(document) & editable_body_ids(user):
        return True
    if _author_organisation_ids(document) & staff_organisation_ids(user):
        return True
    coordinated = hub_relations(user).managed_hub_ids
    return bool(coordinated and _author_hub_ids(document) & coordinated)


@rules.predicate
def can_view_document(user, document) -> bool:
    from .selectors import document_visibility_q  # selectors.py imports this module: a cycle inside the app

    if document is None:
        return False
    if document.visibility == document.Visibility.PUBLIC:
        return True
    return type(document).objects.filter(document_visibility_q(user), pk=document.pk).exists()


@rules.predicate
def can_view_version(user, version) -> bool:
    return version is not None and can_view_document(user, version.document)


@rules.predicate
def may_write_documents(user) -> bool:
    """People who may add documents: admins, local-body editors, staff of an organisation, hub coordinators."""
    return user.is_authenticated and bool(
        is_platform_admin(user)
        or editable_body_ids(user)
        or staff_organisation_ids(user)
        or hub_relations(user).managed_hub_ids
    )


@rules.predicate
def document_takes_recommendations(user, document) -> bool:
    return document is not None and document.takes_recommendations


@rules.predicate
def document_can_be_reviewed(user, document) -> bool:
    return document is not None and document.can_be_reviewed


@rules.predicate
def is_recommendation_steward(user, recommendation) -> bool:
    """Who may move a recommendation along: managers of its document and its owner's editors or staff."""
    if recommendation is None or not user.is_authenticated:
        return False
    if is_document_manager(user, recommendation.document):
        return True
    if recommendation.owner_body_id and recommendation.owner_body_id in editable_body_ids(user):
        return True
    organisation_id = recommendation.owner_organisation_id
    return bool(organisation_id and organisation_id in staff_organisation_ids(user))


@rules.predicate
def can_comment_on_review(user, review) -> bool:
    return (
        review is not None and user.is_authenticated and review.is_open() and can_view_document(user, review.document)
    )


@rules.predicate
def can_answer_comment(user, comment) -> bool:
    return comment is not None and is_document_manager(user, comment.review.document)


@rules.predicate
def can_view_recommendation(user, recommendation) -> bool:
    return recommendation is not None and can_view_document(user, recommendation.document)


rules.add_perm("library.add_document", may_write_documents)
rules.add_perm("library.view_document", can_view_document)
rules.add_perm("library.view_documentversion", can_view_version)  # a version's file (core/files.py asks this)
rules.add_perm("library.change_document", is_document_manager)
rules.add_perm("library.add_documentversion", is_document_manager)
rules.add_perm("library.add_recommendation", is_document_manager & document_takes_recommendations)
rules.add_perm("library.view_recommendation", can_view_recommendation)
rules.add_perm("library.change_recommendation", is_recommendation_steward)
rules.add_perm("library.add_draftreview", is_document_manager & document_can_be_reviewed)
rules.add_perm("library.add_reviewcomment", can_comment_on_review)
rules.add_perm("library.answer_reviewcomment", can_answer_comment)


@rules.predicate
def can_link_to_anchor(user, anchor) -> bool:
    """Linking an object to a thread: managers of the anchored document; admins and coordinators of a topic's hub."""

    if anchor is None or not user.is_authenticated:
        return False
    if isinstance(anchor, Document):
        return is_document_manager(user, anchor)
    if is_platform_admin(user):
        return True
    hub = hub_of(anchor)
    return hub is not None and hub.pk in hub_relations(user).managed_hub_ids


rules.add_perm("library.add_topiclink", can_link_to_anchor)
rules.add_perm("library.manage_organisations", is_platform_admin)
