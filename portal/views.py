"""The portal's pages: for managers, what is published and the portal's texts; for the
public, the portal itself and its open data.

Public pages never read the user or the session: each is the same for every visitor, in the
language its address names, built once per generation (portal.cache) and sent with cache
headers and an ETag.
"""

import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView, UpdateView

from core.choices import Classification
from core.markdown import render_markdown
from core.models import ChangeRecord
from core.permissions import may_publish
from portal import cache, content, opendata, services, texts
from portal.choices import PageKey
from portal.filters import PublicAgreementFilter
from portal.forms import PageTextForm
from portal.models import PageText
from portal.services import PUBLISHABLE
from reports.charts import world_map

LANGUAGES = ("en", "ar")
PER_PAGE = 20  # agreements on a page of the public list
LATEST = 20  # records of each kind on a country's page (the list has them all)


# For managers ----------------------------------------------------------------------------


class PublisherRequiredMixin(UserPassesTestMixin):
    """Only managers (and administrators) publish and edit the portal: others get 403, a
    visitor who is not logged in the log-in page."""

    def test_func(self):
        return may_publish(self.request.user)


class IndexView(PublisherRequiredMixin, TemplateView):
    """What the portal shows today, kind by kind, and its texts."""

    template_name = "portal/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = []
        for name, model in PUBLISHABLE.items():
            counts = model.objects.aggregate(
                shown=Count("pk", filter=Q(published=True)),
                public=Count("pk", filter=Q(published=False, classification=Classification.PUBLIC)),
            )
            kinds.append({"name": name, "label": model._meta.verbose_name_plural, **counts})
        context["kinds"] = kinds
        context["texts"] = texts.texts()
        context["portal_url"] = reverse("public:overview", args=[translation.get_language()])
        return context


