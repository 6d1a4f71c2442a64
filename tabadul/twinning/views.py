from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tabadul.core import exports
from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.bidi import sentence, user_text
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.files import file_response
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import excel, selectors, services
from .forms import (
    AssessmentForm,
    CriterionForm,
    DocumentForm,
    GroupEndForm,
    GroupFilterForm,
    GroupForm,
    MeetingForm,
    MilestoneForm,
    MilestoneStatusForm,
    NetworkForm,
    ReviewForm,
    StrategySectionForm,
)
from .forum import forum_url
from .models import (
    GroupDocument,
    Milestone,
    Network,
    StrategySection,
    TwinningGroup,
    current_period,
    validate_period,
)
from .suggestions import suggest_partners


def _query_without(request, param: str) -> str:
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


def _query_without_page(request) -> str:
    return _query_without(request, "page")


def _network_or_404(slug: str) -> Network:
    return found_or_404(selectors.network_get, slug=slug)


def _group_or_404(pk: int) -> TwinningGroup:
    return found_or_404(selectors.group_get, pk=pk)


def _managed_group_or_403(request, pk: int) -> TwinningGroup:
    group = _group_or_404(pk)
    if not request.user.has_perm("twinning.change_group", group):
        raise PermissionDenied
    return group


# --- Networks ----------------------------------------------------------------------------------------------


def network_list(request):
    page = paginate(request, selectors.network_list())
    return render(
        request,
        "twinning/network_list.html",
        {
            "page": page,
            "query": _query_without_page(request),
            "my_groups": selectors.my_groups(user=request.user),
            "my_body": getattr(request.user, "local_body", None),
            "can_add": request.user.has_perm("twinning.add_network"),
        },
    )


def network_detail(request, slug):
    network = _network_or_404(slug)
    form = GroupFilterForm(request.GET or None)
    filters = selectors.GroupFilters(**form.values())
    today = timezone.localdate()
    page = paginate(request, selectors.network_overview(network=network, filters=filters, today=today))
    return render(
        request,
        "twinning/network_detail.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "criteria": network.criteria.all(),
            "can_change": request.user.has_perm("twinning.change_network", network),
            "can_add_group": request.user.has_perm("twinning.add_group", network),
        },
    )


def network_export(request, slug):
    network = _network_or_404(slug)
    return exports.xlsx_response(excel.network_overview_sheet(network=network), name=[_("twinning"), network.slug])


