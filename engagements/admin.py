from django.contrib import admin
from django.db import models

from core import services
from core.admin import RecordAdmin
from core.choices import ChangeChannel
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["person"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title_en", "title_ar", "position_status"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["text_en", "text_ar", "status", "due_date"]


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = ["title_en", "kind", "level", "start", "committee", "session_number"]
    list_filter = ["kind", "level", "classification"]
    search_fields = ["title_en", "title_ar", "city"]
    date_hierarchy = "start"
    autocomplete_fields = ["partners", "country", "agreements"]
    readonly_fields = ["minutes_html"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ParticipantInline, AgendaItemInline, DecisionInline]

    def save_formset(self, request, form, formset, change):
        # The delegations, agenda and decisions are recorded like any change.
        for part in formset.save(commit=False):
            services.save(part, request.user, channel=ChangeChannel.ADMIN)
        for part in formset.deleted_objects:
            services.delete(part, request.user, channel=ChangeChannel.ADMIN)


@admin.register(JointCommittee)
class JointCommitteeAdmin(RecordAdmin):
    list_display = ["name_en", "partner", "periodicity_months", "alternating_host"]
    list_filter = ["classification"]
    search_fields = ["name_en", "name_ar"]
    autocomplete_fields = ["partner", "agreement", "chair_ours", "chair_theirs"]
