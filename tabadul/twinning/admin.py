from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import (
    Criterion,
    GroupDocument,
    GroupMeeting,
    GroupReview,
    Milestone,
    Network,
    SelfAssessment,
    TwinningGroup,
)


@admin.register(Network)
class NetworkAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "name_en", "facilitating_organisation"]
    search_fields = ["name_ar", "name_en", "slug"]
    filter_horizontal = ["members", "facilitators"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "network", "max_score", "position"]
    list_filter = ["network"]


@admin.register(TwinningGroup)
class TwinningGroupAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "network", "theme", "status", "starts_on", "last_activity_at"]
    list_filter = ["network", "theme", "status"]
    search_fields = ["name_ar", "name_en"]
    filter_horizontal = ["members"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "group", "owner_body", "due_on", "status"]
    list_filter = ["status"]


@admin.register(GroupDocument)
class GroupDocumentAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "group", "original_name", "created_at"]
    exclude = ["file"]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(ReadOnlyModelAdmin):
    list_display = ["event", "group"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyModelAdmin):
    list_display = ["group", "body", "period", "status"]
    list_filter = ["status", "period"]


@admin.register(GroupReview)
class GroupReviewAdmin(ReadOnlyModelAdmin):
    list_display = ["group", "period", "rating"]
