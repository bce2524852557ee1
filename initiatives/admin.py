"""The admin of the initiatives app: initiatives read through restrict() and saved with
their change records (publishing stays a manager's call), their partners, funding and
results as inlines; the parts read as their initiative is; exchange rates and the indicator
catalogue (reference data), saved with change records too."""

from django.contrib import admin

from core import services as core_services
from core.admin import RecordAdmin
from core.choices import ChangeChannel
from initiatives import services
from initiatives.models import (
    ExchangeRate,
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)

ADMIN = ChangeChannel.ADMIN


class PartsSavedWithRecords:
    """Inline parts (partners, funding, results, periods) saved and deleted through the
    services, each with its change record."""

    def save_formset(self, request, form, formset, change):
        for part in formset.save(commit=False):
            services.save_part(part, request.user, channel=ADMIN)
        for part in formset.deleted_objects:
            services.delete_part(part, request.user, channel=ADMIN)


class InitiativePartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    autocomplete_fields = ["partner"]


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["kind", "source", "amount", "currency", "date", "note"]


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    fields = ["indicator", "baseline", "baseline_year", "baseline_source"]
    show_change_link = True


class ResultPeriodInline(admin.TabularInline):
    model = ResultPeriod
    extra = 0
    fields = ["period_start", "period_end", "target", "actual", "source"]


@admin.register(Initiative)
class InitiativeAdmin(PartsSavedWithRecords, RecordAdmin):
    list_display = ["title_en", "kind", "status", "start_date", "end_date", "classification"]
    list_filter = ["kind", "status", "published", "classification"]
    search_fields = ["title_en", "title_ar"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["agreements"]
    filter_horizontal = ["areas"]
    list_select_related = ["owner_unit"]
    inlines = [InitiativePartnerInline, FundingInline, ResultInline]

    def save_model(self, request, obj, form, change):
        # The agreements and areas chosen are part of the change record.
        services.save_initiative(obj, request.user, channel=ADMIN, save_m2m=form.save_m2m)


class PartAdmin(admin.ModelAdmin):
    """A part of an initiative, read as its initiative is (`initiative_path`), and saved
    with its change record."""

    initiative_path = "initiative"

    def get_queryset(self, request):
        readable = Initiative.objects.restrict(request.user)
        return super().get_queryset(request).filter(**{f"{self.initiative_path}__in": readable})

    def save_model(self, request, obj, form, change):
        services.save_part(obj, request.user, channel=ADMIN)

    def delete_model(self, request, obj):
        services.delete_part(obj, request.user, channel=ADMIN)


@admin.register(InitiativePartner)
class InitiativePartnerAdmin(PartAdmin):
    list_display = ["initiative", "partner", "role"]
    list_filter = ["role"]
    search_fields = ["initiative__title_en", "partner__name_en", "partner__acronym"]
    autocomplete_fields = ["initiative", "partner"]
    list_select_related = ["initiative", "partner"]


@admin.register(Funding)
class FundingAdmin(PartAdmin):
    list_display = ["initiative", "kind", "source", "amount", "currency", "date"]
    list_filter = ["kind", "currency"]
    search_fields = ["initiative__title_en", "source__name_en", "note"]
    autocomplete_fields = ["initiative", "source"]
    list_select_related = ["initiative", "source"]


@admin.register(Result)
class ResultAdmin(PartsSavedWithRecords, PartAdmin):
    list_display = ["indicator", "initiative", "baseline", "baseline_year"]
    list_filter = ["indicator"]
    search_fields = ["initiative__title_en", "indicator__name_en", "indicator__code"]
    autocomplete_fields = ["initiative"]
    list_select_related = ["initiative", "indicator"]
    inlines = [ResultPeriodInline]


@admin.register(ResultPeriod)
class ResultPeriodAdmin(PartAdmin):
    initiative_path = "result__initiative"
    list_display = ["result", "period_start", "period_end", "target", "actual"]
    search_fields = ["result__initiative__title_en", "result__indicator__name_en"]
    autocomplete_fields = ["result"]
    list_select_related = ["result__initiative", "result__indicator"]


class ReferenceAdmin(admin.ModelAdmin):
    """Not classified: saved and deleted with their change records."""

    def save_model(self, request, obj, form, change):
        core_services.save(obj, request.user, channel=ADMIN)

    def delete_model(self, request, obj):
        core_services.delete(obj, request.user, channel=ADMIN)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReferenceAdmin):
    list_display = ["currency", "year", "rate", "updated_at"]
    list_filter = ["currency", "year"]
    search_fields = ["currency"]


@admin.register(Indicator)
class IndicatorAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "name_ar", "unit", "direction", "result_type"]
    list_filter = ["unit", "direction", "result_type"]
    search_fields = ["code", "name_en", "name_ar"]
