"""Writes of the library. Each checks the permission, validates, writes, and records an audit event."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin
from tabadul.alignment.services import alignment_codes, alignment_set
from tabadul.core.services import audit_record, changed_fields
from tabadul.events.models import Event
from tabadul.hubs.selectors import acts_for_check, hub_member_staff_ids
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify

from . import audit_actions, story
from .files import InspectedFile, inspect_upload
from .models import (
    Document,
    DocumentFollow,
    DocumentVersion,
    DraftReview,
    Recommendation,
    RecommendationStatusChange,
    ReviewComment,
    TopicLink,
)

DOCUMENT_FIELDS = (
    "type",
    "status",
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "governorate",
    "year",
    "published_on",
    "visibility",
)
DOCUMENT_RELATIONS = ("author_bodies", "author_organisations", "topics", "author_hubs")


def _check(actor, perm: str, obj=None) -> None:
    if actor is None:  # the system itself: demo data, management commands
        return
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def unique_document_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100].strip("-") or f"document-{uuid.uuid4().hex[:8]}"
    slug, n = base, 2
    while Document.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_goals(*, actor, document: Document, goals) -> dict:
    if goals is None:
        return {}

    before = alignment_codes(document)["goals"]
    after = alignment_set(
        obj=document,
        goals=goals,
        targets=list(document.sdg_targets.all()),
        kpis=list(document.kpis.all()),
        actor=actor,
    )["goals"]
    return {"sdg_goals": [before, after]} if before != after else {}


def _set_relations(document: Document, relations: dict) -> dict:
    changes = {}
    for name, values in relations.items():
        if values is None:
            continue
        if not hasattr(document, name):
            raise ValueError(f"Documents have no {name} yet.")
        manager = getattr(document, name)
        before = sorted(manager.values_list("pk", flat=True))
        after = sorted({obj.pk for obj in values})
        if before != after:
            manager.set(after)
            changes[name] = [before, after]
    return changes


def _check_authors(actor, authors: dict, *, document: Document | None = None) -> None:
    """Name as authors only the bodies, organisations and hubs the actor acts for; names already on the document
    may stay. The system itself (no actor: demo data, management commands) names anyone."""
    if actor is None:
        return
    for name, named in authors.items():
        if named is not None:
            already = getattr(document, name).all() if document is not None else ()
            acts_for_check(actor=actor, named=named, already=already, field_name=name)


def _notify_hub_members(*, actor, document: Document, hub_ids) -> None:
    """A document authored by hubs: the staff of their active member bodies hear of it, unless it is private.

    Once per person and document (the key), however often hubs are added later."""
    if not hub_ids or document.visibility == Document.Visibility.PRIVATE:
        return
    staff = hub_member_staff_ids(hub_ids=hub_ids)
    if actor is not None and actor.is_authenticated:
        staff.discard(actor.pk)
    notify(
        recipient_ids=staff,
        kind=Kind.NEW_DOCUMENT,
        key=f"library.document:{document.pk}",
        subject=document.title_ar,
        url=document.get_absolute_url(),
        details=document.summary_ar[:1000],
    )


@transaction.atomic
def document_create(
    *,
    actor,
    title_ar: str,
    type: str,
    file=None,
    change_note: str = "",
    slug: str = "",
    author_bodies: Iterable | None = None,
    author_organisations: Iterable | None = None,
    topics: Iterable | None = None,
    author_hubs: Iterable | None = None,
    sdg_goals: Iterable | None = None,
    **values,
) -> Document:
    """A new document, with its first version when `file` is given. A bad file stores nothing."""
    _check(actor, "library.add_document")
    unknown = set(values) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown document fields: {sorted(unknown)}")
    authors = {
        "author_bodies": list(author_bodies or []),
        "author_organisations": list(author_organisations or []),
        "author_hubs": list(author_hubs or []),
    }
    _check_authors(actor, authors)
    if actor is not None and not any(authors.values()) and not is_platform_admin(actor):
        message = _(
            "Name at least one author you work for: your local body, your organisation or a hub you coordinate."
        )
        raise ValidationError({NON_FIELD_ERRORS: [message]})
    inspected = inspect_upload(file) if file is not None else None
    document = Document(
        title_ar=title_ar,
        type=type,
        slug=slug or unique_document_slug(values.get("title_en") or ""),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **values,
    )
    document.full_clean(exclude=["current_version"])
    document.save()
    _set_relations(document, {**authors, "topics": topics})
    _notify_hub_members(actor=actor, document=document, hub_ids=[hub.pk for hub in authors["author_hubs"]])
    audit_record(
        actor=actor,
        action=audit_actions.DOCUMENT_CREATE,
        target=document,
        changes={"type": type, "visibility": document.visibility},
    )
    _set_goals(actor=actor, document=document, goals=sdg_goals)
    if inspected is not None:
        _version_store(actor=actor, document=document, inspected=inspected, file=file, change_note=change_note)
    return document


@transaction.atomic
def document_update(
    *,
    actor,
    document: Document,
    author_bodies: Iterable | None = None,
    author_organisations: Iterable | None = None,
    topics: Iterable | None = None,
    author_hubs: Iterable | None = None,
    sdg_goals: Iterable | None = None,
    **values,
) -> Document:
    _check(actor, "library.change_document", document)
    unknown = set(values) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown document fields: {sorted(unknown)}")
    authors = {
        "author_bodies": None if author_bodies is None else list(author_bodies),
        "author_organisations": None if author_organisations is None else list(author_organisations),
        "author_hubs": None if author_hubs is None else list(author_hubs),
    }
    _check_authors(actor, authors, document=document)
    changes = changed_fields(document, values)
    for name, value in values.items():
        setattr(document, name, value)
    if changes:
        document.full_clean(exclude=["current_version"])
        document.save()
    changes |= _set_relations(document, {**authors, "topics": topics})
    changes |= _set_goals(actor=actor, document=document, goals=sdg_goals)
    if "author_hubs" in changes:
        before, after = changes["author_hubs"]
        _notify_hub_members(actor=actor, document=document, hub_ids=sorted(set(after) - set(before)))
    for cache in ("_author_body_ids", "_author_organisation_ids", "_author_hub_ids"):
        document.__dict__.pop(cache, None)
    if changes:
        audit_record(actor=actor, action=audit_actions.DOCUMENT_UPDATE, target=document, changes=changes)
    return document


@transaction.atomic
def document_version_add(*, actor, document: Document, file, change_note: str = "") -> DocumentVersion:
    """Upload the next version. Checked by content first: a bad file raises ValidationError and stores nothing.

    Publishing a new version closes a review of the previous one that is still open.
    """
    _check(actor, "library.add_documentversion", document)
    inspected = inspect_upload(file)
    if document.versions.exists() and not change_note.strip():
        raise ValidationError({"change_note": _("Say what changed in this version.")})
    return _version_store(actor=actor, document=document, inspected=inspected, file=file, change_note=change_note)


def _version_store(*, actor, document: Document, inspected: InspectedFile, file, change_note: str) -> DocumentVersion:
    # Lock the document row so that two uploads at once do not take the same number.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        kind=inspected.kind,
        original_name=inspected.original_name,
        size=inspected.size,
        sha256=inspected.sha256,
        text=inspected.text,
        change_note=change_note.strip(),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if hasattr(file, "seek"):
        file.seek(0)
    content = ContentFile(file.read())
    version.file.save(inspected.original_name, content, save=False)
    try:
        version.full_clean()
        version.save()
        previous = document.current_version_id
        document.current_version = version
        document.save(update_fields=["current_version", "updated_at"])
        now = timezone.now()
        closed = DraftReview.objects.filter(document=document, ends_at__gt=now).exclude(version=version)
        closed.filter(starts_at__gt=now).delete()
        closed.update(ends_at=now)
        audit_record(
            actor=actor,
            action=audit_actions.VERSION_ADD,
            target=version,
            changes={"number": number, "kind": inspected.kind, "size": inspected.size, "previous": previous},
        )
    except (ValidationError, IntegrityError):
        version.file.delete(save=False)
        raise
    _notify_followers(actor=actor, version=version)
    return version


def _notify_followers(*, actor, version: DocumentVersion) -> None:
    """A new version: the document's followers who may still see it hear of it, not the uploader."""
    document = version.document
    followers = DocumentFollow.objects.filter(document=document).select_related("user")
    if actor is not None and actor.is_authenticated:
        followers = followers.exclude(user=actor)
    notify(
        recipient_ids=[
            follow.user_id for follow in followers if follow.user.has_perm("library.view_document", document)
        ],
        kind=Kind.DOCUMENT_REVISED,
        key=f"library.version:{version.pk}",
        subject=document.title_ar,
        url=document.get_absolute_url(),
        details=version.change_note[:1000],
    )


