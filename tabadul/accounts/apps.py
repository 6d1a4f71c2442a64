from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tabadul.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from tabadul.core.work import Waiting, WorkItem, register

        from . import selectors

        def items(user, limit):
            return [
                WorkItem(
                    title=f"{join_request.user} → {join_request.local_body}",
                    url=reverse(
                        "people:request_decide", kwargs={"slug": join_request.local_body.slug, "pk": join_request.pk}
                    ),
                    detail=", ".join(filter(None, [join_request.position, join_request.department])),
                )
                for join_request in selectors.join_requests_waiting_for(user)[:limit]
            ]

        register(
            Waiting(
                key="accounts.body_join_requests",
                label=_("Requests to join my body"),
                count=lambda user: selectors.join_requests_waiting_for(user).count(),
                items=items,
                order=20,
            )
        )
