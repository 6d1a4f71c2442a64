import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tabadul.core import exports
from tabadul.core.actions import attempt, refuse_on_form, show_refusal
from tabadul.core.arabic import normalize_digits
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.files import file_response
from tabadul.core.links import is_same_site_path
from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404
from tabadul.directory.models import LocalBody
from tabadul.hubs import selectors as hub_selectors

from . import ical, reach, selectors, services
from .certificate import certificate_pdf
from .forms import (
    CapacityForm,
    CheckInCodeForm,
    CloseEventForm,
    CourseForm,
    DocumentForm,
    EventFilterForm,
    EventForm,
    FollowUpFormSet,
    FollowUpStatusForm,
    InviteForm,
    ReachFilterForm,
    SessionForm,
)
from .models import Course, Event, Registration

# The check-in list: a launch meeting of 55 fits on one page.
MANAGE_PAGE_SIZE = 100


def _checked_in(registration: Registration) -> str:
    return sentence(_("%(name)s is checked in."), name=registration.user.display_name)


def _event_or_404(request, pk: int, get=selectors.event_get) -> Event:
    return found_or_404(get, user=request.user, pk=pk)


def _managed_event_or_403(request, pk: int, get=selectors.event_get) -> Event:
    event = _event_or_404(request, pk, get)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    return event


def _hub_or_404(hub_slug: str):
    return get_object_or_404(hub_selectors.hubs_in_order(), slug=hub_slug[:80])


