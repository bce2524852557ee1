"""The head of sector's view of what the sector's cooperation delivered: the results of every
initiative the reader may read, in total, per region and per year, and the money committed
and disbursed. Every figure is a roll-up in the database (initiatives.services)."""

from django.views.generic import TemplateView

from core.views import RoleRequiredMixin
from initiatives import services
from initiatives.models import Funding, Initiative


class ResultsOverviewView(RoleRequiredMixin, TemplateView):
    model = Initiative
    action = "view"
    template_name = "initiatives/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        readable = services.readable_initiatives(user)
        context.update(
            totals=services.rollup(services.periods_of(readable)),
            by_region=[
                {"name": name, "lines": lines, "id": f"results-region-{i}"}
                for i, (name, lines) in enumerate(services.results_by_region(user), 1)
            ],
            # The latest year first: what the head of sector asks about.
            by_year=[
                {"year": year, "lines": lines, "id": f"results-year-{year}"}
                for year, lines in reversed(services.results_by_year(user))
            ],
            funding=services.funding_totals(
                Funding.objects.filter(initiative__in=readable.values("pk"))
            ),
            initiative_count=readable.count(),
        )
        return context
