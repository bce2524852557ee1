"""Pages of the engagements app: declarations on core's generic bases, plus the month
calendar, the parts of a meeting (delegations, agenda, decisions) and opening a joint
committee's next session."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from actions.models import Action
from actions.views import WithActionsMixin
from agreements.models import Agreement
from core import views as core_views
from core.models import ChangeRecord
from core.permissions import can, readable_levels
from core.services import InUse
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RoleRequiredMixin,
)
from documents.views import add_errors, documents_for
from engagements import services
from engagements.choices import MeetingKind, Side
from engagements.filters import (
    JointCommitteeFilter,
    MeetingFilter,
    local_midnight,
    open_actions_exist,
)
from engagements.forms import (
    AgendaItemForm,
    DecisionForm,
    JointCommitteeForm,
    MeetingForm,
    ParticipantForm,
    SessionForm,
)
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant
from partners.choices import PartnerKind
from partners.models import Partner, Person


def _partners(meeting) -> str:
    return "; ".join(p.name for p in meeting.partners.all())


def _session(meeting) -> str:
    if meeting.committee is None:
        return ""
    return f"{meeting.committee.name} ({meeting.session_number})"


def meeting_rows(user):
    """The meetings `user` may read, with what a list row shows: partners, committee and
    country only when the user may read them too, and whether actions are still open."""
    readable = Partner.objects.restrict(user)
    return (
        Meeting.objects.restrict(user)
        .select_related("owner_unit")
        .prefetch_related(
            Prefetch("partners", queryset=readable),
            Prefetch("committee", queryset=JointCommittee.objects.restrict(user)),
            Prefetch("country", queryset=readable),
        )
        .annotate(open_actions=open_actions_exist(user))
    )


def fixed_choices(filterset, *names):
    """Read the choices of a filter's select once: the shared select template counts them
    before looping, which would read the table twice."""
    for name in names:
        field = filterset.form.fields[name]
        # The plain ChoiceField setter: django-filters' own would wrap the list in a
        # queryset iterator again. Validation still reads the queryset.
        forms.ChoiceField.choices.fset(field, [choice for choice in field.choices])  # noqa: C416 - list() would count first
    return filterset


class MeetingListView(ObjectListView):
    model = Meeting
    filterset_class = MeetingFilter
    template_name = "engagements/meeting_list.html"
    partial_template_name = "engagements/partials/meeting_results.html"
    export_name = "meetings"
    export_columns = [
        (gettext_lazy("Start"), lambda m: m.start),
        (gettext_lazy("End"), lambda m: m.end),
        (gettext_lazy("Local start"), lambda m: m.start_local.strftime("%Y-%m-%d %H:%M")),
        (gettext_lazy("Time zone"), lambda m: m.time_zone),
        (gettext_lazy("Title"), lambda m: m.title),
        (gettext_lazy("Kind"), lambda m: m.get_kind_display()),
        (gettext_lazy("Level"), lambda m: m.get_level_display()),
        (gettext_lazy("Partners"), _partners),
        (gettext_lazy("Place"), lambda m: _("Online") if m.online and not m.place else m.place),
        (gettext_lazy("Joint committee (session)"), _session),
        (gettext_lazy("Open actions"), lambda m: _("Yes") if m.open_actions else _("No")),
        (gettext_lazy("Desk"), lambda m: m.owner_unit or ""),
        (gettext_lazy("Classification"), lambda m: m.get_classification_display()),
    ]

    def get_queryset(self):
        return meeting_rows(self.request.user)

    def get_filterset(self, filterset_class):
        return fixed_choices(super().get_filterset(filterset_class), "committee", "desk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today.isoformat()
        partner = self.request.GET.get("partner", "")
        context["partner_filter"] = (
            Partner.objects.restrict(self.request.user).filter(pk=int(partner)).first()
            if partner.isdigit()
            else None
        )
        return context


class MeetingCalendarView(RoleRequiredMixin, TemplateView):
    """A month grid of the meetings the user may read, placed on the days they take (in the
    user's time zone); the list's filters apply. `?month=YYYY-MM`, this month by default."""

    model = Meeting
    template_name = "engagements/meeting_calendar.html"
    limit = 400

    def month(self) -> date:
        value = self.request.GET.get("month", "")
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            if value:
                messages.warning(self.request, _("Give the month as YYYY-MM."))
            return timezone.localdate().replace(day=1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = self.month()
        # Django numbers the days from Sunday (0); Python's calendar from Monday (0).
        first_weekday = (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
        weeks = calendar.Calendar(first_weekday).monthdatescalendar(first.year, first.month)
        grid_start, grid_end = weeks[0][0], weeks[-1][-1] + timedelta(days=1)
        params = self.request.GET.copy()
        params.pop("month", None)
        for name in ("start_after", "start_before", "ordering", "page", "export"):
            params.pop(name, None)
        filterset = MeetingFilter(params, queryset=Meeting.objects.restrict(self.request.user))
        filterset.filters.pop("start_after")
        filterset.filters.pop("start_before")
        filterset.filters.pop("ordering")
        fixed_choices(filterset, "desk")
        queryset = filterset.qs if filterset.is_valid() else Meeting.objects.none()
        rows = list(
            queryset.filter(start__lt=local_midnight(grid_end), end__gte=local_midnight(grid_start))
            .only(
                "pk",
                "title_en",
                "title_ar",
                "kind",
                "start",
                "end",
                "classification",
                "session_number",
            )
            .order_by("start", "pk")[: self.limit + 1]
        )
        by_day = defaultdict(list)
        for meeting in rows[: self.limit]:
            day = max(timezone.localdate(meeting.start), grid_start)
            last = min(timezone.localdate(meeting.end), grid_end - timedelta(days=1))
            while day <= last:
                by_day[day].append(
                    {"meeting": meeting, "continues": day != timezone.localdate(meeting.start)}
                )
                day += timedelta(days=1)
        today = timezone.localdate()
        names = [
            (WEEKDAYS[(first_weekday + i) % 7], WEEKDAYS_ABBR[(first_weekday + i) % 7])
            for i in range(7)
        ]
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        query = params.urlencode()
        context.update(
            month=first,
            weekdays=names,
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "today": day == today,
                        "meetings": by_day.get(day, []),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            previous_url=f"?month={previous:%Y-%m}" + (f"&{query}" if query else ""),
            next_url=f"?month={following:%Y-%m}" + (f"&{query}" if query else ""),
            this_month_url="?" + query if query else "?",
            list_url=reverse("engagements:meeting_list")
            + f"?start_after={grid_start.isoformat()}&start_before="
            f"{(grid_end - timedelta(days=1)).isoformat()}&ordering=start"
            + (f"&{query}" if query else ""),
            truncated=len(rows) > self.limit,
            count=min(len(rows), self.limit),
            filter=filterset,
            timezone_name=timezone.get_current_timezone_name(),
        )
        return context


def part_history(meeting, participants, agenda, decisions, limit=20):
    """The meeting's change history together with its delegations', agenda's and
    decisions' (one query)."""
    types = ContentType.objects.get_for_models(Meeting, Participant, AgendaItem, Decision)
    condition = Q(content_type=types[Meeting], object_id=str(meeting.pk))
    for model, rows in ((Participant, participants), (AgendaItem, agenda), (Decision, decisions)):
        ids = [str(row.pk) for row in rows]
        if ids:
            condition |= Q(content_type=types[model], object_id__in=ids)
    records = list(ChangeRecord.objects.filter(condition).select_related("user")[:limit])
    for record in records:
        record.is_part = record.content_type_id != types[Meeting].pk
    return records


def origins(actions, user):
    """Where each carried-over action came from: the session (a meeting of the committee, or
    the meeting of the decision it follows up) or the committee itself. One query per kind
    of source among `actions`, each through restrict()."""
    types = ContentType.objects.get_for_models(Meeting, Decision, JointCommittee)
    ids = defaultdict(set)
    for action in actions:
        ids[action.source_type_id].add(action.source_id)
    meetings = {}
    if ids.get(types[Meeting].pk):
        meetings = {
            m.pk: m for m in Meeting.objects.restrict(user).filter(pk__in=ids[types[Meeting].pk])
        }
    decisions = {}
    if ids.get(types[Decision].pk):
        decisions = {
            d.pk: d
            for d in Decision.objects.restrict(user)
            .filter(pk__in=ids[types[Decision].pk])
            .select_related("meeting")
        }
    for action in actions:
        origin = None
        if action.source_type_id == types[Meeting].pk:
            origin = meetings.get(action.source_id)
        elif action.source_type_id == types[Decision].pk:
            decision = decisions.get(action.source_id)
            origin = decision.meeting if decision else None
        action.origin_session = origin
    return actions


class MeetingDetailView(WithActionsMixin, ObjectDetailView):
    model = Meeting
    template_name = "engagements/meeting_detail.html"

    def get_queryset(self):
        user = self.request.user
        readable = Partner.objects.restrict(user)
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related(
                Prefetch("partners", queryset=readable),
                Prefetch("country", queryset=readable),
                Prefetch("agreements", queryset=Agreement.objects.restrict(user)),
                Prefetch("committee", queryset=JointCommittee.objects.restrict(user)),
                "areas",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        participants = list(
            meeting.participants.filter(person__in=Person.objects.restrict(user)).select_related(
                "person"
            )
        )
        agenda = list(
            meeting.agenda_items.prefetch_related(
                Prefetch(
                    "carried_action",
                    queryset=Action.objects.restrict(user).select_related("owner", "owner_unit"),
                ),
                Prefetch(
                    "carried_decision",
                    queryset=Decision.objects.restrict(user).select_related("meeting"),
                ),
            )
        )
        origins([item.carried_action for item in agenda if item.carried_action], user)
        decisions = list(meeting.decisions.select_related("agenda_item"))
        follow_ups = defaultdict(list)
        if decisions:
            ct = ContentType.objects.get_for_model(Decision)
            for action in (
                Action.objects.restrict(user)
                .filter(source_type=ct, source_id__in=[d.pk for d in decisions])
                .select_related("owner", "owner_unit")
            ):
                follow_ups[action.source_id].append(action)
        for decision in decisions:
            decision.follow_ups = follow_ups.get(decision.pk, [])
        context.update(
            delegations=[
                (Side.OURS.label, [p for p in participants if p.side == Side.OURS]),
                (Side.THEIRS.label, [p for p in participants if p.side == Side.THEIRS]),
            ],
            participant_count=len(participants),
            agenda=agenda,
            decisions=decisions,
            documents=documents_for(meeting, user),
            history=part_history(meeting, participants, agenda, decisions, self.history_limit),
            reader_zone=timezone.get_current_timezone_name(),
            can_add_action=can(user, "add", Action),
        )
        return context


class MeetingFormMixin:
    model = Meeting
    form_class = MeetingForm
    template_name = "engagements/meeting_form.html"
    success_message = gettext_lazy("Meeting saved.")


class MeetingCreateView(MeetingFormMixin, ObjectCreateView):
    def get_initial(self):
        """`?partner=` and `?committee=` prefill the form (links from those pages)."""
        initial = {"classification": "internal", "owner_unit": self.request.user.org_unit_id}
        user, query = self.request.user, self.request.GET
        if query.get("partner", "").isdigit():
            partner = Partner.objects.restrict(user).filter(pk=query["partner"]).first()
            if partner:
                initial["partners"] = [partner.pk]
        if query.get("kind") in MeetingKind.values:
            initial["kind"] = query["kind"]
        return initial


class MeetingUpdateView(MeetingFormMixin, ObjectUpdateView):
    pass


class MeetingDeleteView(ObjectDeleteView):
    model = Meeting
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("engagements:meeting_list")

    def form_valid(self, form):
        try:
            services.delete_record(self.object, self.request.user)
        except InUse as error:
            messages.error(
                self.request,
                _("%(record)s cannot be deleted because other records use it: %(uses)s")
                % {"record": self.object, "uses": error.describe()},
            )
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted %(record)s.") % {"record": self.object})
        return redirect(self.success_url)


class MeetingPartMixin:
    """A participant, agenda item or decision of a meeting the user can read and may
    change; saved through the service, with its change record."""

    template_name = "engagements/part_form.html"
    heading = ""
    anchor = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not can(request.user, "change", Meeting):
                raise PermissionDenied
            self.meeting = get_object_or_404(
                Meeting.objects.restrict(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.filter(meeting=self.meeting)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def form_valid(self, form):
        try:
            part = services.save_part(form.save(commit=False), self.request.user)
        except ValidationError as error:
            # A rule the form cannot check alone is shown on its field; nothing was saved.
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.meeting.get_absolute_url() + f"#{self.anchor}-{part.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, heading=self.heading, **kwargs)


class ParticipantCreateView(MeetingPartMixin, ObjectCreateView):
    model = Participant
    form_class = ParticipantForm
    heading = gettext_lazy("Add a participant")
    anchor = "participant"

    def get_initial(self):
        return {"side": self.request.GET.get("side", Side.OURS)}


class AgendaItemCreateView(MeetingPartMixin, ObjectCreateView):
    model = AgendaItem
    form_class = AgendaItemForm
    heading = gettext_lazy("Add an agenda item")
    anchor = "item"


class AgendaItemUpdateView(MeetingPartMixin, ObjectUpdateView):
    model = AgendaItem
    form_class = AgendaItemForm
    heading = gettext_lazy("Edit the agenda item")
    anchor = "item"
    pk_url_kwarg = "part_pk"


class DecisionCreateView(MeetingPartMixin, ObjectCreateView):
    model = Decision
    form_class = DecisionForm
    heading = gettext_lazy("Record a decision")
    anchor = "decision"

    def get_initial(self):
        item = self.request.GET.get("item", "")
        return {"agenda_item": int(item)} if item.isdigit() else {}


class DecisionUpdateView(MeetingPartMixin, ObjectUpdateView):
    model = Decision
    form_class = DecisionForm
    heading = gettext_lazy("Edit the decision or change its status")
    anchor = "decision"
    pk_url_kwarg = "part_pk"


class PartDeleteView(core_views.PartDeleteView):
    """Remove a participant, agenda item or decision (POST from the meeting page)."""

    parent_model = Meeting
    parts = {
        "participant": (Participant, "meeting"),
        "agenda-item": (AgendaItem, "meeting"),
        "decision": (Decision, "meeting"),
    }

    def delete_part(self, instance, user):
        services.delete_record(instance, user)


class CommitteeListView(ObjectListView):
    model = JointCommittee
    filterset_class = JointCommitteeFilter
    template_name = "engagements/committee_list.html"
    partial_template_name = "engagements/partials/committee_results.html"
    export_name = "joint-committees"
    export_columns = [
        (gettext_lazy("Name"), lambda c: c.name),
        (gettext_lazy("Partner"), lambda c: c.partner.name if c.partner else ""),
        (gettext_lazy("Sessions"), lambda c: c.session_count),
        (gettext_lazy("Last session"), lambda c: c.last_session),
        (gettext_lazy("Desk"), lambda c: c.owner_unit or ""),
        (gettext_lazy("Classification"), lambda c: c.get_classification_display()),
    ]

    def get_queryset(self):
        user = self.request.user
        readable = Q(sessions__classification__in=readable_levels(user))
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related(Prefetch("partner", queryset=Partner.objects.restrict(user)))
            .annotate(
                session_count=Count("sessions", filter=readable),
                last_session=Max("sessions__start", filter=readable),
            )
            # Meta.ordering does not apply to an aggregated query: sort explicitly.
            .order_by("name_en", "pk")
        )


class CommitteeDetailView(WithActionsMixin, ObjectDetailView):
    """Every session in order, with its decisions, and what is still open."""

    model = JointCommittee
    template_name = "engagements/committee_detail.html"

    def get_queryset(self):
        user = self.request.user
        readable = Partner.objects.restrict(user)
        people = Person.objects.restrict(user)
        return (
            super()
            .get_queryset()
            .select_related("owner_unit")
            .prefetch_related(
                Prefetch("partner", queryset=readable),
                Prefetch("agreement", queryset=Agreement.objects.restrict(user)),
                Prefetch("chair_ours", queryset=people),
                Prefetch("chair_theirs", queryset=people),
                "areas",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committee, user = self.object, self.request.user
        sessions = list(
            Meeting.objects.restrict(user)
            .filter(committee=committee)
            .prefetch_related(
                Prefetch("country", queryset=Partner.objects.restrict(user)),
                Prefetch("decisions", queryset=Decision.objects.order_by("id")),
            )
            .order_by("session_number")
        )
        decisions, actions = services.open_items(committee)
        pending = list(decisions.filter(meeting__in=[s.pk for s in sessions]))
        open_actions = list(actions.restrict(user).select_related("owner", "owner_unit"))
        types = ContentType.objects.get_for_models(Meeting, Decision)
        by_session = {s.pk: s for s in sessions}
        by_decision = {d.pk: d for s in sessions for d in s.decisions.all()}
        follow_ups = defaultdict(list)
        for action in open_actions:
            action.origin_session = None
            if action.source_type_id == types[Meeting].pk:
                action.origin_session = by_session.get(action.source_id)
            elif action.source_type_id == types[Decision].pk:
                decision = by_decision.get(action.source_id)
                action.origin_session = by_session.get(decision.meeting_id) if decision else None
                follow_ups[action.source_id].append(action)
        for decision in by_decision.values():
            decision.open_follow_ups = follow_ups.get(decision.pk, [])
        context.update(
            sessions=sessions,
            pending_decisions=pending,
            open_actions=open_actions,
            open_count=len(pending) + len(open_actions),
            next_number=services.next_session_number(committee),
            can_open_session=can(user, "add", Meeting),
        )
        return context


class CommitteeFormMixin:
    model = JointCommittee
    form_class = JointCommitteeForm
    template_name = "engagements/committee_form.html"
    success_message = gettext_lazy("Joint committee saved.")


class CommitteeCreateView(CommitteeFormMixin, ObjectCreateView):
    def get_initial(self):
        initial = {"owner_unit": self.request.user.org_unit_id}
        partner = self.request.GET.get("partner", "")
        if partner.isdigit():
            initial["partner"] = int(partner)
        return initial


class CommitteeUpdateView(CommitteeFormMixin, ObjectUpdateView):
    pass


class CommitteeDeleteView(ObjectDeleteView):
    model = JointCommittee
    template_name = "core/confirm_delete.html"
    success_url = reverse_lazy("engagements:committee_list")


class SessionCreateView(ObjectCreateView):
    """Open a joint committee's next session: its agenda starts with what the earlier
    sessions left open (pending decisions, open actions)."""

    model = Meeting
    form_class = SessionForm
    template_name = "engagements/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not can(request.user, "add", Meeting):
                raise PermissionDenied
            self.committee = get_object_or_404(
                JointCommittee.objects.restrict(request.user).select_related("partner"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committee": self.committee}

    def get_initial(self):
        """The committee's classification; with hosts alternating, the other host's country
        (the home country after a session abroad, and the other way round)."""
        committee = self.committee
        initial = {"classification": committee.classification}
        last = (
            Meeting.objects.filter(committee=committee)
            .order_by("-session_number")
            .only("level", "country_id", "time_zone")
            .first()
        )
        if last is not None:
            initial["level"] = last.level
        if committee.alternating_host and last is not None and last.country_id:
            partner_country = (
                committee.partner
                if committee.partner.kind == PartnerKind.COUNTRY
                else committee.partner.country
            )
            home = Partner.objects.filter(
                kind=PartnerKind.COUNTRY, iso_alpha2=settings.ACCORD_HOME_COUNTRY
            ).first()
            if partner_country and home:
                initial["country"] = (
                    home.pk if last.country_id == partner_country.pk else partner_country.pk
                )
        return initial

    def form_valid(self, form):
        try:
            session = services.open_session(
                self.committee, self.request.user, **form.session_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        carried = session.agenda_items.count()
        messages.success(
            self.request,
            _("Session %(n)s opened; %(carried)s open items carried over to its agenda.")
            % {"n": session.session_number, "carried": carried},
        )
        return redirect(session.get_absolute_url())

    def get_context_data(self, **kwargs):
        decisions, actions = services.open_items(self.committee)
        user = self.request.user
        return super().get_context_data(
            committee=self.committee,
            carry_decisions=list(decisions.filter(meeting__in=Meeting.objects.restrict(user))),
            carry_actions=list(actions.restrict(user)),
            **kwargs,
        )
