"""Programme pages: the list, one programme with its work and results (public), the funder's report (Excel, PDF),
its page edited by its officers, its officers (platform administrators)."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tabadul.core import exports
from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.pagination import paginate
from tabadul.core.ratelimit import address_limit_wait
from tabadul.core.shortcuts import found_or_404

from . import figures, pilots, report, selectors, services
from .forms import MilestoneForm, OfficerGrantForm, PeriodForm, PilotForm, ProgrammePageForm
from .models import PilotMilestone, PilotProject, Programme


def _programme_or_404(slug: str) -> Programme:
    return found_or_404(selectors.programme_get, slug=slug)


@require_safe
def programme_list(request):
    return render(request, "programmes/programme_list.html", {"programmes": selectors.programme_list()})


def _period(request) -> tuple[PeriodForm, selectors.Period]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, selectors.Period(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return form, selectors.Period()


@dataclass(frozen=True)
class Section:
    """A list of the programme page shown a page at a time (`?<param>=N`), its links keeping the other parameters."""

    page: Page
    param: str
    query: str


class _Rows(Sequence):
    """A query read a page at a time, each row as `row(item)`."""

    def __init__(self, items, row: Callable):
        self.items = items
        self.row = row

    def __len__(self) -> int:
        return self.items.count() if isinstance(self.items, QuerySet) else len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.row(item) for item in self.items[index]]
        return self.row(self.items[index])


def _section(request, items, param: str, per_page: int | None = None) -> Section:
    others = request.GET.copy()
    others.pop(param, None)
    return Section(page=paginate(request, items, param=param, per_page=per_page), param=param, query=others.urlencode())


@require_safe
def programme_detail(request, slug):
    """The programme's results and its work; each list a page at a time, so the page does not grow with them (a
    programme of the region has hundreds of hubs and twinning groups and thousands of events)."""
    programme = _programme_or_404(slug)
    user = request.user
    form, period = _period(request)
    query = f"?start={period.start or ''}&end={period.end or ''}" if period else ""
    work = selectors.programme_work(programme=programme, user=user)
    # The whole programme's results are stored (figures.py: counting them took 100 ms at regional scale); a chosen
    # period's are counted now. None: not stored yet, shown as being prepared.
    if period:
        results = selectors.programme_results(programme=programme, period=period)
    else:
        results = figures.stored_results(programme=programme, work=work)
    groups = results.groups if results else _Rows(work.groups, lambda group: selectors.GroupResult(group, None))
    pilot_page = _section(request, pilots.programme_pilots(programme=programme), "pilots", pilots.CARDS_PER_PAGE)
    pilot_page.page.object_list = pilots.pilot_cards(pilot_page.page.object_list)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "documents": _section(request, work.documents, "documents"),
            "hubs": _section(request, work.hubs, "hubs"),
            "events": _section(request, work.events, "events"),
            "meter_pilots": _section(request, work.pilots, "plans"),
            "groups": _section(request, groups, "groups"),
            "achievements": _section(request, results.pilots if results else [], "achievements"),
            "results": results,
            "period_form": form,
            "period_query": query,
            "is_officer": user.has_perm("programmes.view_programme_internal", programme),
            "can_edit_page": user.has_perm("programmes.change_programme_page", programme),
            "can_manage_officers": user.has_perm("programmes.manage_officers", programme),
            "pilot_page": pilot_page.page,
            "pilots_query": pilot_page.query,
            "can_manage_pilots": user.has_perm("programmes.manage_pilots", programme),
        },
    )


def _report_results(request, slug):
    """The results for a download, or a 429 response when this address downloaded too much."""
    wait = address_limit_wait(
        request, "download", limit=settings.DOWNLOAD_LIMIT_PER_ADDRESS, window_seconds=settings.DOWNLOAD_WINDOW_SECONDS
    )
    if wait:
        message = _("Too many downloads from your address. Wait %(minutes)d minutes and try again.")
        response = HttpResponse(message % {"minutes": math.ceil(wait / 60)}, status=429, content_type="text/plain")
        response["Retry-After"] = str(wait)
        return None, response
    programme = _programme_or_404(slug)
    _form, period = _period(request)
    return selectors.programme_results(programme=programme, period=period), None


def _report_name(results) -> list:
    period = results.period
    return [_("results"), results.programme.slug, period.start or "", period.end or ""]


@require_safe
def report_xlsx(request, slug):
    """The funder's report as an Excel workbook."""
    results, refused = _report_results(request, slug)
    if refused:
        return refused
    return exports.xlsx_response(*report.report_sheets(results), name=_report_name(results))


