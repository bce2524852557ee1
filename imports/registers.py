"""The kinds whose row is one record (see imports.kinds.RecordKind): partners, people,
meetings, memberships, dues and contributions; and `KINDS`, every kind by name."""

import zoneinfo
from datetime import datetime, time

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import Classification
from engagements.choices import MeetingKind, MeetingLevel
from engagements.models import Meeting, default_time_zone
from imports.choices import ImportKind
from imports.columns import CHOICE, DATE, NUMBER, PARTNER, PARTNERS, Column, choice_map
from imports.kinds import CLASSIFICATION, Agreements, RecordKind, TreatyActions
from multilateral.choices import ContributionKind, MembershipStatus
from multilateral.models import Contribution, Membership
from partners.choices import InstitutionType, OrganizationCategory, PartnerKind
from partners.models import Partner, Person

ORGANIZATION_COLUMN = Column(
    "organization",
    _("organization"),
    PARTNER,
    required=True,
    headers=("org", "ioname", "orgname", "المنظمة"),
    partner_kind=PartnerKind.ORGANIZATION,
)


class Partners(RecordKind):
    """Organizations and institutions (countries come with the reference data): found
    again by kind, English name and country."""

    name = ImportKind.PARTNERS
    model = Partner
    columns = (
        Column(
            "kind",
            _("kind"),
            CHOICE,
            required=True,
            headers=("type", "النوع"),
            choices=choice_map(PartnerKind, {"company": "institution", "ministry": "institution"}),
        ),
        Column("name_en", _("name (English)"), required=True, headers=("name",), max_length=250),
        Column("name_ar", _("name (Arabic)"), headers=("الاسم",), max_length=250),
        Column("acronym", _("acronym"), headers=("abbreviation", "الاختصار"), max_length=30),
        Column(
            "country",
            _("country"),
            PARTNER,
            headers=("headquarters", "الدولة", "المقر"),
            partner_kind=PartnerKind.COUNTRY,
        ),
        Column(
            "category",
            _("category"),
            CHOICE,
            headers=("التصنيف",),
            choices=choice_map(OrganizationCategory),
        ),
        Column(
            "institution_type",
            _("type of institution"),
            CHOICE,
            headers=("institution type", "نوع الجهة"),
            choices=choice_map(InstitutionType),
        ),
        Column("website", _("website"), headers=("web", "url", "الموقع"), max_length=200),
        Column("email", _("e-mail"), headers=("mail", "البريد الإلكتروني"), max_length=254),
        Column("phone", _("telephone"), headers=("tel", "الهاتف"), max_length=40),
        CLASSIFICATION,
    )
    lookup = {"kind": "kind", "name_en": "name_en", "country_id": "country"}
    sets = {
        "name_ar": "name_ar",
        "acronym": "acronym",
        "category": "category",
        "institution_type": "institution_type",
        "website": "website",
        "email": "email",
        "phone": "phone",
    }

    def prepare(self, values, context) -> None:
        # Partners are reference for everything else: public unless the file says otherwise.
        values["classification"] = values.get("classification") or Classification.PUBLIC

    def check(self, values, context, record) -> str | None:
        if values.get("kind") == PartnerKind.COUNTRY:
            return gettext("Countries come with the reference data: they are not imported.")
        return super().check(values, context, record)


class People(RecordKind):
    """People the sector deals with: found again by English name and nationality."""

    name = ImportKind.PEOPLE
    model = Person
    columns = (
        Column(
            "name_en",
            _("name (English)"),
            required=True,
            headers=("name", "full name", "person"),
            max_length=200,
        ),
        Column("name_ar", _("name (Arabic)"), headers=("الاسم", "الاسم بالعربية"), max_length=200),
        Column(
            "honorific_en", _("honorific (English)"), headers=("title", "honorific"), max_length=40
        ),
        Column(
            "nationality",
            _("nationality"),
            PARTNER,
            headers=("country", "الجنسية"),
            partner_kind=PartnerKind.COUNTRY,
        ),
        Column(
            "email", _("e-mail"), headers=("email", "mail", "البريد الإلكتروني"), max_length=254
        ),
        Column("phone", _("telephone"), headers=("tel", "mobile", "الهاتف"), max_length=40),
        CLASSIFICATION,
    )
    lookup = {"name_en": "name_en", "nationality_id": "nationality"}
    sets = {
        "name_ar": "name_ar",
        "honorific_en": "honorific_en",
        "email": "email",
        "phone": "phone",
    }

    def after(self, instance, values, context) -> list:
        return []


