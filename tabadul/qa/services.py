"""Writes of the ask-a-specialist app. Each one checks the permission, validates, audits, and notifies the people
concerned through the notification centre (which e-mails them after the commit, as each of them chose)."""

from datetime import timedelta
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin
from tabadul.core.services import audit_record
from tabadul.hubs.selectors import hub_relations
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify

from . import audit_actions, response_times
from .models import Answer, Comment, Question, QuestionAttachment, QuestionRouting, SpecialistProfile, Topic
from .selectors import question_stems
from .validators import MAX_ATTACHMENTS

# Days a question waits for a specialist with matching expertise before it is offered to all specialists.
WIDEN_AFTER_DAYS = 3

User = get_user_model()


def _stems_of(question: Question) -> str:
    return question_stems(question.title, question.text)


def _specialists():
    return User.objects.filter(
        is_active=True, role_grants__role=RoleGrant.Role.SPECIALIST, role_grants__local_body__isnull=True
    )


def matching_specialist_ids(*, topic_ids, exclude_user_id: int | None = None) -> set[int]:
    """Available specialists whose expertise shares a topic with the question."""
    return set(
        _specialists()
        .filter(specialist_profile__is_available=True, specialist_profile__topics__in=list(topic_ids))
        .exclude(pk=exclude_user_id)
        .values_list("pk", flat=True)
    )


def _route(question: Question, specialist_ids, *, reason: str, now) -> list[int]:
    """Offer the question to these specialists (those not already offered it); return the new ones."""
    already = set(question.routings.values_list("specialist_id", flat=True))
    new_ids = sorted(set(specialist_ids) - already)
    QuestionRouting.objects.bulk_create(
        [QuestionRouting(question=question, specialist_id=pk, reason=reason, routed_at=now) for pk in new_ids]
    )
    question.__dict__.pop("_routed_ids_cache", None)
    body = question.local_body.name if question.local_body_id else ""
    notify(
        recipient_ids=new_ids,
        kind=Kind.QUESTION_ROUTED,
        key=f"qa.question:{question.pk}",
        subject=question.title,
        url=question.get_absolute_url(),
        details="\n\n".join(
            filter(None, [_("Asked by the staff of %(body)s.") % {"body": body} if body else "", question.text])
        ),
    )
    return new_ids


def question_route(*, question: Question, now=None) -> list[int]:
    """First routing: specialists with matching expertise and nobody else; everyone if nobody matches."""
    now = now or timezone.now()
    matching = matching_specialist_ids(
        topic_ids=question.topics.values_list("pk", flat=True), exclude_user_id=question.asker_id
    )
    if matching:
        return _route(question, matching, reason=QuestionRouting.Reason.EXPERTISE, now=now)
    everyone = set(_specialists().exclude(pk=question.asker_id).values_list("pk", flat=True))
    question.widened_at = now
    question.save(update_fields=["widened_at", "updated_at"])
    return _route(question, everyone, reason=QuestionRouting.Reason.WIDENED, now=now)


@transaction.atomic
def question_ask(*, actor, title: str, text: str, topics, files=(), hub=None, now=None) -> Question:
    """A member of a local body's staff asks; the question goes to the matching specialists.

    `hub` (optional) must be a hub the asker's body is an active member of.
    """
    if not actor.has_perm("qa.ask_question"):
        raise PermissionDenied
    if hub is not None and hub.pk not in hub_relations(actor).member_hub_ids:
        raise ValidationError({"hub": _("Your body is not a member of this hub.")})
    topics = list(topics)
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}})
    check = QuestionAttachment._meta.get_field("file").upload_check
    checked = [check.check(upload) for upload in files]
    question = Question(asker=actor, local_body=actor.local_body, hub=hub, title=title.strip(), text=text.strip())
    if now:
        question.asked_at = now
    question.search_stems = _stems_of(question)
    question.full_clean()
    question.save()
    question.topics.set(topics)
    response_times.refresh(topic_ids=[topic.pk for topic in topics])
    for upload in checked:
        stem = PurePath(upload.name).stem[:80] or "file"
        attachment = QuestionAttachment(
            question=question,
            original_name=f"{stem}{upload.kind.extension}",
            content_type=upload.content_type,
            size=upload.size,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.full_clean()
        attachment.save()
    routed = question_route(question=question, now=question.asked_at)
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_ASK,
        target=question,
        changes={
            "topics": [topic.pk for topic in topics],
            "hub": hub.pk if hub else None,
            "routed_to": routed,
            "attachments": len(checked),
        },
    )
    return question


