"""Pages of the multilateral app: the overview of memberships with their dues standing, an
organization's page, and the lists and forms of memberships, governing bodies, seats,
elected posts, candidacies, contributions and national positions (with their use at
events). Declarations on core's generic bases."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from agreements.models import Agreement
from core import exports
from core import services as core_services
from core.permissions import can, readable_levels
from core.text import bilingual
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)
from documents.views import add_errors
from engagements.models import Meeting
from engagements.views import fixed_choices
from multilateral import charts, services
from multilateral.choices import ContributionKind
from multilateral.filters import (
    CandidacyListFilter,
    ContributionFilter,
    ElectedPostFilter,
    GoverningBodyFilter,
    MembershipFilter,
    SeatFilter,
    readable_organizations,
)
from multilateral.forms import (
    CandidacyForm,
    ContributionForm,
    ElectedPostForm,
    GoverningBodyForm,
    MembershipForm,
    NationalPositionForm,
    SeatForm,
)
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
from multilateral.templatetags.multilateral_tags import money
from partners.choices import PartnerKind
from partners.models import Partner, Person


def partner_name(partner) -> str:
    return str(partner) if partner is not None else ""


def _arrears_text(standing) -> str:
    return "; ".join(money(amount, currency) for currency, amount in standing.arrears.items())


def _term(record) -> str:
    end = record.term_end.isoformat() if record.term_end else "…"
    return f"{record.term_start.isoformat()} – {end}"


def is_current(record, today=None) -> bool:
    """Does a seat or post's term include today?"""
    today = today or timezone.localdate()
    return record.term_start <= today and (record.term_end is None or record.term_end >= today)


def mark_current(rows, today=None):
    today = today or timezone.localdate()
    for row in rows:
        row.current = is_current(row, today)
    return rows


def record_url(record) -> str:
    """Where a record of the area is shown: a governing body on its organization's page."""
    if isinstance(record, GoverningBody):
        return reverse("multilateral:organization_detail", args=[record.organization_id])
    return record.get_absolute_url()


def body_label(body) -> str:
    organization = body.organization
    return f"{organization.acronym or organization.name} — {body.name}"


def label_bodies(filterset):
    """Name each body of a filter's select with its organization, and read the choices once."""
    if "body" in filterset.form.fields:
        filterset.form.fields["body"].label_from_instance = body_label
    return filterset


class MultilateralMixin:
    """Every page of the area: the tabs, and what the user may add."""

    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        context["today"] = timezone.localdate()
        return context


# The overview: every membership, with its dues standing.


def membership_rows(user):
    readable = Partner.objects.restrict(user)
    return (
        Membership.objects.restrict(user)
        .select_related("focal_unit")
        .prefetch_related(
            Prefetch("organization", queryset=readable),
            Prefetch("member", queryset=readable),
            Prefetch("focal_person", queryset=Person.objects.restrict(user)),
        )
    )


