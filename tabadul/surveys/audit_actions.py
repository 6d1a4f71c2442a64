"""What the surveys app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

SURVEY_CREATE = register("surveys.survey.create", _("Survey created"))
SURVEY_UPDATE = register("surveys.survey.update", _("Survey changed"))
SURVEY_OPEN = register("surveys.survey.open", _("Survey opened"))
SURVEY_CLOSE = register("surveys.survey.close", _("Survey closed"))
SURVEY_REMIND = register("surveys.survey.remind", _("Survey reminder sent"))
QUESTION_ADD = register("surveys.question.add", _("Survey question added"))
QUESTION_UPDATE = register("surveys.question.update", _("Survey question changed"))
QUESTION_DELETE = register("surveys.question.delete", _("Survey question deleted"))
RESPONSE_SUBMIT = register("surveys.response.submit", _("Survey answered"))
RESPONSE_UPDATE = register("surveys.response.update", _("Survey answer changed"))
RESPONSE_TO_INITIATIVE = register("surveys.response.to_initiative", _("Survey answer made an initiative"))
