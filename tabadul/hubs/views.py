from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tabadul.core.actions import attempt, refuse_on_form, show_form_errors, show_refusal
from tabadul.core.bidi import sentence
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import (
    ElectionForm,
    HubForm,
    InitiativeForm,
    InitiativeToTopicForm,
    InvitationForm,
    JointActivityForm,
    MentoringSessionForm,
    MentorshipForm,
    MentorshipStatusForm,
    NominationForm,
    RankingForm,
    ReviewForm,
    TopicAlignmentForm,
    TopicCountForm,
    TopicForm,
    VoteForm,
    WorkingGroupSeatForm,
    WorkPlanForm,
)
from .member_figures import AREA_KINDS
from .models import (
    Election,
    Hub,
    Initiative,
    JointActivity,
    Membership,
    WorkPlan,
    WorkPlanTopic,
)
from .rules import manages_partner_hub


def _hub_or_404(slug: str) -> Hub:
    return found_or_404(selectors.hub_get, slug=slug)


def _manager_hub(request, slug: str) -> Hub:
    hub = _hub_or_404(slug)
    if not request.user.has_perm("hubs.manage_hub", hub):
        raise PermissionDenied
    return hub


def _internal_hub(request, slug: str) -> Hub:
    """The coordinator's pages, read-only for the officers of the hub's programme (hubs.view_hub_internal)."""
    hub = _hub_or_404(slug)
    if not request.user.has_perm("hubs.view_hub_internal", hub):
        raise PermissionDenied
    return hub


def hub_list(request):
    page = paginate(request, selectors.hub_list())
    user = request.user
    invitation_count = selectors.my_invitations(user).count() if user.is_authenticated else 0
    context = {"page": page, "query": "", "invitation_count": invitation_count}
    return render(request, "hubs/hub_list.html", context)


# The members' filters and pages, once on the hub page: their old addresses lead to the members page.
MEMBER_LIST_PARAMETERS = {"type", "page", *AREA_KINDS}


def hub_detail(request, slug):
    hub = _hub_or_404(slug)
    if MEMBER_LIST_PARAMETERS & request.GET.keys():
        return redirect(f"{reverse('hubs:members', args=[hub.slug])}?{request.GET.urlencode()}")
    user = request.user
    membership = selectors.my_membership(hub=hub, user=user)
    # The hub's overview: its member bodies counted by type and country (stored figures); the bodies themselves, by
    # region and with their representatives, are on the members page (decisions/014).
    member_rows = selectors.hub_member_figures(hub=hub).rows
    member_types = selectors.hub_member_types(rows=member_rows)
    context = {
        "hub": hub,
        "member_types": member_types,
        "hub_member_total": sum(n for _type, _label, n in member_types),
        "member_areas": selectors.hub_member_areas(rows=member_rows),
        "chapters": selectors.hub_chapters(hub=hub),
        "axes": selectors.hub_axes(hub=hub),
        "partners": selectors.hub_partner_organisations(hub=hub),
        "mandates": selectors.hub_mandates(hub=hub, today=timezone.localdate()),
        "work_plans": selectors.hub_work_plans(hub=hub),
        "mentorships": selectors.hub_latest_mentorships(hub=hub),
        "documents": selectors.hub_documents(hub=hub, user=user),
        "elections": selectors.hub_latest_elections(hub=hub),
        "can_manage": user.has_perm("hubs.manage_hub", hub),
        "can_view_internal": user.has_perm("hubs.view_hub_internal", hub),
        "can_act_for_body": bool(
            user.is_authenticated and user.local_body_id and user.has_perm("hubs.act_for_body", user.local_body)
        ),
        "my_membership": membership,
        "i_represent": bool(membership and any(r.user_id == user.pk for r in membership.representatives.all())),
        "pending_invitation": (
            selectors.my_invitations(user).filter(hub=hub).first() if user.is_authenticated else None
        ),
        "my_initiatives": selectors.my_body_initiatives(hub=hub, user=user),
    }
    return render(request, "hubs/hub_detail.html", context)