@transaction.atomic
def document_follow(*, actor, document: Document) -> DocumentFollow:
    """Follow a document one may see (idempotent)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    _check(actor, "library.view_document", document)
    follow, created = DocumentFollow.objects.get_or_create(user=actor, document=document)
    if created:
        audit_record(actor=actor, action=audit_actions.DOCUMENT_FOLLOW, target=document)
    return follow


@transaction.atomic
def document_unfollow(*, actor, document: Document) -> None:
    """Stop following (idempotent; allowed even when the document is no longer visible)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    deleted, _rows = DocumentFollow.objects.filter(user=actor, document=document).delete()
    if deleted:
        audit_record(actor=actor, action=audit_actions.DOCUMENT_UNFOLLOW, target=document)


# --- Recommendations ---------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    actor,
    document: Document,
    title_ar: str,
    title_en: str = "",
    text_ar: str = "",
    text_en: str = "",
    owner_body=None,
    owner_organisation=None,
    number: int | None = None,
) -> Recommendation:
    _check(actor, "library.add_recommendation", document)
    if number is None:
        number = (document.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = Recommendation(
        document=document,
        number=number,
        title_ar=title_ar,
        title_en=title_en,
        text_ar=text_ar,
        text_en=text_en,
        owner_body=owner_body,
        owner_organisation=owner_organisation,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    recommendation.full_clean()
    recommendation.save()
    RecommendationStatusChange.objects.create(
        recommendation=recommendation,
        from_status="",
        to_status=recommendation.status,
        changed_by=recommendation.created_by,
        changed_at=recommendation.status_changed_at,
    )
    audit_record(actor=actor, action=audit_actions.RECOMMENDATION_CREATE, target=recommendation)
    return recommendation


@transaction.atomic
def recommendation_set_status(
    *, actor, recommendation: Recommendation, status: str, reason: str = "", at: datetime | None = None
) -> RecommendationStatusChange:
    """Move a recommendation to its next status; every change is kept with who, when and why."""
    _check(actor, "library.change_recommendation", recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    reason = reason.strip()
    if status not in Recommendation.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status not in Recommendation.TRANSITIONS[recommendation.status]:
        raise ValidationError(
            {
                "status": _("A recommendation that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": recommendation.get_status_display(),
                    "new": Recommendation.Status(status).label,
                }
            }
        )
    if status == Recommendation.Status.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the recommendation is rejected.")})
    at = at or timezone.now()
    change = RecommendationStatusChange(
        recommendation=recommendation,
        from_status=recommendation.status,
        to_status=status,
        reason=reason,
        changed_by=actor if actor is not None and actor.is_authenticated else None,
        changed_at=at,
    )
    change.full_clean()
    change.save()
    recommendation.status = status
    recommendation.status_changed_at = at
    recommendation.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.RECOMMENDATION_STATUS,
        target=recommendation,
        changes={"status": [change.from_status, status], "reason": reason},
    )
    _notify_owner(actor=actor, recommendation=recommendation, change=change)
    return change


def recommendation_owner_staff_ids(recommendation: Recommendation) -> set[int]:
    """Who acts for the recommendation's owner: the body's editors and approvers, or the organisation's staff."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if recommendation.owner_body_id:
        people = User.objects.filter(
            role_grants__local_body_id=recommendation.owner_body_id, role_grants__role__in=RoleGrant.BODY_ROLES
        )
    elif recommendation.owner_organisation_id:
        people = User.objects.filter(organisations=recommendation.owner_organisation_id)
    else:
        return set()
    return set(people.filter(is_active=True).values_list("pk", flat=True))


def _notify_owner(*, actor, recommendation: Recommendation, change: RecommendationStatusChange) -> None:
    recipients = recommendation_owner_staff_ids(recommendation)
    if actor is not None:
        recipients.discard(actor.pk)
    details = Recommendation.Status(change.to_status).label
    if change.reason:
        details = f"{details}\n{change.reason}"
    notify(
        recipient_ids=recipients,
        kind=Kind.RECOMMENDATION_STATUS,
        key=f"library.recommendation_status:{change.pk}",
        subject=recommendation.title_ar,
        url=recommendation.get_absolute_url(),
        details=str(details),
    )


@transaction.atomic
def recommendation_set_sessions(*, actor, recommendation: Recommendation, sessions: Iterable) -> list[int]:
    """The dialogue sessions (events of type "dialogue session") that discussed the recommendation."""

    _check(actor, "library.change_recommendation", recommendation)
    sessions = list(sessions)
    wrong = [event for event in sessions if event.type != Event.Type.DIALOGUE_SESSION]
    if wrong:
        raise ValidationError(_("Only dialogue sessions can be linked to a recommendation."))
    before = sorted(recommendation.dialogue_sessions.values_list("pk", flat=True))
    after = sorted({event.pk for event in sessions})
    if before != after:
        recommendation.dialogue_sessions.set(after)
        audit_record(
            actor=actor,
            action=audit_actions.RECOMMENDATION_SESSIONS,
            target=recommendation,
            changes={"dialogue_sessions": [before, after]},
        )
    return after


# --- Draft review -------------------------------------------------------------------------------


@transaction.atomic
def review_open(
    *, actor, document: Document, starts_at: datetime, ends_at: datetime, invitation: str = ""
) -> DraftReview:
    """Open the current version of a draft charter or position paper for comments during a period."""
    _check(actor, "library.add_draftreview", document)
    if not document.can_be_reviewed:
        raise ValidationError(_("Only a draft charter or position paper can be opened for review."))
    if document.current_version_id is None:
        raise ValidationError(_("Upload the draft first: the review is of its text."))
    version = document.current_version
    if not version.paragraphs():
        raise ValidationError(
            _("No text could be read from the current version, so it cannot be reviewed by paragraph.")
        )
    if DraftReview.objects.filter(document=document, ends_at__gt=starts_at, starts_at__lt=ends_at).exists():
        raise ValidationError(_("Another review of this document overlaps this period."))
    review = DraftReview(
        document=document,
        version=version,
        starts_at=starts_at,
        ends_at=ends_at,
        invitation=invitation.strip(),
        opened_by=actor if actor is not None and actor.is_authenticated else None,
    )
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action=audit_actions.REVIEW_OPEN,
        target=review,
        changes={"version": version.number, "starts_at": starts_at, "ends_at": ends_at},
    )
    return review


@transaction.atomic
def review_comment_add(*, actor, review: DraftReview, paragraph: int, body: str) -> ReviewComment:
    _check(actor, "library.add_reviewcomment", review)
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    paragraphs = review.version.paragraphs()
    if not 0 <= paragraph < len(paragraphs):
        raise ValidationError({"paragraph": _("There is no such paragraph.")})
    comment = ReviewComment(
        review=review, paragraph=paragraph, paragraph_text=paragraphs[paragraph][:2000], author=actor, body=body
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action=audit_actions.REVIEW_COMMENT, target=comment, changes={"paragraph": paragraph})
    return comment


@transaction.atomic
def review_comment_answer(*, actor, comment: ReviewComment, answer: str) -> ReviewComment:
    _check(actor, "library.answer_reviewcomment", comment)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    changes = {"answer": [comment.answer, answer]}
    comment.answer = answer
    comment.answered_by = actor if actor is not None and actor.is_authenticated else None
    comment.answered_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    audit_record(actor=actor, action=audit_actions.REVIEW_ANSWER, target=comment, changes=changes)
    return comment


# --- Topic links --------------------------------------------------------------------------------


@transaction.atomic
def topic_link_add(*, actor, anchor, target, note: str = "") -> TopicLink:
    """Link any registered object (a Meter project, an event, ...) to the thread of a hub topic or a document."""

    _check(actor, "library.add_topiclink", anchor)
    if not story.is_anchor(anchor):
        raise ValidationError(_("Objects are linked to a hub topic or a library document."))
    if not story.is_registered(target):
        raise ValidationError(_("This kind of object cannot be linked to a topic."))
    link, created = TopicLink.objects.get_or_create(
        anchor_type=story.content_type_of(anchor),
        anchor_id=anchor.pk,
        target_type=story.content_type_of(target),
        target_id=target.pk,
        defaults={"note": note.strip()[:300], "created_by": actor if actor and actor.is_authenticated else None},
    )
    if created:
        audit_record(
            actor=actor,
            action=audit_actions.TOPIC_LINK_ADD,
            target=link,
            changes={"anchor": str(anchor), "target": str(target)},
        )
    return link
