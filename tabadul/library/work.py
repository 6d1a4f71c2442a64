"""What waits for a person on "my work": open recommendations their body or organisation owns and must carry to
implementation (tabadul/core/work.py). The action (a status change) is taken on the recommendation's page."""

from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from tabadul.accounts.rules import body_role_ids, staff_organisation_ids
from tabadul.core.work import Waiting, WorkItem

from .models import Document, Recommendation
from .selectors import document_visibility_q


def _owned_open(user):
    bodies, organisations = body_role_ids(user), staff_organisation_ids(user)
    if not bodies and not organisations:
        return None
    visible = Recommendation.objects.filter(document__in=_visible_documents(user))
    return visible.filter(
        Q(owner_body_id__in=bodies) | Q(owner_organisation_id__in=organisations),
        status__in=Recommendation.OPEN_STATUSES,
    ).order_by("status_changed_at", "pk")


def _visible_documents(user):
    return Document.objects.filter(document_visibility_q(user)).values("pk")


def recommendations_count(user) -> int:
    if not user.is_authenticated:
        return 0
    owned = _owned_open(user)
    return 0 if owned is None else owned.count()


def recommendations_items(user, limit: int) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    owned = _owned_open(user)
    if owned is None:
        return []
    return [
        WorkItem(
            title=recommendation.title,
            url=recommendation.get_absolute_url(),
            detail=(escape(recommendation.get_status_display()), recommendation.document.title),
        )
        for recommendation in owned.select_related("document")[:limit]
    ]


RECOMMENDATIONS_TO_FOLLOW_UP = Waiting(
    key="library.recommendations_to_follow_up",
    label=_("Recommendations my body must follow up"),
    count=recommendations_count,
    items=recommendations_items,
    order=80,
)
