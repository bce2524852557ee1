"""The search page: the top bar's search box sends its words here."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from core.permissions import readable_levels
from search import query
from search.choices import Kind


class SearchView(LoginRequiredMixin, TemplateView):
    """Results grouped by kind with the count of each; `kind` shows one kind, paginated.
    Anyone with a role may search; each sees only what their clearance lets them read."""

    template_name = "search/results.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not readable_levels(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        results = query.search(
            self.request.user,
            params.get("q", ""),
            kind=params.get("kind", ""),
            page=params.get("page", 1),
        )
        without_page = params.copy()
        without_page.pop("page", None)
        context.update(
            results=results,
            q=params.get("q", "")[: query.MAX_INPUT],
            page_obj=results.page,
            query_without_page=without_page.urlencode(),
            kind_choices=Kind.choices,
        )
        return context
