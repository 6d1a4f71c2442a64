"""The hub actions that cannot be undone, each behind a confirmation page (tabadul/core/confirm.py): GET says what
will happen, a valid POST acts. Declining a request and not retaining an initiative need a reason, which the body
reads. The list, with what each page says, is in docs/hubs.md ("Confirmations").

Every view here has the one shape of `core.confirm.confirmed_action`: find the object (404) and check the permission
(403), then hand it the service call, the message and the page to go to once it is done, and what the page says.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tabadul.core import formats
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action

from . import selectors, services
from .forms import TopicCountForm, WorkPlanConfirmForm
from .models import Initiative, Membership, WorkingGroupMember

# The hub pages' own lookups (404 when missing, 403 for someone who may not manage the hub), shared with them.
from .rules import manages_partner_hub
from .views import _hub_or_404, _manager_hub, _work_plan_page


def _date(day) -> str:
    return formats.format_date(day)


# --- Membership ---


@login_required
@require_http_methods(["GET", "POST"])
def invitation_decline(request, pk):
    invitation = get_object_or_404(selectors.invitation_rows(), pk=pk)
    if not request.user.has_perm("hubs.act_for_body", invitation.body):
        raise PermissionDenied
    names = {"body": invitation.body.name, "hub": invitation.hub.name}
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.invitation_answer(actor=request.user, invitation=invitation, accept=False),
        done=_("The invitation is declined."),
        then="hubs:my_invitations",
        page=lambda: {
            "title": sentence(_("Decline the invitation of %(body)s to %(hub)s"), **names),
            "consequences": [
                sentence(_("%(body)s declines the invitation to join %(hub)s."), **names),
                _("The invitation cannot be answered again: to join later, the body asks and the coordinator decides."),
            ],
            "confirm_label": _("Decline the invitation"),
            "cancel_url": reverse("hubs:my_invitations"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_decline(request, slug, pk):
    hub = _manager_hub(request, slug)
    membership = get_object_or_404(selectors.hub_memberships(hub=hub), pk=pk)
    form = confirm_form(request, reason_required=True)
    names = {"body": membership.body.name, "hub": hub.name}
    return confirmed_action(
        request,
        form,
        act=lambda: services.membership_decide(
            actor=request.user, membership=membership, accept=False, reason=form.cleaned_data["reason"]
        ),
        done=_("The request is declined."),
        then=reverse("hubs:manage", args=[hub.slug]),
        page=lambda: {
            "title": sentence(_("Decline the request of %(body)s"), **names),
            "consequences": [
                sentence(_("%(body)s does not join %(hub)s."), **names),
                _("The body's administrators, editors and approvers are told, with your reason."),
            ],
            "confirm_label": _("Decline the request"),
            "cancel_url": reverse("hubs:manage", args=[hub.slug]) + f"#request-{membership.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_leave(request, slug):
    hub = _hub_or_404(slug)
    membership = get_object_or_404(
        selectors.hub_memberships(hub=hub), body_id=request.user.local_body_id, status=Membership.Status.ACTIVE
    )
    if not request.user.has_perm("hubs.act_for_body", membership.body):
        raise PermissionDenied
    names = {"body": membership.body.name, "hub": hub.name}

    def page():
        representatives = selectors.representative_count(membership=membership)
        return {
            "title": sentence(_("%(body)s leaves %(hub)s"), **names),
            "consequences": [
                sentence(
                    _("%(body)s is no longer a member of %(hub)s: it no longer votes, nominates or ranks topics."),
                    **names,
                ),
                ngettext(
                    "Its %(count)d representative no longer speaks for it in the hub.",
                    "Its %(count)d representatives no longer speak for it in the hub.",
                    representatives,
                )
                % {"count": representatives},
                _("To come back, the body asks to join again and the coordinator decides."),
            ],
            "confirm_label": _("Leave the hub"),
            "cancel_url": hub.get_absolute_url(),
        }

    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.membership_leave(actor=request.user, membership=membership),
        done=_("Your body has left the hub."),
        then=hub,
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def representative_remove(request, slug, pk):
    """Someone who may (the body's people, the coordinator) removes a representative of a member body."""
    hub = _hub_or_404(slug)
    representative = get_object_or_404(selectors.hub_representative_rows(hub=hub), pk=pk)
    if not request.user.has_perm("hubs.remove_representative", representative):
        raise PermissionDenied
    names = {
        "person": representative.user.display_name,
        "body": representative.membership.body.name,
        "hub": hub.name,
    }
    members_url = reverse("hubs:members", args=[hub.slug])  # where the removal was asked
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.representative_leave(actor=request.user, representative=representative),
        done=_("The representative is removed."),
        then=members_url,
        page=lambda: {
            "title": sentence(_("Remove %(person)s as representative of %(body)s"), **names),
            "consequences": [
                sentence(_("%(person)s no longer represents %(body)s in %(hub)s."), **names),
                _("They can no longer vote, nominate or rank topics for the body."),
            ],
            "confirm_label": _("Remove the representative"),
            "cancel_url": members_url,
        },
    )


