"""The admin of the multilateral app: the records read through restrict() and saved with
their change records (core.admin.RecordAdmin); governing bodies and member states are
reference data, read as their organization is."""

from django.contrib import admin

from core import services
from core.admin import RecordAdmin
from core.choices import ChangeChannel
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    OrganizationMember,
    Seat,
)
from partners.models import Partner


class ReferenceAdmin(admin.ModelAdmin):
    """Reference rows are read as their organization is, and saved with change records."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organization__in=Partner.objects.restrict(request.user))
        )

    def save_model(self, request, obj, form, change):
        services.save(obj, request.user, channel=ChangeChannel.ADMIN)

    def delete_model(self, request, obj):
        services.delete(obj, request.user, channel=ChangeChannel.ADMIN)


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ["organization", "member", "status", "since", "until", "classification"]
    list_filter = ["status", "classification"]
    search_fields = ["organization__name_en", "organization__acronym", "member__name_en"]
    autocomplete_fields = ["organization", "member", "focal_person", "legal_basis"]
    list_select_related = ["organization", "member"]


@admin.register(GoverningBody)
class GoverningBodyAdmin(ReferenceAdmin):
    list_display = ["name_en", "acronym", "organization", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ar", "acronym", "organization__acronym"]
    autocomplete_fields = ["organization", "parent"]
    list_select_related = ["organization", "parent"]


@admin.register(Seat)
class SeatAdmin(RecordAdmin):
    list_display = ["body", "holder", "term_start", "term_end", "classification"]
    list_filter = ["classification"]
    search_fields = ["body__name_en", "holder__name_en"]
    autocomplete_fields = ["body", "holder"]
    list_select_related = ["body", "holder"]


@admin.register(ElectedPost)
class ElectedPostAdmin(RecordAdmin):
    list_display = ["title_en", "person", "body", "term_start", "term_end", "classification"]
    list_filter = ["classification"]
    search_fields = ["title_en", "title_ar", "person__name_en", "body__name_en"]
    autocomplete_fields = ["body", "person"]
    list_select_related = ["body", "person"]


@admin.register(Candidacy)
class CandidacyAdmin(RecordAdmin):
    list_display = ["body", "post_en", "country", "person", "election_date", "result"]
    list_filter = ["result", "classification"]
    search_fields = ["post_en", "post_ar", "body__name_en", "person__name_en"]
    autocomplete_fields = ["body", "country", "person"]
    list_select_related = ["body", "country", "person"]


@admin.register(Contribution)
class ContributionAdmin(RecordAdmin):
    list_display = [
        "organization",
        "year",
        "kind",
        "currency",
        "amount_due",
        "amount_paid",
        "paid_on",
    ]
    list_filter = ["kind", "currency", "year"]
    search_fields = ["organization__name_en", "organization__acronym"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(NationalPosition)
class NationalPositionAdmin(RecordAdmin):
    list_display = ["topic_en", "organization", "body", "status", "classification"]
    list_filter = ["status", "classification"]
    search_fields = ["topic_en", "topic_ar"]
    autocomplete_fields = ["organization", "body"]
    list_select_related = ["organization", "body"]


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(ReferenceAdmin):
    list_display = ["organization", "country", "since"]
    search_fields = ["organization__acronym", "organization__name_en", "country__name_en"]
    autocomplete_fields = ["organization", "country"]
    list_select_related = ["organization", "country"]