def _query_without(request, param: str = "page") -> str:
    """The query string without one page number: the links to the other pages of that list add it."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()


# --- Lists and calendars -------------------------------------------------------------------------------------


def _list(request, *, title: str, hub=None, body=None, mine: bool = False, month_url: str, extra: dict | None = None):
    form = EventFilterForm(request.GET or None)
    values = form.values()
    filters = selectors.EventFilters(hub=hub, body=body, mine=mine, **values)
    page = paginate(request, selectors.event_list(user=request.user, filters=filters))
    context = {
        "form": form,
        "page": page,
        "query": _query_without(request),
        "title": title,
        "hub": hub,
        "mine": mine,
        "month_url": month_url,
        "can_add": request.user.has_perm("events.add_event"),
        **(extra or {}),
    }
    return render(request, "events/event_list.html", context)


def event_list(request):
    return _list(request, title=_("Events"), month_url=reverse("events:event_month"))


@login_required
def my_events(request):
    feed = selectors_feed_url(request)
    return _list(
        request, title=_("My calendar"), mine=True, month_url=reverse("events:my_month"), extra={"feed_url": feed}
    )


def body_events(request, body_slug):
    """The events a local body holds (community meetings, open days, consultations), those the visitor may see."""

    body = get_object_or_404(LocalBody, slug=body_slug)
    return _list(
        request,
        title=sentence(_("Events of %(body)s"), body=body.name),
        body=body,
        month_url=reverse("events:event_month"),
        extra={"body": body},
    )


def hub_events(request, hub_slug):
    hub = _hub_or_404(hub_slug)
    return _list(
        request,
        title=sentence(_("Events of %(hub)s"), hub=hub),
        hub=hub,
        month_url=reverse("events:hub_month", args=[hub_slug]),
        extra={"hub_feed_url": request.build_absolute_uri(reverse("events:hub_feed", args=[hub_slug]))},
    )


def _month_params(request) -> tuple[int, int]:
    raw = normalize_digits(request.GET.get("month", ""))[:7]
    try:
        year, month = (int(part) for part in raw.split("-"))
        dt.date(year, month, 1)
        if not 1900 <= year <= 2200:
            raise ValueError
        return year, month
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month


def _month(request, *, title: str, hub=None, mine: bool = False, list_url: str):
    year, month = _month_params(request)
    events = selectors.visible_events(request.user).exclude(status=Event.Status.CANCELLED)
    if hub is not None:
        events = events.filter(organiser_hubs=hub)
    if mine:
        events = events.filter(selectors._mine_q(request.user))
    view = selectors.month_view(events=events, year=year, month=month)
    return render(
        request,
        "events/event_month.html",
        {"view": view, "title": title, "hub": hub, "mine": mine, "list_url": list_url, "today": timezone.localdate()},
    )


def event_month(request):
    return _month(request, title=_("Events"), list_url=reverse("events:event_list"))


@login_required
def my_month(request):
    return _month(request, title=_("My calendar"), mine=True, list_url=reverse("events:my_events"))


def hub_month(request, hub_slug):
    hub = _hub_or_404(hub_slug)
    return _month(
        request,
        title=sentence(_("Events of %(hub)s"), hub=hub),
        hub=hub,
        list_url=reverse("events:hub_events", args=[hub_slug]),
    )


# --- iCal ----------------------------------------------------------------------------------------------------


def _ics_response(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response


def _url_for(request):
    return lambda event: request.build_absolute_uri(reverse("events:event_detail", args=[event.pk]))


def hub_feed(request, hub_slug):
    hub = _hub_or_404(hub_slug)
    content = ical.build_calendar(
        selectors.hub_feed_events(hub=hub),
        name=str(hub),
        domain=request.get_host().split(":")[0],
        url_for=_url_for(request),
    )
    return _ics_response(content, f"hub-{hub_slug}.ics", private=False)


def personal_feed(request, token):
    found = selectors.personal_feed_events(token=token[:100])
    if found is None:
        raise Http404
    user, events = found
    online = selectors.online_link_event_ids(user=user)
    content = ical.build_calendar(
        events,
        name=_("Tabadul: my calendar"),
        domain=request.get_host().split(":")[0],
        url_for=_url_for(request),
        show_online_link_for=lambda event: event.pk in online,
    )
    return _ics_response(content, "tabadul.ics", private=True)


def event_ics(request, pk):
    event = _event_or_404(request, pk)
    registration = selectors.registration_for(user=request.user, event=event)
    admitted = selectors.is_admitted(user=request.user, event=event, registration=registration)
    content = ical.build_calendar(
        [event],
        name=event.name,
        domain=request.get_host().split(":")[0],
        url_for=_url_for(request),
        show_online_link_for=lambda _event: admitted,
    )
    response = _ics_response(content, f"event-{event.pk}.ics", private=event.visibility != Event.Visibility.PUBLIC)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def selectors_feed_url(request) -> str | None:
    token = getattr(request.user, "calendar_feed_token", None) if request.user.is_authenticated else None
    if token is None:
        return None
    return request.build_absolute_uri(reverse("events:personal_feed", args=[token.token]))


@login_required
def feed_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(actor=request.user)
            messages.success(request, _("A new address was made; the old one no longer works."))
        else:
            services.feed_token_get_or_create(actor=request.user)
            messages.success(request, _("Your private calendar address is ready."))
        return redirect("events:feed_settings")
    token = selectors.feed_token_of(request.user)
    feed_url = request.build_absolute_uri(reverse("events:personal_feed", args=[token.token])) if token else None
    return render(request, "events/feed_settings.html", {"feed_url": feed_url})


# --- One event -----------------------------------------------------------------------------------------------


def event_detail(request, pk):
    event = _event_or_404(request, pk)
    registration = selectors.registration_for(user=request.user, event=event)
    can_manage = request.user.has_perm("events.change_event", event)
    context = {
        "event": event,
        "twinning_group": selectors.event_twinning_group(event=event),
        "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration),
        "admitted": selectors.is_admitted(user=request.user, event=event, registration=registration),
        "can_register": (
            request.user.is_authenticated
            and request.user.has_perm("events.register_event", event)
            and event.status == Event.Status.SCHEDULED
            and event.registration_open
            and not event.is_past
            and (not event.course_id or selectors.is_enrolled(user=request.user, course_id=event.course_id))
            and (registration is None or registration.status == Registration.Status.CANCELLED)
        ),
        "can_manage": can_manage,
        "can_view_internal": can_manage or request.user.has_perm("events.view_event_internal", event),
        "report": selectors.closing_report(event=event) if event.status == Event.Status.CLOSED else None,
        "attendance": selectors.event_attendance(event=event) if event.is_past or can_manage else None,
        "is_full": event.capacity is not None and event.confirmed_count >= event.capacity,
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_POST
def event_register(request, pk):
    event = _event_or_404(request, pk)
    try:
        registration = services.event_register(actor=request.user, event=event)
    except PermissionDenied:
        messages.error(request, _("Registration for this event is only for its members or invited guests."))
        return redirect(event)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(event)
    if registration.status == Registration.Status.WAITLISTED:
        messages.warning(request, _("The event is full: you are on the waiting list."))
    else:
        messages.success(
            request, sentence(_("You are registered. Your code for the check-in: %(code)s"), code=registration.code)
        )
    return redirect(event)


@login_required
def registration_cancel(request, pk):
    """Giving up one's place: confirmed first, since the place goes to the next person on the waiting list."""
    event = _event_or_404(request, pk)
    registration = selectors.registration_for(user=request.user, event=event)
    if registration is None:
        raise Http404
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.registration_cancel(actor=request.user, registration=registration),
        done=_("Your registration is cancelled."),
        then=event,
        refusal="messages",
        page=lambda: {
            "title": sentence(_("Cancel your registration for “%(name)s”?"), name=event.name),
            "consequences": [
                _("Your place goes to the next person on the waiting list, if there is one."),
                _("You may register again while places are free, but you do not get this place back."),
            ],
            "confirm_label": _("Cancel my registration"),
            "cancel_url": event.get_absolute_url(),
        },
    )


