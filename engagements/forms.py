"""Forms of the engagements app: meetings (their times read in the meeting's own time
zone), their delegations, agenda, decisions, joint committees and committee sessions."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.forms import AccordForm, style
from engagements import services
from engagements.choices import MeetingKind
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant
from multilateral.models import GoverningBody, NationalPosition
from partners.choices import PartnerKind
from partners.models import Partner, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def zone_choices() -> list[tuple[str, str]]:
    """Every IANA time zone, the home one first (it is the one most meetings are in)."""
    zones = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")
    )
    home = settings.TIME_ZONE
    return [(home, home)] + [(z, z) for z in [*zones, "UTC"] if z != home]


class WallClockField(forms.DateTimeField):
    """A date and time as the clocks show it somewhere (naive): the form gives it the
    meeting's time zone, not the reader's, once it knows which zone that is."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            result = parse_datetime(value.strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:
            # Other accepted formats (DATETIME_INPUT_FORMATS), still without a time zone.
            result = forms.BaseTemporalField.to_python(self, value)
        return result.replace(tzinfo=None)

    def strptime(self, value, format):
        return datetime.strptime(value, format)

    def prepare_value(self, value):
        return value


class MeetingTimesMixin:
    """`start` and `end` are typed as local times of the place (the `time_zone` field) and
    stored as instants; an existing meeting shows them in its own zone again."""

    def _init_times(self):
        instance = self.instance
        choices = zone_choices()
        if instance.time_zone and (instance.time_zone, instance.time_zone) not in choices:
            choices.append((instance.time_zone, instance.time_zone))
        self.fields["time_zone"] = forms.ChoiceField(
            label=capfirst(Meeting._meta.get_field("time_zone").verbose_name),
            choices=choices,
            help_text=_("Where the meeting takes place: its start and end are that place's times."),
        )
        for name in ("start", "end"):
            label = capfirst(Meeting._meta.get_field(name).verbose_name)
            self.fields[name] = WallClockField(label=label)
        if instance.pk and instance.start:
            self.initial["start"] = instance.start_local.replace(tzinfo=None)
            self.initial["end"] = instance.end_local.replace(tzinfo=None)
            self.initial["time_zone"] = instance.time_zone

    def clean(self):
        data = super().clean()
        name = data.get("time_zone") or settings.TIME_ZONE
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return data
        for field in ("start", "end"):
            wall = data.get(field)
            if wall is None:
                continue
            aware = wall.replace(tzinfo=zone)
            # A time skipped when the clocks go forward does not exist there.
            if (
                aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
                != wall
            ):
                self.add_error(
                    field,
                    _("%(time)s does not exist in %(zone)s: the clocks change then.")
                    % {"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": name},
                )
                continue
            data[field] = aware
        return data


def online_link_field():
    """The link to join online; https:// when the scheme is left out (Django 6's default)."""
    return forms.URLField(
        label=capfirst(Meeting._meta.get_field("online_link").verbose_name),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )


def _meeting_widgets() -> dict:
    return {
        "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
        "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        "summary": forms.Textarea(attrs={"rows": 3}),
        "minutes": forms.Textarea(attrs={"rows": 10}),
        "partners": forms.SelectMultiple(attrs={"size": 8}),
        "agreements": forms.SelectMultiple(attrs={"size": 4}),
        "areas": forms.SelectMultiple(attrs={"size": 5}),
    }


class MeetingForm(MeetingTimesMixin, AccordForm):
    online_link = online_link_field()

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "level",
            "title_en",
            "title_ar",
            "start",
            "end",
            "time_zone",
            "online",
            "online_link",
            "venue",
            "city",
            "country",
            "partners",
            "committee",
            "session_number",
            "organization",
            "governing_body",
            "agreements",
            "summary",
            "minutes",
            "areas",
            "classification",
            "owner_unit",
        ]
        widgets = _meeting_widgets()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_times()
        readable = Partner.objects.restrict(self.user)
        self.fields["country"].queryset = readable.filter(kind=PartnerKind.COUNTRY)
        self.fields["partners"].queryset = readable
        self.fields["committee"].queryset = JointCommittee.objects.restrict(self.user)
        self.fields["organization"].queryset = readable.filter(kind=PartnerKind.ORGANIZATION)
        self.fields["governing_body"].queryset = GoverningBody.objects.filter(
            organization__in=readable
        ).select_related("organization")
        self.fields["agreements"].queryset = Agreement.objects.restrict(self.user).order_by(
            "title_en"
        )
        self.fields["partners"].help_text = _(
            "The countries, organizations and institutions met. Hold Ctrl (⌘ on a Mac) to "
            "choose several."
        )
        # AccordForm styled the fields before the time fields were replaced.
        style(self)


