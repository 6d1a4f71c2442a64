from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tabadul.core.actions import refuse_on_form
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirmed_action
from tabadul.core.files import file_response
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services, story
from .forms import (
    AnswerForm,
    CloseRecommendationForm,
    CommentForm,
    DocumentCreateForm,
    DocumentFilterForm,
    DocumentForm,
    LinkForm,
    RecommendationFilterForm,
    RecommendationForm,
    ReviewOpenForm,
    SessionsForm,
    StatusForm,
    VersionForm,
)
from .models import Document, DocumentVersion, DraftReview, Recommendation


def _query_without_page(request) -> str:
    return _query_without(request, "page")


def _query_without(request, param: str) -> str:
    """The page's query string without `param` (the other lists' pages and the filters ride along)."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


def _document_or_404(request, slug: str) -> Document:
    return found_or_404(selectors.document_get, user=request.user, slug=slug)


def _recommendation_or_404(request, pk: int) -> Recommendation:
    return found_or_404(selectors.recommendation_get, user=request.user, pk=pk)


def _review_or_404(request, slug: str, pk: int) -> DraftReview:
    return found_or_404(selectors.review_get, user=request.user, slug=slug, pk=pk)


# --- Documents -----------------------------------------------------------------------------------


def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    # The ids of every listed document at once (LISTED at most): one query for the count and the page's slice.
    keys = list(selectors.document_keys(user=request.user, filters=form.filters())[: selectors.LISTED])
    page = paginate(request, keys)
    page.object_list = selectors.document_rows(page.object_list)
    return render(
        request,
        "library/document_list.html",
        {
            "form": form,
            "page": page,
            "listed_only": page.paginator.count == selectors.LISTED,
            "query": _query_without_page(request),
            "can_add": request.user.has_perm("library.add_document"),
        },
    )


def document_detail(request, slug):
    document = _document_or_404(request, slug)
    user = request.user
    reviews = list(document.reviews.all())
    return render(
        request,
        "library/document_detail.html",
        {
            "document": document,
            "versions": list(document.versions.all()),
            "recommendations": list(document.recommendations.all()),
            "reviews": reviews,
            "open_reviews": [review for review in reviews if review.is_open()],
            "topics": list(document.topics.all()),
            "can_edit": user.has_perm("library.change_document", document),
            "can_add_recommendation": user.has_perm("library.add_recommendation", document),
            "can_open_review": user.has_perm("library.add_draftreview", document),
            "is_following": user.is_authenticated and selectors.is_following(user=user, document=document),
        },
    )


@login_required
@require_POST
def document_follow(request, slug):
    """Follow or stop following a document (`action=unfollow`); back to the document."""
    document = _document_or_404(request, slug)
    if request.POST.get("action") == "unfollow":
        services.document_unfollow(actor=request.user, document=document)
        messages.success(request, _("You no longer follow this document."))
    else:
        services.document_follow(actor=request.user, document=document)
        messages.success(request, _("You follow this document: you will hear of each new version."))
    return redirect(document)


def download(request, slug, number=None):
    """The file of a version, only for people who may see the document."""
    try:
        version = selectors.version_for_download(user=request.user, slug=slug, number=number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    return file_response(request, version, "file")


@login_required
def document_create(request):
    if not request.user.has_perm("library.add_document"):
        raise PermissionDenied
    form = DocumentCreateForm(
        request.POST if request.method == "POST" else None, request.FILES or None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user,
                file=form.cleaned_data.get("file"),
                change_note=form.cleaned_data.get("change_note") or "",
                **form.service_values(),
            )
        except ValidationError as error:
            refuse_on_form(form, error, field="file")
        else:
            messages.success(request, _("The document is saved."))
            return redirect(document)
    return render(request, "library/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request, slug):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("library.change_document", document):
        raise PermissionDenied
    form = DocumentForm(request.POST if request.method == "POST" else None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        document = selectors.document_saved(document)  # the form changed the instance in place
        try:
            services.document_update(actor=request.user, document=document, **values)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The document is saved."))
            return redirect(document)
    return render(request, "library/document_form.html", {"form": form, "document": document})


@login_required
def version_upload(request, slug):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("library.add_documentversion", document):
        raise PermissionDenied
    form = VersionForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_version_add(
                actor=request.user,
                document=document,
                file=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            refuse_on_form(form, error, field="file")
        else:
            messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
            return redirect(document)
    return render(request, "library/version_form.html", {"form": form, "document": document})


# --- Recommendations -----------------------------------------------------------------------------


def recommendation_list(request):
    form = RecommendationFilterForm(request.GET or None)
    page = paginate(request, selectors.recommendation_list(user=request.user, filters=form.filters()))
    return render(
        request,
        "library/recommendation_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def recommendation_detail(request, pk):
    recommendation = _recommendation_or_404(request, pk)
    user = request.user
    can_change = user.has_perm("library.change_recommendation", recommendation)
    form = StatusForm(recommendation=recommendation) if can_change and recommendation.next_statuses() else None
    sessions = selectors.recommendation_sessions(user=user, recommendation=recommendation)
    return render(
        request,
        "library/recommendation_detail.html",
        {
            **_recommendation_lists(request, recommendation),
            "form": form,
            "sessions_form": SessionsForm(
                sessions_queryset=selectors.visible_dialogue_sessions(user), initial={"sessions": list(sessions)}
            )
            if can_change
            else None,
        },
    )


def _recommendation_lists(request, recommendation: Recommendation) -> dict:
    """The recommendation with a page of its history (`?history=`) and of its dialogue sessions (`?sessions=`), each
    page keeping the other's: a recommendation discussed for years would otherwise list hundreds (issue 22)."""
    history = paginate(request, selectors.recommendation_history(recommendation=recommendation), param="history")
    sessions = paginate(
        request,
        selectors.recommendation_sessions(user=request.user, recommendation=recommendation),
        param="sessions",
    )
    return {
        "recommendation": recommendation,
        "history": history,
        "history_query": _query_without(request, "history"),
        "sessions": sessions,
        "sessions_query": _query_without(request, "sessions"),
    }