def _hub_choices(user, *, keep=()):
    """The hubs a person may name as organisers (those they act for, a programme officer's programme hubs
    included), plus `keep`: those already named."""
    return hub_selectors.acts_for(user, programme_hubs=True).limit(hub_selectors.hubs_in_order(), keep=keep)


def _topic_choices(user):
    return hub_selectors.ranked_topics(hubs=_hub_choices(user))


def _body_choices(user, *, keep=()):
    return selectors.organiser_body_choices(user, keep=keep)


@login_required
def event_create(request):
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    body = _body_from_query(request)
    form = EventForm(
        request.POST or None,
        user=request.user,
        hub_choices=_hub_choices(request.user),
        topic_choices=_topic_choices(request.user),
        body_choices=_body_choices(request.user),
        organisation_choices=selectors.organiser_organisation_choices(request.user),
        initial={"organiser_bodies": [body], "type": Event.Type.COMMUNITY_MEETING} if body else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                hubs=form.cleaned_data["organiser_hubs"],
                bodies=form.cleaned_data["organiser_bodies"],
                organisations=form.cleaned_data.get("organiser_organisations", ()),
                topics=form.cleaned_data["topics"],
                visiting_bodies=form.cleaned_data["visiting_bodies"],
                **form.service_fields(),
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The event is created."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


def _body_from_query(request):
    """`?body=<slug>` from a body's page: the new event is proposed as that body's, if the person acts for it."""
    slug = request.GET.get("body", "")[:100]
    if not slug:
        return None
    return _body_choices(request.user).filter(slug=slug).first()


@login_required
def event_edit(request, pk):
    event = _managed_event_or_403(request, pk)
    form = EventForm(
        request.POST or None,
        instance=event,
        user=request.user,
        hub_choices=_hub_choices(request.user, keep=event.organiser_hubs.all()),
        topic_choices=_topic_choices(request.user),
        body_choices=_body_choices(request.user, keep=event.organiser_bodies.all()),
        organisation_choices=selectors.organiser_organisation_choices(
            request.user, keep=event.organiser_organisations.all()
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=selectors.event_saved(event),
                hubs=form.cleaned_data["organiser_hubs"],
                bodies=form.cleaned_data["organiser_bodies"],
                organisations=form.cleaned_data.get("organiser_organisations"),
                topics=form.cleaned_data["topics"],
                visiting_bodies=form.cleaned_data["visiting_bodies"],
                **form.service_fields(),
            )
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_cancel(request, pk):
    """Cancelling an event cannot be undone: a confirmation page, with the reason the registered people read."""
    event = _managed_event_or_403(request, pk, selectors.event_get_alone)
    form = confirm_form(request, reason_required=True)

    def page():
        registered = event.registrations.exclude(status=Registration.Status.CANCELLED).count()
        return {
            "title": sentence(_("Cancel the event “%(name)s”?"), name=event.name),
            "consequences": [
                _("The event is marked cancelled; it cannot be scheduled again."),
                ngettext(
                    "%(count)d person holding a place or waiting for one is told, with your reason.",
                    "%(count)d people holding a place or waiting for one are told, with your reason.",
                    registered,
                )
                % {"count": registered},
            ],
            "confirm_label": _("Cancel the event"),
            "cancel_url": event.get_absolute_url(),
        }

    return confirmed_action(
        request,
        form,
        act=lambda: services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"]),
        done=_("The event is cancelled."),
        then=event,
        refusal="messages",
        page=page,
    )


# --- Managing an event: registrations, check-in, invitations, documents ---------------------------------------


@login_required
def event_manage(request, pk):
    """Registrations and check-in; read-only for the officers of the event's programme. The page names the event and
    lists its registrations a page at a time: the event without its related rows (`event_get_alone`)."""
    event = _event_or_404(request, pk, selectors.event_get_alone)
    if not request.user.has_perm("events.view_event_internal", event):
        raise PermissionDenied
    return _manage_page(request, event)


def _manage_page(request, event, *, status: int = 200, **forms):
    """The manage page; after a POST of one of its forms that was not valid (or that the service refused), with
    that form as it was typed and its errors (`forms`: code_form, capacity_form, invite_form, document_form)."""
    page = paginate(request, selectors.event_registrations(event=event), per_page=MANAGE_PAGE_SIZE)
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "page": page,
            "query": _query_without(request),
            "attendance": selectors.event_attendance(event=event),
            "invitations": event.invitations.select_related("user", "local_body"),
            "code_form": CheckInCodeForm(),
            "capacity_form": CapacityForm(initial={"capacity": event.capacity}),
            "invite_form": InviteForm(),
            "document_form": DocumentForm(),
            "can_manage": request.user.has_perm("events.change_event", event),
            **forms,
        },
        status=status,
    )


