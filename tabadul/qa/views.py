from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tabadul.core.actions import refuse_on_form
from tabadul.core.files import file_response
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import AnswerForm, CommentForm, QuestionConfirmForm, QuestionFilterForm, QuestionForm, SpecialistProfileForm
from .models import Question


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _question_or_404(pk: int) -> Question:
    return found_or_404(selectors.question_get, pk=pk)


@login_required
def question_list(request):
    _require(request, "qa.view_questions")
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
    page = paginate(request, selectors.question_list(user=request.user, filters=filters))
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
    _require(request, "qa.ask_question")
    confirming = request.method == "POST" and "confirm" in request.POST
    similar = None
    if request.method != "POST":
        form = QuestionForm(user=request.user)
    elif not confirming:
        form = QuestionForm(request.POST, user=request.user)
        if form.is_valid():
            similar = selectors.similar_questions(text=f"{form.cleaned_data['title']} {form.cleaned_data['text']}")
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


@login_required
def question_detail(request, pk: int):
    question = _question_or_404(pk)
    _require(request, "qa.view_question", question)
    user = request.user
    return render(
        request,
        "qa/question_detail.html",
        {
            "question": question,
            "answers": question.answers.all(),
            "comments": question.comments.all(),
            "can_answer": user.has_perm("qa.answer_question", question),
            "can_accept": user.has_perm("qa.accept_answer", question),
            "can_comment": user.has_perm("qa.comment_question", question),
            "is_routed": user.pk in {r.specialist_id for r in question.routings.all()},
            "answer_form": AnswerForm(),
            "comment_form": CommentForm(),
        },
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
    messages.error(request, _("The answer is empty or too long."))
    return redirect(question)


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
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment is empty or too long."))
        return redirect(question)
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
def attachment_download(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(selectors.question_attachments(question_id=pk), pk=attachment_pk)
    _require(request, "qa.view_question", attachment.question)
    return file_response(request, attachment, "file")


@login_required
def response_times(request):
    _require(request, "qa.view_questions")
    return render(request, "qa/response_times.html", {"figures": selectors.response_times_by_topic()})


@login_required
def specialist_list(request):
    _require(request, "qa.view_questions")
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
