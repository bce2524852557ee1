"""The parts of an initiative, added, changed and removed from its page: the partners in
their roles, the funding lines, the results and each result's periods. Each is saved
through initiatives.services (with its change record); bad input is shown on the field it
concerns and nothing is written."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import views as core_views
from core.permissions import can
from core.views import ObjectCreateView, ObjectUpdateView
from documents.views import add_errors
from initiatives import services
from initiatives.forms import (
    FundingForm,
    InitiativePartnerForm,
    ResultForm,
    ResultPeriodForm,
)
from initiatives.models import Funding, Initiative, InitiativePartner, Result, ResultPeriod


def changeable_initiative(request, pk) -> Initiative:
    """The initiative `pk` if the user may change initiatives (403) and read this one (404)."""
    if not can(request.user, "change", Initiative):
        raise PermissionDenied
    return get_object_or_404(Initiative.objects.restrict(request.user), pk=pk)


class InitiativePartMixin:
    """A part of an initiative the user can read and may change."""

    template_name = "initiatives/part_form.html"
    heading = ""
    anchor = ""
    pk_url_kwarg = "part_pk"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.initiative = changeable_initiative(request, kwargs["pk"])
            self.find_parent(kwargs)
        return super().dispatch(request, *args, **kwargs)

    def find_parent(self, kwargs) -> None:
        """Find the record the part hangs from, when it is not the initiative itself."""

    def parent(self) -> dict:
        """The part's link to its initiative, as a form's keyword and a filter."""
        return {"initiative": self.initiative}

    def get_queryset(self):
        return self.model.objects.filter(**self.parent())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.parent()}

    def anchor_of(self, part) -> str:
        return f"{self.anchor}-{part.pk}"

    def form_valid(self, form):
        try:
            part = services.save_part(form.save(commit=False), self.request.user)
        except ValidationError as error:
            # A rule the form could not check alone is shown on its field; nothing was saved.
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(f"{self.initiative.get_absolute_url()}#{self.anchor_of(part)}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            initiative=self.initiative, heading=self.heading, section="initiatives", **kwargs
        )


class PartnerCreateView(InitiativePartMixin, ObjectCreateView):
    model = InitiativePartner
    form_class = InitiativePartnerForm
    heading = gettext_lazy("Add a partner")
    anchor = "partner"

    def get_initial(self):
        role = self.request.GET.get("role", "")
        return {"role": role} if role else {}


class PartnerUpdateView(InitiativePartMixin, ObjectUpdateView):
    model = InitiativePartner
    form_class = InitiativePartnerForm
    heading = gettext_lazy("Change the partner's role")
    anchor = "partner"


class FundingCreateView(InitiativePartMixin, ObjectCreateView):
    model = Funding
    form_class = FundingForm
    heading = gettext_lazy("Add funding")
    anchor = "funding"


class FundingUpdateView(InitiativePartMixin, ObjectUpdateView):
    model = Funding
    form_class = FundingForm
    heading = gettext_lazy("Edit the funding line")
    anchor = "funding"


class ResultCreateView(InitiativePartMixin, ObjectCreateView):
    model = Result
    form_class = ResultForm
    heading = gettext_lazy("Add a result")
    anchor = "result"


class ResultUpdateView(InitiativePartMixin, ObjectUpdateView):
    model = Result
    form_class = ResultForm
    heading = gettext_lazy("Edit the result")
    anchor = "result"


class PeriodMixin(InitiativePartMixin):
    """A period of one of the initiative's results (the result's row leads here)."""

    def find_parent(self, kwargs) -> None:
        self.result = get_object_or_404(
            Result.objects.select_related("indicator"),
            pk=kwargs["result_pk"],
            initiative=self.initiative,
        )
        self.result.initiative = self.initiative  # the period's rules read its dates

    def parent(self) -> dict:
        return {"result": self.result}

    def anchor_of(self, part) -> str:
        return f"result-{self.result.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(result=self.result, **kwargs)


class PeriodCreateView(PeriodMixin, ObjectCreateView):
    model = ResultPeriod
    form_class = ResultPeriodForm
    heading = gettext_lazy("Add a period")


class PeriodUpdateView(PeriodMixin, ObjectUpdateView):
    model = ResultPeriod
    form_class = ResultPeriodForm
    heading = gettext_lazy("Edit the period")


class PartDeleteView(core_views.PartDeleteView):
    """Remove a partner's role, a funding line, a result (with its periods) or a period
    (POST from the initiative page)."""

    parent_model = Initiative
    parts = {
        "partner": (InitiativePartner, "initiative"),
        "funding": (Funding, "initiative"),
        "result": (Result, "initiative"),
        "period": (ResultPeriod, "result__initiative"),
    }

    def delete_part(self, instance, user):
        services.delete_part(instance, user)
