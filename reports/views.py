"""Pages of the reports app: the reports index and the briefing dossiers.

A dossier is made by anyone with a role who can read its subject (a subject they cannot
read is a 404, like its page); everything in it is read as that user may read it.
"""

import logging

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import readable_levels
from core.text import normalize
from engagements.models import Meeting
from partners.models import Partner
from reports import dossier, dossier_docx, dossier_pdf
from reports.forms import DossierForm

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReaderRequiredMixin(UserPassesTestMixin):
    """Logged in and holding a role (403 otherwise; the log-in page when not logged in)."""

    def test_func(self):
        return bool(readable_levels(self.request.user))


class ReportsIndexView(ReaderRequiredMixin, View):
    """What the reports are, and where to make a briefing dossier: a search among the
    partners the user may read, and the coming meetings, each list paginated."""

    per_page = 15

    def get(self, request):
        user = request.user
        query = request.GET.get("q", "").strip()
        partners = Partner.objects.restrict(user).only(
            "pk", "name_en", "name_ar", "acronym", "kind", "classification"
        )
        for term in normalize(query).split()[:8]:
            partners = partners.filter(search_text__contains=term)
        meetings = (
            Meeting.objects.restrict(user)
            .filter(end__gte=timezone.now())
            .only("pk", "title_en", "title_ar", "start", "kind", "classification")
            .order_by("start", "id")
        )
        partner_page = Paginator(partners.order_by("name_en", "pk"), self.per_page).get_page(
            request.GET.get("page")
        )
        meeting_page = Paginator(meetings, self.per_page).get_page(request.GET.get("mpage"))
        # Each list's pages keep the other list's page and the search.
        without = {}
        for param in ("page", "mpage"):
            keep = request.GET.copy()
            keep.pop(param, None)
            without[param] = keep.urlencode()
        return render(
            request,
            "reports/index.html",
            {
                "q": query,
                "partner_page": partner_page,
                "meeting_page": meeting_page,
                "partner_query": without["page"],
                "meeting_query": without["mpage"],
            },
        )


