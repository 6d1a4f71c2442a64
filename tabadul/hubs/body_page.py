"""The hubs section of a local body's public page (directory/sections.py): the exchange hubs it is a member of and,
for those who answer for the body, its invitations waiting."""

from tabadul.directory.sections import BodySection

from .models import Hub, Invitation, Membership


def body_hubs(*, body, user) -> dict | None:
    """One query (two for the body's own people); None when the body is in no hub (except for its own people)."""
    memberships = list(Membership.objects.active().filter(body=body).select_related("hub").order_by("hub__position"))
    answers = user.is_authenticated and (user.local_body_id == body.pk or user.has_perm("hubs.act_for_body", body))
    invitations = Invitation.objects.filter(body=body, status=Invitation.Status.PENDING).count() if answers else 0
    if not memberships and not answers:
        return None
    return {"memberships": memberships, "invitations": invitations, "own_body": answers}


SECTION = BodySection("hubs", "hubs/includes/body_section.html", body_hubs)


def organisation_hubs(*, organisation, user) -> dict:
    """An organisation's page (hook `directory.organisation_sections`): the hubs it partners, one query (an empty
    list when none: the section says so)."""
    return {"hubs": list(Hub.objects.filter(partner_organisations=organisation).order_by("position", "pk"))}


ORGANISATION_SECTION = BodySection("hubs", "hubs/includes/organisation_section.html", organisation_hubs)
