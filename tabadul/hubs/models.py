"""Technical exchange hubs (منصات تبادل الخبرات): membership, elections, work plans, mentoring, innovation.

The rules (one ballot per member body, the tie rule, the Borda ranking) are in docs/hubs.md.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tabadul.alignment.models import AlignedModel
from tabadul.core.files import DOCUMENTS, IMAGES, PrivateFileField
from tabadul.core.models import BilingualNameModel, TimeStampedModel


def _active(ar: str, en: str) -> str:
    if (get_language() or "ar").startswith("en") and en:
        return en
    return ar


class LaunchFields(models.Model):
    """The launch meeting of a hub or a chapter."""

    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    launch_city_ar = models.CharField(_("launch city (Arabic)"), max_length=100, blank=True)
    launch_city_en = models.CharField(_("launch city (English)"), max_length=100, blank=True)
    launch_attendance = models.PositiveIntegerField(_("people at the launch"), null=True, blank=True)
    launch_bodies = models.PositiveIntegerField(_("local bodies at the launch"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def launch_city(self) -> str:
        return _active(self.launch_city_ar, self.launch_city_en)


class Hub(BilingualNameModel, LaunchFields, TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audience_ar = models.CharField(_("target audience (Arabic)"), max_length=300, blank=True)
    audience_en = models.CharField(_("target audience (English)"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    reviews_initiatives = models.BooleanField(
        _("reviews the innovation survey"),
        default=False,
        help_text=_("The innovation hub reviews, shortlists and selects the initiatives bodies submit."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hubs",
    )
    # Organisations that partner the hub (seeds 000-001: APLA coordinates, GIZ supports); decisions/010.
    partner_organisations = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="partner_hubs"
    )
    # Seed 001: a work plan has four to six priority topics, but the innovation hub agreed on three.
    min_topics = models.PositiveSmallIntegerField(_("fewest priority topics"), default=4)
    max_topics = models.PositiveSmallIntegerField(_("most priority topics"), default=6)

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_topics__gte=1, max_topics__gte=models.F("min_topics")),
                name="hub_topic_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:hub_detail", args=[self.slug])

    def clean(self):
        if self.min_topics is not None and self.min_topics < 1:
            raise ValidationError({"min_topics": _("A work plan has at least one priority topic.")})
        if self.min_topics is not None and self.max_topics is not None and self.max_topics < self.min_topics:
            raise ValidationError({"max_topics": _("The most topics cannot be fewer than the fewest.")})

    def topic_range_message(self) -> str:
        """The hub's rule for a work plan's number of topics, as the refusal and the form's error say it."""
        if self.min_topics == self.max_topics:
            return ngettext(
                "A work plan of this hub has %(count)d priority topic.",
                "A work plan of this hub has %(count)d priority topics.",
                self.min_topics,
            ) % {"count": self.min_topics}
        return gettext("A work plan of this hub has between %(min)d and %(max)d priority topics.") % {
            "min": self.min_topics,
            "max": self.max_topics,
        }

    @property
    def description(self) -> str:
        return _active(self.description_ar, self.description_en)

    @property
    def audience(self) -> str:
        return _active(self.audience_ar, self.audience_en)


class Chapter(BilingualNameModel, LaunchFields, TimeStampedModel):
    """A regional chapter (the village-councils hub works in north, centre and south chapters)."""

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="chapters")
    region = models.ForeignKey(
        "directory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="hub_chapters"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("regional chapter")
        verbose_name_plural = _("regional chapters")
        ordering = ["hub", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["hub", "region"], name="one_chapter_per_region")]

    def __str__(self) -> str:
        return self.name


