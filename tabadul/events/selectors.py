"""Every read of the events app. Visibility is decided in one place: `visible_events`."""

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tabadul.accounts.rules import is_platform_admin, programme_officer_ids, staff_organisation_ids
from tabadul.core.arabic import normalize_arabic
from tabadul.core.queries import count_of
from tabadul.directory.models import LocalBody, Organisation
from tabadul.hubs.selectors import acts_for, hub_relations

from .models import (
    LONGEST_EVENT,
    CalendarFeedToken,
    ClosingReport,
    Course,
    Enrolment,
    Event,
    EventDocument,
    FollowUp,
    Invitation,
    Registration,
    zone_named,
)

# --- Visibility ----------------------------------------------------------------------------------------------


def _invitation_q(user) -> Q:
    q = Q(user_id=user.pk)
    if user.local_body_id:
        q |= Q(local_body_id=user.local_body_id)
    return q


def visible_events(user) -> QuerySet[Event]:
    """The events the person may see at all (pages, lists, calendars, feeds, exports).

    Public events: everyone. Members-only events: members of an organising hub. Invitation-only events: the
    invited (in person or through their body). Always: organisers, coordinators of an organising hub, editors and
    administrators of an organising local body, people holding a place or a waiting-list place, platform
    administrators.
    """
    events = Event.objects.all()
    if user is not None and is_platform_admin(user):
        return events
    condition = Q(visibility=Event.Visibility.PUBLIC)
    if user is None or not user.is_authenticated:
        return events.filter(condition)
    hub_links = Event.organiser_hubs.through.objects.filter(event_id=OuterRef("pk"))
    condition |= Exists(Event.organisers.through.objects.filter(event_id=OuterRef("pk"), user_id=user.pk))
    condition |= Exists(Invitation.objects.filter(_invitation_q(user), event_id=OuterRef("pk")))
    # A place that is cancelled opens nothing: a person removed from a session they had no right to stops seeing it.
    condition |= Exists(
        Registration.objects.filter(event_id=OuterRef("pk"), user_id=user.pk).exclude(
            status=Registration.Status.CANCELLED
        )
    )
    relations = hub_relations(user)
    member_hubs = relations.member_hub_ids
    if member_hubs:
        condition |= Q(visibility=Event.Visibility.MEMBERS) & Exists(hub_links.filter(hub_id__in=member_hubs))
    coordinated = relations.managed_hub_ids
    if coordinated:
        condition |= Exists(hub_links.filter(hub_id__in=coordinated))
    programmes = programme_officer_ids(user)
    if programmes:  # officers of a programme: its events and those of its hubs (programmes/rules.py)
        condition |= Q(programme_id__in=programmes) | Exists(hub_links.filter(hub__programme_id__in=programmes))
    # rules.py imports this module: a cycle inside the app.
    from .rules import body_event_manager_ids

    organisations = staff_organisation_ids(user)  # cached on the person, like their body roles
    if organisations:  # staff of an organising organisation (decisions/010)
        condition |= Exists(
            Event.organiser_organisations.through.objects.filter(
                event_id=OuterRef("pk"), organisation_id__in=organisations
            )
        )
    managed_bodies = body_event_manager_ids(user)
    if managed_bodies:
        condition |= Exists(
            Event.organiser_bodies.through.objects.filter(event_id=OuterRef("pk"), localbody_id__in=managed_bodies)
        )
    return events.filter(condition)


def event_is_visible(*, user, event: Event) -> bool:
    cache = getattr(event, "_visible_to", None)
    if cache is None:
        cache = event._visible_to = {}
    key = getattr(user, "pk", None)
    if key not in cache:
        if event.visibility == Event.Visibility.PUBLIC:
            cache[key] = True
        else:
            cache[key] = visible_events(user).filter(pk=event.pk).exists()
    return cache[key]


