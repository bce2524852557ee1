"""The portal's texts in the admin, saved with their change records like on the pages."""

from django.contrib import admin

from core import services
from core.choices import ChangeChannel
from core.permissions import may_publish
from portal.models import PageText


@admin.register(PageText)
class PageTextAdmin(admin.ModelAdmin):
    list_display = ["key", "title_en", "title_ar", "updated_at"]

    def has_change_permission(self, request, obj=None):
        return may_publish(request.user)

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return False  # the default text returns when none is saved: edit it instead

    def save_model(self, request, obj, form, change):
        services.save(obj, request.user, channel=ChangeChannel.ADMIN)
