"""Pages of the bodies' staff: plan editing, progress approval, moderation, posts, import, reports.

Every view checks the permission on the body or plan before showing a form, and the service checks
it again before writing (403 for an editor of another body).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tabadul.core import exports
from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.bidi import sentence, user_text
from tabadul.core.confirm import ConfirmForm, confirm_form, confirmed_action
from tabadul.core.links import is_same_site_path
from tabadul.core.pagination import paginate
from tabadul.directory.forms import BodyNameForm
from tabadul.directory.models import LocalBody

from . import excel, report, selectors, services
from . import map as project_map
from .forms import (
    DecisionForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    MilestoneForm,
    PlanForm,
    PostForm,
    ProgressForm,
    ProjectForm,
    ReplyForm,
    ReportForm,
    StatusForm,
)
from .models import (
    Feedback,
    ImportJob,
    PlanReport,
    PlatformFeedback,
    Post,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicGoal,
    StrategicPlan,
)


def _check(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _plan(request, pk, perm="meter.change_plan") -> StrategicPlan:
    plan = get_object_or_404(selectors.plans_with_body(), pk=pk)
    _check(request, perm, plan)
    return plan


def _body(request, slug, perm="meter.manage_body") -> LocalBody:
    body = get_object_or_404(LocalBody, slug=slug)
    _check(request, perm, body)
    return body


def _next(request) -> str:
    """Where to return after acting (e.g. "my work"), when the link said so and it is a path on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    return url if is_same_site_path(url) else ""


def _back(request, default: str) -> str:
    return _next(request) or default


def _with_next(url: str, request) -> str:
    from urllib.parse import urlencode

    following = _next(request)
    return f"{url}?{urlencode({'next': following})}" if following else url


def _reason_form(request) -> ConfirmForm:
    """The confirmation of a rejection: a reason is required, at most 300 characters (what the row keeps)."""
    from django.core.validators import MaxLengthValidator

    form = confirm_form(request, reason_required=True)
    field = form.fields["reason"]
    field.max_length = 300
    field.validators.append(MaxLengthValidator(300))
    field.widget.attrs["maxlength"] = "300"
    return form


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def _form_page(request, *, title, form, back, multipart=False, intro="", status=200, delete_url="", pick_map=""):
    return render(
        request,
        "meter/manage/form.html",
        {
            "title": title,
            "form": form,
            "back": back,
            "multipart": multipart,
            "intro": intro,
            "delete_url": delete_url,
            "pick_map": pick_map,
        },
        status=status,
    )


def _apply(form, call) -> bool:
    """Run a service; put its validation errors on the form. True when it succeeded."""
    try:
        call()
    except services.EditConflict as error:
        # Someone saved in between: keep what was typed, show what is saved now, let the person save again.
        refuse_on_form(form, error)
        if error.current is not None and hasattr(form, "show_conflict"):
            form.show_conflict(error.current)
        return False
    except ValidationError as error:
        refuse_on_form(form, error)
        return False
    return True


