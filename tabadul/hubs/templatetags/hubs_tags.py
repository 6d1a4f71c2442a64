"""Hub panels that other apps' pages include (the local body's page)."""

from django import template

from tabadul.hubs.models import Invitation, Membership

register = template.Library()


@register.inclusion_tag("hubs/includes/body_hubs.html", takes_context=True)
def body_hubs(context, body):
    """The hubs a body is a member of and, for those who answer for it, its invitations waiting (two queries)."""
    user = context["request"].user
    can_answer = user.is_authenticated and user.has_perm("hubs.act_for_body", body)
    memberships = Membership.objects.active().filter(body=body).select_related("hub").order_by("hub__position")
    invitations = (
        Invitation.objects.filter(body=body, status=Invitation.Status.PENDING).count()
        if can_answer or (user.is_authenticated and user.local_body_id == body.pk)
        else 0
    )
    return {"body": body, "memberships": list(memberships), "invitations": invitations, "user": user}