def with_standing_in_chunks(queryset, user, size=exports.CHUNK):
    """The rows of an export, each with its dues standing (one query per chunk)."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield from services.attach_standing(chunk, user)
            chunk = []
    if chunk:
        yield from services.attach_standing(chunk, user)


class MembershipListView(MultilateralMixin, ObjectListView):
    """The "Multilateral" overview: where we are members, since when, who follows it, and
    what we owe (arrears per currency, the latest year assessed)."""

    model = Membership
    filterset_class = MembershipFilter
    template_name = "multilateral/membership_list.html"
    partial_template_name = "multilateral/partials/membership_results.html"
    section = "memberships"
    export_name = "memberships"
    export_columns = [
        (gettext_lazy("Organization"), lambda m: partner_name(m.organization)),
        (gettext_lazy("Member"), lambda m: partner_name(m.member)),
        (gettext_lazy("Status"), lambda m: m.get_status_display()),
        (gettext_lazy("Since"), lambda m: m.since),
        (gettext_lazy("Until"), lambda m: m.until),
        (gettext_lazy("Focal point (desk)"), lambda m: m.focal_unit or ""),
        (gettext_lazy("Focal point (person)"), lambda m: partner_name(m.focal_person)),
        (gettext_lazy("Latest year assessed"), lambda m: m.standing.latest_assessed_year),
        (gettext_lazy("Arrears"), lambda m: _arrears_text(m.standing)),
        (gettext_lazy("Classification"), lambda m: m.get_classification_display()),
    ]

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            filterset = self.get_filterset(self.get_filterset_class())
            if filterset.is_valid():
                name = f"{self.export_name}-{timezone.localdate().isoformat()}"
                rows = with_standing_in_chunks(filterset.qs, request.user)
                return exports.export_response(
                    fmt, rows, self.export_columns, name, self.model._meta.verbose_name_plural
                )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # The country before its bodies in the same organization.
        return membership_rows(self.request.user).order_by(
            "organization__name_en", "member__is_domestic", "-since", "pk"
        )

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # Only the partners that hold a membership, not every partner on record.
        field = filterset.form.fields["member"]
        field.queryset = (
            Partner.objects.restrict(self.request.user)
            .filter(Exists(Membership.objects.filter(member=OuterRef("pk"))))
            .order_by("name_en")
        )
        return fixed_choices(filterset, "member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["object_list"] = services.attach_standing(context["object_list"], user)
        today = timezone.localdate()
        current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
        context["summary"] = {
            "memberships": Membership.objects.restrict(user).filter(until__isnull=True).count(),
            "seats": Seat.objects.restrict(user).filter(current).count(),
            "posts": ElectedPost.objects.restrict(user).filter(current).count(),
            "candidacies": Candidacy.objects.restrict(user)
            .filter(result="pending", election_date__gte=today)
            .count(),
        }
        context["perms_add"] = _perms_add(user)
        return context


def _perms_add(user, action="add") -> dict:
    """What the user may do (`action`) on each record of the area, by short name."""
    models = {
        "membership": Membership,
        "seat": Seat,
        "post": ElectedPost,
        "candidacy": Candidacy,
        "contribution": Contribution,
        "body": GoverningBody,
        "position": NationalPosition,
    }
    return {key: can(user, action, model) for key, model in models.items()}


# An organization's page.


class OrganizationDetailView(RoleRequiredMixin, DetailView):
    """An international organization as the multilateral desk follows it: our membership,
    its bodies and the seats we hold, elected posts and candidacies, dues, events, national
    positions and its member states. Each part bounded; the same queries for 1 row as for
    20."""

    model = Partner
    template_name = "multilateral/organization_detail.html"
    context_object_name = "organization"
    limit = 20
    events_limit = 10
    bodies_limit = 30
    dues_years = 10

    def get_queryset(self):
        return Partner.objects.restrict(self.request.user).filter(kind=PartnerKind.ORGANIZATION)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization, user = self.object, self.request.user
        today = timezone.localdate()
        readable = Partner.objects.restrict(user)
        people = Person.objects.restrict(user)
        current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
        seats = (
            Seat.objects.restrict(user)
            .prefetch_related(Prefetch("holder", queryset=readable))
            .order_by("-term_start", "-pk")
        )
        readable_seats = Seat.objects.restrict(user).filter(body=OuterRef("pk"))
        bodies = list(
            GoverningBody.objects.filter(organization=organization)
            .annotate(
                held=Exists(readable_seats.filter(current)),
                any_seat=Exists(readable_seats),
            )
            .prefetch_related(Prefetch("seats", queryset=seats[:5], to_attr="our_seats"))
            .order_by("-held", "-any_seat", "name_en")[: self.bodies_limit]
        )
        for body in bodies:
            mark_current(body.our_seats, today)
        context.update(
            memberships=list(
                Membership.objects.restrict(user)
                .filter(organization=organization)
                .select_related("focal_unit")
                .prefetch_related(
                    Prefetch("member", queryset=readable),
                    Prefetch("legal_basis", queryset=Agreement.objects.restrict(user)),
                    Prefetch("focal_person", queryset=people),
                )
                .order_by(F("until").desc(nulls_first=True), "member__is_domestic", "since", "pk")[
                    : self.limit
                ]
            ),
            bodies=bodies,
            seat_bodies=[body for body in bodies if body.our_seats],
            other_bodies=[body for body in bodies if not body.our_seats],
            posts=mark_current(
                list(
                    ElectedPost.objects.restrict(user)
                    .filter(body__organization=organization)
                    .select_related("body")
                    .prefetch_related(Prefetch("person", queryset=people))
                    .order_by("-term_start", "-pk")[: self.limit]
                ),
                today,
            ),
            candidacies=list(
                Candidacy.objects.restrict(user)
                .filter(body__organization=organization)
                .select_related("body")
                .prefetch_related(
                    Prefetch("country", queryset=readable), Prefetch("person", queryset=people)
                )
                .order_by(F("election_date").desc(nulls_first=True), "-pk")[: self.limit]
            ),
            events=self.events(organization, user),
            positions=self.positions(organization, user),
            member_states=sorted(
                OrganizationMember.objects.filter(
                    organization=organization,
                    until__isnull=True,
                    country__classification__in=readable_levels(user),
                )
                .select_related("country")
                .order_by("country__name_en")[:300],
                key=lambda m: m.country.name,
            ),
            perms_add=_perms_add(user),
            perms_change=_perms_add(user, "change"),
            today=today,
        )
        context.update(self.dues(organization, user))
        return context

    def events(self, organization, user) -> list:
        """The latest meetings of the organization (its events) or with it (as a partner),
        latest first: two queries that each read only the first few rows of an index,
        merged, rather than one OR that a large table would scan."""
        meetings = (
            Meeting.objects.restrict(user)
            .select_related("governing_body")
            .only(
                "pk",
                "title_en",
                "title_ar",
                "kind",
                "start",
                "city",
                "classification",
                "governing_body__name_en",
                "governing_body__name_ar",
            )
            .order_by("-start", "-pk")
        )
        rows = {
            meeting.pk: meeting
            for query in (
                meetings.filter(organization=organization),
                meetings.filter(partners=organization),
            )
            for meeting in query[: self.events_limit]
        }
        latest = sorted(rows.values(), key=lambda m: (m.start, m.pk), reverse=True)
        return latest[: self.events_limit]

    def positions(self, organization, user):
        used = Q(agenda_items__meeting__classification__in=readable_levels(user))
        return list(
            NationalPosition.objects.restrict(user)
            .filter(organization=organization)
            .select_related("body")
            .annotate(
                uses=Count("agenda_items", filter=used),
                last_used=Max("agenda_items__meeting__start", filter=used),
            )
            .order_by(F("last_used").desc(nulls_last=True), "topic_en", "pk")[: self.limit]
        )

    def dues(self, organization, user) -> dict:
        """The last ten years of dues (chart and table), the latest voluntary contributions
        and the totals per currency over every year."""
        readable = services.contributions_for(user).filter(organization=organization)
        assessed = list(
            readable.filter(kind=ContributionKind.ASSESSED).order_by("-year")[: self.dues_years]
        )
        labels = {"due": _("assessed"), "paid": _("paid")}
        return {
            "dues": assessed,
            "dues_charts": charts.dues_charts(assessed, rtl=get_language_bidi(), labels=labels),
            "voluntary": list(
                readable.filter(kind=ContributionKind.VOLUNTARY).order_by("-year", "-pk")[
                    : self.dues_years
                ]
            ),
            "dues_totals": list(
                readable.order_by()
                .values("currency")
                .annotate(**services.TOTALS)
                .order_by("currency")
            ),
        }


# Forms: one mixin for every record of the area.


class RecordFormMixin(MultilateralMixin):
    """Create or edit a record: `?organization=<pk>` (from an organization's page) narrows
    the governing bodies offered and prefills the organization; saved through
    core.services, a rule the form cannot check alone lands on its field."""

    template_name = "multilateral/record_form.html"
    list_url_name = ""

    def organization(self):
        value = self.request.GET.get("organization", "")
        if not value.isdigit():
            return None
        return readable_organizations(self.request).filter(pk=int(value)).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization()
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        organization = self.organization()
        if organization is not None:
            initial["organization"] = organization.pk
        body = self.request.GET.get("body", "")
        if body.isdigit():
            initial["body"] = int(body)
        return initial

    def form_valid(self, form):
        self.object = form.save(commit=False)
        try:
            core_services.save(self.object, self.request.user, save_m2m=form.save_m2m)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return record_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_url"] = reverse(f"multilateral:{self.list_url_name}")
        obj = getattr(self, "object", None)
        context["back_url"] = record_url(obj) if obj is not None else None
        if obj is not None:
            name = self.list_url_name.removesuffix("_list")
            context["delete_url"] = reverse(f"multilateral:{name}_delete", args=[obj.pk])
        organization = self.organization()
        if organization is not None and not context["back_url"]:
            context["back_url"] = reverse(
                "multilateral:organization_detail", args=[organization.pk]
            )
        context["heading"] = self.heading()
        context["history"] = self.history()
        return context

    def heading(self) -> str:
        new, edit = HEADINGS[self.model]
        return edit if getattr(self, "object", None) else new

    def history(self):
        from django.contrib.contenttypes.models import ContentType

        from core.models import ChangeRecord

        obj = getattr(self, "object", None)
        if obj is None or obj.pk is None:
            return None
        ct = ContentType.objects.get_for_model(obj)
        return list(
            ChangeRecord.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related(
                "user"
            )[:20]
        )


# Whole sentences, so that each translates with its own grammar.
HEADINGS = {
    Membership: (gettext_lazy("New membership"), gettext_lazy("Edit the membership")),
    Seat: (gettext_lazy("New seat"), gettext_lazy("Edit the seat")),
    ElectedPost: (gettext_lazy("New elected post"), gettext_lazy("Edit the elected post")),
    Candidacy: (gettext_lazy("New candidacy"), gettext_lazy("Edit the candidacy")),
    Contribution: (
        gettext_lazy("New dues or contribution"),
        gettext_lazy("Edit the dues or contribution"),
    ),
    GoverningBody: (gettext_lazy("New governing body"), gettext_lazy("Edit the governing body")),
    NationalPosition: (
        gettext_lazy("New national position"),
        gettext_lazy("Update the national position"),
    ),
}


class BodiesReadable:
    """Governing bodies are read as their organization is."""

    def get_queryset(self):
        return GoverningBody.objects.filter(
            organization__in=Partner.objects.restrict(self.request.user)
        ).select_related("organization")


class RecordDeleteView(MultilateralMixin, ObjectDeleteView):
    """Delete through core.services; a record that others use is kept, saying what uses
    it (a body with seats, say)."""

    template_name = "multilateral/confirm_delete.html"

    def form_valid(self, form):
        url = record_url(self.object)
        try:
            core_services.delete(self.object, self.request.user)
        except core_services.InUse as error:
            messages.error(
                self.request,
                _("%(record)s cannot be deleted because other records use it: %(uses)s")
                % {"record": self.object, "uses": error.describe()},
            )
            return redirect(url)
        messages.success(self.request, _("Deleted %(record)s.") % {"record": self.object})
        return redirect(url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = record_url(self.object)
        return context


def record_views(model, form_class, list_url_name, section, *, base=()):
    """The create, update and delete views of a record of the area."""
    attrs = {
        "model": model,
        "form_class": form_class,
        "list_url_name": list_url_name,
        "section": section,
    }
    create = type(f"{model.__name__}CreateView", (*base, RecordFormMixin, ObjectCreateView), attrs)
    update = type(f"{model.__name__}UpdateView", (*base, RecordFormMixin, ObjectUpdateView), attrs)
    delete = type(
        f"{model.__name__}DeleteView",
        (*base, RecordDeleteView),
        {"model": model, "section": section},
    )
    return create, update, delete


MembershipCreateView, MembershipUpdateView, MembershipDeleteView = record_views(
    Membership, MembershipForm, "membership_list", "memberships"
)
SeatCreateView, SeatUpdateView, SeatDeleteView = record_views(Seat, SeatForm, "seat_list", "seats")
PostCreateView, PostUpdateView, PostDeleteView = record_views(
    ElectedPost, ElectedPostForm, "post_list", "posts"
)
CandidacyCreateView, CandidacyUpdateView, CandidacyDeleteView = record_views(
    Candidacy, CandidacyForm, "candidacy_list", "candidacies"
)
ContributionCreateView, ContributionUpdateView, ContributionDeleteView = record_views(
    Contribution, ContributionForm, "contribution_list", "contributions"
)
BodyCreateView, BodyUpdateView, BodyDeleteView = record_views(
    GoverningBody, GoverningBodyForm, "body_list", "bodies", base=(BodiesReadable,)
)
PositionCreateView, PositionUpdateView, PositionDeleteView = record_views(
    NationalPosition, NationalPositionForm, "position_list", "positions"
)


# Lists.


class AreaListView(MultilateralMixin, ObjectListView):
    """A list of the area: its filters' selects read once; bodies named with their
    organization."""

    template_name = "multilateral/record_list.html"
    select_filters = ()
    title = ""
    add_label = ""
    url_name = ""  # seat, post... (seat_list, seat_create)

    def get_filterset(self, filterset_class):
        filterset = label_bodies(super().get_filterset(filterset_class))
        return fixed_choices(filterset, *self.select_filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            add_label=self.add_label,
            add_url=reverse(f"multilateral:{self.url_name}_create"),
            list_url=reverse(f"multilateral:{self.url_name}_list"),
            results_template=self.partial_template_name,
        )
        return context


class TermListView(AreaListView):
    """Seats and elected posts: terms on a body, newest first, each marked current or not;
    the holder is shown only if the reader may read them."""

    holder_field, holder_model = "", None

    def get_queryset(self):
        holders = self.holder_model.objects.restrict(self.request.user)
        return (
            super()
            .get_queryset()
            .select_related("body__organization")
            .prefetch_related(Prefetch(self.holder_field, queryset=holders))
            .order_by("-term_start", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mark_current(context["object_list"])
        return context


def _holder(seat) -> str:
    return partner_name(seat.holder)


class SeatListView(TermListView):
    model = Seat
    title = gettext_lazy("Seats")
    add_label = gettext_lazy("New seat")
    url_name = "seat"
    filterset_class = SeatFilter
    partial_template_name = "multilateral/partials/seat_results.html"
    section = "seats"
    export_name = "seats"
    select_filters = ("organization", "body")
    export_columns = [
        (gettext_lazy("Organization"), lambda s: s.body.organization.name),
        (gettext_lazy("Body"), lambda s: s.body.name),
        (gettext_lazy("Held by"), _holder),
        (gettext_lazy("Term from"), lambda s: s.term_start),
        (gettext_lazy("Term until"), lambda s: s.term_end),
        (gettext_lazy("Current"), lambda s: _("Yes") if is_current(s) else _("No")),
        (gettext_lazy("Classification"), lambda s: s.get_classification_display()),
    ]

    holder_field, holder_model = "holder", Partner


class PostListView(TermListView):
    model = ElectedPost
    title = gettext_lazy("Elected posts")
    add_label = gettext_lazy("New elected post")
    url_name = "post"
    filterset_class = ElectedPostFilter
    partial_template_name = "multilateral/partials/post_results.html"
    section = "posts"
    export_name = "elected-posts"
    select_filters = ("organization", "body")
    export_columns = [
        (gettext_lazy("Post"), lambda p: p.title),
        (gettext_lazy("Held by"), lambda p: partner_name(p.person)),
        (gettext_lazy("Organization"), lambda p: p.body.organization.name),
        (gettext_lazy("Body"), lambda p: p.body.name),
        (gettext_lazy("Term from"), lambda p: p.term_start),
        (gettext_lazy("Term until"), lambda p: p.term_end),
        (gettext_lazy("Current"), lambda p: _("Yes") if is_current(p) else _("No")),
        (gettext_lazy("Classification"), lambda p: p.get_classification_display()),
    ]

    holder_field, holder_model = "person", Person


def _post(candidacy) -> str:
    return bilingual(candidacy.post_en, candidacy.post_ar)


class CandidacyListView(AreaListView):
    model = Candidacy
    title = gettext_lazy("Candidacies")
    add_label = gettext_lazy("New candidacy")
    url_name = "candidacy"
    filterset_class = CandidacyListFilter
    partial_template_name = "multilateral/partials/candidacy_results.html"
    section = "candidacies"
    export_name = "candidacies"
    select_filters = ("organization", "body")
    export_columns = [
        (gettext_lazy("Organization"), lambda c: c.body.organization.name),
        (gettext_lazy("Body"), lambda c: c.body.name),
        (gettext_lazy("Post"), lambda c: _post(c)),
        (gettext_lazy("Country"), lambda c: partner_name(c.country)),
        (gettext_lazy("Candidate"), lambda c: partner_name(c.person)),
        (gettext_lazy("Election"), lambda c: c.election_date),
        (gettext_lazy("Votes received"), lambda c: c.votes_for),
        (gettext_lazy("Votes cast"), lambda c: c.votes_cast),
        (gettext_lazy("Result"), lambda c: c.get_result_display()),
        (gettext_lazy("Classification"), lambda c: c.get_classification_display()),
    ]

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("body__organization")
            .prefetch_related(
                Prefetch("country", queryset=Partner.objects.restrict(user)),
                Prefetch("person", queryset=Person.objects.restrict(user)),
            )
            .order_by(F("election_date").desc(nulls_first=True), "-pk")
        )


class ContributionListView(AreaListView):
    model = Contribution
    title = gettext_lazy("Dues and contributions")
    add_label = gettext_lazy("New contribution")
    url_name = "contribution"
    filterset_class = ContributionFilter
    partial_template_name = "multilateral/partials/contribution_results.html"
    section = "contributions"
    export_name = "contributions"
    select_filters = ("organization",)
    export_columns = [
        (gettext_lazy("Organization"), lambda c: c.organization.name),
        (gettext_lazy("Year"), lambda c: c.year),
        (gettext_lazy("Kind"), lambda c: c.get_kind_display()),
        (gettext_lazy("Currency"), lambda c: c.currency),
        (gettext_lazy("Amount assessed or pledged"), lambda c: c.amount_due),
        (gettext_lazy("Amount paid"), lambda c: c.amount_paid),
        (gettext_lazy("Arrears"), lambda c: c.arrears),
        (gettext_lazy("Paid on"), lambda c: c.paid_on),
        (gettext_lazy("Classification"), lambda c: c.get_classification_display()),
    ]

    def get_queryset(self):
        user = self.request.user
        return services.contributions_for(user, super().get_queryset()).select_related(
            "organization"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The totals of the filtered list, per currency (one query).
        filterset = context.get("filter")
        if filterset is not None and filterset.is_valid():
            context["totals"] = list(
                filterset.qs.order_by()
                .values("currency")
                .annotate(**services.TOTALS)
                .order_by("currency")
            )
        return context


class BodyListView(BodiesReadable, AreaListView):
    model = GoverningBody
    title = gettext_lazy("Governing bodies")
    add_label = gettext_lazy("New governing body")
    url_name = "body"
    filterset_class = GoverningBodyFilter
    partial_template_name = "multilateral/partials/body_results.html"
    section = "bodies"
    export_name = "governing-bodies"
    select_filters = ("organization",)
    export_columns = [
        (gettext_lazy("Organization"), lambda b: b.organization.name),
        (gettext_lazy("English name"), lambda b: b.name_en),
        (gettext_lazy("Arabic name"), lambda b: b.name_ar),
        (gettext_lazy("Acronym"), lambda b: b.acronym),
        (gettext_lazy("Kind"), lambda b: b.get_kind_display()),
        (gettext_lazy("Part of"), lambda b: b.parent.name if b.parent else ""),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .order_by("organization__name_en", "name_en", "pk")
        )