def members(request, slug):
    """The hub's member bodies, one page at a time, by country and region, with their representatives: filtered by
    type of body and by area (country, region or governorate), with the counts of each."""
    hub = _hub_or_404(slug)
    user = request.user
    figures = selectors.hub_member_figures(hub=hub)
    member_types = selectors.hub_member_types(rows=figures.rows)
    body_type = request.GET.get("type", "")
    if body_type not in {value for value, _label, _n in member_types}:
        body_type = ""
    member_areas = selectors.hub_member_areas(rows=figures.rows, body_type=body_type)
    area = selectors.member_area_chosen(member_areas, request.GET)
    members = selectors.hub_members(hub=hub, body_type=body_type, area=area, stored_order=figures.stored)
    count = selectors.hub_members_count(member_types=member_types, body_type=body_type, area=area)
    members_page = paginate(request, members, count=count)
    members_by_region = selectors.members_grouped(members_page.object_list)
    chosen = {"type": body_type, **({area.kind: area.code} if area else {})}
    # The member bodies whose representatives the person may remove (hubs.remove_representative, without a query).
    speaks_for_ids = {
        m.body_id
        for _region, memberships in members_by_region
        for m in memberships
        if user.is_authenticated and user.has_perm("hubs.act_for_body", m.body)
    }
    context = {
        "hub": hub,
        "member_types": member_types,
        "body_type": body_type,
        "member_areas": member_areas,
        "member_area": area,
        "members_by_region": members_by_region,
        "members_page": members_page,
        "members_query": urlencode({key: value for key, value in chosen.items() if value}),
        "can_manage": user.has_perm("hubs.manage_hub", hub),
        "speaks_for_ids": speaks_for_ids,
    }
    return render(request, "hubs/members.html", context)


# --- Membership ---


@login_required
@require_POST
def membership_request(request, slug):
    hub = _hub_or_404(slug)
    if not request.user.local_body_id:
        raise PermissionDenied
    attempt(
        request,
        lambda: services.membership_request(actor=request.user, hub=hub, body=request.user.local_body),
        _("Your body's request to join is sent to the coordinator."),
    )
    return redirect(hub)


@login_required
@require_POST
def representative_join(request, slug):
    hub = _hub_or_404(slug)
    membership = get_object_or_404(
        Membership, hub=hub, body_id=request.user.local_body_id, status=Membership.Status.ACTIVE
    )
    attempt(
        request,
        lambda: services.representative_join(actor=request.user, membership=membership),
        _("You now represent your body in this hub."),
    )
    return redirect(hub)


@login_required
@require_POST
def representative_leave(request, slug):
    hub = _hub_or_404(slug)
    representative = get_object_or_404(selectors.hub_representative_rows(hub=hub), user=request.user)
    services.representative_leave(actor=request.user, representative=representative)
    messages.success(request, _("You no longer represent your body in this hub."))
    return redirect(hub)


@login_required
def my_invitations(request):
    """Invitations waiting for the person's body and the bodies they speak for; those may answer them."""
    invitations = list(selectors.my_invitations(request.user))
    for invitation in invitations:
        invitation.can_answer = request.user.has_perm("hubs.act_for_body", invitation.body)
    return render(request, "hubs/my_invitations.html", {"invitations": invitations})


@login_required
@require_POST
def invitation_answer(request, pk):
    invitation = get_object_or_404(selectors.invitation_rows(), pk=pk)
    if request.POST.get("accept") != "1":  # declining cannot be undone: it has its confirmation page
        return redirect("hubs:invitation_decline", invitation.pk)
    attempt(
        request,
        lambda: services.invitation_answer(actor=request.user, invitation=invitation, accept=True),
        _("Your body joined the hub."),
    )
    return redirect("hubs:my_invitations")


# --- Coordinator's pages ---


@login_required
def manage(request, slug):
    hub = _internal_hub(request, slug)
    return _manage_page(request, hub)


