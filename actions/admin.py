from django.contrib import admin

from actions.models import Action
from core.admin import RecordAdmin


@admin.register(Action)
class ActionAdmin(RecordAdmin):
    list_display = ["title_en", "title_ar", "status", "priority", "due_date", "owner", "owner_unit"]
    list_filter = ["status", "priority", "classification", "owner_unit"]
    list_select_related = ["owner", "owner_unit"]
    search_fields = ["title_en", "title_ar"]
    raw_id_fields = ["owner"]
    readonly_fields = ["source_type", "source_id", "completed_on"]
    filter_horizontal = ["areas"]
    date_hierarchy = "due_date"
