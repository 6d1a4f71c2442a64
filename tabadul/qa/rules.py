"""Who may do what with questions (see docs/permissions.md, "Ask a specialist")."""

import rules

from tabadul.accounts.rules import is_platform_admin, is_specialist


@rules.predicate
def is_body_staff(user) -> bool:
    """Staff of a local body: people whose account names their body."""
    return user.is_authenticated and user.is_active and user.local_body_id is not None


@rules.predicate
def is_asker(user, question) -> bool:
    return question is not None and user.is_authenticated and question.asker_id == user.pk


def routed_specialist_ids(question) -> set[int]:
    """Specialists the question is offered to (uses a prefetch of `routings` when present)."""
    cache = getattr(question, "_routed_ids_cache", None)
    if cache is None:
        cache = {routing.specialist_id for routing in question.routings.all()}
        question._routed_ids_cache = cache
    return cache


@rules.predicate
def is_routed_specialist(user, question) -> bool:
    return question is not None and user.is_authenticated and user.pk in routed_specialist_ids(question)


@rules.predicate
def is_published(user, question) -> bool:
    return question is not None and question.publication == "published"


can_read = is_body_staff | is_specialist | is_platform_admin
# Who reads a question that is not published (and, on a published one, its attachments and follow-up comments):
# the asker, every specialist (they answer and widen), the moderators (platform administrators).
in_the_conversation = is_asker | is_specialist | is_platform_admin

# The list of questions is open to everyone; it shows each person what they may read (selectors.visible_questions).
rules.add_perm("qa.view_questions", rules.always_allow)
rules.add_perm("qa.view_question", is_published | in_the_conversation)
rules.add_perm("qa.view_question_private", in_the_conversation)  # attachments, follow-up comments, routing


@rules.predicate
def reads_the_attachment(user, obj) -> bool:
    """An attachment (core/files.py asks with the attachment) or its question: those in the conversation."""
    question = getattr(obj, "question", obj)
    return in_the_conversation.test(user, question)


rules.add_perm("qa.view_attachment", reads_the_attachment)  # the file of an attachment
rules.add_perm("qa.view_figures", can_read)  # response times, the list of specialists
rules.add_perm("qa.ask_question", is_body_staff)
# Publishing: the asker consents (and chooses whether their body is named), a specialist the question was offered
# to or a moderator confirms; the asker or a moderator makes it private again (services.question_publish...).
rules.add_perm("qa.request_publication", is_asker)
rules.add_perm("qa.publish_question", (is_specialist & is_routed_specialist) | is_platform_admin)
rules.add_perm("qa.unpublish_question", is_asker | is_platform_admin)
rules.add_perm("qa.answer_question", is_specialist & is_routed_specialist)
rules.add_perm("qa.accept_answer", is_asker | is_platform_admin)
rules.add_perm("qa.comment_question", is_asker | (is_specialist & is_routed_specialist) | is_platform_admin)
rules.add_perm("qa.widen_routing", is_platform_admin)
rules.add_perm("qa.edit_expertise", is_specialist)