def _manage_page(request, hub, *, election_form=None, plan_form=None):
    """The hub's management page; a form posted from it that was not valid comes back with what was typed."""
    return render(
        request,
        "hubs/manage.html",
        {
            "hub": hub,
            "can_manage": request.user.has_perm("hubs.manage_hub", hub),
            "requests": selectors.membership_requests(hub=hub),
            # A page of them (`?elections=`): a hub holds an election a year or more per role (200 at scale).
            "elections": paginate(request, selectors.hub_elections(hub=hub), param="elections"),
            "election_form": election_form or ElectionForm(),
            "work_plans": hub.work_plans.select_related("chapter"),
            "plan_form": plan_form or WorkPlanForm(hub=hub),
            "mandates": selectors.hub_mandates(hub=hub, today=timezone.localdate()),
        },
    )


@login_required
@require_POST
def membership_decide(request, slug, pk):
    """Accept a request to join; declining has its confirmation page with the required reason."""
    hub = _manager_hub(request, slug)
    membership = get_object_or_404(Membership, hub=hub, pk=pk)
    if request.POST.get("accept") != "1":
        return redirect("hubs:membership_decline", hub.slug, membership.pk)
    attempt(
        request,
        lambda: services.membership_decide(actor=request.user, membership=membership, accept=True),
        _("The body is a member of the hub."),
    )
    return redirect("hubs:manage", hub.slug)


@login_required
def invitations(request, slug):
    hub = _manager_hub(request, slug) if request.method == "POST" else _internal_hub(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bodies = services.bodies_to_invite(
            hub=hub,
            region=form.cleaned_data["region"],
            governorate=form.cleaned_data["governorate"],
            body_type=form.cleaned_data["type"],
        )
        sent = services.invitation_send(actor=request.user, hub=hub, bodies=bodies)
        messages.success(request, ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent})
        return redirect("hubs:invitations", hub.slug)
    page = paginate(request, selectors.invitations(hub=hub))
    can_manage = request.user.has_perm("hubs.manage_hub", hub)
    context = {"hub": hub, "form": form, "page": page, "query": "", "can_manage": can_manage}
    return render(request, "hubs/invitations.html", context)


@login_required
@require_POST
def election_create(request, slug):
    hub = _manager_hub(request, slug)
    form = ElectionForm(request.POST)
    if form.is_valid():
        try:
            election = services.election_create(actor=request.user, hub=hub, **form.cleaned_data)
            messages.success(request, _("The election is open for nominations."))
            return redirect(election)
        except ValidationError as error:
            refuse_on_form(form, error)
    return _manage_page(request, hub, election_form=form)


@login_required
@require_POST
def work_plan_create(request, slug):
    hub = _manager_hub(request, slug)
    form = WorkPlanForm(request.POST, hub=hub)
    if form.is_valid():
        try:
            plan = services.work_plan_create(actor=request.user, hub=hub, **form.cleaned_data)
            return redirect("hubs:work_plan", hub.slug, plan.pk)
        except ValidationError as error:
            refuse_on_form(form, error)
    return _manage_page(request, hub, plan_form=form)


# --- Elections ---


def election_detail(request, slug, pk):
    hub = _hub_or_404(slug)
    election = get_object_or_404(selectors.hub_election_rows(hub=hub), pk=pk)
    user = request.user
    voted = selectors.has_voted(election=election, user=user)
    context = {
        "hub": hub,
        "election": election,
        "candidates": selectors.election_candidates(election=election),
        "can_take_part": user.has_perm("hubs.take_part", hub),
        "can_manage": user.has_perm("hubs.manage_hub", hub),
        "voted": voted,
        "vote_form": VoteForm(election=election),
        "nomination_form": (
            NominationForm(people=selectors.hub_representatives(hub=hub), initial={"user": user.pk})
            if election.phase == "nominations" and user.has_perm("hubs.take_part", hub)
            else None
        ),
        # Results are shown only once the election is closed.
        "tally": services.election_tally(election) if election.closed_at else None,
        "receipts": election.receipts.count() if election.closed_at else None,
        # Participation while the vote runs (how many member bodies have voted, never for whom): the hub's
        # coordinators and the officers of its programme.
        "participation": (
            election.receipts.count()
            if not election.closed_at and user.has_perm("hubs.view_hub_internal", hub)
            else None
        ),
    }
    return render(request, "hubs/election_detail.html", context)


