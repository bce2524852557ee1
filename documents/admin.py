from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin
from core.choices import ChangeChannel
from documents import services
from documents.models import Document


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    """Documents are uploaded from their record's page, where the file is checked; the admin
    corrects their description and deletes them (with their file)."""

    list_display = [
        "title",
        "content_type",
        "object_id",
        "kind",
        "language",
        "version",
        "mime_type",
        "size",
        "classification",
        "created_at",
    ]
    list_filter = ["kind", "language", "is_authentic", "mime_type", "classification"]
    list_select_related = ["content_type"]
    search_fields = ["title", "original_name", "sha256"]
    fields = [
        "title",
        "kind",
        "language",
        "is_authentic",
        "classification",
        "areas",
        "content_type",
        "object_id",
        "version",
        "download",
        "original_name",
        "size",
        "mime_type",
        "sha256",
        "pages",
    ]
    readonly_fields = [
        "content_type",
        "object_id",
        "version",
        "download",
        "original_name",
        "size",
        "mime_type",
        "sha256",
        "pages",
    ]
    filter_horizontal = ["areas"]

    @admin.display(description=_("file"))
    def download(self, obj):
        # Through the download view, which checks who may read it; media is never served.
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text")

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.remove(obj, request.user, channel=ChangeChannel.ADMIN)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            services.remove(document, request.user, channel=ChangeChannel.ADMIN)
