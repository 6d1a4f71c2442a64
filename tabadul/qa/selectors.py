"""Reads of the ask-a-specialist app: lists, one question, similar questions, response-time figures."""

import math
import re
from dataclasses import dataclass

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from tabadul.accounts.rules import is_platform_admin, is_specialist
from tabadul.core.arabic import normalize_arabic
from tabadul.core.queries import count_of

from .models import (
    Answer,
    Comment,
    Question,
    QuestionAttachment,
    QuestionRouting,
    SpecialistProfile,
    Topic,
    TopicResponseTimes,
)

MAX_QUERY_LENGTH = 200

# --- Similar questions ----------------------------------------------------------------------------------------
# One function, `similar_questions`, is the door: the search app can later replace its body with a full-text
# index without touching the views. The score is a light one: words are normalised with normalize_arabic,
# common function words are dropped, a few prefixes and suffixes are stripped ("light stemming"), and two
# questions are compared by the cosine of their stem sets, a stem matching another one it begins with.

_WORD = re.compile(r"[^\W_]+")
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل")
_SUFFIXES = ("يات", "يه", "ات", "ون", "ين", "ان", "ها", "هم", "كم", "نا", "ه", "ي")
_STOPWORDS = {
    normalize_arabic(word)
    for word in [
        "في",
        "من",
        "إلى",
        "الى",
        "على",
        "عن",
        "مع",
        "هل",
        "ما",
        "ماذا",
        "كيف",
        "لماذا",
        "متى",
        "أين",
        "اين",
        "هو",
        "هي",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "أو",
        "او",
        "و",
        "ثم",
        "أن",
        "ان",
        "إن",
        "لا",
        "لم",
        "لن",
        "قد",
        "كان",
        "كانت",
        "يكون",
        "تكون",
        "بين",
        "عند",
        "كل",
        "بعض",
        "غير",
        "أي",
        "اي",
        "أية",
        "اية",
        "لدى",
        "لدينا",
        "نحن",
        "انا",
        "أنا",
        "ما",
        "هي",
        "هناك",
        "يمكن",
        "نريد",
        "نود",
        "يرجى",
        "الرجاء",
        "شكرا",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "how",
        "what",
        "which",
        "can",
        "we",
        "our",
        "with",
        "by",
        "from",
        "do",
        "does",
    ]
}


def _stem(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def text_stems(text: str) -> list[str]:
    """The distinct stems of a text, in order of first appearance (stored on each question)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(normalize_arabic(text or "")):
        if len(word) < 2 or word in _STOPWORDS or word.isdigit():
            continue
        seen.setdefault(_stem(word))
    return list(seen)


STEM_SEPARATOR = " | "


def question_stems(title: str, text: str) -> str:
    """What a question stores for matching: its title's stems, a separator, then the other stems of its text."""
    title_stems = text_stems(title)
    rest = [stem for stem in text_stems(text) if stem not in set(title_stems)]
    return " ".join(title_stems) + STEM_SEPARATOR + " ".join(rest)


def _matches(stem: str, others: set[str]) -> bool:
    if stem in others:
        return True
    if len(stem) < 3:
        return False
    return any(len(other) >= 3 and (other.startswith(stem) or stem.startswith(other)) for other in others)


def similarity(a: list[str] | set[str], b: list[str] | set[str]) -> float:
    """Cosine of two stem sets, between 0 and 1."""
    first, second = set(a), set(b)
    if not first or not second:
        return 0.0
    shared = sum(1 for stem in first if _matches(stem, second))
    return shared / math.sqrt(len(first) * len(second))


SIMILARITY_THRESHOLD = 0.25


def similar_questions(*, text: str, limit: int = 5, exclude_pk: int | None = None, user=None) -> list[Question]:
    """Answered questions that resemble `text`, best first; the title counts as much as the whole text. With a
    `user`, only the questions that person may read (published ones, their own; all for specialists).

    Three queries whatever the number of questions (candidates, chosen questions, their topics).
    """
    wanted = text_stems(text[: MAX_QUERY_LENGTH * 10])
    if not wanted:
        return []
    candidates = Question.objects.filter(first_answer_at__isnull=False).exclude(pk=exclude_pk)
    if user is not None:
        candidates = candidates.filter(pk__in=visible_questions(user).values("pk"))
    scored = []
    for pk, stored in candidates.values_list("pk", "search_stems").iterator():
        title, _sep, _rest = stored.partition(STEM_SEPARATOR)
        score = (
            similarity(wanted, title.split()) + similarity(wanted, stored.replace(STEM_SEPARATOR, " ").split())
        ) / 2
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, pk))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    best = [pk for _, pk in scored[:limit]]
    by_pk = {question.pk: question for question in _list_queryset().filter(pk__in=best)}
    found = []
    for score, pk in scored[:limit]:
        question = by_pk[pk]
        question.similarity = round(score, 2)
        found.append(question)
    return found