@login_required
@require_POST
def candidate_nominate(request, slug, pk):
    hub = _hub_or_404(slug)
    election = get_object_or_404(Election, hub=hub, pk=pk)
    if not request.user.has_perm("hubs.take_part", hub):
        raise PermissionDenied
    person = request.user
    if request.POST.get("user"):
        form = NominationForm(request.POST, people=selectors.hub_representatives(hub=hub))
        if not form.is_valid():
            show_form_errors(request, form)
            return redirect(election)
        person = form.cleaned_data["user"]
    try:
        services.candidate_nominate(actor=request.user, election=election, user=person)
        if person.pk == request.user.pk:
            messages.success(request, _("You are a candidate."))
        else:
            messages.success(request, sentence(_("%(person)s is nominated."), person=person.display_name))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect(election)


@login_required
@require_POST
def ballot_cast(request, slug, pk):
    hub = _hub_or_404(slug)
    election = get_object_or_404(Election, hub=hub, pk=pk)
    form = VoteForm(request.POST, election=election)
    if not form.is_valid():
        messages.error(request, _("Choose a candidate."))
        return redirect(election)
    attempt(
        request,
        lambda: services.ballot_cast(actor=request.user, election=election, candidate=form.cleaned_data["candidate"]),
        _("Your body's vote is cast. It is secret."),
    )
    return redirect(election)


# --- Work plans ---


def work_plan(request, slug, pk):
    hub = _hub_or_404(slug)
    plan = get_object_or_404(selectors.hub_work_plan_rows(hub=hub), pk=pk)
    return _work_plan_page(request, hub, plan)


def _work_plan_page(request, hub, plan, *, topic_form=None, ranking_form=None, count_form=None, status=200):
    """The work plan page; a form given here is shown again as the person left it (errors, order, what was typed)."""
    borda = services.borda_order(plan)  # every topic, with its hub for its address
    topics = sorted((topic for topic, _points in borda), key=lambda topic: topic.pk)
    user = request.user
    can_take_part = user.has_perm("hubs.take_part", hub)
    if ranking_form is None and can_take_part:
        ranking_form = RankingForm(topics=topics, saved=selectors.saved_ranking(plan=plan, user=user))
    return render(
        request,
        "hubs/work_plan.html",
        {
            "hub": hub,
            "plan": plan,
            "topics": topics,
            "borda": borda,
            "can_take_part": can_take_part,
            "can_manage": user.has_perm("hubs.manage_hub", hub),
            "topic_form": topic_form or TopicForm(hub=hub),
            "ranking_form": ranking_form,
            "count_form": count_form or TopicCountForm(hub=hub),
            "rankings": plan.rankings.count(),
        },
        status=status,
    )


