"""What waits for a body administrator on "my work": requests to join their body (core/work.py)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tabadul.core.bidi import sentence
from tabadul.core.work import Waiting, WorkItem

from . import selectors


def _items(user, limit):
    return [
        WorkItem(
            title=sentence(
                gettext("%(person)s asks to join %(body)s"),
                person=str(join_request.user),
                body=join_request.local_body.name,
            ),
            url=reverse("people:request_decide", kwargs={"slug": join_request.local_body.slug, "pk": join_request.pk}),
            detail=", ".join(filter(None, [join_request.position, join_request.department])),
        )
        for join_request in selectors.join_requests_waiting_for(user)[:limit]
    ]


BODY_JOIN_REQUESTS = Waiting(
    key="accounts.body_join_requests",
    label=_("Requests to join my body"),
    count=lambda user: selectors.join_requests_waiting_for(user).count(),
    items=_items,
    order=20,
)
