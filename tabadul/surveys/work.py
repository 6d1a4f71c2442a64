"""What waits for a person on "my work": open surveys addressed to their body that their unit has not answered
(their body, for a survey answered once per body; themselves, for one answered per person)."""

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from tabadul.core import formats
from tabadul.core.work import Waiting, WorkItem

from .audience import answered_by, surveys_addressed_to
from .models import Survey


def _waiting(user):
    return (
        surveys_addressed_to(user)
        .active()
        .annotate(answered=answered_by(user))
        .filter(answered=False)
        .order_by("ends_at", "pk")
    )


def surveys_to_answer_count(user) -> int:
    if not user.is_authenticated or not user.local_body_id:
        return 0
    return _waiting(user).count()


def surveys_to_answer_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated or not user.local_body_id:
        return []
    items = []
    for survey in _waiting(user).select_related("hub", "group", "programme")[:limit]:
        who = _("for your body") if survey.unit == Survey.Unit.BODY else _("for yourself")
        items.append(
            WorkItem(
                title=survey.title,
                url=survey.get_absolute_url() + "answer/",
                detail=(  # the owner's name is people's text, the rest the interface's words
                    survey.owner_name(),
                    escape(who),
                    escape(_("closes on %(date)s") % {"date": formats.format_date(survey.ends_at)}),
                ),
            )
        )
    return items


SURVEYS_TO_ANSWER = Waiting(
    key="surveys.to_answer",
    label=_("Surveys to answer"),
    count=surveys_to_answer_count,
    items=surveys_to_answer_items,
    order=75,
)
