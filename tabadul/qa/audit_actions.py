"""What the qa app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

QUESTION_ASK = register("qa.question.ask", _("Question asked"))
QUESTION_WIDEN = register("qa.question.widen", _("Unanswered questions offered to all specialists"))
ANSWER_POST = register("qa.answer.post", _("Answer posted"))
ANSWER_ACCEPT = register("qa.answer.accept", _("Answer accepted"))
COMMENT_POST = register("qa.comment.post", _("Comment posted"))
SPECIALIST_PROFILE_SET = register("qa.specialist_profile.set", _("Specialist's expertise stated"))
QUESTION_PUBLICATION_REQUEST = register("qa.question.publication_request", _("Publication of a question asked"))
QUESTION_PUBLISH = register("qa.question.publish", _("Question published"))
QUESTION_UNPUBLISH = register("qa.question.unpublish", _("Question made private again"))