class SessionForm(MeetingTimesMixin, AccordForm):
    """Open a joint committee's next session. The number is the next one unless given (a
    committee that met before it was recorded here); the agenda is filled in by
    `services.open_session` with what earlier sessions left open."""

    online_link = online_link_field()

    class Meta:
        model = Meeting
        fields = [
            "title_en",
            "title_ar",
            "level",
            "start",
            "end",
            "time_zone",
            "venue",
            "city",
            "country",
            "online",
            "online_link",
            "summary",
            "classification",
            "session_number",
        ]
        widgets = _meeting_widgets()

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.instance.committee = committee
        self.instance.kind = MeetingKind.COMMITTEE_SESSION
        self._init_times()
        self.next_number = services.next_session_number(committee)
        field = self.fields["session_number"]
        field.required = False
        field.help_text = _(
            "Leave empty for the next number (%(n)s). Give one only to record a session held "
            "before the committee was kept here."
        ) % {"n": self.next_number}
        self.fields["title_en"].required = False
        self.fields["title_en"].help_text = _("Leave empty for “%(title)s”.") % {
            "title": services.session_titles(committee, self.next_number)["title_en"]
        }
        self.fields["country"].queryset = Partner.objects.restrict(self.user).filter(
            kind=PartnerKind.COUNTRY
        )
        style(self)

    def _post_clean(self):
        # Validate as the session that will be saved: with the number it will take.
        self.requested_number = self.cleaned_data.get("session_number") or None
        number = self.requested_number or self.next_number
        self.cleaned_data["session_number"] = number
        titles = services.session_titles(self.committee, number)
        self.default_titles = not self.cleaned_data.get("title_en")
        if self.default_titles:
            self.cleaned_data["title_en"] = titles["title_en"]
            if not self.cleaned_data.get("title_ar"):
                self.cleaned_data["title_ar"] = titles["title_ar"]
        super()._post_clean()

    def session_fields(self) -> dict:
        """What `services.open_session` needs from the form."""
        data = dict(self.cleaned_data)
        # Left empty, the number is taken when the session is saved, under the committee's
        # lock: another officer may have opened one since the form was shown.
        data["session_number"] = self.requested_number
        if self.default_titles:
            # Titled by `open_session`, with the number the session really takes.
            data["title_en"] = data["title_ar"] = ""
        return data


class ParticipantForm(AccordForm):
    class Meta:
        model = Participant
        fields = ["side", "person", "is_head", "role"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["person"].queryset = Person.objects.restrict(self.user)
        self.fields["person"].help_text = _(
            "Not in the list? Add the person under People first, with their position."
        )


class AgendaItemForm(AccordForm):
    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title_en",
            "title_ar",
            "national_position",
            "position",
            "position_status",
            "outcome",
        ]
        widgets = {
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "position": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "position": _("Our national position on the item, as prepared for the meeting."),
            "outcome": _("What came of the item at the meeting."),
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["national_position"].queryset = NationalPosition.objects.restrict(self.user)
        self.fields["national_position"].help_text = _(
            "Reuse a position kept for this topic (multilateral events); its text can be "
            "updated on the position's page."
        )
        if not self.instance.pk:
            last = meeting.agenda_items.order_by("-order").values_list("order", flat=True)
            self.initial.setdefault("order", (last.first() or 0) + 1)


class DecisionForm(AccordForm):
    class Meta:
        model = Decision
        fields = ["text_en", "text_ar", "agenda_item", "status", "due_date"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "text_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "due_date": DATE,
        }
        help_texts = {
            "status": _("Pending decisions are carried to the committee's next session."),
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class JointCommitteeForm(AccordForm):
    class Meta:
        model = JointCommittee
        fields = [
            "name_en",
            "name_ar",
            "partner",
            "agreement",
            "chair_ours",
            "chair_theirs",
            "periodicity_months",
            "alternating_host",
            "owner_unit",
            "areas",
            "classification",
        ]
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "areas": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.restrict(self.user)
        self.fields["agreement"].queryset = Agreement.objects.restrict(self.user).order_by(
            "title_en"
        )
        people = Person.objects.restrict(self.user)
        self.fields["chair_ours"].queryset = people
        self.fields["chair_theirs"].queryset = people
