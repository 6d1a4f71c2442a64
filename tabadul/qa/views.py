from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.files import file_response
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import (
    AnswerForm,
    CommentForm,
    PublicationRequestForm,
    QuestionConfirmForm,
    QuestionFilterForm,
    QuestionForm,
    SpecialistProfileForm,
)
from .models import Question
from .rules import routed_specialist_ids


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _question_or_404(pk: int) -> Question:
    return found_or_404(selectors.question_get, pk=pk)


def _readable_question_or_404(request, pk: int) -> Question:
    """The question, or 404 for whoever may not read it (an unpublished question is not said to exist)."""
    question = _question_or_404(pk)
    if not request.user.has_perm("qa.view_question", question):
        raise Http404
    return question


def question_list(request):
    """Open to everyone: each person sees the questions they may read (published ones; their own; all for
    specialists and moderators)."""
    form = QuestionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QuestionFilters(
        q=data.get("q") or "",
        topic=data.get("topic"),
        hub=data.get("hub"),
        status=data.get("status") or "",
        mine=request.GET.get("mine") == "1",
        routed=request.GET.get("routed") == "1",
    )
    page = paginate(request, selectors.question_keys(user=request.user, filters=filters))
    page.object_list = selectors.question_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "qa/question_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "can_ask": request.user.has_perm("qa.ask_question"),
        },
    )


@login_required
def question_ask(request):
    """Two steps, no JavaScript: the first submit shows similar answered questions, the second posts."""
    if not request.user.has_perm("qa.ask_question"):
        # Said, not only refused: who may ask, and what this person can do instead (403).
        return render(request, "qa/ask_who.html", status=403)
    confirming = request.method == "POST" and "confirm" in request.POST
    similar = None
    if request.method != "POST":
        form = QuestionForm(user=request.user)
    elif not confirming:
        form = QuestionForm(request.POST, user=request.user)
        if form.is_valid():
            similar = selectors.similar_questions(
                text=f"{form.cleaned_data['title']} {form.cleaned_data['text']}", user=request.user
            )
            form = QuestionConfirmForm(request.POST, user=request.user)
            form.is_valid()  # shows the same values; attachments are chosen in this second step
            form.errors.clear()
            confirming = True
    else:
        form = QuestionConfirmForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                question = services.question_ask(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    topics=form.cleaned_data["topics"],
                    files=form.cleaned_data["attachments"],
                    hub=form.cleaned_data.get("hub"),
                )
            except ValidationError as error:
                refuse_on_form(form, error)
            else:
                messages.success(request, _("Your question is posted and sent to the specialists of its topics."))
                return redirect(question)
    return render(request, "qa/question_ask.html", {"form": form, "similar": similar, "confirming": confirming})


def question_detail(request, pk: int):
    """Public when published; otherwise 404 for all but the asker, the specialists and the moderators."""
    return _question_page(request, _readable_question_or_404(request, pk))


def _question_page(request, question: Question, *, answer_form=None, comment_form=None, status: int = 200):
    """The question's page; after a POST that was not valid, with the form as it was typed and its errors."""
    user = request.user
    return render(
        request,
        "qa/question_detail.html",
        {
            "question": question,
            "answers": paginate(request, selectors.answer_list(question=question), param="answers"),
            "comments": paginate(request, selectors.question_comments(question=question), param="comments"),
            "routings": paginate(request, selectors.question_routings(question=question), param="offered"),
            "can_answer": user.has_perm("qa.answer_question", question),
            "can_accept": user.has_perm("qa.accept_answer", question),
            "can_comment": user.has_perm("qa.comment_question", question),
            "in_conversation": user.has_perm("qa.view_question_private", question),
            "can_request_publication": user.has_perm("qa.request_publication", question),
            "can_publish": user.has_perm("qa.publish_question", question),
            "can_unpublish": user.has_perm("qa.unpublish_question", question),
            "publication_form": PublicationRequestForm(initial={"names_body": question.publication_names_body}),
            "is_routed": user.pk in routed_specialist_ids(question),
            "answer_form": answer_form or AnswerForm(),
            "comment_form": comment_form,
        },
        status=status,
    )


