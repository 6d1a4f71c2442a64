"""Events, their invitations, registrations and attendance, training courses, closing reports.

Times are stored timezone-aware (UTC in the database); `Event.time_zone` names the zone the event
is held in, so that it is shown, exported to iCal and grouped by date in that zone.

Organisers: one or more hubs (`organiser_hubs`), one or more local bodies holding their own events
(`organiser_bodies`: community meetings, open days, consultations), the platform itself (`organised_by_platform`),
a partner organisation named in `partner_organiser` (e.g. CMI), or a twinning group: the twinning app links its group
meetings to events (`twinning.GroupMeeting.event`, reverse name `twinning_meeting`).
"""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.models import AlignedModel
from tabadul.core.files import DOCUMENTS, IMAGES, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel

# The zones events are held in (Palestine first); any IANA name is accepted by `clean()`.
TIME_ZONE_CHOICES = [
    ("Asia/Hebron", _("Palestine (West Bank)")),
    ("Asia/Gaza", _("Palestine (Gaza)")),
    ("Asia/Amman", _("Jordan")),
    ("Asia/Beirut", _("Lebanon")),
    ("Africa/Cairo", _("Egypt")),
    ("Africa/Tripoli", _("Libya")),
    ("Africa/Tunis", _("Tunisia")),
    ("Europe/Istanbul", _("Türkiye")),
    ("Asia/Baghdad", _("Iraq")),
    ("Europe/Berlin", _("Germany")),
    ("Europe/Paris", _("France")),
    ("UTC", _("UTC")),
]
DEFAULT_TIME_ZONE = "Asia/Hebron"


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The time zone of that IANA name; the default one for a name this machine does not know."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


CAPACITY_MESSAGE = _("The capacity must be a whole number of at least 1, or empty for no limit.")

# Registration codes avoid letters and digits that look alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


# The longest an event lasts (`Event.clean`). Held to it, "the events overlapping a window" (the calendars, the
# coming events) read the index on `starts_at` from the window's start less this, not every event that started
# before the window's end: a month of 1,100 events among 20,000 was a scan of 14,000 rows (issue 22).
LONGEST_EVENT = datetime.timedelta(days=31)


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__gte=now, starts_at__gte=now - LONGEST_EVENT)

    def overlapping(self, start, end):
        """The events that have begun before `end` and not ended before `start`."""
        return self.filter(starts_at__lt=end, starts_at__gte=start - LONGEST_EVENT, ends_at__gte=start)

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, starts_at__gte=now - LONGEST_EVENT, ends_at__gte=now)


