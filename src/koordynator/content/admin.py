from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Page, Post, PostDocument, PostImage, Tag


class PostImageInline(admin.TabularInline):
    model = PostImage
    extra = 0
    fields = ["alt_text", "caption", "position"]


class PostDocumentInline(admin.TabularInline):
    model = PostDocument
    extra = 0
    fields = ["title", "original_name", "document_type", "size", "position"]
    readonly_fields = ["original_name", "document_type", "size"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "region", "status", "published_at", "author"]
    list_filter = ["region", "status"]
    search_fields = ["title", "lead"]
    raw_id_fields = ["author"]
    inlines = [PostImageInline, PostDocumentInline]


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "region", "updated_at"]
    list_filter = ["slug", "region"]


admin.site.register(Tag)