@login_required
@require_POST
def recommendation_sessions(request, pk):
    recommendation = _recommendation_or_404(request, pk)
    if not request.user.has_perm("library.change_recommendation", recommendation):
        raise PermissionDenied
    form = SessionsForm(request.POST, sessions_queryset=selectors.visible_dialogue_sessions(request.user))
    if form.is_valid():
        services.recommendation_set_sessions(
            actor=request.user, recommendation=recommendation, sessions=form.cleaned_data["sessions"]
        )
        messages.success(request, _("The dialogue sessions are saved."))
    else:  # the errors name what was typed ("… was not found. Close names: …")
        for error in form.errors.get("sessions", [_("Choose dialogue sessions from the list.")]):
            messages.error(request, error)
    return redirect(recommendation)


# Statuses that close a recommendation: "implemented" is final, "rejected" tells its owner no.
CLOSING_STATUSES = (Recommendation.Status.IMPLEMENTED, Recommendation.Status.REJECTED)


def _close_recommendation(request, recommendation: Recommendation, status: str, reason: str):
    """The confirmation page of a closing status; acts only when it comes back confirmed (with a reason for a
    rejection)."""
    confirmed = request.POST.get("confirmed") == "yes"
    data = request.POST if confirmed else None
    form = CloseRecommendationForm(data, status=status, initial={"reason": reason})

    def page():
        label = Recommendation.Status(status).label
        consequences = [
            sentence(
                _(
                    "The recommendation “%(title)s” becomes “%(status)s” and is closed: it leaves the list of open "
                    "ones."
                ),
                title=recommendation.title,
                status=escape(label),  # the interface's words, not someone's text
            ),
            _("Its owner's staff are told, with your reason."),
        ]
        if status == Recommendation.Status.IMPLEMENTED:
            consequences.append(_("“Implemented” is final: no other status can follow."))
        else:
            consequences.append(_("A rejected recommendation can only be proposed again, from the start."))
        return {
            "title": _("Close this recommendation?"),
            "consequences": consequences,
            "confirm_label": _("Mark as “%(status)s”") % {"status": label},
            "cancel_url": recommendation.get_absolute_url(),
            "status": 400 if confirmed else 200,  # the status form's POST opens the page: not an invalid one
        }

    return confirmed_action(
        request,
        form,
        act=lambda: services.recommendation_set_status(
            actor=request.user, recommendation=recommendation, status=status, reason=form.cleaned_data["reason"]
        ),
        done=_("The status is changed."),
        then=recommendation,
        page=page,
    )