# --- Lists and details ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFilters:
    q: str = ""
    topic: Topic | None = None
    hub: object | None = None  # a hubs.Hub
    status: str = ""  # "", "open", "answered", "accepted"
    mine: bool = False
    routed: bool = False


def _list_queryset() -> QuerySet[Question]:
    return (
        Question.objects.select_related("asker", "local_body", "hub")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name_ar")))
        .annotate(answer_count=count_of(Answer.objects.all(), "question"))
    )


def sees_every_question(user) -> bool:
    """Specialists and moderators read every question (the rule `qa.view_question`, for all questions at once)."""
    return bool(user is not None and user.is_authenticated and (is_specialist(user) or is_platform_admin(user)))


def visible_questions(user) -> QuerySet[Question]:
    """The questions a person may read (`qa.view_question` as a query): published ones for everyone, their own
    for askers, all of them for specialists and moderators. The search index uses it too."""
    condition = Q()
    for part in _visible_parts(user):
        condition |= part
    return Question.objects.filter(condition)


def _visible_parts(user) -> list[Q]:
    """`visible_questions` as conditions that share no question, each answered by an index of its own."""
    if sees_every_question(user):
        return [Q()]
    published = Q(publication=Question.Publication.PUBLISHED)
    if user is not None and user.is_authenticated:
        return [published, ~published & Q(asker=user)]
    return [published]


def question_keys(*, user, filters: QuestionFilters) -> QuerySet:
    """(id, asked_at) of the questions for the list page, those the person may read (`visible_questions`), newest
    first: one query per slice of a page, one to count them. `question_rows` gives a page's rows their details.

    The query only chooses and orders the questions: no join that multiplies rows (the topic and the routing
    filters are subqueries, so no DISTINCT) and none for the row's details, which the database would otherwise
    join and count for every question it sorts (30,000 at scale) before cutting the page. The parts of what a
    person may read (the published questions, their own) are parts of one UNION ALL, each read in order from its
    own index and merged by the database: "published or mine" as one condition sorted every published question
    (7,300 at scale: 30 ms) before cutting the page."""
    questions = _filtered(Question.objects.all(), user=user, filters=filters)
    keys = [questions.filter(part).order_by().values_list("id", "asked_at") for part in _visible_parts(user)]
    chosen = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    return chosen.order_by("-asked_at", "-id")


def _filtered(questions: QuerySet[Question], *, user, filters: QuestionFilters) -> QuerySet[Question]:
    if filters.topic:
        tagged = Question.topics.through.objects.filter(topic=filters.topic).values("question_id")
        questions = questions.filter(pk__in=tagged)
    if filters.hub:
        questions = questions.filter(hub=filters.hub)
    if filters.status == "open":
        questions = questions.filter(first_answer_at__isnull=True)
    elif filters.status == "answered":
        questions = questions.filter(first_answer_at__isnull=False, accepted_answer__isnull=True)
    elif filters.status == "accepted":
        questions = questions.filter(accepted_answer__isnull=False)
    if filters.mine and user.is_authenticated:
        questions = questions.filter(asker=user)
    if filters.routed and user.is_authenticated:
        questions = questions.filter(pk__in=QuestionRouting.objects.filter(specialist=user).values("question_id"))
    for word in normalize_arabic(filters.q[:MAX_QUERY_LENGTH]).split()[:8]:
        if word not in _STOPWORDS:
            questions = questions.filter(search_stems__contains=_stem(word))
    return questions


