from django.contrib import admin

from core.admin import RecordAdmin
from partners.models import Partner, Person, Position


@admin.register(Partner)
class PartnerAdmin(RecordAdmin):
    list_display = ["name_en", "name_ar", "kind", "acronym", "iso_alpha2", "category", "region"]
    list_filter = ["kind", "category", "region", "classification"]
    search_fields = ["name_en", "name_ar", "acronym", "iso_alpha2"]
    autocomplete_fields = ["country"]
    filter_horizontal = ["areas"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name_en", "name_ar", "nationality"]
    search_fields = ["name_en", "name_ar"]
    autocomplete_fields = ["nationality"]
    inlines = [PositionInline]