@login_required
def dashboard(request):
    form = BodyNameForm(request.GET or None)
    page = paginate(request, selectors.managed_bodies(user=request.user, filters=form.filters()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "meter/manage/dashboard.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def plan_manage(request, pk):
    plan = _plan(request, pk, "meter.submit_progress")
    figures = selectors.plan_overview(plan=plan)
    return render(
        request,
        "meter/manage/plan.html",
        {
            "plan": plan,
            "figures": figures,
            "statuses": selectors.body_statuses(body=plan.body),
            "can_publish": request.user.has_perm("meter.publish_plan", plan),
            "can_edit": request.user.has_perm("meter.change_plan", plan),
            "jobs": plan.import_jobs.all()[:5],
            "reports": plan.reports.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, slug):
    body = _body(request, slug, "meter.change_plan")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = {}
        if _apply(
            form, lambda: holder.update(plan=services.plan_create(actor=request.user, body=body, **_fields(form)))
        ):
            messages.success(request, _("The plan is created as a draft."))
            return redirect("meter:plan_manage", holder["plan"].pk)
    return _form_page(request, title=_("New strategic plan"), form=form, back=reverse("meter:dashboard"))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = get_object_or_404(StrategicPlan, pk=pk)
        if _apply(
            form,
            lambda: services.plan_update(
                actor=request.user, plan=fresh, expected_version=form.expected_version, **values
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("meter:plan_manage", pk)
    return _form_page(request, title=_("Edit the plan"), form=form, back=reverse("meter:plan_manage", args=[pk]))


@login_required
@require_POST
def plan_status(request, pk):
    plan = _plan(request, pk, "meter.publish_plan")
    status = request.POST.get("status", "")
    if status not in StrategicPlan.Status.values:
        messages.error(request, _("Unknown plan status."))
    else:
        services.plan_set_status(actor=request.user, plan=plan, status=status)
        messages.success(
            request, _("The plan is published.") if status == "published" else _("The plan is a draft again.")
        )
    return redirect("meter:plan_manage", pk)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk, goal_pk=None):
    plan = _plan(request, pk)
    goal = get_object_or_404(StrategicGoal, pk=goal_pk, plan=plan) if goal_pk else None
    form = GoalForm(request.POST or None, instance=goal or StrategicGoal(plan=plan))
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = selectors.saved_copy(goal)
        if _apply(
            form,
            lambda: services.goal_save(
                actor=request.user, plan=plan, goal=fresh, expected_version=form.expected_version, **values
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("meter:plan_manage", pk)
    return _form_page(
        request,
        title=_("Goal") if goal else _("New goal"),
        form=form,
        back=reverse("meter:plan_manage", args=[pk]),
        delete_url=reverse("meter:goal_delete", args=[pk, goal.pk]) if goal else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk, project_pk=None):
    plan = _plan(request, pk)
    project = get_object_or_404(Project, pk=project_pk, plan=plan) if project_pk else None
    form = ProjectForm(request.POST or None, instance=project or Project(plan=plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = selectors.saved_copy(project)
        if _apply(
            form,
            lambda: services.project_save(
                actor=request.user, plan=plan, project=fresh, expected_version=form.expected_version, **values
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("meter:plan_manage", pk)
    return _form_page(
        request,
        title=user_text(project.name) if project else _("New project"),
        form=form,
        back=reverse("meter:plan_manage", args=[pk]),
        delete_url=reverse("meter:project_delete", args=[pk, project.pk]) if project else "",
        pick_map=project_map.pick_map(
            points=selectors.plan_points(plan=plan), country=plan.body.country.code, title=_("Choose the place")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_submit(request, pk):
    project = get_object_or_404(selectors.projects_with_plan(), pk=pk)
    _check(request, "meter.submit_progress", project.plan)
    form = ProgressForm(request.POST or None, request.FILES or None, instance=ProgressUpdate(project=project))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.progress_submit(  # noqa: E731
            actor=request.user,
            project=project,
            percent=data["percent"],
            date=data["date"],
            note=data["note"],
            files=data["evidence"],
        )
        if _apply(form, call):
            messages.success(
                request, _("The progress report is sent; it counts once the body's approver publishes it.")
            )
            return redirect(project)
    return _form_page(
        request,
        title=sentence(_("Report progress: %(project)s"), project=project.name),
        form=form,
        back=project.get_absolute_url(),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request, pk):
    project = get_object_or_404(selectors.projects_with_plan(), pk=pk)
    _check(request, "meter.change_plan", project.plan)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        if _apply(form, lambda: services.milestone_save(actor=request.user, project=project, **values)):
            return redirect(project)
    return _form_page(request, title=_("New milestone"), form=form, back=project.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    project = get_object_or_404(selectors.projects_with_plan(), pk=pk)
    _check(request, "meter.change_plan", project.plan)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        if _apply(form, lambda: services.indicator_save(actor=request.user, project=project, **values)):
            return redirect(project)
    return _form_page(request, title=_("New indicator"), form=form, back=project.get_absolute_url())


@login_required
def progress_queue(request, slug):
    body = _body(request, slug, "meter.view_pilot")  # read-only for the pilot's programme officers
    page = paginate(request, selectors.pending_progress(body=body))
    for update in page.object_list:
        update.may_publish = request.user.has_perm("meter.publish_this_progress", update)
    return render(
        request,
        "meter/manage/progress_queue.html",
        {
            "body": body,
            "page": page,
            "query": "",
            "can_publish": request.user.has_perm("meter.publish_progress", body),
            "next": _next(request),
        },
    )


FEEDBACK_DECISIONS = (
    ("publish", gettext_lazy("Publish")),
    ("reply", gettext_lazy("Reply")),
    ("reject", gettext_lazy("Reject…")),
)


def _decision_page(request, form, title: str, back: str):
    """A decision POST without a valid choice: nothing is done; the choice is asked again (400)."""
    return _form_page(request, title=title, form=form, back=back, status=400)


@login_required
@require_POST
def progress_decide(request, pk):
    """Publish a progress report (one click). Rejecting needs a reason: it has its own confirmation page."""
    update = get_object_or_404(selectors.progress_with_project(), pk=pk)
    _check(request, "meter.publish_progress", update.project.plan)
    queue = reverse("meter:progress_queue", args=[update.project.plan.body.slug])
    form = DecisionForm(request.POST)
    if not form.is_valid():  # an empty or unknown decision decides nothing: the choice is shown again
        title = _("Publish or reject the progress report on “%(project)s” (%(percent)d%%)")
        return _decision_page(request, form, title % {"project": update.project.name, "percent": update.percent}, queue)
    if form.cleaned_data["decision"] == "reject":
        return redirect(_with_next(reverse("meter:progress_reject", args=[update.pk]), request))
    attempt(request, lambda: services.progress_publish(actor=request.user, update=update), _("Published."))
    return redirect(_back(request, queue))


@login_required
@require_http_methods(["GET", "POST"])
def progress_reject(request, pk):
    """Reject a progress report: a confirmation page with the reason its author will read."""
    update = get_object_or_404(selectors.progress_with_project(), pk=pk)
    _check(request, "meter.publish_progress", update.project.plan)
    queue = reverse("meter:progress_queue", args=[update.project.plan.body.slug])
    form = _reason_form(request)
    return confirmed_action(
        request,
        form,
        act=lambda: services.progress_reject(actor=request.user, update=update, reason=form.cleaned_data["reason"]),
        done=_("Rejected."),
        then=_back(request, queue),
        refusal_field="reason",
        page=lambda: {
            "title": sentence(
                _("Reject the progress report on “%(project)s” (%(percent)d%%)"),
                project=update.project.name,
                percent=update.percent,
            ),
            "consequences": [
                _("The report is not published and does not count in the plan's achievement."),
                _("Its author is told, with your reason, and may send a new report."),
            ],
            "confirm_label": _("Reject the report"),
            "cancel_url": _back(request, queue),
        },
    )


@login_required
def feedback_queue(request, slug):
    body = _body(request, slug, "meter.view_pilot")  # read-only for the pilot's programme officers
    status = request.GET.get("status", Feedback.Status.PENDING)
    if status not in Feedback.Status.values:
        status = Feedback.Status.PENDING
    order = request.GET.get("order", "")
    if order not in selectors.QUEUE_ORDERS:
        order = ""
    page = paginate(request, selectors.moderation_queue(body=body, order=order).filter(status=status))
    following = _next(request)
    return render(
        request,
        "meter/manage/feedback_queue.html",
        {
            "body": body,
            "page": page,
            "status": status,
            "statuses": Feedback.Status.choices,
            "query": f"status={status}" + (f"&order={order}" if order else ""),
            "order": order,
            "responses": selectors.response_times(body=body),
            "reply_form": ReplyForm(),
            "can_moderate": request.user.has_perm("meter.moderate_feedback", body),
            "next": following,
        },
    )


@login_required
@require_POST
def feedback_decide(request, pk):
    """Publish or reply (one click each); rejecting needs a reason, on its own confirmation page."""
    feedback = get_object_or_404(selectors.feedback_with_body(), pk=pk)
    _check(request, "meter.moderate_feedback", feedback.body)
    form = DecisionForm(request.POST, choices=FEEDBACK_DECISIONS)
    if not form.is_valid():  # an empty or unknown decision decides nothing: the choice is shown again
        queue = reverse("meter:feedback_queue", args=[feedback.body.slug])
        title = _("Publish, answer or reject this feedback: “%(text)s”") % {"text": feedback.text[:80]}
        return _decision_page(request, form, title, queue)
    decision = form.cleaned_data["decision"]
    if decision == "reject":
        return redirect(_with_next(reverse("meter:feedback_reject", args=[feedback.pk]), request))
    if decision == "reply":
        form = ReplyForm(request.POST)
        if form.is_valid():
            reply = form.cleaned_data["reply"]
            attempt(
                request,
                lambda: services.feedback_reply(
                    actor=request.user,
                    feedback=feedback,
                    reply=reply,
                    publish=form.cleaned_data["publish"] if feedback.kind == Feedback.Kind.COMPLAINT else None,
                ),
                _("The reply is published."),
            )
        else:
            messages.error(request, _("Write the reply."))
    else:
        attempt(
            request,
            lambda: services.feedback_moderate(actor=request.user, feedback=feedback, publish=True),
            _("Published."),
        )
    queue = f"{reverse('meter:feedback_queue', args=[feedback.body.slug])}?status={feedback.status}"
    return redirect(_back(request, queue))


@login_required
@require_http_methods(["GET", "POST"])
def feedback_reject(request, pk):
    """Reject a citizen's message: a confirmation page with the reason kept in the audit trail."""
    feedback = get_object_or_404(selectors.feedback_with_body(), pk=pk)
    _check(request, "meter.moderate_feedback", feedback.body)
    queue = f"{reverse('meter:feedback_queue', args=[feedback.body.slug])}?status={feedback.status}"
    form = _reason_form(request)
    return confirmed_action(
        request,
        form,
        act=lambda: services.feedback_moderate(
            actor=request.user, feedback=feedback, publish=False, reason=form.cleaned_data["reason"]
        ),
        done=_("Rejected."),
        then=_back(request, queue),
        refusal_field="reason",
        page=lambda: {
            "title": sentence(_("Reject this feedback: “%(text)s”"), text=feedback.text[:80]),
            "consequences": [
                _("The message is not shown on the public pages (or no longer shown, if it was published)."),
                _("The reason is kept in the audit trail; it is never shown publicly."),
            ],
            "confirm_label": _("Reject the feedback"),
            "cancel_url": _back(request, queue),
        },
    )


# --- Deleting ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk, goal_pk):
    plan = _plan(request, pk)
    goal = get_object_or_404(StrategicGoal, pk=goal_pk, plan=plan)

    def page():
        projects = goal.projects.count()
        return {
            "title": sentence(_("Delete the goal “%(goal)s”"), goal=goal.name),
            "consequences": [
                ngettext(
                    "Its %(count)d project is deleted with it, with its progress reports, milestones and indicators.",
                    "Its %(count)d projects are deleted with it, with their progress reports, milestones and "
                    "indicators.",
                    projects,
                )
                % {"count": projects},
                _("The plan's achievement is computed again without them, on the public pages too."),
            ],
            "confirm_label": _("Delete the goal"),
            "cancel_url": reverse("meter:goal_edit", args=[pk, goal.pk]),
        }

    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.goal_delete(actor=request.user, goal=goal),
        done=_("The goal is deleted."),
        then=reverse("meter:plan_manage", args=[pk]),
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request, pk, project_pk):
    plan = _plan(request, pk)
    project = get_object_or_404(Project, pk=project_pk, plan=plan)
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.project_delete(actor=request.user, project=project),
        done=_("The project is deleted."),
        then=reverse("meter:plan_manage", args=[pk]),
        page=lambda: {
            "title": sentence(_("Delete the project “%(project)s”"), project=project.name),
            "consequences": [
                _(
                    "Its progress reports with their evidence, milestones, indicators and citizens' feedback are "
                    "deleted."
                ),
                _("The plan's achievement is computed again without it, on the public pages too."),
            ],
            "confirm_label": _("Delete the project"),
            "cancel_url": reverse("meter:project_edit", args=[pk, project.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, slug, post_pk):
    body = _body(request, slug, "meter.manage_posts")
    post = get_object_or_404(Post, pk=post_pk, body=body)
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.post_delete(actor=request.user, post=post),
        done=_("Deleted."),
        then=reverse("meter:post_list", args=[slug]),
        page=lambda: {
            "title": sentence(
                _("Delete “%(title)s” (%(kind)s)"), title=post.title, kind=escape(post.get_kind_display())
            ),
            "consequences": [
                _("It is removed from the body's public pages and news feeds, with its image."),
            ],
            "confirm_label": _("Delete"),
            "cancel_url": reverse("meter:post_edit", args=[slug, post.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statuses(request, slug, status_pk=None):
    body = _body(request, slug, "meter.change_plan")
    status = get_object_or_404(ProjectStatus, pk=status_pk, body=body) if status_pk else None
    form = StatusForm(request.POST or None, instance=status or ProjectStatus(body=body))
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = selectors.saved_copy(status)
        if _apply(
            form,
            lambda: services.status_save(
                actor=request.user, body=body, status=fresh, expected_version=form.expected_version, **values
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("meter:statuses", slug)
    return render(
        request,
        "meter/manage/statuses.html",
        {"body": body, "form": form, "statuses": selectors.body_statuses(body=body), "editing": status},
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, slug, post_pk=None):
    body = _body(request, slug, "meter.manage_posts")
    post = get_object_or_404(Post, pk=post_pk, body=body) if post_pk else None
    form = PostForm(request.POST or None, request.FILES or None, instance=post or Post(body=body), body=body)
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = selectors.saved_copy(post)
        image = form.cleaned_data.get("image_upload")
        holder = {}
        call = lambda: holder.update(  # noqa: E731
            post=services.post_save(actor=request.user, body=body, post=fresh, image=image, **values)
        )
        if _apply(form, call):
            messages.success(request, _("Published."))
            return redirect(holder["post"])
    return _form_page(
        request,
        title=_("News, activity or media"),
        form=form,
        back=reverse("meter:post_list", args=[slug]),
        multipart=True,
        delete_url=reverse("meter:post_delete", args=[slug, post.pk]) if post else "",
    )


# --- Excel ------------------------------------------------------------------------------------------


def plan_export(request, pk):
    """The whole plan in the import format (public for published plans)."""
    plan = get_object_or_404(selectors.plans_with_body(), pk=pk)
    _check(request, "meter.view_plan", plan)
    return exports.xlsx_response(
        *excel.plan_sheets(plan), name=[_("plan"), plan.body.slug, plan.start_year, plan.end_year]
    )


def import_template(request):
    return exports.xlsx_response(*excel.template_sheets(), name=[_("plan template")])


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    """Upload → check every row (nothing saved) → confirm → saved in one transaction.

    Small files are checked and saved during the request; large ones by a background task, with the
    progress on the import's page.
    """
    plan = _plan(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = excel.import_job_create(actor=request.user, plan=plan, upload=form.cleaned_data["file"])
        excel.import_job_start(job=job, dry_run=True)
        return redirect("meter:import_status", job.pk)
    return render(request, "meter/manage/import.html", {"plan": plan, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_status(request, pk):
    job = get_object_or_404(selectors.import_jobs(), pk=pk)
    _check(request, "meter.change_plan", job.plan)
    if request.method == "POST":
        if job.actor_id != request.user.pk or job.status != ImportJob.Status.CHECKED:
            raise PermissionDenied
        excel.import_job_start(job=job, dry_run=False)
        job.refresh_from_db()
        if job.status == ImportJob.Status.DONE:
            messages.success(request, _("The plan is updated from the file."))
        return redirect("meter:import_status", job.pk)
    running = job.status in (ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)
    return render(request, "meter/manage/import_status.html", {"job": job, "plan": job.plan, "running": running})


# --- Reports ----------------------------------------------------------------------------------------


def _report(request, pk, report_pk) -> PlanReport:
    plan = get_object_or_404(selectors.plans_with_body(), pk=pk)
    if not request.user.has_perm("meter.view_plan", plan):
        raise Http404
    return get_object_or_404(selectors.reports_with_plan(), pk=report_pk, plan=plan)


def report_detail(request, pk, report_pk):
    item = _report(request, pk, report_pk)
    return render(
        request,
        "meter/report_detail.html",
        {
            "report": item,
            "plan": item.plan,
            "data": report.report_data(item),
            "can_edit": request.user.has_perm("meter.manage_reports", item.plan),
        },
    )


def report_pdf(request, pk, report_pk):
    item = _report(request, pk, report_pk)
    response = HttpResponse(report.report_pdf(item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{item.plan.body.slug}-{item.pk}.pdf"'
    return response


def report_xlsx(request, pk, report_pk):
    item = _report(request, pk, report_pk)
    return exports.xlsx_response(*report.report_sheets(item), name=[_("report"), item.plan.body.slug, item.pk])


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk, report_pk=None):
    plan = _plan(request, pk, "meter.manage_reports")
    item = get_object_or_404(PlanReport, pk=report_pk, plan=plan) if report_pk else None
    form = ReportForm(request.POST or None, instance=item or PlanReport(plan=plan))
    if request.method == "POST" and form.is_valid():
        values = _fields(form)
        fresh = selectors.saved_copy(item)
        holder = {}
        call = lambda: holder.update(  # noqa: E731
            report=services.report_save(
                actor=request.user, plan=plan, report=fresh, expected_version=form.expected_version, **values
            )
        )
        if _apply(form, call):
            messages.success(request, _("Saved."))
            return redirect("meter:report_detail", pk, holder["report"].pk)
    return _form_page(
        request, title=_("Achievements and challenges report"), form=form, back=reverse("meter:plan_manage", args=[pk])
    )


# --- Suggestions to improve the Meter (the platform's administrators) ------------------------------------


@login_required
@require_http_methods(["GET"])
def platform_feedback_list(request):
    _check(request, "meter.read_platform_feedback", None)
    status = request.GET.get("status", PlatformFeedback.Status.OPEN)
    if status not in PlatformFeedback.Status.values:
        status = PlatformFeedback.Status.OPEN
    page = paginate(request, selectors.platform_feedback(status=status))
    return render(
        request,
        "meter/manage/platform_feedback.html",
        {"page": page, "status": status, "statuses": PlatformFeedback.Status.choices, "query": f"status={status}"},
    )


@login_required
@require_POST
def platform_feedback_done(request, pk):
    _check(request, "meter.read_platform_feedback", None)
    item = get_object_or_404(PlatformFeedback, pk=pk)
    services.platform_feedback_done(actor=request.user, item=item)
    messages.success(request, _("Marked as read."))
    back = request.POST.get("next", "")
    return redirect(back if is_same_site_path(back) else reverse("meter:platform_feedback_list"))
