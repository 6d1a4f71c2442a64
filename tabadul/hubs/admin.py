"""Admin for the hubs. Ballots and ballot receipts are deliberately not registered: nobody browses who voted
next to what was voted. Elections are counted only by `services.election_close`, never edited here."""

from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import (
    Axis,
    Candidate,
    Chapter,
    Election,
    Hub,
    Initiative,
    InitiativeAttachment,
    Invitation,
    JointActivity,
    Mandate,
    Membership,
    MentoringSession,
    Mentorship,
    Representative,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    can_delete = False  # memberships name their chapter


class AxisInline(admin.TabularInline):
    model = Axis
    fk_name = "hub"
    extra = 0
    can_delete = False  # work-plan topics name their axis


@admin.register(Hub)
class HubAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "status", "launch_date", "reviews_initiatives", "min_topics", "max_topics"]
    list_filter = ["status", "reviews_initiatives"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["partner_organisations"]
    inlines = [ChapterInline, AxisInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyModelAdmin):
    list_display = ["hub", "body", "status", "chapter", "joined_at", "left_at"]
    list_filter = ["hub", "status"]
    list_select_related = ["hub", "body", "chapter"]
    search_fields = ["body__name_ar", "body__name_en"]
    raw_id_fields = ["body", "requested_by", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyModelAdmin):
    list_display = ["hub", "body", "status", "answered_at"]
    list_filter = ["hub", "status"]
    list_select_related = ["hub", "body"]
    raw_id_fields = ["body", "sent_by", "answered_by"]


@admin.register(JointActivity)
class JointActivityAdmin(ReadOnlyModelAdmin):
    list_display = ["event", "hub", "partner_hub", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["event", "hub", "partner_hub"]
    raw_id_fields = ["event", "proposed_by", "decided_by"]


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyModelAdmin):
    list_display = ["membership", "user"]
    list_select_related = ["membership__hub", "membership__body", "user"]
    raw_id_fields = ["membership", "user"]


@admin.register(Mandate)
class MandateAdmin(ReadOnlyModelAdmin):
    list_display = ["hub", "role", "user", "body", "starts_on", "ends_on"]
    list_filter = ["hub", "role"]
    list_select_related = ["hub", "user", "body"]
    raw_id_fields = ["user", "body", "election"]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    raw_id_fields = ["user", "body", "nominated_by"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyModelAdmin):
    list_display = ["hub", "role", "starts_at", "ends_at", "closed_at", "winner"]
    list_filter = ["hub", "role"]
    list_select_related = ["hub", "winner__user"]
    readonly_fields = ["closed_at", "winner", "tie_broken"]
    inlines = [CandidateInline]


class TopicInline(admin.TabularInline):
    model = WorkPlanTopic
    extra = 0
    fields = ["title_ar", "title_en", "axis", "rank", "score"]


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyModelAdmin):
    list_display = ["__str__", "hub", "chapter", "starts_on", "ends_on", "status"]
    list_filter = ["hub", "status"]
    list_select_related = ["hub", "chapter"]
    inlines = [TopicInline]


class SeatInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(WorkPlanTopic)
class WorkPlanTopicAdmin(ReadOnlyModelAdmin):
    list_display = ["title_ar", "work_plan", "rank", "score"]
    list_filter = ["work_plan__hub"]
    list_select_related = ["work_plan__hub", "work_plan__chapter"]
    search_fields = ["title_ar", "title_en"]
    raw_id_fields = ["proposed_by", "proposed_by_body"]
    inlines = [SeatInline]


class SessionInline(admin.TabularInline):
    model = MentoringSession
    extra = 0
    filter_horizontal = ["bodies"]


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyModelAdmin):
    list_display = ["topic_ar", "hub", "mentor_body", "status"]
    list_filter = ["hub", "status"]
    list_select_related = ["hub", "mentor_body"]
    filter_horizontal = ["mentee_bodies"]
    inlines = [SessionInline]


class AttachmentInline(admin.TabularInline):
    model = InitiativeAttachment
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "hub", "body", "status", "created_at"]
    list_filter = ["hub", "status"]
    list_select_related = ["hub", "body"]
    search_fields = ["title", "problem", "solution"]
    raw_id_fields = ["body", "submitted_by", "reviewed_by", "topic"]
    inlines = [AttachmentInline]
