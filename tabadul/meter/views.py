"""Public Meter pages (no sign-in): cached for anonymous visitors, invalidated on every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tabadul.core.actions import refuse_on_form
from tabadul.core.pagination import paginate
from tabadul.core.ratelimit import client_address
from tabadul.core.shortcuts import found_or_404
from tabadul.directory.models import LocalBody

from . import map as project_map
from . import selectors, services, validators
from .cache import ALL, cached_for_anonymous, page_query
from .forms import FeedbackForm, PlatformFeedbackForm, ProjectFilterForm
from .models import PlatformFeedback, Post, Project, StrategicPlan
from .svg import goals_chart

# --- Cache scopes: the body whose changes invalidate a page; None when there is no such object (nothing is cached).


def plan_scope(request, pk, **kwargs):
    return selectors.plan_body_id(pk=pk)


def project_scope(request, pk, **kwargs):
    return selectors.project_body_id(pk=pk)


def body_scope(request, slug, **kwargs):
    return selectors.body_id_by_slug(slug=slug)


def all_scope(request, **kwargs):
    return ALL


def _plan_or_404(request, pk) -> StrategicPlan:
    return found_or_404(selectors.plan_get, user=request.user, pk=pk)


def _can_manage(request, obj) -> bool:
    return request.user.is_authenticated and request.user.has_perm("meter.change_plan", obj)


# --- Pages -------------------------------------------------------------------------------------------


@cached_for_anonymous(all_scope)
def plan_list(request):
    """The platform page: every published plan side by side."""
    page = paginate(request, selectors.published_plan_keys())
    page_query(request, page=page.number)
    plans = selectors.plans_in_order(list(page.object_list))
    compared = selectors.plans_compared(plans=plans)
    responses = selectors.response_times_by_body(body_ids={plan.body_id for plan in plans})
    page.object_list = [(figures, responses.get(figures.plan.body_id)) for figures in compared]
    return render(request, "meter/plan_list.html", {"rows": page.object_list, "page": page, "query": ""})


@cached_for_anonymous(plan_scope)
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    figures, behind = selectors.plan_summary(plan=plan)  # stored on write (rollup_store.py)
    chart = goals_chart(figures.goals, rtl=get_language_bidi(), title=_("Achievement by goal"))
    feedback = selectors.plan_page_feedback(plan=plan)
    return render(
        request,
        "meter/plan_detail.html",
        {
            "plan": plan,
            "figures": figures,
            "chart": chart,
            "behind": behind,
            "responses": selectors.response_times(body=plan.body),
            "latest_posts": selectors.latest_posts(body=plan.body),
            "feedback": feedback,
            "supported": selectors.supported_ids(user=request.user, feedback=feedback),
            "reports": selectors.plan_reports(plan=plan),
            "can_manage": _can_manage(request, plan),
        },
    )


@cached_for_anonymous(plan_scope)
def project_list(request, pk):
    plan = _plan_or_404(request, pk)
    form = ProjectFilterForm(request.GET or None, plan=plan, sectors=selectors.sectors(plan=plan))
    page = paginate(request, selectors.project_list(plan=plan, filters=form.filters()))
    page_query(request, page=page.number)  # filtered lists are not stored: their combinations are too many
    page.object_list = selectors.with_schedule(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "meter/project_list.html", {"plan": plan, "form": form, "page": page, "query": query.urlencode()}
    )


@cached_for_anonymous(plan_scope)
def plan_map(request, pk):
    """The plan's projects on a map (markers link to them) and the same projects listed by neighbourhood."""
    plan = _plan_or_404(request, pk)
    page_query(request)
    projects = selectors.with_schedule(selectors.project_list(plan=plan, filters=selectors.ProjectFilters()))
    markers, numbers = project_map.project_markers(projects)
    country = plan.body.country.code
    svg = locator = ""
    if markers:
        title = _("Map of the projects of %(body)s") % {"body": plan.body.name}
        svg = project_map.projects_map(markers, title=title, country=country)
        where = _("Where the map is in the country")
        locator = project_map.locator(markers[0].lat, markers[0].lon, country=country, title=where)
    return render(
        request,
        "meter/plan_map.html",
        {
            "plan": plan,
            "map": svg,
            "locator": locator,
            "mapped": len(markers),
            "neighbourhoods": selectors.by_neighbourhood(projects=projects, numbers=numbers),
            "projects": projects,
            "tile_attribution": project_map.tile_attribution(),
        },
    )