def is_invited(*, user, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return Invitation.objects.filter(_invitation_q(user), event=event).exists()


def is_enrolled(*, user, course_id: int) -> bool:
    """An active enrolment: the sessions of a course take only its enrolled people."""
    return Enrolment.objects.filter(course_id=course_id, user_id=user.pk, status=Enrolment.Status.ACTIVE).exists()


def _with_relations(events: QuerySet[Event]) -> QuerySet[Event]:
    """What lists and pages show of each event: its course and its organising hubs and bodies (not its organising
    people, who may be hundreds: the rules ask about one person, `rules.is_event_organiser`)."""
    return events.select_related("course").prefetch_related("organiser_hubs", "organiser_bodies")


# --- Lists and pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"  # upcoming | past | all
    type: str = ""
    hub: object | None = None
    body: object | None = None
    mine: bool = False
    q: str = ""
    day: dt.date | None = None  # the events on that day (the month calendar links a full day here)


def event_list(*, user, filters: EventFilters = EventFilters()) -> QuerySet[Event]:
    # The hub's link is asked first: SQLite tests the conditions in their order, and one probe of the link rules out
    # most events before the visibility rule's five (a hub's coming events counted for an editor in 4 ms rather than
    # 6.6 at scale; issue 22). A body's few events are read from its links (a join).
    events = hub_events_visible_to(filters.hub, user) if filters.hub is not None else Event.objects.all()
    if filters.body is not None:
        events = events.filter(organiser_bodies=filters.body)
    if filters.hub is None:  # a hub's list asked the rule already
        events &= visible_events(user)
    if filters.when == "upcoming":
        events = events.upcoming().order_by("starts_at", "pk")
    elif filters.when == "past":
        events = events.past().order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if filters.type:
        events = events.filter(type=filters.type)
    if filters.mine:
        events = events.filter(_mine_q(user))
    if filters.day is not None:
        events = events.filter(_on_day(filters.day))
    if filters.q:
        for word in normalize_arabic(filters.q[:100]).split()[:6]:
            pattern = word_pattern(word)
            events = events.filter(Q(name_ar__iregex=pattern) | Q(name_en__iregex=pattern) | Q(city__iregex=pattern))
    return _with_relations(events.annotate(confirmed_count=_confirmed_count()))


def sees_every_event_of_hub(user, hub) -> bool:
    """Platform administrators, the hub's coordinators and deputies and the officers of its programme may see every
    event the hub organises (`visible_events`), whatever its visibility: their lists of the hub's events ask no
    question per event (the rule's five, built and compiled for each list: 5–7 ms of the hub page; issue 22)."""
    if user is None or not user.is_authenticated:
        return False
    if is_platform_admin(user) or hub.pk in hub_relations(user).managed_hub_ids:
        return True
    return hub.programme_id is not None and hub.programme_id in programme_officer_ids(user)


def hub_events_visible_to(hub, user) -> QuerySet[Event]:
    """The events organised by the hub that the person may see."""
    events = Event.objects.filter(_organised_by_hub(hub))
    return events if sees_every_event_of_hub(user, hub) else events & visible_events(user)


def _organised_by_hub(hub) -> Exists:
    """Organised by the hub, asked of each event (a probe of the link's index) as the events are walked in the order
    of their start: as a join, SQLite read every event of the hub (1,850 at scale) and sorted them, to show five (3 ms
    against 0.1 for the hub page's next events; issue 22)."""
    return Exists(Event.organiser_hubs.through.objects.filter(event_id=OuterRef("pk"), hub_id=hub.pk))


def _on_day(day: dt.date) -> Q:
    """Events on `day` as the month calendar places them: on every day from the one they start on to the one they
    end on, each in its own time zone (one condition per zone the events use)."""
    condition = Q(pk__in=[])
    for name in Event.objects.order_by().values_list("time_zone", flat=True).distinct():
        midnight = dt.datetime.combine(day, dt.time.min, zone_named(name))
        starts = Q(starts_at__lt=midnight + dt.timedelta(days=1), starts_at__gte=midnight - LONGEST_EVENT)
        condition |= Q(starts, time_zone=name, ends_at__gte=midnight)
    return condition


# Each folded letter of a normalised word matches every spelling it stands for (core.arabic folds them).
_SPELLINGS = {"ا": "[اأإآٱ]", "ي": "[يىئی]", "ه": "[هة]", "و": "[وؤ]", "ك": "[كک]"}


def word_pattern(word: str) -> str:
    """A regular expression (SQLite and PostgreSQL alike) matching the stored spellings of a normalised word,
    so that a search for "مدرسة" finds "مدرسه" and the reverse, and "اداره" finds "إدارة"."""
    return "".join(_SPELLINGS.get(char) or re.escape(char) for char in word)


def search_events(*, user, query: str, limit: int = 20) -> list[Event]:
    """For the search app: past and coming events matching every word that the person may see, and no others."""
    if not (query or "").strip():
        return []
    return list(event_list(user=user, filters=EventFilters(when="all", q=query))[:limit])


def _confirmed_count():
    """How many confirmed places the outer event has (core.queries.count_of: for the rows of the page only)."""
    return count_of(Registration.objects.filter(status=Registration.Status.CONFIRMED), "event")


def _mine_q(user) -> Q:
    """Events the person takes part in: a place or a waiting-list place, or organising."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    # The person's few events as `IN` lists, which SQLite reads first: as `EXISTS` it walked every coming event
    # (30 + 50 ms for the count and the page of "my calendar" at 20,000 events, against 2 + 5; issue 22).
    registered = Registration.objects.filter(user_id=user.pk).exclude(status=Registration.Status.CANCELLED)
    organised = Event.organisers.through.objects.filter(user_id=user.pk)
    return Q(pk__in=registered.values("event_id")) | Q(pk__in=organised.values("event_id"))


def event_get(*, user, pk: int) -> Event:
    """The event if the person may see it; raises Event.DoesNotExist otherwise (views answer 404)."""
    related = ["twinning_meeting__group"] if hasattr(Event, "twinning_meeting") else []
    event = (
        _with_relations(visible_events(user))
        .select_related(*related)
        .select_related("host_body", "host_organisation")
        .prefetch_related("documents", "topics", "sdg_goals", "sdg_targets", "visiting_bodies")
        .prefetch_related("organiser_organisations")
        .annotate(confirmed_count=_confirmed_count())
        .get(pk=pk)
    )
    event._visible_to = {getattr(user, "pk", None): True}
    return event


def event_get_alone(*, user, pk: int) -> Event:
    """The event without its related rows, if the person may see it (as `event_get`): for a page that shows only its
    name, such as closing it. `event_get`'s prefetches grow with the event (its documents, topics, visiting bodies:
    0.2 s of CPU for one with hundreds at 10,000 bodies); the permission rules read the few relations they need."""
    event = visible_events(user).get(pk=pk)
    event._visible_to = {getattr(user, "pk", None): True}
    return event


def event_twinning_group(*, event: Event):
    """The twinning group whose meeting this event is (the twinning app links them), or None."""
    meeting = getattr(event, "twinning_meeting", None)  # a missing reverse one-to-one raises an AttributeError
    return meeting.group if meeting is not None else None


def registration_for(*, user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def waitlist_position(registration: Registration) -> int | None:
    if registration is None or registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def is_admitted(*, user, event: Event, registration: Registration | None) -> bool:
    """Admitted people see the online link: a confirmed place, or managing the event."""
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        return True
    return user.is_authenticated and user.has_perm("events.change_event", event)


def event_registrations(*, event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "local_body", "local_body__region")
        .order_by("status", "waitlisted_at", "user__full_name", "pk")
    )


@dataclass
class Attendance:
    confirmed: int = 0
    waitlisted: int = 0
    attended: int = 0
    body_counts: list = field(default_factory=list)  # [(body id, number of people checked in)], most first

    @property
    def body_count(self) -> int:
        """How many bodies are represented: the manage page's figure, without loading them."""
        return len(self.body_counts)

    @cached_property
    def bodies(self) -> list:
        """[(LocalBody, number of people)]: loaded by the page that lists them (the event's own), not by the one
        that shows only their number (the manage page: hundreds of bodies at scale)."""
        found = LocalBody.objects.in_bulk([body_id for body_id, _n in self.body_counts])
        return [(found[body_id], n) for body_id, n in self.body_counts]


