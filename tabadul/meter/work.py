"""What waits for the bodies' staff on "my work" (tabadul/core/work.py): progress to approve, feedback to moderate.

Each count is one query and each list one query, whatever the number of bodies or items. Items link to the queue
where the action is taken, with `next` pointing back to "my work": publishing, rejecting (after its confirmation
page) and replying return there.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import body_role_ids
from tabadul.core import formats
from tabadul.core.bidi import sentence, user_text
from tabadul.core.work import Waiting, WorkItem

from .models import Feedback, PlatformFeedback, ProgressUpdate


def _body_ids(user, roles) -> QuerySet:
    """The bodies where the person holds one of `roles` (a subquery: no query of its own)."""
    return RoleGrant.objects.filter(user=user, role__in=roles, local_body__isnull=False).values("local_body_id")


def progress_to_approve(user) -> QuerySet[ProgressUpdate]:
    """Pending progress of the bodies the person approves for, which they may publish (meter.publish_this_progress:
    not their own report unless the plan allows single-person approval)."""
    return ProgressUpdate.objects.filter(
        status=ProgressUpdate.Status.PENDING,
        project__plan__body_id__in=_body_ids(user, [RoleGrant.Role.BODY_APPROVER]),
    ).exclude(Q(author=user) & Q(project__plan__single_person_approval=False))


def feedback_to_moderate(user) -> QuerySet[Feedback]:
    """Pending citizen feedback of the bodies whose staff the person is (meter.moderate_feedback: editors and
    approvers of the body)."""
    return Feedback.objects.filter(
        status=Feedback.Status.PENDING,
        body_id__in=_body_ids(user, [RoleGrant.Role.BODY_EDITOR, RoleGrant.Role.BODY_APPROVER]),
    )


def _returning(url: str, anchor: str) -> str:
    """The queue's address with `next` back to "my work" (followed after the action), and the item's anchor."""
    try:
        back = reverse("work:my_work")
    except NoReverseMatch:  # "my work" not installed: the queue's own redirect applies
        return f"{url}#{anchor}"
    return f"{url}?{urlencode({'next': back})}#{anchor}"


def _acts_for_a_body(user) -> bool:
    """Whether the person holds a role in some body, from the roles read once per request: the staff's counts
    cost no query for everyone else (most people)."""
    return user.is_authenticated and bool(body_role_ids(user))


def _progress_count(user) -> int:
    return progress_to_approve(user).count() if _acts_for_a_body(user) else 0


def _progress_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    updates = progress_to_approve(user).select_related("project__plan__body", "author").order_by("date", "pk")
    return [
        WorkItem(
            title=format_html("{}: {}%", user_text(update.project.name), update.percent),
            url=_returning(
                reverse("meter:progress_queue", args=[update.project.plan.body.slug]), f"update-{update.pk}"
            ),
            detail=sentence(
                _("%(body)s · %(date)s · by %(author)s"),
                body=update.project.plan.body.name,
                date=escape(formats.format_date(update.date)),
                author=update.author.display_name if update.author_id else escape("—"),
            ),
        )
        for update in updates[:limit]
    ]


def _feedback_count(user) -> int:
    return feedback_to_moderate(user).count() if _acts_for_a_body(user) else 0


def _feedback_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    items = feedback_to_moderate(user).select_related("body", "plan", "project").order_by("created_at", "pk")
    return [
        WorkItem(
            title=format_html("{}: {}", feedback.get_kind_display(), user_text(feedback.text[:80])),
            url=_returning(reverse("meter:feedback_queue", args=[feedback.body.slug]), f"feedback-{feedback.pk}"),
            detail=(feedback.body.name, feedback.project.name if feedback.project_id else feedback.plan.title),
        )
        for feedback in items[:limit]
    ]


# A citizen's own messages stay on "my work" while they wait for the reply (at most MY_FEEDBACK_DAYS) and for
# MY_REPLY_DAYS after it came; each links to its reference page.
MY_FEEDBACK_DAYS = 180
MY_REPLY_DAYS = 30


def my_feedback(user) -> QuerySet[Feedback]:
    """The person's messages waiting for a reply, or answered lately (not the rejected ones)."""
    now = timezone.now()
    return Feedback.objects.filter(author=user, created_at__gte=now - timedelta(days=MY_FEEDBACK_DAYS)).filter(
        Q(status=Feedback.Status.PENDING, reply="")
        | Q(
            replied_at__gte=now - timedelta(days=MY_REPLY_DAYS),
            status__in=[Feedback.Status.PUBLISHED, Feedback.Status.ANSWERED],
        )
    )


def _mine_count(user) -> int:
    return my_feedback(user).count() if user.is_authenticated else 0


def _mine_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    items = my_feedback(user).select_related("body").order_by("-created_at", "-pk")
    return [
        WorkItem(
            title=format_html(
                '{} <bdi dir="ltr">{}</bdi>: {}',
                feedback.get_kind_display(),
                feedback.reference_display,
                user_text(feedback.text[:60]),
            ),
            url=feedback.get_absolute_url(),
            detail=(feedback.body.name, escape(_("Answered") if feedback.reply else _("Waiting for the body's reply"))),
        )
        for feedback in items[:limit]
    ]


MY_FEEDBACK = Waiting(
    key="meter.my_feedback",
    label=gettext_lazy("Your messages to the municipality"),
    count=_mine_count,
    items=_mine_items,
    order=90,
)
PROGRESS_TO_APPROVE = Waiting(
    key="meter.progress_to_approve",
    label=gettext_lazy("Progress to approve"),
    count=_progress_count,
    items=_progress_items,
    order=20,
)
FEEDBACK_TO_MODERATE = Waiting(
    key="meter.feedback_to_moderate",
    label=gettext_lazy("Citizen feedback to moderate"),
    count=_feedback_count,
    items=_feedback_items,
    order=40,
)


# Suggestions to improve the Meter itself wait for the platform's administrators until one marks them read.
def _platform_count(user) -> int:
    if not user.is_authenticated or not user.has_perm("meter.read_platform_feedback"):
        return 0
    return PlatformFeedback.objects.filter(status=PlatformFeedback.Status.OPEN).count()


def _platform_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated or not user.has_perm("meter.read_platform_feedback"):
        return []
    items = PlatformFeedback.objects.filter(status=PlatformFeedback.Status.OPEN).order_by("created_at", "pk")
    queue = reverse("meter:platform_feedback_list")
    return [
        WorkItem(
            title=format_html('<bdi dir="ltr">{}</bdi>: {}', item.reference_display, user_text(item.text[:80])),
            url=_returning(queue, f"suggestion-{item.pk}"),
            detail=escape(formats.format_date(item.created_at)),
        )
        for item in items[:limit]
    ]


PLATFORM_FEEDBACK = Waiting(
    key="meter.platform_feedback",
    label=gettext_lazy("Suggestions to improve the Meter"),
    count=_platform_count,
    items=_platform_items,
    order=45,
)