@login_required
def network_create(request):
    if not request.user.has_perm("twinning.add_network"):
        raise PermissionDenied
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            network = services.network_create(
                actor=request.user, members=data.pop("members"), facilitators=data.pop("facilitators"), **data
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The network was created."))
            return redirect(network)
    return render(request, "twinning/form.html", {"form": form, "title": _("New learning network")})


@login_required
def network_edit(request, slug):
    network = _network_or_404(slug)
    if not request.user.has_perm("twinning.change_network", network):
        raise PermissionDenied
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.network_update(
                actor=request.user,
                network=network,
                add_members=data.pop("add_members"),
                remove_members=data.pop("remove_members"),
                **data,
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The network was saved."))
            return redirect(network)
    return render(request, "twinning/form.html", {"form": form, "title": user_text(network.name), "back": network})


@login_required
def criterion_add(request, slug):
    network = _network_or_404(slug)
    if not request.user.has_perm("twinning.change_network", network):
        raise PermissionDenied
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_add(actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect(network)
    return render(
        request,
        "twinning/form.html",
        {"form": form, "title": _("New evaluation criterion"), "back": network, "items": network.criteria.all()},
    )


# --- Groups ------------------------------------------------------------------------------------------------


@login_required
def group_create(request, slug):
    network = _network_or_404(slug)
    if not request.user.has_perm("twinning.add_group", network):
        raise PermissionDenied
    form = GroupForm(request.POST or None, network=network, initial={"facilitator": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user, network=network, members=form.cleaned_data["members"], **form.values()
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The twinning group was created."))
            return redirect(group)
    return render(request, "twinning/form.html", {"form": form, "title": _("New twinning group"), "back": network})


@login_required
def group_edit(request, pk):
    group = _managed_group_or_403(request, pk)
    form = GroupForm(request.POST or None, instance=group, network=group.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(
                actor=request.user, group=group, members=form.cleaned_data["members"], **form.values()
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The twinning group was saved."))
            return redirect(group)
    return render(request, "twinning/form.html", {"form": form, "title": user_text(group.name), "back": group})


@login_required
def group_end(request, pk):
    """End a group (completed or cancelled) after a page that says what follows, with a required reason."""
    group = _managed_group_or_403(request, pk)
    if group.status not in TwinningGroup.CURRENT_STATUSES:
        messages.error(request, _("This group has already ended."))
        return redirect(group)
    form = confirm_form(request, form_class=GroupEndForm)

    def page():
        open_milestones = group.milestones.exclude(status=Milestone.Status.DONE).count()
        return {
            "title": sentence(_("End the twinning group “%(group)s”?"), group=group.name),
            "consequences": [
                _("The group leaves the network's current groups; its page, documents and history stay."),
                _("Its end date becomes today's date if it was later or not set."),
                _("%(count)s unfinished milestone(s) will no longer be reminded to the member bodies.")
                % {"count": open_milestones},
                _("An ended group cannot be reopened."),
            ],
            "confirm_label": _("End the group"),
            "cancel_url": group.get_absolute_url(),
        }

    return confirmed_action(
        request,
        form,
        act=lambda: services.group_end(
            actor=request.user, group=group, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        ),
        done=_("The twinning group has ended."),
        then=group,
        page=page,
    )


def group_detail(request, pk):
    group = _group_or_404(pk)
    user = request.user
    today = timezone.localdate()
    milestones = selectors.group_milestones(
        group=group, page=request.GET.get("milestones"), showing=request.GET.get("milestone")
    )
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue_on(today)
        milestone.can_move = user.has_perm("twinning.change_milestone_status", milestone)
    private = user.has_perm("twinning.view_group_private", group)
    return render(
        request,
        "twinning/group_detail.html",
        {
            "group": group,
            "members": selectors.group_members(group=group, page=request.GET.get("bodies")),
            "milestones": milestones,
            "members_query": _query_without(request, "bodies"),
            "milestones_query": _query_without(request, "milestones"),
            "private": private,
            "documents": paginate(request, selectors.group_documents(user=user, group=group), param="documents"),
            "meetings": paginate(request, selectors.group_meetings(user=user, group=group), param="meetings"),
            "documents_query": _query_without(request, "documents"),
            "meetings_query": _query_without(request, "meetings"),
            "forum_url": forum_url(group) if private else "",
            "can_manage": user.has_perm("twinning.change_group", group),
            "can_schedule": user.has_perm("twinning.add_meeting", group) and user.has_perm("events.add_event"),
            "can_share": user.has_perm("twinning.add_document", group),
            "can_see_progress": user.has_perm("twinning.view_progress", group),
            "can_assess": user.is_authenticated
            and user.local_body_id is not None
            and user.has_perm("twinning.write_assessment", (group, user.local_body)),
            "status_choices": Milestone.Status.choices,
            "current_statuses": TwinningGroup.CURRENT_STATUSES,
            "strategy": selectors.group_strategy(group=group),
            "can_edit_strategy": user.has_perm("twinning.change_strategy", group),
        },
    )


@login_required
def strategy_section_edit(request, pk, kind):
    group = _group_or_404(pk)
    if kind not in StrategySection.Kind.values:
        raise Http404
    if not request.user.has_perm("twinning.change_strategy", group):
        raise PermissionDenied
    section = selectors.strategy_section_for(group=group, kind=kind)
    form = StrategySectionForm(request.POST or None, instance=section, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_section_save(actor=request.user, group=group, kind=kind, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The strategy section was saved."))
            return redirect(f"{group.get_absolute_url()}#strategy")
    title = sentence(_("%(section)s – %(group)s"), section=escape(section.get_kind_display()), group=group.name)
    return render(request, "twinning/form.html", {"form": form, "title": title, "back": group})


# --- Milestones --------------------------------------------------------------------------------------------


@login_required
def milestone_create(request, pk):
    group = _managed_group_or_403(request, pk)
    form = MilestoneForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(actor=request.user, group=group, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect(group)
    return render(request, "twinning/form.html", {"form": form, "title": _("New milestone"), "back": group})


def _milestone_or_404(pk: int) -> Milestone:
    return found_or_404(selectors.milestone_get, pk=pk)


@login_required
def milestone_edit(request, pk):
    milestone = _milestone_or_404(pk)
    group = milestone.group
    if not request.user.has_perm("twinning.change_group", group):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None, instance=milestone, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone, **form.values())
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect(group)
    return render(request, "twinning/form.html", {"form": form, "title": user_text(milestone.title), "back": group})


@login_required
@require_POST
def milestone_status(request, pk):
    milestone = _milestone_or_404(pk)
    if not request.user.has_perm("twinning.change_milestone_status", milestone):
        raise PermissionDenied
    form = MilestoneStatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        attempt(
            request,
            lambda: services.milestone_set_status(actor=request.user, milestone=milestone, status=status),
            _("The milestone's status was changed."),
        )
    else:
        messages.error(request, _("Unknown status."))
    return redirect(milestone.group)


# --- Documents and meetings ---------------------------------------------------------------------------------


@login_required
def document_upload(request, pk):
    group = _group_or_404(pk)
    if not request.user.has_perm("twinning.add_document", group):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user, group=group, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The document is shared with the group."))
            return redirect(group)
    return render(
        request, "twinning/form.html", {"form": form, "title": _("Share a document"), "back": group, "multipart": True}
    )


@login_required
def document_download(request, pk):
    try:
        document = selectors.document_for_download(user=request.user, pk=pk)
    except GroupDocument.DoesNotExist:
        raise Http404 from None
    return file_response(request, document, "file")


@login_required
def meeting_create(request, pk):
    group = _group_or_404(pk)
    if not request.user.has_perm("twinning.add_meeting", group):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                group=group,
                name_ar=data["name_ar"],
                name_en=data["name_en"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                time_zone=data["time_zone"],
                online_url=data["online_url"],
                description=data["description"],
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The meeting was scheduled and the member bodies invited."))
            return redirect(meeting.event)
    return render(request, "twinning/form.html", {"form": form, "title": _("New group meeting"), "back": group})


# --- Progress ------------------------------------------------------------------------------------------------


@login_required
def group_progress(request, pk):
    group = _group_or_404(pk)
    if not request.user.has_perm("twinning.view_progress", group):
        raise PermissionDenied
    period = request.GET.get("period") or None
    if period:
        try:
            validate_period(period)
        except ValidationError:
            period = None
    progress = selectors.group_progress(group=group, period=period, page=request.GET.get("bodies"))
    user = request.user
    return render(
        request,
        "twinning/group_progress.html",
        {
            "group": group,
            "progress": progress,
            "query": _query_without(request, "bodies"),
            "can_review": user.has_perm("twinning.review_group", group),
            "can_assess": user.local_body_id is not None
            and user.has_perm("twinning.write_assessment", (group, user.local_body)),
        },
    )


@login_required
def assessment_edit(request, pk):
    """The signed-in person's body's self-assessment for a period (created on first save)."""
    group = _group_or_404(pk)
    user = request.user
    body = user.local_body
    if body is None or not user.has_perm("twinning.write_assessment", (group, body)):
        raise PermissionDenied
    criteria = list(group.network.criteria.all())
    period = request.POST.get("period") or request.GET.get("period") or current_period()
    try:
        validate_period(period)
    except ValidationError:
        period = current_period()
    existing = selectors.assessment_for(group=group, body=body, period=period)
    initial = {"period": period}
    if existing:
        initial["narrative"] = existing.narrative
        initial |= {f"score_{score.criterion_id}": score.value for score in existing.scores.all()}
    form = AssessmentForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=user,
                group=group,
                body=body,
                period=form.cleaned_data["period"],
                narrative=form.cleaned_data["narrative"],
                scores=form.scores(),
                submit=form.cleaned_data["submit"],
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect("twinning:group_progress", pk=group.pk)
    return render(
        request,
        "twinning/form.html",
        {
            "form": form,
            "title": sentence(_("Self-assessment of %(body)s"), body=body.name),
            "back": group,
            "locked": existing is not None and existing.status == existing.Status.SUBMITTED,
        },
    )


@login_required
def group_review(request, pk):
    group = _group_or_404(pk)
    if not request.user.has_perm("twinning.review_group", group):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The review was saved."))
            return redirect("twinning:group_progress", pk=group.pk)
    return render(request, "twinning/form.html", {"form": form, "title": _("Facilitator review"), "back": group})


# --- Partner suggestions ------------------------------------------------------------------------------------


@login_required
def partner_suggestions(request, slug):
    body = get_object_or_404(selectors.bodies_with_country(), slug=slug)
    return render(
        request,
        "twinning/suggestions.html",
        {"body": body, "suggestions": suggest_partners(body=body)},
    )