def event_attendance(*, event: Event) -> Attendance:
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    attended = event.registrations.attended()
    rows = (
        attended.filter(local_body__isnull=False)
        .values_list("local_body")
        .annotate(n=Count("pk"))
        .order_by("-n", "local_body")
    )
    return Attendance(
        confirmed=counts.get(Registration.Status.CONFIRMED, 0),
        waitlisted=counts.get(Registration.Status.WAITLISTED, 0),
        attended=attended.count(),
        body_counts=list(rows),
    )


def closing_report(*, event: Event) -> ClosingReport | None:
    return (
        ClosingReport.objects.filter(event=event)
        .prefetch_related(Prefetch("followups", queryset=FollowUp.objects.select_related("owner")))
        .first()
    )


# --- Hubs ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubPanel:
    events: list[Event]  # the next ones, soonest first
    followups: list[FollowUp]  # open, soonest due first, undated last


# What the panel shows of an event (its link, name, time in its zone and type): the rest of its row is not read.
PANEL_EVENT_FIELDS = ("name_ar", "name_en", "starts_at", "time_zone", "type")


def hub_panel(hub, user, *, events: int = 5, followups: int = 20) -> HubPanel:
    """The hub page's events panel: the next events organised by the hub that the person may see, and the follow-up
    actions not yet done from the closing reports of those they may see (an invitation-only meeting never shows,
    nor through its follow-ups). The rule of what the person may see is built once for both reads (2 ms a build at
    scale; issue 22)."""
    visible = hub_events_visible_to(hub, user)
    coming = visible.upcoming().exclude(status=Event.Status.CANCELLED).only(*PANEL_EVENT_FIELDS)
    # From the hub's events to their follow-ups (the link's index), each asked whether the person may see its event
    # (EXISTS on the one event): listing every event the person may see first cost 18 ms at 20,000 events.
    open_followups = FollowUp.objects.open().filter(report__event__organiser_hubs=hub)
    if not sees_every_event_of_hub(user, hub):
        open_followups = open_followups.filter(Exists(visible.filter(pk=OuterRef("report__event_id"))))
    return HubPanel(
        events=list(coming.order_by("starts_at", "pk")[:events]),
        followups=list(
            open_followups.select_related("owner", "report__event")
            .only(
                "description",
                "owner_name",
                "due_date",
                "status",
                "owner__full_name",
                "owner__username",
                *(f"report__event__{field}" for field in ("name_ar", "name_en")),
            )
            .order_by(F("due_date").asc(nulls_last=True), "pk")
            .distinct()[:followups]
        ),
    )


