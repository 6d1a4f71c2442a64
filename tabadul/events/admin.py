from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import ClosingReport, Course, Enrolment, Event, EventDocument, FollowUp, Invitation, Registration


class DocumentInline(admin.TabularInline):
    """Read-only here: documents are added on the event's manage page (through the service) and are private,
    so they link to the download view, which checks that the event may be seen."""

    model = EventDocument
    extra = 0
    fields = ["title", "download", "uploaded_by", "created_at"]
    readonly_fields = ["download", "uploaded_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.title) if obj.pk else "—"


@admin.register(Event)
class EventAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "type", "starts_at", "time_zone", "mode", "visibility", "status", "capacity"]
    list_filter = ["type", "mode", "visibility", "status", "organiser_hubs"]
    search_fields = ["name_ar", "name_en", "city"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers", "organiser_hubs", "topics", "sdg_goals", "sdg_targets", "kpis"]
    inlines = [DocumentInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyModelAdmin):
    list_display = ["event", "user", "local_body", "created_at"]
    list_select_related = ["event", "user", "local_body"]
    raw_id_fields = ["event", "user", "local_body", "invited_by"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyModelAdmin):
    list_display = ["event", "user", "local_body", "status", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["event", "user", "local_body"]
    raw_id_fields = ["event", "user", "local_body", "checked_in_by"]
    search_fields = ["user__username", "user__full_name", "code"]


@admin.register(Course)
class CourseAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "programme", "capacity", "min_sessions_attended", "enrolment_open"]
    filter_horizontal = ["organisers", "organiser_hubs"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyModelAdmin):
    list_display = ["course", "user", "status"]
    raw_id_fields = ["course", "user", "local_body"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(ClosingReport)
class ClosingReportAdmin(ReadOnlyModelAdmin):
    list_display = ["event", "attendee_count", "created_at"]
    raw_id_fields = ["event", "closed_by"]
    inlines = [FollowUpInline]
