from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import Forum, Post, Report, Thread


@admin.register(Forum)
class ForumAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "slug", "visibility", "owner_type", "owner_id"]
    list_filter = ["visibility", "owner_type"]
    search_fields = ["title", "slug"]
    list_select_related = ["owner_type"]


@admin.register(Thread)
class ThreadAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "forum", "author", "status", "reply_count", "last_post_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["forum", "author"]
    raw_id_fields = ["author"]


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    readonly_fields = ["reporter", "reason", "note", "weight", "resolved_at"]
    can_delete = False


@admin.register(Post)
class PostAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "thread", "author", "status", "report_count", "posted_at"]
    list_filter = ["status"]
    search_fields = ["body"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["author", "thread", "moderated_by"]
    readonly_fields = ["body", "body_html", "report_count"]  # edits go through the services
    inlines = [ReportInline]