@login_required
@require_POST
def check_in(request, pk, registration_id):
    event = _managed_event_or_403(request, pk)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    attempt(
        request,
        lambda: services.registration_check_in(actor=request.user, registration=registration),
        _checked_in,
    )
    return redirect("events:event_manage", pk=event.pk)


@login_required
@require_POST
def check_in_code(request, pk):
    event = _managed_event_or_403(request, pk)
    form = CheckInCodeForm(request.POST)
    if form.is_valid():
        try:
            registration = services.registration_check_in_by_code(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            refuse_on_form(form, error, field="code")
        else:
            messages.success(request, _checked_in(registration))
            return redirect("events:event_manage", pk=event.pk)
    return _manage_page(request, event, code_form=form, status=400)


@login_required
def registration_cancel_by_manager(request, pk, registration_id):
    """Removing someone's place: a confirmation page first (the place goes to the next person waiting)."""
    event = _managed_event_or_403(request, pk, selectors.event_get_alone)
    registration = get_object_or_404(selectors.all_event_registrations(event=event), pk=registration_id)
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.registration_cancel(actor=request.user, registration=registration),
        done=_("The registration is cancelled."),
        then=reverse("events:event_manage", args=[event.pk]),
        refusal="messages",
        page=lambda: {
            "title": sentence(_("Cancel the registration of %(name)s?"), name=registration.user.display_name),
            "consequences": [
                _("Their place goes to the next person on the waiting list, if there is one."),
                _("They can no longer be checked in with their code."),
            ],
            "confirm_label": _("Cancel the registration"),
            "cancel_url": reverse("events:event_manage", args=[event.pk]),
        },
    )


