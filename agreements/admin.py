from django.contrib import admin

from agreements.models import Agreement, AgreementParty, TreatyAction
from core.admin import RecordAdmin


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["partner", "signatory"]


class TreatyActionInline(admin.TabularInline):
    model = TreatyAction
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = ["title_en", "type", "status", "signature_date", "expiry_date", "classification"]
    list_filter = ["type", "status", "classification"]
    search_fields = ["title_en", "title_ar", "reference"]
    readonly_fields = [
        "status",
        "entry_into_force",
        "expiry_date",
        "notice_deadline",
        "next_review",
    ]
    inlines = [PartyInline, TreatyActionInline]
