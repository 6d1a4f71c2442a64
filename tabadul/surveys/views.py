"""Survey pages: the list (to answer, managed), a new survey, one survey with its questions, its editing, opening,
closing and reminders, the answer form, the results (and their Excel file), an answer made an initiative."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tabadul.core import exports
from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import excel, selectors, services
from .audience import audience_count
from .forms import AnswerForm, InitiativeForm, QuestionForm, SurveyForm
from .models import Survey


def _survey(request, pk, perm: str = "surveys.view_survey") -> Survey:
    """The survey when the person may see it (404 otherwise: a draft or another body's survey stays hidden), then
    `perm` (403)."""
    survey = found_or_404(selectors.survey_get, pk=pk)
    if not request.user.has_perm("surveys.view_survey", survey):
        raise Http404
    if perm != "surveys.view_survey" and not request.user.has_perm(perm, survey):
        raise PermissionDenied
    return survey


def _query_without(request, param: str) -> str:
    """The page's query string without `param`: the other list's page is kept when one list turns a page."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


@login_required
@require_safe
def survey_list(request):
    """Two lists, each a page at a time (`?answer=`, `?managed=`): an administrator follows every survey."""
    user = request.user
    return render(
        request,
        "surveys/survey_list.html",
        {
            "to_answer": paginate(request, selectors.surveys_to_answer(user), param="answer"),
            "to_answer_query": _query_without(request, "answer"),
            "managed": paginate(request, selectors.surveys_managed(user), param="managed"),
            "managed_query": _query_without(request, "managed"),
            "can_create": selectors.may_ask_surveys(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    if not selectors.may_ask_surveys(request.user):
        raise PermissionDenied
    owners = selectors.survey_owners(request.user)
    form = SurveyForm(request.POST or None, owners=owners, initial={"unit": "body", "audience": "members"})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user, owner=form.owner(), bodies=form.cleaned_data["bodies"], **form.values()
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The survey is saved as a draft. Add its questions, then open it."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@login_required
@require_safe
def survey_detail(request, pk):
    survey = _survey(request, pk)
    user = request.user
    manages = user.has_perm("surveys.change_survey", survey)
    response = services.find_response(survey=survey, user=user)
    addressed_count = audience_count(survey)
    chosen = selectors.chosen_bodies(survey) if survey.audience == Survey.Audience.CHOSEN else []
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": paginate(request, selectors.survey_questions(survey), param="questions"),
            "questions_query": _query_without(request, "questions"),
            "manages": manages,
            "can_answer": user.has_perm("surveys.answer_survey", survey) and survey.is_accepting(),
            "can_see_results": user.has_perm("surveys.view_results", survey),
            "response": response,
            "addressed_count": addressed_count,
            "chosen": chosen,
            "chosen_not_shown": addressed_count - len(chosen) if chosen else 0,
            "reminders": selectors.reminders_of(survey) if manages else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = _survey(request, pk, "surveys.change_survey")
    form = SurveyForm(request.POST or None, initial=SurveyForm.initial_from(survey))
    if request.method == "POST" and form.is_valid():
        bodies = form.cleaned_data["bodies"] if "bodies" in form.changed_data else None
        try:
            services.survey_update(actor=request.user, survey=survey, bodies=bodies, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, pk):
    survey = _survey(request, pk, "surveys.change_survey")
    form = QuestionForm(request.POST or None, survey=survey, initial={"required": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect(survey)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": None})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    survey = _survey(request, pk, "surveys.change_survey")
    question = found_or_404(selectors.question_get, survey=survey, pk=question_pk)
    form = QuestionForm(request.POST or None, survey=survey, initial=QuestionForm.initial_from(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(survey)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": question})


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request, pk, question_pk):
    survey = _survey(request, pk, "surveys.change_survey")
    question = found_or_404(selectors.question_get, survey=survey, pk=question_pk)
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.question_delete(actor=request.user, question=question),
        done=_("The question is deleted."),
        then=survey,
        page=lambda: {
            "title": sentence(_("Delete the question “%(question)s”"), question=question.text),
            "consequences": [_("The question leaves the draft survey; the deletion is recorded in the audit trail.")],
            "confirm_label": _("Delete the question"),
            "cancel_url": survey.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_open(request, pk):
    survey = _survey(request, pk, "surveys.change_survey")
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.survey_open(actor=request.user, survey=survey),
        done=_("The survey is open: the staff of the addressed bodies were told."),
        then=survey,
        page=lambda: {
            "title": sentence(_("Open the survey “%(title)s”"), title=survey.title),
            "consequences": [
                _("The staff of the %(count)d addressed local bodies are told and can answer until the closing date.")
                % {"count": audience_count(survey)},
                _("The questions can no longer be changed."),
            ],
            "confirm_label": _("Open the survey"),
            "cancel_url": survey.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_close(request, pk):
    survey = _survey(request, pk, "surveys.change_survey")
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.survey_close(actor=request.user, survey=survey),
        done=_("The survey is closed."),
        then=survey,
        page=lambda: {
            "title": sentence(_("Close the survey “%(title)s”"), title=survey.title),
            "consequences": [
                _("No answer can be given or changed any more, even before the closing date."),
                _("The results stay available to those who manage and follow the survey."),
            ],
            "confirm_label": _("Close the survey"),
            "cancel_url": survey.get_absolute_url(),
        },
    )


@login_required
@require_POST
def survey_remind(request, pk):
    survey = _survey(request, pk, "surveys.change_survey")
    attempt(
        request,
        lambda: services.survey_remind(actor=request.user, survey=survey),
        lambda reminder: (
            _("A reminder was sent to %(count)d people who have not answered.") % {"count": reminder.recipient_count}
        ),
    )
    return redirect(survey)


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, pk):
    survey = _survey(request, pk, "surveys.answer_survey")
    questions = selectors.questions_of(survey)
    response = services.find_response(survey=survey, user=request.user)
    form = AnswerForm(request.POST or None, questions=questions, initial=AnswerForm.initial_from(response, questions))
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(actor=request.user, survey=survey, answers=form.answers())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Thank you: your answer is saved. You can change it until the survey closes."))
            return redirect(survey)
    return render(
        request,
        "surveys/answer_form.html",
        {"survey": survey, "form": form, "response": response, "accepting": survey.is_accepting()},
    )


@login_required
@require_safe
def survey_results(request, pk):
    survey = _survey(request, pk, "surveys.view_results")
    questions = paginate(request, selectors.survey_questions(survey), param="questions")
    results = selectors.survey_results(survey, questions=questions.object_list, addressed_count=audience_count(survey))
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": results,
            "questions": questions,
            "questions_query": _query_without(request, "questions"),
            "page": paginate(request, selectors.survey_respondents(survey)),
            "query": _query_without(request, "page"),
            "anchor": "who-answered",
            "can_make_initiative": request.user.has_perm("surveys.make_initiative", survey),
        },
    )


@login_required
@require_safe
def results_xlsx(request, pk):
    survey = _survey(request, pk, "surveys.view_results")
    results = selectors.survey_results(survey, addressed_count=audience_count(survey))
    sheets = excel.results_sheets(results, selectors.responses_with_answers(survey))
    return exports.xlsx_response(*sheets, name=[_("survey"), survey.pk, _("results")])


@login_required
@require_http_methods(["GET", "POST"])
def response_initiative(request, pk, response_pk):
    survey = _survey(request, pk, "surveys.make_initiative")
    response = found_or_404(selectors.response_get, survey=survey, pk=response_pk)
    if response.initiative_id:
        messages.info(request, _("This answer is already an initiative."))
        return redirect(survey.hub.get_absolute_url() + f"#initiative-{response.initiative_id}")
    form = InitiativeForm(request.POST or None, initial=services.initiative_draft(response))
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.response_to_initiative(actor=request.user, response=response, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The answer is now an initiative the hub reviews."))
            return redirect(survey.hub.get_absolute_url() + f"#initiative-{initiative.pk}")
    return render(request, "surveys/initiative_form.html", {"survey": survey, "response": response, "form": form})