@login_required
@require_POST
def event_capacity(request, pk):
    event = _managed_event_or_403(request, pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            promoted = services.event_set_capacity(
                actor=request.user, event=selectors.event_saved(event), capacity=form.cleaned_data["capacity"]
            )
        except ValidationError as error:
            refuse_on_form(form, error, field="capacity")
        else:
            messages.success(
                request, _("Capacity saved; %(count)d moved from the waiting list.") % {"count": len(promoted)}
            )
            return redirect("events:event_manage", pk=event.pk)
    return _manage_page(request, event, capacity_form=form, status=400)


@login_required
@require_POST
def event_invite(request, pk):
    event = _managed_event_or_403(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        created = services.invitation_create(
            actor=request.user, event=event, users=form.cleaned_data["people"], bodies=form.cleaned_data["bodies"]
        )
        messages.success(request, _("%(count)d invitation(s) sent.") % {"count": len(created)})
        return redirect("events:event_manage", pk=event.pk)
    return _manage_page(request, event, invite_form=form, status=400)


@login_required
@require_POST
def event_document(request, pk):
    event = _managed_event_or_403(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_document_add(
                actor=request.user, event=event, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            refuse_on_form(form, error, field="file")
        else:
            messages.success(request, _("The document is added."))
            return redirect("events:event_manage", pk=event.pk)
    return _manage_page(request, event, document_form=form, status=400)


def document_download(request, pk):
    """A document of an event, only for people who may see the event (404 for everyone else)."""
    document = get_object_or_404(selectors.event_documents(), pk=pk)
    return file_response(request, document, "file")


@login_required
def event_close(request, pk):
    event = _managed_event_or_403(request, pk, selectors.event_get_alone)
    form = CloseEventForm(request.POST or None, initial={"attendee_count": event.registrations.attended().count()})
    formset = FollowUpFormSet(request.POST or None, prefix="followup")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        followups = [
            {
                "description": item["description"],
                "owner_name": item["owner_name"],
                "due_date": item.get("due_date"),
            }
            for item in formset.cleaned_data
            if item and item.get("description")
        ]
        try:
            services.event_close(actor=request.user, event=event, followups=followups, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The event is closed and its report published."))
            return redirect(event)
    return render(request, "events/event_close.html", {"event": event, "form": form, "formset": formset})


@login_required
@require_POST
def followup_status(request, pk):
    followup = get_object_or_404(selectors.followups(), pk=pk)
    event = _event_or_404(request, followup.report.event_id)
    form = FollowUpStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
        return redirect(event)
    services.followup_set_status(actor=request.user, followup=followup, status=form.cleaned_data["status"])
    messages.success(request, _("The follow-up action is updated."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if is_same_site_path(next_url) else event)


# --- Training courses ----------------------------------------------------------------------------------------


def course_list(request):
    page = paginate(request, selectors.course_list())
    return render(
        request,
        "events/course_list.html",
        {"page": page, "query": "", "can_add": request.user.has_perm("events.add_course")},
    )


def _course_or_404(pk) -> Course:
    return found_or_404(selectors.course_get, pk=pk)


def course_detail(request, pk):
    """A course, a page of its sessions (`?page=`) and, for its managers, the attendance of a page of its enrolled
    people (`?people=`) at those sessions: what a render does is bounded by the pages, not by the course's size."""
    course = _course_or_404(pk)
    can_manage = request.user.has_perm("events.change_course", course)
    sessions = paginate(request, selectors.course_visible_sessions(course=course, user=request.user))
    people = paginate(request, selectors.course_enrolled(course=course), param="people") if can_manage else None
    enrolment = course.enrolments.filter(user=request.user).first() if request.user.is_authenticated else None
    progress = selectors.course_progress(course=course, user=request.user) if enrolment else None
    rows = selectors.course_attendance_rows(course=course, enrolments=people, sessions=sessions) if people else []
    return render(
        request,
        "events/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "people": people,
            "rows": rows,
            "sessions_query": _query_without(request),
            "people_query": _query_without(request, "people"),
            "can_manage": can_manage,
            "enrolment": enrolment,
            "progress": progress,
        },
    )


@login_required
def course_create(request):
    if not request.user.has_perm("events.add_course"):
        raise PermissionDenied
    form = CourseForm(request.POST or None, hub_choices=_hub_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        hubs = data.pop("organiser_hubs", [])
        try:
            course = services.course_create(actor=request.user, hubs=hubs, **data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The course is created. Add its sessions."))
            return redirect(course)
    return render(request, "events/course_form.html", {"form": form})


@login_required
def course_session_add(request, pk):
    course = _course_or_404(pk)
    if not request.user.has_perm("events.change_course", course):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_session_add(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("The session is added."))
            return redirect(course)
    return render(request, "events/session_form.html", {"form": form, "course": course})


@login_required
@require_POST
def course_enrol(request, pk):
    course = _course_or_404(pk)
    attempt(
        request,
        lambda: services.course_enrol(actor=request.user, course=course),
        _("You are enrolled in the course. Each session you may attend shows your place or your waiting-list rank."),
    )
    return redirect(course)


@login_required
@require_POST
def course_withdraw(request, pk):
    course = _course_or_404(pk)
    enrolment = course.enrolments.filter(user=request.user).first()
    if enrolment is None:
        raise Http404
    attempt(
        request,
        lambda: services.course_withdraw(actor=request.user, enrolment=enrolment),
        _("You withdrew from the course."),
    )
    return redirect(course)


@login_required
def course_certificate(request, pk):
    course = _course_or_404(pk)
    person = request.user
    user_id = request.GET.get("person")
    if user_id and request.user.has_perm("events.change_course", course):
        enrolment = get_object_or_404(course.enrolments.select_related("user__local_body"), user_id=user_id)
        person = enrolment.user
    progress = selectors.course_progress(course=course, user=person)
    if not progress.completed:
        messages.error(request, _("The certificate is issued once the course is completed."))
        return redirect(course)
    pdf = certificate_pdf(
        course=course, person=person, progress=progress, sessions=selectors.course_sessions(course=course)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{course.pk}-{person.pk}.pdf"'
    return response


# --- Reach ---------------------------------------------------------------------------------------------------


def _reach_data(request):
    if not request.user.has_perm("events.view_reach"):
        raise PermissionDenied
    form = ReachFilterForm(request.GET or None, hub_queryset=reach.filter_hubs())
    values = form.values()
    filters = reach.ReachFilters(
        start=values.get("start"),
        end=values.get("end"),
        hub=values.get("hub"),
        region=values.get("region"),
        body_type=values.get("body_type", ""),
        country=values.get("country"),
    )
    return form, reach.reach(filters=filters, user=request.user)


@login_required
def reach_dashboard(request):
    form, data = _reach_data(request)
    charts = [(key, title, rows, reach.chart(rows)) for key, title, rows in data.sections()] if data else []
    return render(
        request,
        "events/reach.html",
        {"form": form, "data": data, "charts": charts, "query": request.GET.urlencode()},
    )


@login_required
def reach_csv(request):
    _form, data = _reach_data(request)
    if data is None:  # not stored yet: the dashboard says so
        return redirect("events:reach")
    return exports.csv_response(reach.export_sheet(data).lines(), name=[_("reach")])


@login_required
def reach_xlsx(request):
    _form, data = _reach_data(request)
    if data is None:
        return redirect("events:reach")
    return exports.xlsx_response(reach.export_sheet(data), name=[_("reach")])