class Meetings(RecordKind):
    """Meetings and visits of a meeting log: found again by English title and day. A log
    gives the day, not the hours: the meeting is recorded over the whole day, in the
    sector's time zone."""

    name = ImportKind.MEETINGS
    model = Meeting
    columns = (
        Column(
            "title_en",
            _("English title"),
            required=True,
            headers=("title", "subject", "meeting"),
            max_length=300,
        ),
        Column("title_ar", _("Arabic title"), headers=("العنوان", "الموضوع"), max_length=300),
        Column(
            "kind",
            _("kind"),
            CHOICE,
            headers=("type", "النوع"),
            choices=choice_map(MeetingKind, {"visit": "incoming_visit", "زيارة": "incoming_visit"}),
        ),
        Column("level", _("level"), CHOICE, headers=("المستوى",), choices=choice_map(MeetingLevel)),
        Column("day", _("date"), DATE, required=True, headers=("date", "start", "التاريخ")),
        Column("city", _("city"), headers=("place", "المدينة"), max_length=120),
        Column(
            "country",
            _("country"),
            PARTNER,
            headers=("host country", "الدولة"),
            partner_kind=PartnerKind.COUNTRY,
        ),
        Column("partners", _("partners"), PARTNERS, headers=("with", "الأطراف", "الجهات")),
        Column("summary", _("summary"), headers=("notes", "ملخص"), max_length=5000),
        CLASSIFICATION,
    )
    lookup = {"title_en": "title_en", "start": "_start"}
    sets = {
        "title_ar": "title_ar",
        "kind": "kind",
        "level": "level",
        "end": "_end",
        "city": "city",
        "country_id": "country",
        "summary": "summary",
    }
    defaults = {"kind": MeetingKind.BILATERAL, "level": MeetingLevel.SENIOR_OFFICIALS}

    def prepare(self, values, context) -> None:
        day = values.get("day")
        if day and "_start" not in values:
            zone = zoneinfo.ZoneInfo(default_time_zone())
            values["_start"] = datetime.combine(day, time.min, tzinfo=zone)
            values["_end"] = datetime.combine(day, time(23, 59), tzinfo=zone)

    def key(self, values) -> tuple:
        self.prepare(values, None)
        return super().key(values)

    def after(self, instance, values, context) -> list:
        new = set(values.get("partners") or []) - set(
            instance.partners.values_list("pk", flat=True)
        )
        instance.partners.add(*new)
        return super().after(instance, values, context)


class Memberships(RecordKind):
    """The home country's (or its bodies') memberships: found again by organization, member
    and the date it began."""

    name = ImportKind.MEMBERSHIPS
    model = Membership
    columns = (
        ORGANIZATION_COLUMN,
        Column(
            "member",
            _("member"),
            PARTNER,
            required=True,
            headers=("state", "country", "العضو", "الدولة"),
        ),
        Column(
            "status",
            _("status"),
            CHOICE,
            headers=("status_label", "membership", "نوع العضوية", "الصفة"),
            choices=choice_map(
                MembershipStatus,
                {
                    "full": "member_state",
                    "full membership": "member_state",
                    "member": "member_state",
                    "associate membership": "associate",
                    "عضو": "member_state",
                    "عضو كامل": "member_state",
                    "عضو منتسب": "associate",
                    "مراقب": "observer",
                },
            ),
        ),
        Column("since", _("since"), DATE, headers=("from", "joined", "منذ", "تاريخ الانضمام")),
        Column("until", _("until"), DATE, headers=("to", "left", "حتى")),
        CLASSIFICATION,
    )
    lookup = {"organization_id": "organization", "member_id": "member", "since": "since"}
    sets = {"status": "status", "until": "until"}
    defaults = {"status": MembershipStatus.MEMBER_STATE}


class Contributions(RecordKind):
    """Dues and voluntary contributions: found again by organization, year and kind."""

    name = ImportKind.CONTRIBUTIONS
    model = Contribution
    columns = (
        ORGANIZATION_COLUMN,
        Column("year", _("year"), NUMBER, required=True, headers=("السنة", "العام")),
        Column(
            "kind",
            _("kind"),
            CHOICE,
            headers=("type", "النوع"),
            choices=choice_map(
                ContributionKind, {"dues": "assessed", "اشتراك": "assessed", "طوعي": "voluntary"}
            ),
        ),
        Column("currency", _("currency"), required=True, headers=("العملة",), max_length=3),
        Column(
            "amount_due",
            _("amount assessed or pledged"),
            NUMBER,
            required=True,
            headers=("amount", "assessed", "due", "المبلغ", "المستحق"),
        ),
        Column("amount_paid", _("amount paid"), NUMBER, headers=("paid", "المدفوع")),
        Column("paid_on", _("paid on"), DATE, headers=("payment date", "تاريخ السداد")),
        CLASSIFICATION,
    )
    lookup = {"organization_id": "organization", "year": "year", "kind": "kind"}
    sets = {
        "currency": "currency",
        "amount_due": "amount_due",
        "amount_paid": "amount_paid",
        "paid_on": "paid_on",
    }

    def prepare(self, values, context) -> None:
        values["kind"] = values.get("kind") or ContributionKind.ASSESSED
        if values.get("year") is not None:
            values["year"] = int(values["year"])
        if values.get("currency"):
            values["currency"] = values["currency"].upper()

    def key(self, values) -> tuple:
        self.prepare(values, None)
        return super().key(values)


KINDS = {
    kind.name: kind
    for kind in (
        Partners(),
        People(),
        Agreements(),
        TreatyActions(),
        Meetings(),
        Memberships(),
        Contributions(),
    )
}
