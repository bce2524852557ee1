"""Forms of the multilateral app: memberships, governing bodies, seats, elected posts,
candidacies, dues and contributions, national positions, and using a position at an event.

Every choice of a related record is limited to what the user may read."""

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.forms import AccordForm, style
from engagements.models import AgendaItem, Meeting
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    Seat,
)
from partners.choices import PartnerKind
from partners.models import Partner, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EN = {"dir": "ltr", "lang": "en"}
AR = {"dir": "rtl", "lang": "ar"}


class BodyChoiceField(forms.ModelChoiceField):
    """A governing body, named with its organization ("ITU — Council")."""

    def label_from_instance(self, obj):
        organization = obj.organization
        return f"{organization.acronym or organization.name} — {obj.name}"


def readable_organizations(user):
    return Partner.objects.restrict(user).filter(kind=PartnerKind.ORGANIZATION)


def readable_bodies(user, organization=None):
    """The bodies of the organizations the user may read (of one, when given)."""
    bodies = GoverningBody.objects.filter(organization__in=readable_organizations(user))
    if organization is not None:
        bodies = bodies.filter(organization=organization)
    return bodies.select_related("organization").order_by("organization__name_en", "name_en")


def ours(user):
    """The partners that hold memberships and seats: the home country and its domestic
    bodies (and any other country, for the rare membership recorded for comparison)."""
    return (
        Partner.objects.restrict(user)
        .filter(Q(kind=PartnerKind.COUNTRY) | Q(is_domestic=True))
        .order_by("-is_domestic", "name_en")
    )


class OrganizationScopedForm(AccordForm):
    """A form whose body (if any) may be narrowed to one organization's, when opened from
    that organization's page (`organization` keyword)."""

    body_field = "body"

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.body_field in self.fields:
            current = getattr(self.instance, f"{self.body_field}_id", None)
            scope = organization if current is None else None
            self.fields[self.body_field] = BodyChoiceField(
                queryset=readable_bodies(self.user, scope),
                label=self.fields[self.body_field].label,
                required=self.fields[self.body_field].required,
                help_text=self.fields[self.body_field].help_text,
            )
        if "organization" in self.fields:
            self.fields["organization"].queryset = readable_organizations(self.user).order_by(
                "name_en"
            )
        style(self)