@login_required
@require_POST
def answer_post(request, pk: int):
    question = _question_or_404(pk)
    _require(request, "qa.answer_question", question)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer_post(actor=request.user, question=question, text=form.cleaned_data["text"])
        messages.success(request, _("Your answer is posted; the asker is notified."))
        return redirect(question)
    return _question_page(request, question, answer_form=form, status=400)


@login_required
@require_POST
def answer_accept(request, pk: int, answer_pk: int):
    answer = get_object_or_404(selectors.question_answers(question_id=pk), pk=answer_pk)
    _require(request, "qa.accept_answer", answer.question)
    services.answer_accept(actor=request.user, answer=answer)
    messages.success(request, _("The answer is marked as accepted."))
    return redirect(answer.question)


@login_required
@require_POST
def comment_post(request, pk: int):
    question = _question_or_404(pk)
    _require(request, "qa.comment_question", question)
    form = CommentForm(request.POST, auto_id="comment-%s")  # apart from the answer form's fields
    if not form.is_valid():
        return _question_page(request, question, comment_form=form, status=400)
    answer = None
    if form.cleaned_data["answer"]:
        answer = selectors.question_answers(question_id=question.pk).filter(pk=form.cleaned_data["answer"]).first()
        if answer is None:
            messages.error(request, _("This answer does not belong to the question."))
            return redirect(question)
    services.comment_post(actor=request.user, question=question, text=form.cleaned_data["text"], answer=answer)
    messages.success(request, _("Your comment is posted."))
    return redirect(question)


@login_required
@require_POST
def publication_request(request, pk: int):
    """The asker consents to publication (choosing whether their body is named); a specialist confirms."""
    form = PublicationRequestForm(request.POST)
    names_body = form.cleaned_data["names_body"] if form.is_valid() else True
    return _publication_step(
        request,
        pk,
        "qa.request_publication",
        lambda question: services.question_publication_request(
            actor=request.user, question=question, names_body=names_body
        ),
        _("Publication asked: a specialist of the question will confirm it."),
    )


@login_required
@require_POST
def question_publish(request, pk: int):
    return _publication_step(
        request,
        pk,
        "qa.publish_question",
        lambda question: services.question_publish(actor=request.user, question=question),
        _("The question and its answers are public now."),
    )


@login_required
@require_POST
def question_unpublish(request, pk: int):
    return _publication_step(
        request,
        pk,
        "qa.unpublish_question",
        lambda question: services.question_unpublish(actor=request.user, question=question),
        _("The question is private again."),
    )


def _publication_step(request, pk: int, perm: str, step, done: str):
    """A step of making an answered question public (asked, confirmed, withdrawn): who may, the step, back to it."""
    question = _readable_question_or_404(request, pk)
    _require(request, perm, question)
    attempt(request, lambda: step(question), done)
    return redirect(question)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(selectors.question_attachments(question_id=pk), pk=attachment_pk)
    if not request.user.has_perm("qa.view_attachment", attachment.question):
        raise Http404
    return file_response(request, attachment, "file")


@login_required
def response_times(request):
    _require(request, "qa.view_figures")
    return render(request, "qa/response_times.html", {"figures": selectors.response_times_by_topic()})


@login_required
def specialist_list(request):
    _require(request, "qa.view_figures")
    page = paginate(request, selectors.specialist_list())
    return render(request, "qa/specialist_list.html", {"page": page, "query": ""})


@login_required
def expertise_edit(request):
    """A specialist states the topics they answer."""
    if not request.user.has_perm("qa.edit_expertise"):
        raise PermissionDenied
    profile = selectors.specialist_profile_of(request.user)
    initial = (
        {"topics": list(profile.topics.all()), "bio": profile.bio, "is_available": profile.is_available}
        if profile
        else {"is_available": True}
    )
    form = SpecialistProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.specialist_profile_set(actor=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:  # e.g. an administrator without the specialist role
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your expertise is saved."))
            return redirect("qa:expertise_edit")
    return render(request, "qa/expertise_edit.html", {"form": form})