class DossierView(ReaderRequiredMixin, View):
    """GET: the form, with a preview of what the dossier will hold. POST: the dossier, as
    a PDF or a DOCX attachment."""

    model = None
    template_name = "reports/dossier_form.html"

    def get_subject(self, pk):
        return get_object_or_404(self.model.objects.restrict(self.request.user), pk=pk)

    def get(self, request, pk):
        subject = self.get_subject(pk)
        form = DossierForm(initial={"language": self.default_language(), "format": "pdf"})
        return self.show(subject, form)

    def post(self, request, pk):
        subject = self.get_subject(pk)
        form = DossierForm(request.POST)
        if not form.is_valid():
            return self.show(subject, form, status=400)
        data = form.cleaned_data
        fmt = data["format"]
        built = dossier.build(subject, request.user, data["language"], data["talking_points"])
        try:
            content = dossier_pdf.render(built) if fmt == "pdf" else dossier_docx.render(built)
        except dossier_pdf.FontMissing:
            logger.exception("Briefing dossier: the PDF font is missing")
            form.add_error(
                "format",
                _(
                    "The PDF cannot be made on this server: its Arabic font is not installed "
                    "(ask the administrator to run “make fonts”). Choose Word meanwhile."
                ),
            )
            return self.show(subject, form, status=503)
        logger.info(
            "Briefing dossier %s made for %s: %s %s, %s, %s",
            built.filename(fmt),
            request.user.username,
            self.model._meta.model_name,
            subject.pk,
            built.language,
            built.classification,
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{built.filename(fmt)}"'
        # A classified document: kept by no cache between the server and the reader.
        add_never_cache_headers(response)
        return response

    def default_language(self) -> str:
        language = (get_language() or "en")[:2]
        return language if language in ("en", "ar") else "en"

    def show(self, subject, form, status=200):
        preview = dossier.build(subject, self.request.user, get_language() or "en")
        response = render(
            self.request,
            self.template_name,
            {
                "subject": subject,
                "subject_kind": self.model._meta.model_name,
                "form": form,
                "preview": preview,
            },
            status=status,
        )
        return response


class PartnerDossierView(DossierView):
    model = Partner


class MeetingDossierView(DossierView):
    model = Meeting


# The dashboard ---------------------------------------------------------------------------


def _year_chart(per_year, rtl):
    from reports import charts

    columns = []
    series = {
        value: index % charts.SERIES for index, (value, _label) in enumerate(per_year["types"])
    }
    labels = dict(per_year["types"])
    for row in per_year["years"]:
        parts = [
            (
                f"series-{series[value]}",
                count,
                _("%(year)s · %(type)s: %(count)s")
                % {"year": row.year, "type": labels[value], "count": count},
            )
            for value, count in row.by_type.items()
            if value in series
        ]
        parts.sort(key=lambda part: part[0])
        columns.append({"label": str(row.year), "parts": parts})
    legend = [(f"series-{series[value]}", label) for value, label in per_year["types"]]
    return charts.column_chart(columns, rtl=rtl), legend


def _month_chart(per_month, rtl):
    from django.utils.formats import date_format

    from reports import charts

    columns = []
    for month in per_month["months"]:
        name = date_format(month["month"], "F Y")
        month["name"] = name
        tooltip = _("%(month)s: %(count)s") % {"month": name, "count": month["n"]}
        columns.append(
            {
                "label": date_format(month["month"], "M"),
                "parts": [("series-0", month["n"], tooltip)],
            }
        )
    return charts.column_chart(columns, rtl=rtl)


def _map(by_country):
    from django.urls import reverse

    from reports import charts

    # One reverse and one translation for the whole map, not one per country.
    partner_url = reverse("partners:partner_detail", args=[0]).replace("/0/", "/%d/")
    home = _("%(name)s (home country)")
    counted = _(
        "%(name)s: %(agreements)s agreements, %(meetings)s meetings, %(initiatives)s initiatives"
    )

    def url_of(country):
        return partner_url % country.pk

    def title_of(country):
        if country.home:
            return home % {"name": country.name}
        return counted % {
            "name": country.name,
            "agreements": country.agreements,
            "meetings": country.meetings,
            "initiatives": country.initiatives,
        }

    world = charts.world_map(by_country["countries"], url_of, title_of)
    for country in by_country["top"]:
        country.url = url_of(country)
    return world


def _links(user, desk):
    """The "see all" links: the whole lists, filtered as the panels are."""
    from datetime import timedelta
    from urllib.parse import urlencode

    from django.urls import reverse

    from reports import dashboard

    today = timezone.localdate()
    unit = user.org_unit_id if desk else None
    meetings = {
        "start_after": today.isoformat(),
        "start_before": (today + timedelta(weeks=dashboard.WEEKS_AHEAD)).isoformat(),
        "ordering": "start",
    }
    if unit:
        meetings["desk"] = unit
    actions_list = "actions:desk_actions" if desk else "actions:action_list"
    return {
        "meetings": f"{reverse('engagements:meeting_list')}?{urlencode(meetings)}",
        "alerts": reverse("agreements:deadlines"),
        "actions": f"{reverse(actions_list)}?{urlencode({'ordering': 'due'})}",
        "overdue": f"{reverse(actions_list)}?{urlencode({'overdue': 'true'})}",
        "agreements": reverse("agreements:agreement_list")
        + (f"?{urlencode({'desk': unit})}" if unit else ""),
        "initiatives": reverse("initiatives:initiative_list"),
    }


class DashboardView(LoginRequiredMixin, View):
    """The home page: what needs attention and how cooperation goes, over everything the
    user may read or (`?scope=desk`) their desk's records only. Each panel is one or two
    aggregate queries (reports.dashboard); the pictures are inline SVG (reports.charts).
    A user without a role sees the page, without data, and whom to ask."""

    template_name = "reports/dashboard.html"

    def get(self, request):
        from django.utils.translation import get_language_bidi

        from reports import dashboard

        user = request.user
        desk = request.GET.get("scope") == "desk"
        context = {"desk": desk, "reader": bool(readable_levels(user))}
        if context["reader"]:
            rtl = get_language_bidi()
            per_year = dashboard.agreements_per_year(user, desk)
            per_month = dashboard.meetings_per_month(user, desk)
            by_country = dashboard.cooperation_by_country(user, desk)
            year_chart, year_legend = _year_chart(per_year, rtl)
            context.update(
                meetings=dashboard.upcoming_meetings(user, desk),
                alerts=dashboard.agreement_alerts(user, desk),
                actions=dashboard.due_actions(user, desk),
                figures=dashboard.key_figures(user, desk),
                results=dashboard.results(user, desk),
                per_year=per_year,
                year_chart=year_chart,
                year_legend=year_legend,
                per_month=per_month,
                month_chart=_month_chart(per_month, rtl),
                by_country=by_country,
                world=_map(by_country),
                links=_links(user, desk),
            )
        return render(request, self.template_name, context)