class MembershipForm(OrganizationScopedForm):
    class Meta:
        model = Membership
        fields = [
            "organization",
            "member",
            "status",
            "since",
            "until",
            "legal_basis",
            "focal_unit",
            "focal_person",
            "classification",
        ]
        widgets = {"since": DATE, "until": DATE}
        help_texts = {"until": _("Empty while the membership lasts.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = ours(self.user)
        self.fields["legal_basis"].queryset = Agreement.objects.restrict(self.user).order_by(
            "title_en"
        )
        self.fields["focal_person"].queryset = Person.objects.restrict(self.user)


class GoverningBodyForm(OrganizationScopedForm):
    body_field = "parent"

    class Meta:
        model = GoverningBody
        fields = ["organization", "name_en", "name_ar", "acronym", "kind", "parent"]
        widgets = {"name_en": forms.TextInput(attrs=EN), "name_ar": forms.TextInput(attrs=AR)}

    def clean(self):
        data = super().clean()
        parent, organization = data.get("parent"), data.get("organization")
        if parent and organization and parent.organization_id != organization.pk:
            self.add_error("parent", _("Choose a body of the same organization."))
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A body cannot be part of itself."))
        return data


class SeatForm(OrganizationScopedForm):
    class Meta:
        model = Seat
        fields = ["body", "holder", "term_start", "term_end", "classification"]
        widgets = {"term_start": DATE, "term_end": DATE}
        help_texts = {"term_end": _("Empty while the term has no fixed end.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = ours(self.user)


class ElectedPostForm(OrganizationScopedForm):
    class Meta:
        model = ElectedPost
        fields = [
            "body",
            "title_en",
            "title_ar",
            "person",
            "term_start",
            "term_end",
            "classification",
        ]
        widgets = {
            "title_en": forms.TextInput(attrs=EN),
            "title_ar": forms.TextInput(attrs=AR),
            "term_start": DATE,
            "term_end": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.restrict(self.user)
        self.fields["person"].help_text = _(
            "Not in the list? Add the person under People first, with their nationality."
        )


class CandidacyForm(OrganizationScopedForm):
    class Meta:
        model = Candidacy
        fields = [
            "body",
            "post_en",
            "post_ar",
            "country",
            "person",
            "election_date",
            "result",
            "votes_for",
            "votes_cast",
            "classification",
        ]
        widgets = {
            "post_en": forms.TextInput(attrs=EN),
            "post_ar": forms.TextInput(attrs=AR),
            "election_date": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Partner.objects.restrict(self.user).filter(
            kind=PartnerKind.COUNTRY
        )
        self.fields["person"].queryset = Person.objects.restrict(self.user)


class ContributionForm(OrganizationScopedForm):
    class Meta:
        model = Contribution
        fields = [
            "organization",
            "year",
            "kind",
            "currency",
            "amount_due",
            "amount_paid",
            "paid_on",
            "note",
            "classification",
        ]
        widgets = {
            "currency": forms.TextInput(
                attrs={"dir": "ltr", "maxlength": 3, "autocapitalize": "characters", "size": 4}
            ),
            "paid_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "currency": _("The ISO 4217 code, e.g. CHF, USD, EUR, EGP."),
            "amount_paid": _("What has been paid so far; the rest is in arrears."),
        }

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()


class NationalPositionForm(OrganizationScopedForm):
    class Meta:
        model = NationalPosition
        fields = [
            "topic_en",
            "topic_ar",
            "organization",
            "body",
            "status",
            "text_en",
            "text_ar",
            "areas",
            "classification",
        ]
        widgets = {
            "topic_en": forms.TextInput(attrs=EN),
            "topic_ar": forms.TextInput(attrs=AR),
            "text_en": forms.Textarea(attrs={"rows": 6, **EN}),
            "text_ar": forms.Textarea(attrs={"rows": 6, **AR}),
            "areas": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "classification": _("A draft position is confidential until it is cleared."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False

    def clean(self):
        data = super().clean()
        body, organization = data.get("body"), data.get("organization")
        if body and organization and body.organization_id != organization.pk:
            self.add_error("body", _("Choose a body of the position's organization."))
        if body and not organization:
            data["organization"] = body.organization
            self.instance.organization = body.organization
        return data


class LatestItems(ModelChoiceIterator):
    """Offers only the first `limit` items (the latest meetings'); any item of the full
    queryset is still accepted."""

    limit = 200

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset[: self.limit]:
            yield self.choice(obj)

    def __len__(self):
        return self.limit + (self.field.empty_label is not None)


class AgendaItemChoiceField(forms.ModelChoiceField):
    """An agenda item, named with its meeting and date."""

    iterator = LatestItems

    def label_from_instance(self, obj):
        meeting = obj.meeting
        return f"{meeting.start:%Y-%m-%d} · {meeting.title} — {obj.title}"


class UsePositionForm(forms.Form):
    """Use a national position at an event: link one agenda item (of a meeting the user may
    read and change) to the position. The item's own text is left as it was."""

    agenda_item = AgendaItemChoiceField(
        queryset=AgendaItem.objects.none(),
        label=_("Agenda item"),
        help_text=_(
            "An item of a multilateral meeting; the latest meetings come first. Add the item "
            "to the meeting's agenda first if it is not there."
        ),
    )

    replace_text = forms.BooleanField(
        label=_("Replace the item's own position text with this position's"),
        required=False,
        help_text=_("Left unticked, an item with no text of its own takes the position's."),
    )

    def __init__(self, *args, user=None, position=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        meetings = Meeting.objects.restrict(user)
        items = (
            AgendaItem.objects.filter(meeting__in=meetings)
            .exclude(national_position=position)
            .select_related("meeting")
            .order_by("-meeting__start", "order", "pk")
        )
        multilateral = Q(meeting__kind="multilateral")
        if position is not None and position.organization_id:
            multilateral |= Q(meeting__organization_id=position.organization_id)
        self.fields["agenda_item"].queryset = items.filter(multilateral)
        style(self)
