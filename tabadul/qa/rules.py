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


can_read = is_body_staff | is_specialist | is_platform_admin

rules.add_perm("qa.view_questions", can_read)
rules.add_perm("qa.view_question", can_read)
rules.add_perm("qa.view_attachment", can_read)  # the file of an attachment: whoever may read its question
rules.add_perm("qa.ask_question", is_body_staff)
rules.add_perm("qa.answer_question", is_specialist & is_routed_specialist)
rules.add_perm("qa.accept_answer", is_asker | is_platform_admin)
rules.add_perm("qa.comment_question", is_asker | (is_specialist & is_routed_specialist) | is_platform_admin)
rules.add_perm("qa.widen_routing", is_platform_admin)
rules.add_perm("qa.edit_expertise", is_specialist)
