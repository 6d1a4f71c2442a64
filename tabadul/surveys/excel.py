"""A survey's results as an Excel workbook (written by core/exports.py): the figures the results page shows, then
every answer in one row with one column per question."""

from django.utils.translation import gettext as _

from tabadul.core import exports

from .models import Question, Survey
from .selectors import Results


def summary_sheet(results: Results) -> exports.Sheet:
    rows = []
    for result in results.questions:
        question = result.question
        for row in result.rows:
            rows.append([question.text, row.label, row.count, row.percent])
        if result.average is not None:
            rows.append([question.text, _("Average"), result.average, None])
        if question.kind == Question.Kind.TEXT:
            rows.append([question.text, _("Written answers"), result.answered, None])
    return exports.Sheet(
        title=_("Results"),
        above=[[results.survey.title], [_("Answers"), results.response_count], []],
        header=[_("Question"), _("Answer"), _("Count"), _("Percent of those who answered")],
        rows=rows,
        widths=[50, 30, 10, 14],
    )


def _cell(question: Question, answer):
    if answer is None:
        return None
    if question.kind in Question.CHOICE_KINDS:
        return "; ".join(question.options[index] for index in answer.choices if 0 <= index < len(question.options))
    if question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        return answer.number
    return answer.text


def answers_sheet(survey: Survey, questions, responses) -> exports.Sheet:
    def lines():
        for response in responses:
            given = {answer.question_id: answer for answer in response.answers.all()}
            who = response.respondent.display_name if response.respondent_id else ""
            yield [
                response.body.name,
                who,
                response.updated_at,
                *[_cell(question, given.get(question.pk)) for question in questions],
            ]

    return exports.Sheet(
        title=_("Answers"),
        header=[_("Local body"), _("Answered by"), _("Last changed"), *[question.text for question in questions]],
        rows=lines(),
        widths=[28, 24, 18, *[30 for _question in questions]],
        freeze_header=True,
    )


def results_sheets(results: Results, responses) -> list[exports.Sheet]:
    questions = [result.question for result in results.questions]
    return [summary_sheet(results), answers_sheet(results.survey, questions, responses)]