@login_required
@require_POST
def topic_propose(request, slug, pk):
    hub = _hub_or_404(slug)
    plan = get_object_or_404(WorkPlan, hub=hub, pk=pk)
    form = TopicForm(request.POST, hub=hub)
    if form.is_valid():
        try:
            services.topic_propose(actor=request.user, work_plan=plan, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The topic is proposed."))
            return redirect("hubs:work_plan", hub.slug, plan.pk)
    return _work_plan_page(request, hub, plan, topic_form=form, status=400)


@login_required
@require_POST
def topic_rank(request, slug, pk):
    """Save the body's order of the topics; an arrow button only reorders the list and shows it again, unsaved."""
    hub = _hub_or_404(slug)
    plan = get_object_or_404(WorkPlan, hub=hub, pk=pk)
    if not request.user.has_perm("hubs.take_part", hub):
        raise PermissionDenied
    form = RankingForm(request.POST, topics=sorted(plan.topics.all(), key=lambda topic: topic.pk))
    if form.move():
        return _work_plan_page(request, hub, plan, ranking_form=form)
    if form.is_valid():
        try:
            services.topic_ranking_submit(actor=request.user, work_plan=plan, topics=form.ranked)
        except ValidationError as error:  # the plan was confirmed meanwhile: the page no longer offers the list
            show_refusal(request, error)
        else:
            messages.success(request, _("Your body's ranking is saved."))
        return redirect("hubs:work_plan", hub.slug, plan.pk)
    return _work_plan_page(request, hub, plan, ranking_form=form, status=400)


def topic_detail(request, slug, pk):
    hub = _hub_or_404(slug)
    try:
        topic = selectors.topic_get(hub=hub, pk=pk)
    except WorkPlanTopic.DoesNotExist:
        raise Http404 from None
    can_manage = request.user.has_perm("hubs.manage_hub", hub)
    form = None
    if can_manage:
        form = TopicAlignmentForm(
            initial={
                "sdg_targets": list(topic.sdg_targets.all()),
                "sdg_goals": list(topic.sdg_goals.all()),
                "kpis": list(topic.kpis.all()),
            }
        )
    seats = list(topic.working_group.all())
    return render(
        request,
        "hubs/topic_detail.html",
        {
            "hub": hub,
            "topic": topic,
            "seats": seats,
            "my_seat": next((seat for seat in seats if seat.user_id == request.user.pk), None),
            "events": selectors.topic_events(topic=topic, user=request.user),
            "documents": selectors.topic_documents(topic=topic, user=request.user),
            "can_manage": can_manage,
            "can_take_part": request.user.has_perm("hubs.take_part", hub),
            "alignment_form": form,
            "seat_form": WorkingGroupSeatForm(people=selectors.hub_representatives(hub=hub)) if can_manage else None,
        },
    )


@login_required
@require_POST
def topic_align(request, slug, pk):
    hub = _manager_hub(request, slug)
    topic = get_object_or_404(WorkPlanTopic, work_plan__hub=hub, pk=pk)
    form = TopicAlignmentForm(request.POST)
    if form.is_valid():
        services.topic_align(actor=request.user, topic=topic, **form.alignment_values())
        messages.success(request, _("The alignment is saved."))
    else:
        messages.error(request, _("Unknown goal, target or indicator."))
    return redirect(topic)


@login_required
@require_POST
def working_group_join(request, slug, pk):
    hub = _hub_or_404(slug)
    topic = get_object_or_404(WorkPlanTopic, work_plan__hub=hub, pk=pk)
    attempt(
        request,
        lambda: services.working_group_join(actor=request.user, topic=topic),
        _("You joined the working group."),
    )
    return redirect(topic)


@login_required
@require_POST
def working_group_seat(request, slug, pk):
    """The coordinator seats a representative in the working group or names the lead."""
    hub = _manager_hub(request, slug)
    topic = get_object_or_404(WorkPlanTopic, work_plan__hub=hub, pk=pk)
    form = WorkingGroupSeatForm(request.POST, people=selectors.hub_representatives(hub=hub))
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(topic)
    attempt(
        request,
        lambda: services.working_group_join(
            actor=request.user, topic=topic, user=form.cleaned_data["user"], lead=form.cleaned_data["lead"]
        ),
        _("The working group is updated."),
    )
    return redirect(topic)


# --- Innovation survey ---


@login_required
def initiative_submit(request, slug):
    hub = _hub_or_404(slug)
    if not hub.reviews_initiatives:
        raise Http404
    body = request.user.local_body
    if body is None:
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in InitiativeForm.Meta.fields}
        upload = form.cleaned_data.get("attachment")
        try:
            services.initiative_submit(
                actor=request.user, hub=hub, body=body, attachments=[upload] if upload else [], **values
            )
            messages.success(request, _("Thank you: the innovation hub will review your initiative."))
            return redirect(hub)
        except ValidationError as error:
            refuse_on_form(form, error)
    return render(request, "hubs/initiative_form.html", {"hub": hub, "form": form})


@login_required
def initiatives(request, slug):
    return _initiatives_page(request, _manager_hub(request, slug))


def _initiatives_page(request, hub, *, reviewing=None, reviewed_form=None, status: int = 200):
    """The hub's initiatives; after a review that was not valid, that initiative's (`reviewing`) form as typed."""
    page = paginate(request, selectors.initiatives(hub=hub))
    return render(
        request,
        "hubs/initiatives.html",
        {
            "hub": hub,
            "page": page,
            "query": "",
            "review_form": ReviewForm(),
            "reviewing": reviewing,
            "reviewed_form": reviewed_form,
            "topic_form": InitiativeToTopicForm(hub=hub),
        },
        status=status,
    )