@cached_for_anonymous(project_scope)
def project_detail(request, pk):
    try:
        project = selectors.project_get(user=request.user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    can_manage = _can_manage(request, project.plan)
    small_map = ""
    if project.has_point:
        markers, _numbers = project_map.project_markers([project], link=False)
        here = (project.latitude, project.longitude)
        small_map = project_map.projects_map(
            markers,
            title=_("Where the project is: %(name)s") % {"name": project.name},
            country=project.plan.body.country.code,
            others=[point for point in selectors.plan_points(plan=project.plan) if point != here],
        )
    feedback = list(selectors.published_feedback(plan=project.plan, project=project)[:20])
    return render(
        request,
        "meter/project_detail.html",
        {
            "project": project,
            "map": small_map,
            "tile_attribution": project_map.tile_attribution() if small_map else "",
            "plan": project.plan,
            "timeline": selectors.project_timeline(project=project),
            "milestones": selectors.project_milestones(project=project),
            "indicators": list(project.indicators.all()),
            "feedback": feedback,
            "supported": selectors.supported_ids(user=request.user, feedback=feedback),
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
def feedback(request, pk, project_pk=None):
    """The feedback form lives on its own page, so the cached public pages carry no CSRF token."""
    plan = _plan_or_404(request, pk)
    if not plan.is_published:
        raise Http404
    project = None
    if project_pk is not None:
        project = get_object_or_404(Project, pk=project_pk, plan=plan)
    return _citizen_message_page(
        request,
        FeedbackForm(request.POST or None),
        send=lambda data, ip: services.feedback_submit(
            actor=request.user, plan=plan, project=project, **_fields(data, "kind", "text", "name", "contact"), ip=ip
        ),
        sent_view="meter:feedback_sent",
        robot_target=project or plan,
        template="meter/feedback_form.html",
        context={"plan": plan, "project": project},
    )


def _fields(data: dict, *names: str) -> dict:
    return {name: data[name] for name in names}


def _citizen_message_page(request, form, *, send, sent_view, robot_target, template, context):
    """The two citizen forms (feedback on a plan, a suggestion for the Meter) on one path: a robot that filled in the
    hidden field is sent away and nothing is kept; too many messages from one address get 429 and keep the text;
    a sent message leads to its reference page."""
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect(robot_target)
        try:
            sent = send(form.cleaned_data, client_address(request))
        except services.Throttled:
            form.add_error(None, _("Too many messages from your address. Please wait a few minutes and try again."))
            status = 429
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            return redirect(sent_view, sent.reference)
    return render(request, template, {**context, "form": form}, status=status)


def _feedback_by_reference(reference: str):
    code = validators.normalise_reference(reference)
    return found_or_404(lambda: selectors.feedback_by_reference(reference=code))


def _private(response):
    """A feedback page is reached by its unguessable link only: not indexed, its address not passed on."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def feedback_reference(request, reference):
    """A citizen's message by its reference, no account needed: its status and the body's reply. Nothing private:
    no contact detail, no name, and the message itself only once published (a complaint only when the body
    published it with its reply)."""
    item = _feedback_by_reference(reference)
    return _private(render(request, "meter/feedback_reference.html", {"item": item, "plan": item.plan}))


@require_http_methods(["GET"])
def feedback_sent(request, reference):
    """Where the citizen lands after sending: the reference and the link of its page, to keep."""
    item = _feedback_by_reference(reference)
    link = request.build_absolute_uri(item.get_absolute_url())
    return _private(render(request, "meter/feedback_sent.html", {"item": item, "plan": item.plan, "link": link}))


@login_required
@require_http_methods(["GET", "POST"])
def follow(request, pk, project_pk=None):
    plan = _plan_or_404(request, pk)
    if not plan.is_published:
        raise Http404
    project = get_object_or_404(Project, pk=project_pk, plan=plan) if project_pk is not None else None
    following = selectors.is_following(user=request.user, plan=plan, project=project)
    if request.method == "POST":
        want = request.POST.get("follow") == "1"
        services.follow_set(actor=request.user, plan=None if project else plan, project=project, follow=want)
        messages.success(
            request, _("You will be told by e-mail when it changes.") if want else _("You no longer follow it.")
        )
        return redirect(project or plan)
    return render(request, "meter/follow.html", {"plan": plan, "project": project, "following": following})


@login_required
@require_http_methods(["GET", "POST"])
def support(request, pk):
    """Support a published suggestion, or withdraw one's support (its own page: the cached pages carry no form).
    Anonymous visitors reach it from "Sign in to support" and come back here after signing in."""
    item = found_or_404(selectors.supportable_feedback, pk=pk)
    back = item.project or item.plan
    if request.method == "POST":
        want = request.POST.get("support") == "1"
        try:
            services.support_set(actor=request.user, feedback=item, support=want)
        except services.Throttled:
            messages.error(request, _("Too many changes in a short time. Please wait a few minutes and try again."))
            return redirect(request.path)
        messages.success(
            request, _("Thank you: you support this suggestion.") if want else _("You no longer support it.")
        )
        return redirect(f"{back.get_absolute_url()}#feedback-{item.pk}")
    supporting = bool(selectors.supported_ids(user=request.user, feedback=[item]))
    return render(
        request,
        "meter/support.html",
        {
            "item": item,
            "plan": item.plan,
            "supporting": supporting,
            "may_support": request.user.has_perm("meter.support_feedback", item),
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
def platform_feedback(request):
    """ "Suggest an improvement to the Meter": the form at the foot of every Meter page leads here (those pages are
    cached and carry no CSRF token), with the page it came from. Anonymous allowed, limited per address."""
    return _citizen_message_page(
        request,
        PlatformFeedbackForm(request.POST or None, initial={"page": request.GET.get("from", "")[:300]}),
        send=lambda data, ip: services.platform_feedback_submit(
            actor=request.user, **_fields(data, "text", "page", "name", "contact"), ip=ip
        ),
        sent_view="meter:platform_feedback_sent",
        robot_target="meter:plan_list",
        template="meter/platform_feedback.html",
        context={},
    )


@require_http_methods(["GET"])
def platform_feedback_sent(request, reference):
    """The confirmation, with the reference to quote when writing again. Nothing else of the message is shown."""
    code = validators.normalise_reference(reference)
    item = get_object_or_404(PlatformFeedback, reference=code)
    return _private(render(request, "meter/platform_feedback_sent.html", {"item": item}))


# --- News, activities, media --------------------------------------------------------------------------


def _body_or_404(slug) -> LocalBody:
    return get_object_or_404(LocalBody, slug=slug)


@cached_for_anonymous(body_scope)
def body_home(request, slug):
    body = _body_or_404(slug)
    plan = selectors.current_plan(body=body)
    if plan is not None:
        return redirect(plan)
    return render(request, "meter/body_empty.html", {"body": body})


@cached_for_anonymous(body_scope)
def post_list(request, slug):
    body = _body_or_404(slug)
    kind = request.GET.get("kind", "")
    if kind not in Post.Kind.values:
        kind = ""
    page = paginate(request, selectors.body_posts(body=body, kind=kind), per_page=12)
    page_query(request, kind=kind, page=page.number)
    return render(
        request,
        "meter/post_list.html",
        {
            "body": body,
            "plan": selectors.current_plan(body=body),  # the plan's tabs (Plan, Projects, Map) stay on the body's pages
            "page": page,
            "kind": kind,
            "kinds": Post.Kind.choices,
            "query": f"kind={kind}" if kind else "",
        },
    )


@cached_for_anonymous(body_scope)
def post_detail(request, slug, pk):
    body = _body_or_404(slug)
    post = get_object_or_404(selectors.body_posts(body=body).select_related("project"), pk=pk)
    return render(
        request, "meter/post_detail.html", {"body": body, "plan": selectors.current_plan(body=body), "post": post}
    )


@cached_for_anonymous(body_scope)
def gallery(request, slug):
    body = _body_or_404(slug)
    page = paginate(request, selectors.body_gallery(body=body), per_page=24)
    page_query(request, page=page.number)
    return render(
        request,
        "meter/gallery.html",
        {"body": body, "plan": selectors.current_plan(body=body), "page": page, "query": ""},
    )


class BodyNewsFeed(Feed):
    """RSS 2.0 feed of a body's news, activities and media."""

    def get_object(self, request, slug):
        return _body_or_404(slug)

    def title(self, body):
        return _("%(body)s — news and activities") % {"body": body.name}

    def link(self, body):
        return reverse("meter:post_list", args=[body.slug])

    def description(self, body):
        return _("News, activities and media of %(body)s on the Municipality Meter.") % {"body": body.name}

    def items(self, body):
        return selectors.body_posts(body=body).select_related("body")[:30]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary or post.text[:400]

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at


class BodyNewsAtomFeed(BodyNewsFeed):
    feed_type = Atom1Feed
    subtitle = BodyNewsFeed.description