@login_required
@require_POST
def recommendation_status(request, pk):
    recommendation = _recommendation_or_404(request, pk)
    if not request.user.has_perm("library.change_recommendation", recommendation):
        raise PermissionDenied
    form = StatusForm(request.POST, recommendation=recommendation)
    closing = form.is_valid() and form.cleaned_data["status"] in CLOSING_STATUSES
    if closing:
        return _close_recommendation(request, recommendation, form.cleaned_data["status"], form.cleaned_data["reason"])
    if form.is_valid():
        try:
            services.recommendation_set_status(
                actor=request.user,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(recommendation)
    return render(
        request,
        "library/recommendation_detail.html",
        {**_recommendation_lists(request, recommendation), "form": form},
        status=400,
    )


@login_required
def recommendation_create(request, slug):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("library.add_recommendation", document):
        raise PermissionDenied
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The recommendation is added."))
            return redirect(recommendation)
    return render(request, "library/recommendation_form.html", {"form": form, "document": document})


# --- Draft review --------------------------------------------------------------------------------


@login_required
def review_open(request, slug):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("library.add_draftreview", document):
        raise PermissionDenied
    form = ReviewOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_open(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The draft is open for comments."))
            return redirect(review)
    return render(request, "library/review_form.html", {"form": form, "document": document})


def _review_context(request, review, *, comment_form=None, answer_form=None, answering=None) -> dict:
    """What the review page shows; after a POST that was not valid, with the comment form or the answer to the
    comment `answering` (its id) as typed and its errors."""
    user = request.user
    return {
        "review": review,
        "document": review.document,
        "paragraphs": selectors.review_paragraphs(review=review),
        "is_open": review.is_open(),
        "is_upcoming": review.starts_at > timezone.now(),
        "can_comment": user.has_perm("library.add_reviewcomment", review),
        "can_answer": user.is_authenticated and user.has_perm("library.change_document", review.document),
        "comment_form": comment_form,
        "answer_form": answer_form or AnswerForm(),
        "answering": answering,
    }


def review_detail(request, slug, pk):
    review = _review_or_404(request, slug, pk)
    return render(request, "library/review_detail.html", _review_context(request, review))


@login_required
@require_POST
def review_comment(request, slug, pk):
    review = _review_or_404(request, slug, pk)
    if not request.user.has_perm("library.add_reviewcomment", review):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.review_comment_add(
                actor=request.user,
                review=review,
                paragraph=form.cleaned_data["paragraph"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(review.get_absolute_url() + f"#p{form.cleaned_data['paragraph'] + 1}")
    return render(
        request, "library/review_detail.html", _review_context(request, review, comment_form=form), status=400
    )


@login_required
@require_POST
def comment_answer(request, slug, pk, comment_pk):
    review = _review_or_404(request, slug, pk)
    comment = get_object_or_404(selectors.review_comments(review=review), pk=comment_pk)
    if not request.user.has_perm("library.answer_reviewcomment", comment):
        raise PermissionDenied
    form = AnswerForm(request.POST, auto_id=f"answer-{comment.pk}-%s")
    if form.is_valid():
        services.review_comment_answer(actor=request.user, comment=comment, answer=form.cleaned_data["answer"])
        messages.success(request, _("Your answer is published."))
        return redirect(review.get_absolute_url() + f"#p{comment.paragraph + 1}")
    context = _review_context(request, review, answer_form=form, answering=comment.pk)
    return render(request, "library/review_detail.html", context, status=400)


@login_required
def document_link(request, slug):
    """Link a Meter project or an event to this document's thread (shown in its story)."""
    document = _document_or_404(request, slug)
    if not request.user.has_perm("library.add_topiclink", document):
        raise PermissionDenied
    form = LinkForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.topic_link_add(actor=request.user, anchor=document, target=form.target, note=form.cleaned_data["note"])
        messages.success(request, _("The link is saved; it shows in the story."))
        return redirect("library:story", "document", document.pk)
    return render(request, "library/link_form.html", {"form": form, "document": document})


# --- Story of a topic ----------------------------------------------------------------------------


def _story_root(request, kind: str, pk: int):
    if kind == "document":
        try:
            return selectors.visible_documents(request.user).get(pk=pk)
        except Document.DoesNotExist:
            raise Http404 from None
    if kind == "recommendation":
        return _recommendation_or_404(request, pk)
    labels = {"topic": ("hubs", "WorkPlanTopic"), "project": ("meter", "Project"), "event": ("events", "Event")}
    if kind not in labels:
        raise Http404
    from django.apps import apps

    try:
        model = apps.get_model(*labels[kind])
    except LookupError:
        raise Http404 from None
    queryset = model._default_manager.all()
    registered = story.kind_of(model)
    if registered is not None and registered.visible is not None:
        queryset = registered.visible(queryset, request.user)
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


def story_view(request, kind, pk):
    root = _story_root(request, kind, pk)
    thread = story.story_for(user=request.user, root=root)
    # A page of the entries: a long-lived thread (a document of many versions, a recommendation discussed in many
    # sessions) would otherwise be one page of hundreds (issue 22).
    page = paginate(request, thread.entries)
    return render(request, "library/story.html", {"story": thread, "page": page, "root": root, "kind": kind})