class Axis(BilingualNameModel, TimeStampedModel):
    """A working axis of a hub that mirrors another hub (the Gaza hub's public relations, finance, ... axes)."""

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="axes")
    mirrors = models.ForeignKey(
        Hub,
        verbose_name=_("mirrors the hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mirrored_by",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["hub", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name_ar"], name="unique_axis_name"),
            models.CheckConstraint(condition=~Q(hub=models.F("mirrors")), name="axis_mirrors_another_hub"),
        ]


# --- Membership ---


class Invitation(TimeStampedModel):
    """The open invitation to join, sent to one body; its answer is tracked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="invitations")
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="hub_invitations"
    )
    status = models.CharField(_("answer"), max_length=20, choices=Status.choices, default=Status.PENDING)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["hub", "body__name_ar"]
        constraints = [models.UniqueConstraint(fields=["hub", "body"], name="one_invitation_per_body")]

    def __str__(self) -> str:
        return f"{self.hub} — {self.body}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(TimeStampedModel):
    """A local body in a hub: asked to join, accepted or declined (with a reason), then possibly left."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    OPEN = (Status.REQUESTED, Status.ACTIVE)

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="hub_memberships"
    )
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # The members page's order (the body's country name, region position and name), stored with the
    # membership so that one page of a large hub's members is read from an index instead of sorting them all
    # (issue 22; member_figures.py keeps them true). Null until stored: the page then sorts as it used to.
    order_country = models.CharField(max_length=200, null=True, editable=False)
    order_region = models.PositiveSmallIntegerField(null=True, editable=False)
    order_name = models.CharField(max_length=200, null=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["hub", "body__name_ar"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "body"], condition=Q(status__in=["requested", "active"]), name="one_open_membership"
            )
        ]
        # A hub's requests to decide ("my work", the manage page) among its thousands of members, read by index.
        indexes = [
            models.Index(fields=["hub", "status"], name="hubs_membership_hub_status"),
            # The members page's list, a page at a time in its order (member_figures.LIST_ORDER).
            models.Index(
                fields=["hub", "status", "order_country", "order_region", "order_name", "id"],
                name="hubs_membership_list_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.hub}"

    def clean(self):
        if self.chapter_id and self.chapter.hub_id != self.hub_id:
            raise ValidationError({"chapter": _("The chapter belongs to another hub.")})


class MemberFigures(models.Model):
    """A hub's counts of active member bodies by type and place (its page and its members page), stored so that
    the pages do not count its thousands of members on each view (issue 22; hubs/member_figures.py writes and
    reads them).

    `rows`: one per (body type, country, region, governorate) with its number of bodies and the places' codes and
    names, as JSON. `total`: the number of active members they add up to. The page uses them only while `total`
    equals the live count (one indexed count), so memberships written without the services never show wrong
    figures; a body's or a place's save stores them anew (apps.py).
    """

    hub = models.OneToOneField(Hub, on_delete=models.CASCADE, primary_key=True, related_name="member_figures")
    total = models.PositiveIntegerField()
    rows = models.JSONField()

    class Meta:
        verbose_name = _("member figures")
        verbose_name_plural = _("member figures")

    def __str__(self) -> str:
        return str(self.hub)


class Representative(TimeStampedModel):
    """A staff member who represents a member body in the hub."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="hub_representations"
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [models.UniqueConstraint(fields=["membership", "user"], name="one_representation")]

    def __str__(self) -> str:
        return f"{self.user} ({self.membership})"


# --- Elections ---


class ElectionQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)

    def upcoming(self):
        return self.filter(starts_at__gt=timezone.now())

    def past(self):
        return self.filter(ends_at__lte=timezone.now())


class Mandate(TimeStampedModel):
    """A coordinator or deputy of a hub for a term; gives the per-hub management permissions."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        DEPUTY = "deputy", _("Deputy coordinator")

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="mandates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="hub_mandates"
    )
    body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("local body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    election = models.OneToOneField(
        "Election", verbose_name=_("election"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mandate"
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["hub", "role", "-starts_on"]
        # The hub page's current coordinator and deputy: the newest term of each role, read in this order.
        indexes = [models.Index(fields=["hub", "role", "-starts_on", "-id"], name="hubs_mandate_latest")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="mandate_term")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user} — {self.hub}"


class Election(TimeStampedModel):
    """The election of a hub's coordinator or deputy. Nominations close when voting starts."""

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="elections")
    role = models.CharField(_("role"), max_length=20, choices=Mandate.Role.choices)
    starts_at = models.DateTimeField(_("voting starts"))
    ends_at = models.DateTimeField(_("voting ends"))
    term_starts_on = models.DateField(_("term starts"))
    term_ends_on = models.DateField(_("term ends"))
    closed_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    winner = models.ForeignKey(
        "Candidate", verbose_name=_("elected"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tie_broken = models.BooleanField(_("decided by the tie rule"), default=False)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-starts_at"]
        # The hub's pages list its elections newest first, a page or five at a time (selectors.hub_elections): walked
        # in this index rather than every election of the hub sorted.
        indexes = [models.Index(fields=["hub", "-starts_at", "-id"], name="hubs_election_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="election_period"),
            models.CheckConstraint(condition=Q(term_ends_on__gte=models.F("term_starts_on")), name="election_term"),
        ]

    def __str__(self) -> str:
        return f"{self.hub}: {self.get_role_display()} ({self.starts_at:%Y-%m-%d})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Voting must end after it starts.")})
        if self.term_starts_on and self.term_ends_on and self.term_ends_on < self.term_starts_on:
            raise ValidationError({"term_ends_on": _("The term must end after it starts.")})

    def get_absolute_url(self) -> str:
        return reverse("hubs:election_detail", args=[self.hub.slug, self.pk])

    @property
    def phase(self) -> str:
        now = timezone.now()
        if now < self.starts_at:
            return "nominations"
        if now < self.ends_at:
            return "voting"
        return "closed" if self.closed_at else "counting"


class Candidate(TimeStampedModel):
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "user"], name="one_candidacy")]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.body})"