# --- The coordinator's decisions ---


@login_required
@require_http_methods(["GET", "POST"])
def mandate_end(request, slug, pk):
    """End a coordinator's or deputy's term today (resignation)."""
    hub = _manager_hub(request, slug)
    mandate = get_object_or_404(selectors.hub_mandate_rows(hub=hub), pk=pk)
    own = mandate.user_id == request.user.pk

    def then():
        # Ending one's own last mandate ends one's say over the hub: back to its page, not to its management.
        if own and not request.user.has_perm("hubs.manage_hub", hub):
            return hub
        return reverse("hubs:manage", args=[hub.slug])

    def page():
        names = {
            "person": mandate.user.display_name,
            "role": escape(mandate.get_role_display()),  # the interface's words, not a name
            "hub": hub.name,
            "date": escape(_date(timezone.localdate())),
        }
        consequences = [sentence(_("The term of %(person)s as %(role)s of %(hub)s ends today, %(date)s."), **names)]
        if own:
            consequences.append(
                _(
                    "This is your own term: you will no longer manage this hub (requests, elections, work plans) "
                    "once you confirm, unless you hold another mandate in it."
                )
            )
        else:
            consequences.append(sentence(_("%(person)s will no longer manage this hub."), **names))
        consequences.append(_("Only an election gives the hub a new %(role)s.") % names)
        return {
            "title": sentence(_("End the term of %(person)s"), **names),
            "consequences": consequences,
            "confirm_label": _("End the term today"),
            "cancel_url": reverse("hubs:manage", args=[hub.slug]) + "#mandates",
        }

    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.mandate_end(actor=request.user, mandate=mandate),
        done=_("The term ends today."),
        then=then,
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_close(request, slug, pk):
    hub = _manager_hub(request, slug)
    election = get_object_or_404(selectors.hub_election_rows(hub=hub), pk=pk)

    def page():
        cast, members = selectors.election_turnout(election=election)
        names = {
            "role": election.get_role_display(),
            "starts": _date(election.term_starts_on),
            "ends": _date(election.term_ends_on),
        }
        consequences = [
            ngettext(
                "%(cast)d of %(members)d member body has voted.",
                "%(cast)d of %(members)d member bodies have voted.",
                members,
            )
            % {"cast": cast, "members": members},
            _("The ballots are counted and the result is published; the hub's representatives are told."),
            _(
                "The elected candidate is %(role)s from %(starts)s to %(ends)s; whoever holds the role then leaves "
                "it the day before."
            )
            % names,
        ]
        if election.phase == "voting":
            consequences.insert(0, _("Voting has not ended yet: the results can be published only after it ends."))
        return {
            "title": _("Count and publish the election of the %(role)s") % names,
            "consequences": consequences,
            "confirm_label": _("Count and publish the results"),
            "cancel_url": election.get_absolute_url(),
        }

    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.election_close(actor=request.user, election=election),
        done=_("The results are published."),
        then=election,
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_plan_confirm(request, slug, pk):
    """Confirm the first `count` topics in Borda order; the page says how many member bodies have ranked."""
    hub = _manager_hub(request, slug)
    plan = get_object_or_404(selectors.hub_work_plan_rows(hub=hub), pk=pk)
    count_form = TopicCountForm(request.POST if request.method == "POST" else request.GET, hub=hub)
    if not count_form.is_valid():  # the work plan page again, with the number typed and the hub's rule
        return _work_plan_page(request, hub, plan, count_form=count_form, status=400)
    count = count_form.cleaned_data["count"]

    def page():
        ranked, member_count = selectors.work_plan_turnout(plan=plan)
        retained = [topic.title for topic, _points in services.borda_order(plan)[:count]]
        consequences = [
            ngettext(
                "%(ranked)d of %(members)d member body has ranked the topics.",
                "%(ranked)d of %(members)d member bodies have ranked the topics.",
                member_count,
            )
            % {"ranked": ranked, "members": member_count},
        ]
        if ranked < member_count:
            consequences.append(
                ngettext(
                    "%(missing)d member body has not ranked yet: its view will not count.",
                    "%(missing)d member bodies have not ranked yet: their views will not count.",
                    member_count - ranked,
                )
                % {"missing": member_count - ranked}
            )
        consequences += [
            _("The priorities, in Borda order: %(topics)s.") % {"topics": formats.format_list(retained) or "—"},
            _("Ranking closes: no topic can be proposed or ranked again in this plan."),
        ]
        return {
            "title": ngettext(
                "Confirm the work plan with %(count)d priority topic",
                "Confirm the work plan with %(count)d priority topics",
                count,
            )
            % {"count": count},
            "consequences": consequences,
            "confirm_label": _("Confirm the work plan"),
            "cancel_url": reverse("hubs:work_plan", args=[hub.slug, plan.pk]),
        }

    return confirmed_action(
        request,
        confirm_form(request, form_class=WorkPlanConfirmForm, initial={"count": count}, hub=hub),
        act=lambda: services.work_plan_confirm(actor=request.user, work_plan=plan, count=count),
        done=_("The work plan is confirmed."),
        then=reverse("hubs:work_plan", args=[hub.slug, plan.pk]),
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_reject(request, slug, pk):
    """Not retaining an initiative: the reason goes to the body that submitted it."""
    hub = _manager_hub(request, slug)
    initiative = get_object_or_404(selectors.hub_initiative_rows(hub=hub), pk=pk)
    form = confirm_form(request, reason_required=True)
    names = {"title": initiative.title, "body": initiative.body.name}
    return confirmed_action(
        request,
        form,
        act=lambda: services.initiative_review(
            actor=request.user,
            initiative=initiative,
            status=Initiative.Status.NOT_RETAINED,
            note=form.cleaned_data["reason"],
        ),
        done=_("The initiative is not retained."),
        then=reverse("hubs:initiatives", args=[hub.slug]),
        page=lambda: {
            "title": sentence(_("Do not retain “%(title)s”"), **names),
            "consequences": [
                sentence(_("The initiative “%(title)s” of %(body)s is not retained."), **names),
                sentence(_("The staff of %(body)s are told, with your reason."), **names),
            ],
            "confirm_label": _("Do not retain the initiative"),
            "cancel_url": reverse("hubs:initiatives", args=[hub.slug]) + f"#initiative-{initiative.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def working_group_leave(request, slug, pk, seat):
    """Leave a working group, or (the coordinator) remove someone from it."""
    hub = _hub_or_404(slug)
    seat = get_object_or_404(selectors.hub_seats(hub=hub), topic=pk, pk=seat)
    if not request.user.has_perm("hubs.remove_seat", seat):
        raise PermissionDenied
    names = {"person": seat.user.display_name, "topic": seat.topic.title}
    own = seat.user_id == request.user.pk

    def page():
        consequences = [
            sentence(_("You leave the working group “%(topic)s”."), **names)
            if own
            else sentence(_("%(person)s leaves the working group “%(topic)s”."), **names)
        ]
        if seat.role == WorkingGroupMember.Role.LEAD:
            consequences.append(_("The working group has no lead until the coordinator names one."))
        return {
            "title": _("Leave the working group")
            if own
            else sentence(_("Remove %(person)s from the working group"), **names),
            "consequences": consequences,
            "confirm_label": _("Leave the working group") if own else _("Remove from the working group"),
            "cancel_url": seat.topic.get_absolute_url(),
        }

    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.working_group_leave(actor=request.user, seat=seat),
        done=_("The seat in the working group is given up."),
        then=seat.topic,
        page=page,
    )


# --- Joint activities ---


@login_required
@require_http_methods(["GET", "POST"])
def joint_activity_decline(request, slug, pk):
    hub = _hub_or_404(slug)
    proposal = get_object_or_404(selectors.received_joint_activities(hub=hub), pk=pk)
    if not manages_partner_hub(request.user, proposal):  # not has_perm: a superuser holds every permission
        raise PermissionDenied
    names = {"hub": proposal.hub.name, "activity": proposal.event.name}
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.joint_activity_answer(actor=request.user, proposal=proposal, accept=False),
        done=_("The proposal is declined."),
        then=reverse("hubs:joint_activities", args=[hub.slug]),
        page=lambda: {
            "title": sentence(_("Decline to co-organise %(activity)s"), **names),
            "consequences": [
                sentence(_("%(hub)s is told that your hub declined to co-organise %(activity)s."), **names),
                _("The proposal cannot be answered again."),
            ],
            "confirm_label": _("Decline the proposal"),
            "cancel_url": reverse("hubs:joint_activities", args=[hub.slug]),
        },
    )