@login_required
@require_POST
def initiative_review(request, slug, pk):
    hub = _manager_hub(request, slug)
    initiative = get_object_or_404(Initiative, hub=hub, pk=pk)
    form = ReviewForm(request.POST, auto_id=f"review-{initiative.pk}-%s")
    if form.is_valid():
        try:
            services.initiative_review(
                actor=request.user,
                initiative=initiative,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("hubs:initiatives", hub.slug)
    return _initiatives_page(request, hub, reviewing=initiative.pk, reviewed_form=form, status=400)


@login_required
@require_POST
def initiative_to_topic(request, slug, pk):
    hub = _manager_hub(request, slug)
    initiative = get_object_or_404(Initiative, hub=hub, pk=pk)
    form = InitiativeToTopicForm(request.POST, hub=hub)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("hubs:initiatives", hub.slug)
    try:
        topic = services.initiative_to_topic(
            actor=request.user, initiative=initiative, work_plan=form.cleaned_data["work_plan"]
        )
        messages.success(request, _("The initiative is now a topic of the work plan."))
        return redirect(topic)
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("hubs:initiatives", hub.slug)


# --- Coordinator: the hub itself ---


@login_required
def hub_edit(request, slug):
    hub = _manager_hub(request, slug)
    form = HubForm(request.POST or None, instance=selectors.hub_saved(hub))
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_update(
                actor=request.user, hub=hub, **{name: form.cleaned_data[name] for name in HubForm.Meta.fields}
            )
            messages.success(request, _("The hub is saved."))
            return redirect(hub)
        except ValidationError as error:
            refuse_on_form(form, error)
    return render(request, "hubs/hub_edit.html", {"hub": hub, "form": form})


# --- Peer mentoring ---


def _mentor_bodies(request, hub: Hub):
    return selectors.mentor_body_choices(hub=hub, user=request.user)


def mentorships(request, slug):
    hub = _hub_or_404(slug)
    return _mentorships_page(request, hub)


def _mentorships_page(request, hub, *, form=None, session_form=None, session_for=None):
    """The hub's mentoring page; a form posted from it that was not valid comes back with what was typed."""
    page = paginate(request, selectors.hub_mentorships(hub=hub))
    for mentorship in page.object_list:  # the peer bodies a row does not name
        mentorship.mentees_more = mentorship.mentee_count - len(mentorship.mentees_shown)
    mentor_bodies = _mentor_bodies(request, hub)
    user = request.user
    managed = set()
    if user.is_authenticated:
        managed = {m.pk for m in page.object_list if user.has_perm("hubs.manage_mentorship", m)}
    # The same empty fields under each mentoring the person manages: written once, not once a row (a page of 20
    # spent half its time writing 40 forms, issue 22).
    session_fields = status_fields = ""
    if managed:
        session_fields = render_to_string("includes/form.html", {"form": MentoringSessionForm()})
        status_fields = render_to_string("includes/form.html", {"form": MentorshipStatusForm()})
    return render(
        request,
        "hubs/mentorships.html",
        {
            "hub": hub,
            "page": page,
            "query": "",
            "managed": managed,
            "form": form or _mentorship_form(user, mentor_bodies),
            "session_fields": session_fields,
            "typed_session_form": session_form,  # under the mentoring it was posted for
            "session_for": session_for,
            "status_fields": status_fields,
        },
    )


def _mentorship_form(user, mentor_bodies) -> MentorshipForm | None:
    """The empty form for those who may record a mentoring, their own body filled in as the mentor."""
    if mentor_bodies is None:
        return None
    return MentorshipForm(mentor_bodies=mentor_bodies, initial={"mentor_body": user.local_body_id})


@login_required
@require_POST
def mentorship_create(request, slug):
    hub = _hub_or_404(slug)
    mentor_bodies = _mentor_bodies(request, hub)
    if mentor_bodies is None:
        raise PermissionDenied
    form = MentorshipForm(request.POST, mentor_bodies=mentor_bodies)
    if not form.is_valid():
        return _mentorships_page(request, hub, form=form)
    attempt(
        request,
        lambda: services.mentorship_create(actor=request.user, hub=hub, **form.cleaned_data),
        _("The mentoring is recorded."),
    )
    return redirect("hubs:mentorships", hub.slug)


@login_required
@require_POST
def mentoring_session_add(request, slug, pk):
    hub = _hub_or_404(slug)
    mentorship = get_object_or_404(selectors.hub_mentorship_rows(hub=hub), pk=pk)
    if not request.user.has_perm("hubs.manage_mentorship", mentorship):
        raise PermissionDenied
    form = MentoringSessionForm(request.POST)
    if not form.is_valid():
        return _mentorships_page(request, hub, session_form=form, session_for=mentorship.pk)
    attempt(
        request,
        lambda: services.mentoring_session_add(
            actor=request.user,
            mentorship=mentorship,
            bodies=[mentorship.mentor_body, *mentorship.mentee_bodies.all()],
            **form.cleaned_data,
        ),
        _("The session is recorded."),
    )
    return redirect("hubs:mentorships", hub.slug)


@login_required
@require_POST
def mentorship_status(request, slug, pk):
    hub = _hub_or_404(slug)
    mentorship = get_object_or_404(selectors.hub_mentorship_rows(hub=hub), pk=pk)
    if not request.user.has_perm("hubs.manage_mentorship", mentorship):
        raise PermissionDenied
    form = MentorshipStatusForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("hubs:mentorships", hub.slug)
    services.mentorship_set_status(actor=request.user, mentorship=mentorship, status=form.cleaned_data["status"])
    messages.success(request, _("The status is saved."))
    return redirect("hubs:mentorships", hub.slug)


# --- Joint activities (issue 20, item 6) ---


PAIRED = (("received", "sent"), ("sent", "received"))  # each list of joint activities and the other one


@login_required
def joint_activities(request, slug):
    """Propose one of the hub's activities to another hub; answer the proposals other hubs sent this one."""
    hub = _manager_hub(request, slug) if request.method == "POST" else _internal_hub(request, slug)
    form = JointActivityForm(request.POST or None, hub=hub, events=selectors.joint_activity_events(hub=hub))
    if request.method == "POST" and form.is_valid():
        try:
            services.joint_activity_propose(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The proposal is sent to the other hub's coordinator."))
            return redirect("hubs:joint_activities", hub.slug)
    proposals = selectors.hub_joint_activities(hub=hub)
    # Two lists a page at a time, each with its own page number; a link to another page of one keeps the other's.
    pages = {name: paginate(request, proposals[name], param=name) for name in ("received", "sent")}
    kept = {name: urlencode({other: request.GET[other]} if other in request.GET else {}) for name, other in PAIRED}
    return render(
        request,
        "hubs/joint_activities.html",
        {
            "hub": hub,
            "form": form,
            "can_manage": request.user.has_perm("hubs.manage_hub", hub),
            # Only the hub's own coordinator or deputy answers (not a platform administrator in their place).
            "can_answer": manages_partner_hub(request.user, JointActivity(partner_hub=hub)),
            "received": pages["received"],
            "sent": pages["sent"],
            "received_query": kept["received"],
            "sent_query": kept["sent"],
        },
    )


@login_required
@require_POST
def joint_activity_answer(request, slug, pk):
    hub = _hub_or_404(slug)
    proposal = get_object_or_404(selectors.received_joint_activities(hub=hub), pk=pk)
    if not manages_partner_hub(request.user, proposal):  # not has_perm: a superuser holds every permission
        raise PermissionDenied
    if request.POST.get("accept") != "1":  # declining cannot be undone: it has its confirmation page
        return redirect("hubs:joint_activity_decline", hub.slug, proposal.pk)
    attempt(
        request,
        lambda: services.joint_activity_answer(actor=request.user, proposal=proposal, accept=True),
        _("The activity is now organised by both hubs."),
    )
    return redirect("hubs:joint_activities", hub.slug)


@login_required
@require_POST
def joint_activity_withdraw(request, slug, pk):
    hub = _manager_hub(request, slug)
    proposal = get_object_or_404(JointActivity, hub=hub, pk=pk)
    attempt(
        request,
        lambda: services.joint_activity_withdraw(actor=request.user, proposal=proposal),
        _("The proposal is withdrawn."),
    )
    return redirect("hubs:joint_activities", hub.slug)