class BallotReceipt(models.Model):
    """That a member body voted (never what). No timestamp and a random key: it cannot be lined up with a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="receipts")
    body = models.ForeignKey("directory.LocalBody", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [models.UniqueConstraint(fields=["election", "body"], name="one_ballot_per_body")]

    def __str__(self) -> str:
        return str(_("ballot receipt"))


class Ballot(models.Model):
    """What was voted (never who). No timestamp, no voter, a random key, no default ordering."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    choice = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("ballot"))


# --- Work plans ---


class WorkPlan(TimeStampedModel):
    """The priority topics of a hub (or one of its chapters) for a period."""

    class Status(models.TextChoices):
        RANKING = "ranking", _("Proposing and ranking topics")
        CONFIRMED = "confirmed", _("Confirmed")

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="work_plans")
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), null=True, blank=True, on_delete=models.CASCADE, related_name="work_plans"
    )
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RANKING)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["hub", "chapter__position", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="work_plan_period"),
            models.UniqueConstraint(fields=["hub", "chapter", "starts_on"], name="one_work_plan_per_period"),
        ]

    def __str__(self) -> str:
        where = self.chapter.name if self.chapter_id else self.hub.name
        return f"{where} {self.starts_on:%Y}–{self.ends_on:%Y}"

    def clean(self):
        if self.chapter_id and self.chapter.hub_id != self.hub_id:
            raise ValidationError({"chapter": _("The chapter belongs to another hub.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period must end after it starts.")})