@transaction.atomic
def questions_widen_unanswered(*, actor=None, now=None, after_days: int | None = None) -> list[Question]:
    """Offer to all specialists every question left unanswered for `after_days` by the matching ones.

    Run daily by `manage.py qa_widen_routing` (docs/operations.md); `actor=None` is the system.
    """
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied
    now = now or timezone.now()
    cutoff = now - timedelta(days=WIDEN_AFTER_DAYS if after_days is None else after_days)
    due = list(
        Question.objects.select_for_update()
        .filter(first_answer_at__isnull=True, widened_at__isnull=True, asked_at__lte=cutoff)
        .order_by("pk")
    )
    everyone = set(_specialists().values_list("pk", flat=True))
    for question in due:
        question.widened_at = now
        question.save(update_fields=["widened_at", "updated_at"])
        new_ids = _route(question, everyone - {question.asker_id}, reason=QuestionRouting.Reason.WIDENED, now=now)
        audit_record(actor=actor, action=audit_actions.QUESTION_WIDEN, target=question, changes={"routed_to": new_ids})
    return due


@transaction.atomic
def answer_post(*, actor, question: Question, text: str, now=None) -> Answer:
    if not actor.has_perm("qa.answer_question", question):
        raise PermissionDenied
    question = Question.objects.select_for_update().get(pk=question.pk)
    answer = Answer(question=question, author=actor, text=text.strip(), posted_at=now or timezone.now())
    answer.full_clean()
    answer.save()
    if question.first_answer_at is None or answer.posted_at < question.first_answer_at:
        question.first_answer_at = answer.posted_at
        question.save(update_fields=["first_answer_at", "updated_at"])
        response_times.refresh(topic_ids=question.topics.values_list("pk", flat=True))
    audit_record(actor=actor, action=audit_actions.ANSWER_POST, target=answer, changes={"question": question.pk})
    if question.asker_id != actor.pk:
        notify(
            recipient_ids=[question.asker_id],
            kind=Kind.ANSWER,
            key=f"qa.answer:{answer.pk}",
            subject=question.title,
            url=question.get_absolute_url(),
            details=answer.text,
        )
    return answer


