from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from . import models


@admin.register(models.ProjectStatus)
class ProjectStatusAdmin(ReadOnlyModelAdmin):
    list_display = ["name_ar", "code", "body", "default_percent", "position"]
    list_filter = ["body"]
    list_select_related = ["body"]


class GoalInline(admin.TabularInline):
    model = models.StrategicGoal
    extra = 0
    fields = ["external_id", "name_ar", "name_en", "weight", "position"]


@admin.register(models.StrategicPlan)
class StrategicPlanAdmin(ReadOnlyModelAdmin):
    list_display = ["title_ar", "body", "start_year", "end_year", "status"]
    list_filter = ["status", "start_year"]
    list_select_related = ["body"]
    search_fields = ["title_ar", "title_en", "body__name_ar"]
    inlines = [GoalInline]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyModelAdmin):
    list_display = ["external_id", "name_ar", "plan", "goal", "status", "weight", "start_date", "end_date"]
    list_filter = ["plan__body", "sector"]
    list_select_related = ["plan__body", "goal", "status"]
    search_fields = ["name_ar", "name_en", "external_id"]
    raw_id_fields = ["plan", "goal"]
    inlines = [MilestoneInline, IndicatorInline]


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyModelAdmin):
    list_display = ["project", "percent", "date", "status", "author", "published_by"]
    list_filter = ["status"]
    list_select_related = ["project", "author", "published_by"]
    raw_id_fields = ["project", "author", "published_by"]
    inlines = [EvidenceInline]


@admin.register(models.Post)
class PostAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "body", "kind", "published_at"]
    list_filter = ["kind"]
    list_select_related = ["body"]
    raw_id_fields = ["project", "author"]


@admin.register(models.Feedback)
class FeedbackAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "body", "status", "created_at", "replied_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["body"]
    raw_id_fields = ["plan", "project", "author", "moderated_by", "replied_by"]


@admin.register(models.PlanReport)
class PlanReportAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "plan", "period_start", "period_end"]
    raw_id_fields = ["plan"]


@admin.register(models.Follow)
class FollowAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "plan", "project", "created_at"]
    raw_id_fields = ["user", "plan", "project"]


@admin.register(models.ImportJob)
class ImportJobAdmin(ReadOnlyModelAdmin):
    list_display = ["plan", "actor", "status", "processed_rows", "total_rows", "created_at"]
    raw_id_fields = ["plan", "actor"]
