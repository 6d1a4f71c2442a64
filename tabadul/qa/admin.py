from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin

from .models import Answer, Comment, Question, QuestionAttachment, QuestionRouting, SpecialistProfile, Topic


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SpecialistProfile)
class SpecialistProfileAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "is_available"]
    list_filter = ["is_available", "topics"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["topics"]
    list_select_related = ["user"]


class RoutingInline(admin.TabularInline):
    model = QuestionRouting
    extra = 0
    readonly_fields = ["specialist", "reason", "routed_at"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = QuestionAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "asker", "local_body", "asked_at", "first_answer_at", "accepted_at", "widened_at"]
    list_filter = ["topics"]
    search_fields = ["title", "text"]
    date_hierarchy = "asked_at"
    list_select_related = ["asker", "local_body"]
    readonly_fields = ["asker", "local_body", "first_answer_at", "accepted_answer", "accepted_at", "widened_at"]
    inlines = [RoutingInline, AttachmentInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyModelAdmin):
    list_display = ["question", "author", "posted_at"]
    search_fields = ["text", "question__title"]
    list_select_related = ["question", "author"]
    raw_id_fields = ["question", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyModelAdmin):
    list_display = ["question", "author", "posted_at"]
    list_select_related = ["question", "author"]
    raw_id_fields = ["question", "answer", "author"]