@require_safe
def report_pdf(request, slug):
    """The funder's report as a PDF."""
    results, refused = _report_results(request, slug)
    if refused:
        return refused
    response = HttpResponse(report.report_pdf(results), content_type="application/pdf")
    name = exports.download_name(_report_name(results), "pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, slug):
    """The programme's summary, objectives and logo (its officers and platform administrators)."""
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.change_programme_page", programme):
        raise PermissionDenied
    form = ProgrammePageForm(request.POST or None, request.FILES or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.programme_page_update(actor=request.user, programme=_programme_or_404(slug), **values)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The programme's page is saved."))
            return redirect(programme)
    # The funders and partners are reference data of the audited admin: a link there for administrators who use it.
    can_change_programme = request.user.is_staff and request.user.has_perm("programmes.change_programme", programme)
    return render(
        request,
        "programmes/programme_edit.html",
        {"programme": programme, "form": form, "can_change_programme": can_change_programme},
    )


@login_required
@require_http_methods(["GET", "POST"])
def officers(request, slug):
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.manage_officers", programme):
        raise PermissionDenied
    form = OfficerGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        done = attempt(
            request,
            lambda: services.officer_grant(actor=request.user, programme=programme, user=person),
            sentence(_("%(name)s is now an officer of the programme."), name=person.display_name),
        )
        if done:
            return redirect("programmes:officers", programme.slug)
    return render(
        request,
        "programmes/officers.html",
        {
            "programme": programme,
            "page": paginate(request, selectors.programme_officers(programme=programme)),
            "query": "",
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_withdraw(request, slug, pk):
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.manage_officers", programme):
        raise PermissionDenied
    grant = get_object_or_404(selectors.officer_grants(programme=programme), pk=pk)
    back = redirect("programmes:officers", programme.slug).url
    names = {"name": grant.user.display_name, "programme": programme.name}
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.officer_withdraw(actor=request.user, grant=grant),
        done=sentence(_("%(name)s is no longer an officer of %(programme)s."), **names),
        then=back,
        page=lambda: {
            "title": sentence(_("Withdraw %(name)s as an officer of %(programme)s"), **names),
            "consequences": [
                _("They no longer see the internal pages of the programme's hubs, events, pilots and twinning groups."),
                _("They no longer moderate the forums of the programme's hubs or organise events for them."),
                _("The withdrawal is recorded in the audit trail; the role can be granted again later."),
            ],
            "confirm_label": _("Withdraw the role"),
            "cancel_url": back,
        },
    )


# --- Pilot projects and their milestones (the programme's officers and administrators) ---


def _pilots_programme(request, slug) -> Programme:
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.manage_pilots", programme):
        raise PermissionDenied
    return programme


def _form_values(form, names) -> dict:
    values = {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
    if values.get("position", 0) is None:  # a milestone's order left empty
        values.pop("position")
    return values


@login_required
@require_http_methods(["GET", "POST"])
def pilot_create(request, slug):
    programme = _pilots_programme(request, slug)
    form = PilotForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_create(
                actor=request.user,
                programme=programme,
                bodies=form.cleaned_data["bodies"],
                partners=form.cleaned_data["partners"],
                **_form_values(form, services.PILOT_FIELDS),
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The pilot project is saved. Add its milestones below."))
            return redirect("programmes:pilot_edit", programme.slug, pilot.slug)
    return render(request, "programmes/pilot_form.html", {"programme": programme, "form": form, "pilot": None})


@login_required
@require_http_methods(["GET", "POST"])
def pilot_edit(request, slug, pilot_slug):
    programme = _pilots_programme(request, slug)
    pilot = get_object_or_404(PilotProject, programme=programme, slug=pilot_slug)
    form = PilotForm(request.POST or None, instance=pilot, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_update(
                actor=request.user,
                pilot=get_object_or_404(PilotProject, pk=pilot.pk),
                bodies=form.cleaned_data["bodies"],
                partners=form.cleaned_data["partners"],
                **_form_values(form, services.PILOT_FIELDS),
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The pilot project is saved."))
            return redirect(programme.get_absolute_url() + f"#pilot-{pilot.slug}")
    return _pilot_page(request, programme, pilot, form=form)


def _pilot_page(request, programme, pilot, *, form=None, milestone_form=None, status=200):
    return render(
        request,
        "programmes/pilot_form.html",
        {
            "programme": programme,
            "pilot": pilot,
            "form": form or PilotForm(instance=pilot, programme=programme),
            # A page at a time: a pilot of the region has hundreds of milestones (issue 22).
            "milestones": paginate(request, pilot.milestones.order_by("position", "pk"), param="milestones"),
            "milestone_form": milestone_form or MilestoneForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def milestone_add(request, slug, pilot_slug):
    programme = _pilots_programme(request, slug)
    pilot = get_object_or_404(PilotProject, programme=programme, slug=pilot_slug)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(actor=request.user, pilot=pilot, **_form_values(form, services.MILESTONE_FIELDS))
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect("programmes:pilot_edit", programme.slug, pilot.slug)
    return _pilot_page(request, programme, pilot, milestone_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, slug, pilot_slug, pk):
    programme = _pilots_programme(request, slug)
    pilot = get_object_or_404(PilotProject, programme=programme, slug=pilot_slug)
    milestone = get_object_or_404(PilotMilestone, pilot=pilot, pk=pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(
                actor=request.user,
                milestone=get_object_or_404(PilotMilestone, pk=milestone.pk),
                **_form_values(form, services.MILESTONE_FIELDS),
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect("programmes:pilot_edit", programme.slug, pilot.slug)
    return render(
        request,
        "programmes/milestone_form.html",
        {"programme": programme, "pilot": pilot, "milestone": milestone, "form": form},
    )