# --- "My work": invitations to answer ------------------------------------------------------------------------


def invitations_to_answer(user) -> QuerySet[Invitation]:
    """Invitations of the person, or of their body, to coming scheduled events open for registration, that they
    have not answered by registering (an invitation has no answer of its own: taking a place, or a waiting-list
    place, answers it). One row per event: a person invited twice (in person and through the body) sees one."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    registered = Registration.objects.filter(event_id=OuterRef("event_id"), user_id=user.pk).exclude(
        status=Registration.Status.CANCELLED
    )
    mine = Invitation.objects.filter(
        _invitation_q(user),
        event__status=Event.Status.SCHEDULED,
        event__registration_open=True,
        event__ends_at__gte=timezone.now(),
    ).exclude(Exists(registered))
    # The person's own invitation wins over the body's when both exist.
    first = (
        Invitation.objects.filter(_invitation_q(user), event_id=OuterRef("event_id"))
        .order_by(F("user_id").asc(nulls_last=True), "pk")
        .values("pk")[:1]
    )
    return mine.filter(pk=Subquery(first)).select_related("event", "local_body").order_by("event__starts_at", "pk")


# --- Calendars -----------------------------------------------------------------------------------------------


# Events shown in one day of the month calendar; the others of that day are a link to the day's list. A region's
# calendar holds some 1,100 events a month (36 a day): all of them made a page of 0.15 s that nobody could read.
MONTH_DAY_EVENTS = 4


@dataclass
class MonthDay:
    date: dt.date
    events: list  # the first MONTH_DAY_EVENTS events of the day (none for a day of another month)
    more: int = 0  # how many other events that day holds


@dataclass
class MonthView:
    year: int
    month: int
    weeks: list  # [[MonthDay, ...], ...]
    previous: dt.date
    next: dt.date

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def month_view(*, events: QuerySet[Event], year: int, month: int) -> MonthView:
    """A month grid; each event sits on the days of the month it covers in its own time zone, the first
    MONTH_DAY_EVENTS of a day in full. Two queries: the times of the month's events (the days they cover), then
    the events shown."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    grid = pycalendar.Calendar(firstweekday=5).monthdatescalendar(year, month)  # weeks start on Saturday
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=1), dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=2), dt.time.min), tz)
    times = (
        events.overlapping(start, end)
        .order_by("starts_at", "pk")
        .values_list("pk", "starts_at", "ends_at", "time_zone")
    )
    shown: dict[dt.date, list[int]] = {}
    more: dict[dt.date, int] = {}
    zones: dict[str, dt.tzinfo] = {}  # a region's month holds 1,100 events in a few zones
    for pk, starts_at, ends_at, zone_name in times:
        zone = zones.get(zone_name) or zones.setdefault(zone_name, zone_named(zone_name))
        starts_on = starts_at.astimezone(zone).date()
        day, last_day = max(first, starts_on), min(last, max(starts_on, ends_at.astimezone(zone).date()))
        while day <= last_day:
            if len(shown.setdefault(day, [])) < MONTH_DAY_EVENTS:
                shown[day].append(pk)
            else:
                more[day] = more.get(day, 0) + 1
            day += dt.timedelta(days=1)
    found = Event.objects.in_bulk([pk for pks in shown.values() for pk in pks])
    weeks = [
        [
            MonthDay(day, [found[pk] for pk in shown.get(day, []) if pk in found], more.get(day, 0))
            if day.month == month
            else MonthDay(day, [])
            for day in week
        ]
        for week in grid
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return MonthView(year=year, month=month, weeks=weeks, previous=previous, next=following)


def personal_feed_events(*, token: str) -> tuple[object, list[Event]] | None:
    """The person and their events for a private feed address, or None for an unknown (revoked) token."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    user = feed.user
    events = (
        visible_events(user).filter(_mine_q(user)).exclude(status=Event.Status.CANCELLED).order_by("starts_at", "pk")
    )
    return user, list(_with_relations(events))


def organiser_organisation_choices(user, *, keep=()) -> QuerySet[Organisation]:
    """The organisations a person may name as organisers: those whose staff they are, plus `keep`."""
    return acts_for(user).limit(Organisation.objects.order_by("name_ar", "pk"), keep=keep)


def organiser_body_choices(user, *, keep=()) -> QuerySet[LocalBody]:
    """The local bodies a person may name as organisers of an event: those they act for, plus `keep` (those
    already named)."""
    return acts_for(user).limit(LocalBody.objects.order_by("name_ar", "pk"), keep=keep)


def online_link_event_ids(*, user) -> set[int]:
    """The events whose online link a private feed shows the person: those they hold a confirmed place in or
    organise."""
    admitted = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED).values_list(
        "event_id", flat=True
    )
    organised = Event.organisers.through.objects.filter(user_id=user.pk).values_list("event_id", flat=True)
    return set(admitted) | set(organised)


def feed_token_of(user) -> CalendarFeedToken | None:
    """The person's private calendar address, if they made one."""
    return CalendarFeedToken.objects.filter(user=user).first()


def event_saved(event: Event) -> Event:
    """The event as its row holds it now: what an edit hands to its service, rather than the instance a bound form
    has already changed (or one carrying a page's annotations)."""
    return Event.objects.get(pk=event.pk)


def all_event_registrations(*, event: Event) -> QuerySet[Registration]:
    """Every registration of the event, cancelled ones included, with its person (a manager's action finds its
    registration here)."""
    return event.registrations.select_related("user")


def event_documents() -> QuerySet[EventDocument]:
    """Documents with their event (the download checks the event may be seen)."""
    return EventDocument.objects.select_related("event")


def followups() -> QuerySet[FollowUp]:
    """Follow-up actions with their event."""
    return FollowUp.objects.select_related("report__event")


def hub_feed_events(*, hub) -> list[Event]:
    """The public events of a hub (a feed is fetched without signing in)."""
    return list(
        _with_relations(
            visible_events(None).filter(organiser_hubs=hub).exclude(status=Event.Status.CANCELLED)
        ).order_by("starts_at", "pk")
    )


# --- Training courses ----------------------------------------------------------------------------------------


def course_list() -> QuerySet[Course]:
    """Courses with their numbers of sessions and of people enrolled, each a subquery (two counts over one join
    multiplied a course's sessions by its people: 42,000 rows for 200 sessions and 212 people, 15 ms)."""
    return Course.objects.annotate(
        session_count=count_of(Event.objects.all(), "course"),
        enrolled=count_of(Enrolment.objects.filter(status=Enrolment.Status.ACTIVE), "course"),
    ).order_by("-created_at", "pk")


def course_get(*, pk: int) -> Course:
    """The course and its organising hubs (its organising people are asked about one at a time, as an event's)."""
    return Course.objects.prefetch_related("organiser_hubs").get(pk=pk)


def course_sessions(*, course: Course) -> list[Event]:
    return list(course.sessions.prefetch_related("organiser_hubs", "organiser_bodies").order_by("starts_at", "pk"))


@dataclass
class CourseProgress:
    attended: int
    total: int
    required: int

    @property
    def completed(self) -> bool:
        return self.total > 0 and self.attended >= self.required


def course_progress(*, course: Course, user) -> CourseProgress:
    total = course.sessions.count()
    attended = Registration.objects.attended().filter(event__course=course, user=user).count()
    return CourseProgress(attended=attended, total=total, required=course.sessions_required(total))


def course_visible_sessions(*, course: Course, user) -> QuerySet[Event]:
    """The course's sessions the person may see, in order: the course page shows a page of them."""
    return (
        visible_events(user)
        .filter(course=course)
        .prefetch_related("organiser_hubs", "organiser_bodies")
        .order_by("starts_at", "pk")
    )


def course_enrolled(*, course: Course) -> QuerySet[Enrolment]:
    """The people enrolled in the course (active), in order of enrolment: a page of them is the attendance table's
    rows."""
    return course.enrolments.filter(status=Enrolment.Status.ACTIVE).select_related("user", "local_body").order_by("pk")


def course_attendance_rows(*, course: Course, enrolments, sessions) -> list[dict]:
    """Per enrolled person of `enrolments` (a page of them): which of `sessions` (the page of sessions shown) they
    attended, how many of all the course's sessions they attended and whether that completes the course. Three
    queries whatever the number of people and sessions; the work grows with the page only."""
    enrolments = list(enrolments)
    session_ids = [session.pk for session in sessions]
    total = course.sessions.count()
    attended = Registration.objects.attended().filter(
        event__course=course, user_id__in=[enrolment.user_id for enrolment in enrolments]
    )
    counts = dict(attended.values("user_id").annotate(n=Count("event_id")).values_list("user_id", "n"))
    shown = set(attended.filter(event_id__in=session_ids).values_list("user_id", "event_id"))
    rows = []
    for enrolment in enrolments:
        progress = CourseProgress(
            attended=counts.get(enrolment.user_id, 0), total=total, required=course.sessions_required(total)
        )
        rows.append(
            {
                "enrolment": enrolment,
                "marks": [(session, (enrolment.user_id, session.pk) in shown) for session in sessions],
                "attended": progress.attended,
                "completed": progress.completed,
            }
        )
    return rows