class Event(BilingualNameModel, AlignedModel, TimeStampedModel):
    class Type(models.TextChoices):
        LAUNCH_MEETING = "launch_meeting", _("Launch meeting")
        LEARNING_DAY = "learning_day", _("Learning day")
        WORKSHOP = "specialised_workshop", _("Specialised workshop")
        TRAINING_SESSION = "training_session", _("Training session")
        VIRTUAL_MEETING = "virtual_meeting", _("Virtual meeting")
        DIALOGUE_SESSION = "dialogue_session", _("Dialogue session")
        JOINT_ACTIVITY = "joint_activity", _("Joint activity")
        AWARENESS_CAMPAIGN = "awareness_campaign", _("Awareness campaign")
        FIELD_VISIT = "field_visit", _("Field visit")
        # Seed 003: the Isal programme's study tours to Tunisia; seed 004: the twinning groups' exchange visits.
        STUDY_TOUR = "study_tour", _("Study tour")
        # A local body's own events with its residents (issue 16).
        COMMUNITY_MEETING = "community_meeting", _("Community meeting")
        OPEN_DAY = "open_day", _("Open day")
        CONSULTATION = "consultation", _("Public consultation")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the organising hubs only")
        INVITATION = "invitation", _("Invitation only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        CLOSED = "closed", _("Closed (report written)")

    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    organiser_hubs = models.ManyToManyField(
        "hubs.Hub", verbose_name=_("organising hubs"), blank=True, related_name="organised_events"
    )
    organiser_bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("organising local bodies"), blank=True, related_name="organised_events"
    )
    # Organisations holding the event (a ministry's training, a funder's workshop; decisions/010): their staff
    # manage it as a body's editors manage their body's events.
    organiser_organisations = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("organising organisations"),
        blank=True,
        related_name="organised_events",
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisers"), blank=True, related_name="organised_events"
    )
    organised_by_platform = models.BooleanField(_("organised by the platform"), default=False)
    partner_organiser = models.CharField(
        _("partner organisation"), max_length=200, blank=True, help_text=_("An outside organiser, e.g. CMI.")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    # A field visit or a study tour: who received the visitors (a local body or an organisation, e.g. a training
    # centre) and which bodies sent them (`VISIT_TYPES`; the service refuses them on another type of event).
    host_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("host body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_visits",
    )
    host_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_visits",
    )
    visiting_bodies = models.ManyToManyField(
        "directory.LocalBody",
        verbose_name=_("visiting bodies"),
        blank=True,
        related_name="visits_made",
        help_text=_("The bodies whose people made the visit."),
    )
    starts_at = models.DateTimeField(_("starts at"))  # indexed first in `events_event_window` (Meta.indexes)
    # Not indexed alone: an index of the end made SQLite read every coming event and sort them, rather than walk
    # `events_event_window` in order and stop at the page's last (22 -> 1 ms for a body's next events at scale).
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default=DEFAULT_TIME_ZONE)
    mode = models.CharField(_("format"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True, help_text=_("Shown only to admitted people."))
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_open = models.BooleanField(_("registration open"), default=True)
    topics = models.ManyToManyField(
        "hubs.WorkPlanTopic", verbose_name=_("work-plan topics"), blank=True, related_name="events"
    )
    course = models.ForeignKey(
        "events.Course",
        verbose_name=_("training course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    # The types of event in which bodies visit a host (host and visiting bodies).
    VISIT_TYPES = (Type.FIELD_VISIT, Type.STUDY_TOUR)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]
        indexes = [
            # The lists count and the month grids read the events of a window of time (`upcoming`, `overlapping`)
            # with their visibility and status: all of it in the index, so that counting the 6,500 coming events of
            # 10,000 bodies reads the index alone (11 -> 1 ms of CPU), not every event's row.
            models.Index(
                fields=["starts_at", "ends_at", "visibility", "status", "time_zone"], name="events_event_window"
            ),
            # A visitor's lists: the public events of a window in their order (the visibility's own index made
            # SQLite read every public event and sort them). It holds what the lists and month grids ask of an event
            # too, so that counting a visitor's public events reads the index alone: with the start alone, SQLite read
            # every coming public event's row for its end (a hub's coming events 12 -> 2.5 ms, the past ones 7 ->
            # 1.5 ms at 10,000 bodies; issue 22).
            models.Index(
                fields=["visibility", "starts_at", "ends_at", "status", "time_zone"], name="events_event_public_window"
            ),
        ]

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        elif self.starts_at and self.ends_at and self.ends_at - self.starts_at > LONGEST_EVENT:
            message = _("An event lasts at most %(days)d days: make a longer one several events.")
            errors["ends_at"] = message % {"days": LONGEST_EVENT.days}
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = _("Unknown time zone.")
        if self.mode in (self.Mode.ONLINE, self.Mode.HYBRID) and not self.online_url:
            errors["online_url"] = _("An online or hybrid event needs its meeting link.")
        if self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID) and not self.city:
            errors["city"] = _("An event held in person needs its city.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = CAPACITY_MESSAGE
        if self.course_id and self.type != self.Type.TRAINING_SESSION:
            errors["type"] = _("A session of a training course is a training session.")
        if (self.host_body_id or self.host_organisation_id) and self.type not in self.VISIT_TYPES:
            errors["type"] = _("Only a field visit or a study tour has a host.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def check_in_opens_at(self):
        """Midnight at the start of the day before the event, in the event's own zone."""
        day_before = self.local_starts_at.date() - datetime.timedelta(days=1)
        return datetime.datetime.combine(day_before, datetime.time.min, tzinfo=self.tz)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_held_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)


class EventDocument(TimeStampedModel):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = PrivateFileField(
        _("file"),
        folder="events/documents",
        kinds=(*DOCUMENTS, *IMAGES),
        permission="events.view_document",
        filename_attr="title",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_download_url(self) -> str:
        return reverse("events:document_download", args=[self.pk])


class Invitation(TimeStampedModel):
    """An invitation of one person or of one local body (then every staff member of it is invited)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    local_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("local body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(local_body__isnull=True))
                | (Q(user__isnull=True) & Q(local_body__isnull=False)),
                name="invitation_names_a_person_or_a_body",
            ),
            models.UniqueConstraint(fields=["event", "user"], name="unique_person_invitation"),
            models.UniqueConstraint(fields=["event", "local_body"], name="unique_body_invitation"),
        ]

    def clean(self):
        if bool(self.user_id) == bool(self.local_body_id):
            raise ValidationError(_("Invite either one person or one local body."))

    def __str__(self) -> str:
        return f"{self.event}: {self.user or self.local_body}"


class RegistrationQuerySet(models.QuerySet):
    def admitted(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def attended(self):
        return self.filter(checked_in_at__isnull=False)


class Registration(TimeStampedModel):
    """A person's place at an event: confirmed, on the waiting list, or cancelled.

    The waiting list is ordered by `waitlisted_at` then `pk`: the earliest is promoted first.
    `local_body` is the person's body when they registered (reach counts the body they represented).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations"
    )
    local_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("local body represented"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    code = models.CharField(_("registration code"), max_length=16, unique=True, default=new_registration_code)
    waitlisted_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_queued_at = models.DateTimeField(_("reminder queued at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="only_confirmed_people_check_in",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            # The reach figures' fingerprint reads the latest change (reach.fingerprint).
            models.Index(fields=["updated_at"], name="events_registration_changed"),
            # The reach dashboard's filtered aggregates read the attendances only, from the index alone.
            models.Index(
                fields=["event", "user", "local_body"],
                condition=Q(checked_in_at__isnull=False),
                name="events_registration_attended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


class Course(BilingualNameModel, TimeStampedModel):
    """A training course: several sessions (events of type training session), one enrolment.

    Completion rule: a person completes the course by attending at least `min_sessions_attended`
    sessions (empty: all of them).
    """

    description = models.TextField(_("description"), blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True, help_text=_("e.g. the Isal programme"))
    organiser_hubs = models.ManyToManyField(
        "hubs.Hub", verbose_name=_("organising hubs"), blank=True, related_name="organised_courses"
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisers"), blank=True, related_name="organised_courses"
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    min_sessions_attended = models.PositiveSmallIntegerField(
        _("sessions needed to complete"), null=True, blank=True, help_text=_("Empty: every session.")
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["name_ar", "pk"]

    def clean(self):
        errors = {}
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = CAPACITY_MESSAGE
        if self.min_sessions_attended is not None and self.min_sessions_attended < 1:
            errors["min_sessions_attended"] = _("At least one session must be attended, or leave it empty for all.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("events:course_detail", args=[self.pk])

    def sessions_required(self, session_count: int) -> int:
        if self.min_sessions_attended is None:
            return session_count
        return min(self.min_sessions_attended, session_count)


class Enrolment(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    local_body = models.ForeignKey(
        "directory.LocalBody", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="one_enrolment_per_person")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.course}"


class ClosingReport(TimeStampedModel):
    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="closing_report"
    )
    minutes = models.TextField(_("minutes"))
    attendee_count = models.PositiveIntegerField(_("number of attendees"))
    decisions = models.TextField(_("decisions"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")

    def __str__(self) -> str:
        return str(self.event)


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=FollowUp.Status.DONE)


class FollowUp(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    report = models.ForeignKey(
        ClosingReport, verbose_name=_("closing report"), on_delete=models.CASCADE, related_name="followups"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_followups",
    )
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True, help_text=_("When the owner has no account.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "pk"]

    def clean(self):
        if not self.owner_id and not self.owner_name.strip():
            raise ValidationError({"owner_name": _("Name who owns this action.")})

    def __str__(self) -> str:
        return self.description

    @property
    def owner_label(self) -> str:
        return self.owner.display_name if self.owner_id else self.owner_name

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.status != self.Status.DONE and self.due_date < timezone.localdate())


class CalendarFeedToken(TimeStampedModel):
    """The secret in a person's private calendar feed address; revoking replaces it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user}"


class ReachFigures(TimeStampedModel):
    """The reach dashboard's figures without filters, stored so that the page does not aggregate every attendance
    on each view (issue 22; `reach.store` writes them in the background, `reach.reach` only reads them).

    `scope`: what a viewer may see (`reach._scope`): "all" (every event: platform administrators), "public" (the
    public events), or "events:<digest>" (the public events and the other events with attendance a viewer sees,
    named by a digest of their keys: viewers who see the same events share the row). `figures`: the aggregates as
    JSON (keys, not labels). `fingerprint`: what the attendance data looked like when they were computed
    (`reach.fingerprint`), so that a later run leaves figures that are still current.
    """

    scope = models.CharField(max_length=50, unique=True)
    fingerprint = models.CharField(max_length=300)
    figures = models.JSONField()

    class Meta:
        verbose_name = _("reach figures")
        verbose_name_plural = _("reach figures")

    def __str__(self) -> str:
        return self.scope
