from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import Question, Reminder, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "context", "hub", "group", "programme", "unit", "status", "starts_at", "ends_at"]
    list_filter = ["context", "status", "unit"]
    search_fields = ["title"]
    list_select_related = ["hub", "group", "programme"]
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(ReadOnlyModelAdmin):
    list_display = ["survey", "body", "respondent", "updated_at", "initiative"]
    list_select_related = ["survey", "body", "respondent", "initiative"]
    list_filter = ["survey"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyModelAdmin):
    list_display = ["survey", "sent_on", "sent_by", "recipient_count"]
    list_select_related = ["survey", "sent_by"]