def question_rows(keys) -> list[Question]:
    """The questions of a page (a slice of `question_keys`), in their order, with what a row of the list shows:
    the asker, the body, the hub, the topics and the number of answers (two queries)."""
    order = [pk for pk, _asked_at in keys]
    by_pk = {question.pk: question for question in _list_queryset().filter(pk__in=order)}
    return [by_pk[pk] for pk in order]


def question_get(*, pk: int) -> Question:
    """One question with what its page shows in full, in a fixed number of queries; its follow-up comments and
    the specialists it was offered to (hundreds on a busy question) are paged (`question_comments`,
    `question_routings`): only who they are is read here, for the rules (rules.routed_specialist_ids)."""
    return (
        Question.objects.select_related("asker", "local_body", "hub", "accepted_answer")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("name_ar")),
            "attachments",
            Prefetch("routings", queryset=QuestionRouting.objects.only("question_id", "specialist_id")),
        )
        .get(pk=pk)
    )


def question_comments(*, question: Question) -> QuerySet[Comment]:
    """The follow-up comments on the question itself (not on an answer), in the order posted, paged by the view."""
    return Comment.objects.filter(question=question, answer__isnull=True).select_related("author")


def question_routings(*, question: Question) -> QuerySet[QuestionRouting]:
    """The specialists the question was offered to, in the order offered, paged by the view."""
    return QuestionRouting.objects.filter(question=question).select_related("specialist")


def answer_list(*, question: Question) -> QuerySet[Answer]:
    """The answers of a question's page, paged by the view (a question may gather hundreds): the accepted one
    first, then in the order posted, each with its author and comments (three queries a page)."""
    accepted = Case(When(pk=question.accepted_answer_id, then=Value(0)), default=Value(1))
    return (
        Answer.objects.filter(question=question)
        .select_related("author")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
        .order_by(accepted, "posted_at", "pk")
    )


def specialist_list() -> QuerySet[SpecialistProfile]:
    return (
        SpecialistProfile.objects.filter(user__role_grants__role="specialist", user__is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name_ar")))
        .order_by("user__full_name", "pk")
        .distinct()
    )


# --- Response times -------------------------------------------------------------------------------------------


def response_times_by_topic() -> QuerySet[TopicResponseTimes]:
    """Per topic with questions: how many, and hours from asking to the first answer and to the accepted answer,
    as stored by `response_times.refresh` (one query)."""
    return TopicResponseTimes.objects.filter(questions__gt=0).select_related("topic").order_by("topic__name_ar")


def questions_waiting_for(user) -> QuerySet[Question]:
    """Questions routed to the specialist that nobody has answered yet ("my work")."""
    return Question.objects.filter(routings__specialist=user, first_answer_at__isnull=True).order_by("asked_at")


def question_answers(*, question_id: int) -> QuerySet[Answer]:
    """The answers to one question, with it (an action on one answer finds it here)."""
    return Answer.objects.filter(question_id=question_id).select_related("question")


def question_attachments(*, question_id: int) -> QuerySet[QuestionAttachment]:
    """The files attached to one question, with it (the download checks the question may be seen)."""
    return QuestionAttachment.objects.filter(question_id=question_id).select_related("question")


def specialist_profile_of(user) -> SpecialistProfile | None:
    """The person's specialist profile with its topics, if they wrote one."""
    return SpecialistProfile.objects.filter(user=user).prefetch_related("topics").first()


def questions_waiting_for_publication(user) -> QuerySet[Question]:
    """Questions whose asker asked for publication, offered to this specialist (a moderator: all) ("my work")."""
    questions = Question.objects.filter(publication=Question.Publication.REQUESTED)
    if not is_platform_admin(user):
        questions = questions.filter(routings__specialist=user)
    return questions.order_by("publication_requested_at", "pk")
