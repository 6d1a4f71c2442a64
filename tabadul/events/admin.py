from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import ClosingReport, Course, Enrolment, Event, EventDocument, FollowUp, Invitation, Registration


class DocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "type", "starts_at", "time_zone", "mode", "visibility", "status", "capacity"]
    list_filter = ["type", "mode", "visibility", "status", "organiser_hubs"]
    search_fields = ["name_ar", "name_en", "city"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers", "organiser_hubs", "topics", "sdg_goals", "sdg_targets", "kpis"]
    inlines = [DocumentInline]


@admin.register(Invitation)
class InvitationAdmin(AuditedModelAdmin):
    list_display = ["event", "user", "local_body", "created_at"]
    list_select_related = ["event", "user", "local_body"]
    raw_id_fields = ["event", "user", "local_body", "invited_by"]


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    list_display = ["event", "user", "local_body", "status", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["event", "user", "local_body"]
    raw_id_fields = ["event", "user", "local_body", "checked_in_by"]
    search_fields = ["user__username", "user__full_name", "code"]


@admin.register(Course)
class CourseAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "programme", "capacity", "min_sessions_attended", "enrolment_open"]
    filter_horizontal = ["organisers", "organiser_hubs"]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedModelAdmin):
    list_display = ["course", "user", "status"]
    raw_id_fields = ["course", "user", "local_body"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(ClosingReport)
class ClosingReportAdmin(AuditedModelAdmin):
    list_display = ["event", "attendee_count", "created_at"]
    raw_id_fields = ["event", "closed_by"]
    inlines = [FollowUpInline]
