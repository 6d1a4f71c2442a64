from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import (
    Document,
    DocumentVersion,
    DraftReview,
    Recommendation,
    RecommendationStatusChange,
    ReviewComment,
    TopicLink,
)


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "kind", "original_name", "size", "change_note", "uploaded_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the site's form, which checks the file's content


@admin.register(Document)
class DocumentAdmin(ReadOnlyModelAdmin):
    list_display = ["title_ar", "type", "status", "visibility", "year", "governorate"]
    list_filter = ["type", "status", "visibility", "year"]
    search_fields = ["title_ar", "title_en", "slug"]
    list_select_related = ["governorate"]
    raw_id_fields = ["current_version", "created_by"]
    filter_horizontal = ["author_bodies", "author_organisations", "author_hubs", "topics"]
    inlines = [DocumentVersionInline]


class StatusChangeInline(admin.TabularInline):
    model = RecommendationStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # status changes go through recommendation_set_status


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyModelAdmin):
    list_display = ["title_ar", "document", "status", "status_changed_at"]
    list_filter = ["status"]
    search_fields = ["title_ar", "title_en"]
    list_select_related = ["document"]
    readonly_fields = ["status", "status_changed_at"]
    filter_horizontal = ["dialogue_sessions"]
    inlines = [StatusChangeInline]


@admin.register(DraftReview)
class DraftReviewAdmin(ReadOnlyModelAdmin):
    list_display = ["document", "version", "starts_at", "ends_at"]
    list_select_related = ["document", "version"]
    raw_id_fields = ["version"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyModelAdmin):
    list_display = ["review", "paragraph", "author", "created_at", "answered_at"]
    list_select_related = ["review__document", "review__version", "author"]
    raw_id_fields = ["review", "author", "answered_by"]


@admin.register(TopicLink)
class TopicLinkAdmin(ReadOnlyModelAdmin):
    list_display = ["anchor_type", "anchor_id", "target_type", "target_id", "note"]
    list_select_related = ["anchor_type", "target_type"]
