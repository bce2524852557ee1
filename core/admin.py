"""The admin is for reference data; it too reads through restrict() and records changes."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core import services
from core.choices import ChangeChannel
from core.models import AreaOfCooperation, ChangeRecord, Note, OrgUnit, Publishable, User
from core.permissions import may_publish


class RecordAdmin(admin.ModelAdmin):
    """Admin base for classified records: restricted reads, recorded writes."""

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Publishing (and withdrawing) is a manager's call, as on the pages.
        readonly = list(super().get_readonly_fields(request, obj))
        if issubclass(self.model, Publishable) and not may_publish(request.user):
            readonly.append("published")
        return readonly

    def save_model(self, request, obj, form, change):
        services.save(obj, request.user, channel=ChangeChannel.ADMIN)

    def delete_model(self, request, obj):
        services.delete(obj, request.user, channel=ChangeChannel.ADMIN)


@admin.register(User)
class AccordUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("Accord", {"fields": ("clearance", "org_unit", "language")}),
    )
    list_display = ["username", "get_full_name", "clearance", "org_unit", "is_active"]
    list_filter = ["clearance", "groups", "is_active"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar", "kind", "parent"]
    search_fields = ["code", "name_en", "name_ar"]


@admin.register(AreaOfCooperation)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar", "parent"]
    search_fields = ["code", "name_en", "name_ar"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    """Change records are evidence: read-only for everyone."""

    list_display = ["at", "user", "action", "content_type", "object_repr", "channel"]
    list_filter = ["action", "channel", "content_type"]
    list_select_related = ["user", "content_type"]

    def has_view_permission(self, request, obj=None):
        # They name records of every classification: only a superuser reads them here.
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(RecordAdmin):
    list_display = ["created_at", "created_by", "content_type", "object_id", "classification"]