@transaction.atomic
def answer_accept(*, actor, answer: Answer, now=None) -> Question:
    """The asker (or a platform administrator) accepts one answer; accepting another replaces it."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if not actor.has_perm("qa.accept_answer", question):
        raise PermissionDenied
    if question.accepted_answer_id == answer.pk:
        return question
    previous = question.accepted_answer_id
    question.accepted_answer = answer
    question.accepted_at = now or timezone.now()
    question.full_clean()
    question.save(update_fields=["accepted_answer", "accepted_at", "updated_at"])
    response_times.refresh(topic_ids=question.topics.values_list("pk", flat=True))
    audit_record(
        actor=actor,
        action=audit_actions.ANSWER_ACCEPT,
        target=question,
        changes={"accepted_answer": [previous, answer.pk]},
    )
    if answer.author_id != actor.pk:
        notify(
            recipient_ids=[answer.author_id],
            kind=Kind.ANSWER_ACCEPTED,
            key=f"qa.answer_accepted:{answer.pk}",
            subject=question.title,
            url=question.get_absolute_url(),
        )
    return question


@transaction.atomic
def comment_post(*, actor, question: Question, text: str, answer: Answer | None = None, now=None) -> Comment:
    if not actor.has_perm("qa.comment_question", question):
        raise PermissionDenied
    comment = Comment(
        question=question, answer=answer, author=actor, text=text.strip(), posted_at=now or timezone.now()
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action=audit_actions.COMMENT_POST, target=comment, changes={"question": question.pk})
    return comment


# --- Publication: answered questions become public knowledge -------------------------------------------------
# The asker consents (and chooses whether their body is named), a specialist the question was offered to or a
# moderator confirms; the asker or a moderator can make it private again at any time. docs/qa.md, "Publication".


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


@transaction.atomic
def question_publication_request(*, actor, question: Question, names_body: bool = True, now=None) -> Question:
    """The asker asks that their answered question be published (their consent); a specialist then confirms."""
    if not actor.has_perm("qa.request_publication", question):
        raise PermissionDenied
    question = _locked(question)
    if question.accepted_answer_id is None:
        raise ValidationError(_("Accept an answer first: only answered questions are published."), code="no_answer")
    if question.publication == Question.Publication.PUBLISHED:
        raise ValidationError(_("This question is already published."), code="published")
    before = [question.publication, question.publication_names_body]
    question.publication = Question.Publication.REQUESTED
    question.publication_names_body = bool(names_body)
    question.publication_requested_at = now or timezone.now()
    question.full_clean()
    question.save(update_fields=["publication", "publication_names_body", "publication_requested_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_PUBLICATION_REQUEST,
        target=question,
        changes={
            "publication": [before[0], question.publication],
            "publication_names_body": [before[1], question.publication_names_body],
        },
    )
    return question


@transaction.atomic
def question_publish(*, actor, question: Question, now=None) -> Question:
    """A routed specialist or a moderator confirms a publication the asker asked for: the page becomes public."""
    if not actor.has_perm("qa.publish_question", question):
        raise PermissionDenied
    question = _locked(question)
    if question.publication != Question.Publication.REQUESTED:
        raise ValidationError(
            _("Only a question whose asker asked for its publication can be published."), code="not_requested"
        )
    if question.accepted_answer_id is None:
        raise ValidationError(_("Accept an answer first: only answered questions are published."), code="no_answer")
    question.publication = Question.Publication.PUBLISHED
    question.published_at = now or timezone.now()
    question.published_by = actor if actor is not None and actor.is_authenticated else None
    question.full_clean()
    question.save(update_fields=["publication", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_PUBLISH,
        target=question,
        changes={"publication": [Question.Publication.REQUESTED, Question.Publication.PUBLISHED]},
    )
    return question


@transaction.atomic
def question_unpublish(*, actor, question: Question) -> Question:
    """The asker (withdrawing their consent) or a moderator makes a question private again."""
    if not actor.has_perm("qa.unpublish_question", question):
        raise PermissionDenied
    question = _locked(question)
    if question.publication == Question.Publication.PRIVATE:
        return question
    before = question.publication
    question.publication = Question.Publication.PRIVATE
    question.published_at = None
    question.published_by = None
    question.publication_requested_at = None
    question.full_clean()
    question.save(
        update_fields=["publication", "published_at", "published_by", "publication_requested_at", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_UNPUBLISH,
        target=question,
        changes={"publication": [before, Question.Publication.PRIVATE]},
    )
    return question


@transaction.atomic
def specialist_profile_set(*, actor, user, topics, bio: str = "", is_available: bool = True) -> SpecialistProfile:
    """A specialist states their expertise (or an administrator does it for them)."""
    if actor is not None and actor.pk != user.pk and not is_platform_admin(actor):
        raise PermissionDenied
    if not user.role_grants.filter(role=RoleGrant.Role.SPECIALIST).exists():
        raise ValidationError(_("Only people with the specialist role have an expertise profile."))
    profile, _created = SpecialistProfile.objects.get_or_create(user=user)
    topic_ids = sorted(topic.pk if isinstance(topic, Topic) else int(topic) for topic in topics)
    before = sorted(profile.topics.values_list("pk", flat=True))
    profile.bio = bio
    profile.is_available = is_available
    profile.full_clean()
    profile.save()
    profile.topics.set(topic_ids)
    audit_record(
        actor=actor,
        action=audit_actions.SPECIALIST_PROFILE_SET,
        target=profile,
        changes={"topics": [before, topic_ids], "is_available": is_available},
    )
    return profile
