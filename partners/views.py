"""Pages of the partner registry: declarations on core's generic bases."""

from urllib.parse import quote

from django.db.models import Case, F, OuterRef, Prefetch, Q, Value, When, Window
from django.db.models.functions import DenseRank, RowNumber
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.permissions import can, readable_levels
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)
from engagements.filters import partners_met
from engagements.models import Meeting
from initiatives import services as initiative_services
from initiatives.models import Initiative, InitiativePartner
from partners import relationship
from partners.filters import PartnerFilter, PersonFilter
from partners.forms import PartnerForm, PersonForm, PositionForm
from partners.models import Partner, Person, Position
from partners.relationship import count_of as _count


class PartnerListView(ObjectListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    partial_template_name = "partners/partials/partner_results.html"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("country")
        # Unless the user sorts, list by the name in the page's language.
        if get_language_bidi() and not self.request.GET.get("ordering"):
            queryset = queryset.order_by("name_ar", "name_en")
        return queryset


class PartnerDetailView(ObjectDetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    people_limit = 50
    upcoming_limit = 5
    recent_limit = 10
    initiatives_limit = 20

    def get_queryset(self):
        return super().get_queryset().select_related("country").prefetch_related("areas")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["positions"] = list(
            Position.objects.filter(partner=self.object, person__in=Person.objects.restrict(user))
            .select_related("person")
            .order_by("end", "-start")[: self.people_limit]
        )
        # How many institutions and organizations are based in it, and how many of the
        # initiatives the user may read it (or, for a country, one of its institutions)
        # takes part in: one query, so that a partner without initiatives costs nothing
        # more.
        readable = Partner.objects.restrict(user)
        taking_part = initiative_services.initiatives_of_partner(self.object, user)
        counts = (
            Partner.objects.filter(pk=self.object.pk)
            .annotate(
                institutions=_count(readable.filter(country=OuterRef("pk"), kind="institution")),
                organizations=_count(readable.filter(country=OuterRef("pk"), kind="organization")),
                initiatives=_count(Initiative.objects.filter(pk__in=taking_part.values("pk"))),
            )
            .values("institutions", "organizations", "initiatives")
            .get()
        )
        context["based_here"] = {
            "institutions": counts["institutions"],
            "organizations": counts["organizations"],
        }
        context.update(self.meetings(user))
        context.update(self.initiatives(taking_part, counts["initiatives"], user))
        # Partner 360: the panels of partners.relationship, one or two queries each.
        context["standing"] = relationship.standing(self.object, user)
        cursor = relationship.Cursor.parse(self.request.GET.get("before"))
        context["timeline"] = relationship.timeline(self.object, user, cursor)
        context["timeline_cursor"] = cursor
        context["memberships_in_common"] = relationship.memberships_in_common(self.object, user)
        return context

    def initiatives(self, taking_part, count: int, user) -> dict:
        """Results: the initiatives the partner takes part in (`taking_part`, `count` of
        them), the first 20 newest first with its roles in each (one query), and their
        results rolled up per indicator in the database (two). None: no query."""
        if not count:
            return {
                "partner_initiatives": [],
                "partner_initiative_count": 0,
                "partner_results": [],
                "can_add_initiative": can(user, "add", Initiative),
            }
        newest = [F("initiative__start_date").desc(), F("initiative_id").desc()]
        roles = (
            InitiativePartner.objects.filter(
                initiative_services.taking_part(self.object),
                initiative__in=taking_part.values("pk"),
            )
            .select_related("initiative", "partner")
            .only(
                *("pk", "role", "initiative_id", "partner_id"),
                *("initiative__title_en", "initiative__title_ar", "initiative__kind"),
                *("initiative__status", "initiative__start_date", "initiative__end_date"),
                *("partner__name_en", "partner__name_ar", "partner__classification"),
            )
            .annotate(rank=Window(DenseRank(), order_by=newest))
            .filter(rank__lte=self.initiatives_limit)
            .order_by("rank", "role", "pk")
        )
        levels = readable_levels(user)
        initiatives: dict[int, Initiative] = {}
        for part in roles:
            # A partner the reader may not read is not named.
            part.partner_named = part.partner.classification in levels
            initiative = initiatives.get(part.initiative_id)
            if initiative is None:
                initiative = initiatives[part.initiative_id] = part.initiative
                initiative.partner_roles = []
            initiative.partner_roles.append(part)
        return {
            "partner_initiatives": list(initiatives.values()),
            "partner_initiative_count": count,
            "partner_results": initiative_services.results_of_partner(self.object, user),
            "can_add_initiative": can(user, "add", Initiative),
        }

    def meetings(self, user) -> dict:
        """The timeline of meetings with the partner (or the institutions based in it): the
        next few (ongoing included) and the latest, each list bounded, only those the user
        may read. One query: each meeting is ranked within its half (coming or past) and
        only the first few of each half are read."""
        now = timezone.now()
        coming = Case(When(end__gte=now, then=Value(1)), default=Value(0))
        rows = (
            Meeting.objects.restrict(user)
            .filter(partners_met(self.object.pk))
            .only("pk", "title_en", "title_ar", "kind", "start", "end", "classification")
            .annotate(
                coming=coming,
                rank=Window(
                    RowNumber(),
                    partition_by=[coming],
                    # Coming ones soonest first; past ones latest first.
                    order_by=[
                        Case(When(end__gte=now, then=F("start"))).asc(nulls_last=True),
                        F("start").desc(),
                        F("pk").desc(),
                    ],
                ),
            )
            .filter(
                Q(coming=1, rank__lte=self.upcoming_limit)
                | Q(coming=0, rank__lte=self.recent_limit)
            )
            .order_by("-coming", "rank")
        )
        rows = list(rows)
        return {
            "upcoming_meetings": [m for m in rows if m.coming],
            "recent_meetings": [m for m in rows if not m.coming],
            "can_add_meeting": can(user, "add", Meeting),
        }


class PartnerTimelineView(RoleRequiredMixin, DetailView):
    """The next page of a partner's timeline (`?before=<cursor>`), as the fragment that
    the page's "More" button (HTMX) appends; without HTMX, the partner page at that page
    of its timeline."""

    model = Partner
    template_name = "partners/partials/timeline.html"

    def get(self, request, *args, **kwargs):
        htmx = request.htmx
        if not (htmx and not htmx.boosted and not htmx.history_restore_request):
            self.object = self.get_object()
            url = self.object.get_absolute_url()
            before = request.GET.get("before")
            return redirect(f"{url}?before={quote(before)}#timeline" if before else url)
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cursor = relationship.Cursor.parse(self.request.GET.get("before"))
        context["timeline"] = relationship.timeline(self.object, self.request.user, cursor)
        context["timeline_cursor"] = cursor
        return context


class PartnerCreateView(ObjectCreateView):
    model = Partner
    form_class = PartnerForm
    template_name = "partners/partner_form.html"
    success_message = _("Partner saved.")

    def get_initial(self):
        # An import's review page links here with the name no partner is known as.
        return {
            "kind": self.request.GET.get("kind", ""),
            "name_en": self.request.GET.get("name_en", "")[:250],
        }

    def get_success_url(self):
        """Back to where the user came from (an import to check again), if on this site."""
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return super().get_success_url()


class PartnerUpdateView(ObjectUpdateView):
    model = Partner
    form_class = PartnerForm
    template_name = "partners/partner_form.html"
    success_message = _("Partner saved.")


class PartnerDeleteView(ObjectDeleteView):
    model = Partner
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("partners:partner_list")


class PersonListView(ObjectListView):
    model = Person
    filterset_class = PersonFilter
    template_name = "partners/person_list.html"
    partial_template_name = "partners/partials/person_results.html"

    def get_queryset(self):
        # Only positions with partners the user may read: a position names its partner.
        current = Position.objects.filter(
            end__isnull=True, partner__in=Partner.objects.restrict(self.request.user)
        ).select_related("partner")
        return (
            super()
            .get_queryset()
            .select_related("nationality")
            .prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions"))
        )


class PersonDetailView(ObjectDetailView):
    model = Person
    template_name = "partners/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("nationality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["positions"] = list(
            self.object.positions.filter(
                partner__in=Partner.objects.restrict(self.request.user)
            ).select_related("partner")
        )
        return context


class PersonCreateView(ObjectCreateView):
    model = Person
    form_class = PersonForm
    template_name = "partners/person_form.html"
    success_message = _("Person saved.")


class PersonUpdateView(ObjectUpdateView):
    model = Person
    form_class = PersonForm
    template_name = "partners/person_form.html"
    success_message = _("Person saved.")


class PersonDeleteView(ObjectDeleteView):
    model = Person
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("partners:person_list")


class PositionCreateView(ObjectCreateView):
    """Add a position to a person the user can read and change."""

    model = Position
    form_class = PositionForm
    template_name = "partners/position_form.html"
    success_message = _("Position saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = get_object_or_404(Person.objects.restrict(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Position.objects.filter(person__in=Person.objects.restrict(self.request.user))

    def form_valid(self, form):
        form.instance.person = self.person
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def get_success_url(self):
        return reverse("partners:person_detail", args=[self.person.pk])