class TextUpdateView(PublisherRequiredMixin, UpdateView):
    """Edit one of the portal's texts; the first save turns the default into a record."""

    model = PageText
    form_class = PageTextForm
    template_name = "portal/text_form.html"

    def get_object(self, queryset=None):
        key = self.kwargs["key"]
        if key not in PageKey.values:
            raise Http404
        return PageText.objects.filter(key=key).first() or texts.default(key)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.save_text(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The portal's text is saved."))
        return redirect("portal:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.object
        context["history"] = (
            list(
                ChangeRecord.objects.filter(
                    content_type=ContentType.objects.get_for_model(PageText),
                    object_id=str(text.pk),
                ).select_related("user")[:20]
            )
            if text.pk
            else []
        )
        return context


class PublishView(LoginRequiredMixin, View):
    """Publish or withdraw one record (a POST from its page's button)."""

    def post(self, request, kind, pk):
        model = PUBLISHABLE.get(kind)
        if model is None:
            raise Http404
        record = get_object_or_404(model.objects.restrict(request.user), pk=pk)
        published = request.POST.get("published") == "1"
        try:
            services.set_published(record, request.user, published)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Published on the portal.") if published else _("Withdrawn from the portal."),
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            target = record.get_absolute_url()
        return redirect(target)


# For the public --------------------------------------------------------------------------


def finish(request, content: bytes, content_type: str, language: str, filename: str = ""):
    """The response for a public page or file: the same bytes for everyone, so it carries
    public cache headers and an ETag, and answers 304 when the visitor already has it."""
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    conditional = get_conditional_response(request, etag=etag)
    response = conditional or HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Content-Language"] = language
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=settings.ACCORD_PORTAL_MAX_AGE)
    return response


class PublicMixin:
    """A public page or file: GET only, in the language of its address, from the cache
    when this generation already built it."""

    def dispatch(self, request, *args, lang, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        with translation.override(lang):
            name, hit = cache.get(lang, request.get_full_path())
            if hit is None:
                hit = self.build(request, *args, **kwargs)
                cache.put(name, hit)
        return finish(request, *hit[:2], lang, *hit[2:])

    def build(self, request, *args, **kwargs) -> tuple:
        """(content, content type[, file name])"""
        raise NotImplementedError


class PublicPageView(PublicMixin, TemplateView):
    section = ""

    def build(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        response.render()
        return (response.content, response["Content-Type"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        other = "ar" if language == "en" else "en"
        path = self.request.get_full_path()
        prefix = reverse("public:overview", args=[language])
        context.update(
            language=language,
            other_language=other,
            other_url=reverse("public:overview", args=[other]) + path[len(prefix) :],
            canonical=self.request.build_absolute_uri(self.request.path),
            section=self.section,
            texts=texts.texts(),
        )
        return context


class OverviewView(PublicPageView):
    template_name = "portal/public/overview.html"
    section = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = content.cooperation_by_country()
        context.update(
            introduction=render_markdown(context["texts"][PageKey.INTRODUCTION].body),
            figures={
                "agreements": content.agreements().count(),
                "countries": sum(1 for c in countries.values() if not c.home),
                "organizations": content.memberships().values("organization").distinct().count(),
                "initiatives": content.initiatives().count(),
            },
            results=[line for line in content.results() if line.actual],
            world=public_map(countries),
            latest=content.with_parties(content.agreements())[:5],
        )
        return context


def public_map(countries: dict) -> dict:
    """The world map of the published cooperation, each country linked to its page."""

    def url_of(country):
        if country.home:
            return reverse("public:bilateral", args=[translation.get_language()])
        return reverse("public:country", args=[translation.get_language(), country.iso.lower()])

    def title_of(country):
        if country.home:
            return country.name
        return ngettext(
            "%(name)s: %(count)d published record",
            "%(name)s: %(count)d published records",
            country.total,
        ) % {"name": country.name, "count": country.total}

    return world_map(countries, url_of, title_of)


class BilateralView(PublicPageView):
    template_name = "portal/public/bilateral.html"
    section = "bilateral"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = content.cooperation_by_country()
        context.update(
            introduction=render_markdown(context["texts"][PageKey.BILATERAL].body),
            groups=content.countries_by_group(countries),
            world=public_map(countries),
        )
        return context


class CountryView(PublicPageView):
    template_name = "portal/public/country.html"
    section = "bilateral"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = content.country(self.kwargs["iso"])
        if country is None:
            raise Http404
        agreements = content.agreements_with(country)
        meetings = content.meetings_with(country)
        initiatives = content.initiatives_with(country)
        counts = {
            "agreements": agreements.count(),
            "meetings": meetings.count(),
            "initiatives": initiatives.count(),
        }
        if not any(counts.values()):
            raise Http404  # nothing published with it: no page
        context.update(
            country=country,
            counts=counts,
            agreements=content.with_parties(agreements)[:LATEST],
            meetings=content.with_partners(meetings)[:LATEST],
            initiatives=initiatives[:LATEST],
            results=content.results(initiatives),
            latest=LATEST,
        )
        return context


class MultilateralView(PublicPageView):
    template_name = "portal/public/multilateral.html"
    section = "multilateral"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            introduction=render_markdown(context["texts"][PageKey.MULTILATERAL].body),
            groups=content.organizations_by_group(),
        )
        return context


class AgreementListView(PublicPageView):
    template_name = "portal/public/agreement_list.html"
    section = "agreements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = PublicAgreementFilter(self.request.GET, queryset=content.agreements())
        page = Paginator(content.with_parties(filterset.qs), PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=filterset,
            page_obj=page,
            agreements=page.object_list,
            query_without_page=query.urlencode(),
            countries=content.countries_with_agreements(),
            chosen_country=str(filterset.form.data.get("country", "")).lower(),
        )
        return context


class AgreementDetailView(PublicPageView):
    template_name = "portal/public/agreement_detail.html"
    section = "agreements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = content.with_parties(content.agreements()).filter(pk=self.kwargs["pk"]).first()
        if agreement is None:
            raise Http404
        initiatives = content.initiatives().filter(agreements=agreement)
        context.update(
            agreement=agreement,
            meetings=content.with_partners(content.meetings().filter(agreements=agreement))[
                :LATEST
            ],
            initiatives=initiatives[:LATEST],
            results=content.results(initiatives),
        )
        return context


class InitiativeDetailView(PublicPageView):
    template_name = "portal/public/initiative_detail.html"
    section = "agreements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = content.initiatives().filter(pk=self.kwargs["pk"]).first()
        if initiative is None:
            raise Http404
        context.update(
            initiative=initiative,
            partners=content.initiative_partners()
            .filter(initiative=initiative)
            .select_related("partner")
            .order_by("role", "partner__name_en"),
            agreements=content.agreements().filter(initiatives=initiative)[:LATEST],
            results=content.results(content.initiatives().filter(pk=initiative.pk)),
        )
        return context


class OpenDataView(PublicPageView):
    """The data dictionary: every dataset, its fields and its downloads."""

    template_name = "portal/public/open_data.html"
    section = "open_data"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            datasets=opendata.DATASETS.values(),
            schema_version=opendata.SCHEMA_VERSION,
            has_iati=content.initiatives().exists(),
        )
        return context


class DatasetView(PublicMixin, View):
    def build(self, request, name, fmt):
        dataset = opendata.DATASETS.get(name)
        if dataset is None or fmt not in ("csv", "json"):
            raise Http404
        if fmt == "csv":
            return (opendata.as_csv(dataset), "text/csv; charset=utf-8", f"{name}.csv")
        return (opendata.as_json(dataset), "application/json", f"{name}.json")


class DataPackageView(PublicMixin, View):
    def build(self, request):
        base = request.build_absolute_uri(
            reverse("public:open_data", args=[translation.get_language()])
        )
        package = json.dumps(opendata.datapackage(base), ensure_ascii=False, indent=2)
        return (package.encode(), "application/json", "datapackage.json")


class IatiView(PublicMixin, View):
    """The published initiatives as an IATI 2.03 activity file (none published: 404, as
    the standard's file needs at least one activity)."""

    def build(self, request):
        if not content.initiatives().exists():
            raise Http404
        return (opendata.as_iati(), "application/xml", "iati-activities.xml")


def language_redirect(request):
    """/public/ opens the portal in the visitor's language."""
    language = translation.get_language_from_request(request)
    return redirect("public:overview", language if language in LANGUAGES else "en")