class WorkPlanTopic(AlignedModel, TimeStampedModel):
    """A priority topic of a work plan; its working group plans its activities (events link here)."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="topics"
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by_body = models.ForeignKey(
        "directory.LocalBody",
        verbose_name=_("proposed by body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the coordinator confirms the plan: 1 is the first priority; None for topics not retained.
    rank = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    score = models.PositiveIntegerField(_("Borda points"), default=0)

    class Meta:
        verbose_name = _("work-plan topic")
        verbose_name_plural = _("work-plan topics")
        ordering = ["work_plan", models.F("rank").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "rank"], name="one_topic_per_rank"),
            models.UniqueConstraint(fields=["work_plan", "title_ar"], name="unique_topic_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hubs:topic_detail", args=[self.work_plan.hub.slug, self.pk])

    def clean(self):
        if self.axis_id and self.work_plan_id and self.axis.hub_id != self.work_plan.hub_id:
            raise ValidationError({"axis": _("The axis belongs to another hub.")})

    @property
    def title(self) -> str:
        return _active(self.title_ar, self.title_en)


class TopicRanking(TimeStampedModel):
    """One member body's ranking of a work plan's topics (it may replace it until the plan is confirmed)."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="rankings")
    body = models.ForeignKey("directory.LocalBody", on_delete=models.CASCADE, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("topic ranking")
        verbose_name_plural = _("topic rankings")
        constraints = [models.UniqueConstraint(fields=["work_plan", "body"], name="one_ranking_per_body")]


class TopicRankingEntry(models.Model):
    ranking = models.ForeignKey(TopicRanking, on_delete=models.CASCADE, related_name="entries")
    topic = models.ForeignKey(WorkPlanTopic, on_delete=models.CASCADE, related_name="ranking_entries")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "topic"], name="topic_ranked_once"),
            models.UniqueConstraint(fields=["ranking", "position"], name="one_topic_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.topic_id}"


class WorkingGroupMember(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    topic = models.ForeignKey(
        WorkPlanTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="working_group"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")
        ordering = ["topic", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="one_working_group_seat"),
            models.UniqueConstraint(fields=["topic"], condition=Q(role="lead"), name="one_working_group_lead"),
        ]


# --- Peer mentoring ---


class Mentorship(TimeStampedModel):
    """A body shares a practice with peer bodies bilaterally (e.g. Hebron's GIS experience)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("mentorship status", "Proposed")
        ACTIVE = "active", pgettext_lazy("mentorship status", "Under way")
        COMPLETED = "completed", pgettext_lazy("mentorship status", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("mentorship status", "Cancelled")

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="mentorships")
    mentor_body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("mentor body"), on_delete=models.CASCADE, related_name="mentoring"
    )
    mentee_bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("mentee bodies"), related_name="mentored_by"
    )
    topic_ar = models.CharField(_("topic (Arabic)"), max_length=300)
    topic_en = models.CharField(_("topic (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        verbose_name = _("peer mentoring")
        verbose_name_plural = _("peer mentoring")
        ordering = ["hub", "-created_at"]

    def __str__(self) -> str:
        return f"{self.mentor_body}: {self.topic}"

    @property
    def topic(self) -> str:
        return _active(self.topic_ar, self.topic_en)


class MentoringSession(TimeStampedModel):
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentoring"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    bodies = models.ManyToManyField(
        "directory.LocalBody", verbose_name=_("bodies present"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["mentorship", "held_on"]


# --- Innovation survey ---


class Initiative(TimeStampedModel):
    """An innovative initiative a body submits to the innovation survey."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        NOT_RETAINED = "not_retained", _("Not retained")

    hub = models.ForeignKey(Hub, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="initiatives")
    body = models.ForeignKey(
        "directory.LocalBody", verbose_name=_("local body"), on_delete=models.CASCADE, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    results = models.TextField(_("results"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.OneToOneField(
        WorkPlanTopic,
        verbose_name=_("became the topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class InitiativeAttachment(TimeStampedModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = PrivateFileField(
        _("file"),
        folder="hubs/initiatives",
        kinds=(*DOCUMENTS, *IMAGES),
        permission="hubs.view_initiative_attachment",
        filename_attr="title",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class JointActivity(TimeStampedModel):
    """One hub's proposal that another hub co-organise one of its activities (issue 20, item 6).

    The activity becomes the other hub's too (`Event.organiser_hubs`) only when that hub's coordinator or deputy
    accepts; until then it is shown as the proposing hub's alone. The proposer may withdraw a pending proposal.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the other hub")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(
        "events.Event", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="joint_proposals"
    )
    hub = models.ForeignKey(
        Hub, verbose_name=_("proposing hub"), on_delete=models.CASCADE, related_name="joint_proposals_sent"
    )
    partner_hub = models.ForeignKey(
        Hub, verbose_name=_("invited hub"), on_delete=models.CASCADE, related_name="joint_proposals_received"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message to the other hub"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint activity proposal")
        verbose_name_plural = _("joint activity proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(hub=models.F("partner_hub")), name="joint_activity_two_hubs"),
            models.UniqueConstraint(
                fields=["event", "partner_hub"],
                condition=Q(status="pending"),
                name="one_pending_joint_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.hub} + {self.partner_hub}"
