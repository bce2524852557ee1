"""The dashboard's panels: one function per panel, each taking the user (and the desk
scope), each one or two aggregate queries in the database, every queryset starting with
`restrict(user)`. Python only labels the few aggregated rows (a year, a month, a country);
no function loops over records, and every list is bounded (`LIMIT` rows and a count).

Counts shown beside a list are capped at `COUNT_CAP` ("1000+"): counting further would read
every overdue action of a large database to print one number. The trends (key figures,
agreements per year, meetings per month, the map) are aggregates over every readable record;
they are kept in the cache for `ACCORD_DASHBOARD_CACHE_SECONDS` (300 by default, 0 turns it
off) under the readable classifications and the desk, never the user: two users who may read
the same records share them, and nobody is given counts of records above their clearance.

`desk=True` ("My desk") keeps the records whose `owner_unit` is the user's desk: agreements,
meetings, actions and initiatives all carry one. A user without a desk sees nothing there.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear, NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from actions.choices import ActionStatus
from actions.models import Action
from agreements.choices import AgreementType, Status
from agreements.models import Agreement, AgreementParty
from core.permissions import readable_levels
from core.text import bilingual
from engagements.models import Meeting
from initiatives.models import Initiative, InitiativePartner
from initiatives.services import periods_of, rollup
from partners.choices import PartnerKind, Region
from partners.models import Partner

LIMIT = 10  # rows of each list; the panel links to the whole list
WEEKS_AHEAD = 4  # meetings in the coming weeks
ACTIONS_AHEAD_DAYS = 14  # actions due soon
YEARS = 10  # agreements signed per year: this year and the nine before
MONTHS = 12  # meetings per month: this month and the eleven before
MAP_TOP = 10  # the map's table fallback
OTHER_REGION = "other"  # parties without a region: organizations, unknown
COUNT_CAP = 1000  # a list's count stops there ("1000+")


def cached(name: str, user, desk: bool, compute):
    """`compute()`, kept in the cache under what `user` may read (their classifications and,
    for the desk scope, their desk) and today's date; never under the user."""
    seconds = settings.ACCORD_DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    unit = getattr(user, "org_unit_id", None) if desk else "all"
    levels = ".".join(readable_levels(user))
    key = f"accord:dashboard:{name}:{levels}:{unit}:{timezone.localdate().isoformat()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def capped_count(queryset) -> tuple[int, bool]:
    """How many rows, counting no further than `COUNT_CAP` (the count reads at most that
    many index entries); and whether there are more."""
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP


def _scoped(queryset, user, desk: bool):
    """Everything `user` may read, or only their desk's part of it."""
    queryset = queryset.restrict(user)
    if desk:
        unit = getattr(user, "org_unit_id", None)
        return queryset.filter(owner_unit_id=unit) if unit else queryset.none()
    return queryset


def agreements(user, desk=False):
    return _scoped(Agreement.objects, user, desk)


def meetings(user, desk=False):
    return _scoped(Meeting.objects, user, desk)


def actions(user, desk=False):
    return _scoped(Action.objects, user, desk)


def initiatives(user, desk=False):
    return _scoped(Initiative.objects, user, desk)


# Lists -----------------------------------------------------------------------------------


def upcoming_meetings(user, desk=False) -> dict:
    """The meetings of the next `WEEKS_AHEAD` weeks, soonest first: 2 queries (the first
    `LIMIT` and the count), on meeting_start_idx (or meeting_desk_idx for a desk)."""
    now = timezone.now()
    queryset = meetings(user, desk).filter(
        start__gte=now, start__lt=now + timedelta(weeks=WEEKS_AHEAD)
    )
    rows = list(
        queryset.only(
            "pk", "title_en", "title_ar", "start", "kind", "level", "city", "classification"
        ).order_by("start", "id")[:LIMIT]
    )
    total, more = capped_count(queryset)
    return {"rows": rows, "total": total, "more": more, "weeks": WEEKS_AHEAD}


def agreement_alerts(user, desk=False) -> dict:
    """Agreements in force whose notice deadline or expiry falls inside the widest alert
    window (`ACCORD_ALERT_DAYS`), soonest first: 2 queries, on agreement_notice_idx and
    agreement_expiry_idx. Each row says which date it is and in how many days."""
    today = timezone.localdate()
    windows = sorted(settings.ACCORD_ALERT_DAYS) or [0]
    until = today + timedelta(days=windows[-1])
    notice = Q(notice_deadline__gte=today, notice_deadline__lte=until)
    expiry = Q(expiry_date__gte=today, expiry_date__lte=until)
    queryset = agreements(user, desk).filter(status=Status.IN_FORCE).filter(notice | expiry)
    rows = list(
        queryset.annotate(
            # The notice deadline comes first: past it, the agreement renews or ends anyway.
            when=Case(When(notice, then=F("notice_deadline")), default=F("expiry_date")),
            when_kind=Case(
                When(notice, then=Value("notice")),
                default=Value("expiry"),
                output_field=CharField(),
            ),
        )
        .values("pk", "title_en", "title_ar", "reference", "classification", "when", "when_kind")
        .order_by("when", "pk")[:LIMIT]
    )
    for row in rows:
        row["days"] = (row["when"] - today).days
        row["urgent"] = row["days"] <= windows[0]
    total, more = capped_count(queryset)
    return {
        "rows": rows,
        "total": total,
        "more": more,
        "days": windows[-1],
        "urgent_days": windows[0],
    }


def due_actions(user, desk=False) -> dict:
    """Open and in-progress actions that are overdue or due in the next
    `ACTIONS_AHEAD_DAYS` days, the most overdue first: the first `LIMIT` rows with owner and
    desk, and two capped counts (overdue, due soon); 3 queries on action_status_due_idx (or
    action_unit_status_idx for a desk)."""
    today = timezone.localdate()
    until = today + timedelta(days=ACTIONS_AHEAD_DAYS)
    queryset = actions(user, desk).filter(
        status__in=ActionStatus.active(), due_date__isnull=False, due_date__lte=until
    )
    overdue, more_overdue = capped_count(queryset.filter(due_date__lt=today))
    due, more_due = capped_count(queryset.filter(due_date__gte=today))
    rows = list(
        queryset.select_related("owner", "owner_unit")
        .defer("description", "search_text")
        .order_by("due_date", "id")[:LIMIT]
    )
    return {
        "rows": rows,
        "overdue": overdue,
        "more_overdue": more_overdue,
        "due": due,
        "more_due": more_due,
        "total": overdue + due,
        "more": more_overdue or more_due,
        "days": ACTIONS_AHEAD_DAYS,
        "today": today,
    }


# Counts and trends -----------------------------------------------------------------------


def key_figures(user, desk=False) -> dict:
    """Agreements on record and in force, initiatives ongoing: 2 aggregate queries (cached)."""
    return cached("figures", user, desk, lambda: _key_figures(user, desk))


def _key_figures(user, desk) -> dict:
    figures = agreements(user, desk).aggregate(
        agreements=Count("pk"), in_force=Count("pk", filter=Q(status=Status.IN_FORCE))
    )
    figures.update(
        initiatives(user, desk).aggregate(
            initiatives_ongoing=Count("pk", filter=Q(status="ongoing"))
        )
    )
    return figures


@dataclass
class YearRow:
    year: int
    total: int = 0
    by_type: dict = field(default_factory=dict)  # type value -> count
    by_region: dict = field(default_factory=dict)  # region value -> count of agreements


def _region_of(prefix: str):
    """A party's region: its own or, for an institution recorded without one, its
    country's; '' for organizations and partners without a region."""
    return Coalesce(
        NullIf(F(f"{prefix}__region"), Value("")),
        NullIf(F(f"{prefix}__country__region"), Value("")),
        Value(OTHER_REGION),
        output_field=CharField(),
    )


def _counterparts(prefix: str) -> Q:
    """Parties other than the home country and its own bodies: the home country is a party
    to nearly everything, so counting it would only say so."""
    home = settings.ACCORD_HOME_COUNTRY
    return ~Q(**{f"{prefix}__kind": PartnerKind.COUNTRY, f"{prefix}__iso_alpha2": home}) & ~Q(
        **{f"{prefix}__is_domestic": True}
    )


def agreements_per_year(user, desk=False) -> dict:
    """Agreements signed per year over the last `YEARS` years, by type (one GROUP BY query
    on agreement_signed_idx) and by region of the counterparts (one GROUP BY query over the
    parties; an agreement with partners in two regions counts in both, once in each)."""
    this_year = timezone.localdate().year
    first = this_year - YEARS + 1
    signed = agreements(user, desk).filter(
        signature_date__gte=date(first, 1, 1), signature_date__lte=date(this_year, 12, 31)
    )
    by_type, by_region = cached(
        "per-year",
        user,
        desk,
        lambda: (
            list(
                signed.annotate(year=ExtractYear("signature_date"))
                .values("year", "type")
                .annotate(n=Count("pk"))
                .order_by()
            ),
            list(
                AgreementParty.objects.filter(agreement__in=signed.values("pk"))
                .filter(_counterparts("partner"))
                .annotate(
                    year=ExtractYear("agreement__signature_date"), region=_region_of("partner")
                )
                .values("year", "region")
                .annotate(n=Count("agreement", distinct=True))
                .order_by()
            ),
        ),
    )
    years = {year: YearRow(year) for year in range(first, this_year + 1)}
    types = set()
    for row in by_type:
        years[row["year"]].by_type[row["type"]] = row["n"]
        years[row["year"]].total += row["n"]
        types.add(row["type"])
    regions = set()
    for row in by_region:
        years[row["year"]].by_region[row["region"]] = row["n"]
        regions.add(row["region"])
    type_labels = [(value, label) for value, label in AgreementType.choices if value in types]
    region_labels = [(value, label) for value, label in Region.choices if value in regions]
    if OTHER_REGION in regions:
        region_labels.append((OTHER_REGION, gettext("Organizations and other")))
    rows = list(years.values())
    for row in rows:
        row.type_cells = [row.by_type.get(value, 0) for value, _label in type_labels]
        row.region_cells = [row.by_region.get(value, 0) for value, _label in region_labels]
    return {
        "years": rows,
        "types": type_labels,
        "regions": region_labels,
        "total": sum(row.total for row in rows),
    }


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def meetings_per_month(user, desk=False) -> dict:
    """Meetings per month over the last `MONTHS` months (this one included): one GROUP BY
    query on meeting_start_idx, months counted in the site's time zone."""
    today = timezone.localdate()
    first = _month_start(today, MONTHS - 1)
    after = _month_start(today, -1)
    tz = timezone.get_current_timezone()
    rows = cached(
        "per-month",
        user,
        desk,
        lambda: list(
            meetings(user, desk)
            .filter(
                start__gte=timezone.make_aware(datetime(first.year, first.month, 1), tz),
                start__lt=timezone.make_aware(datetime(after.year, after.month, 1), tz),
            )
            .annotate(month=TruncMonth("start", tzinfo=tz))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    counts = {}
    for row in rows:
        month = row["month"]
        counts[(month.year, month.month)] = row["n"]
    months = []
    for back in range(MONTHS - 1, -1, -1):
        start = _month_start(today, back)
        months.append({"month": start, "n": counts.get((start.year, start.month), 0)})
    return {"months": months, "total": sum(m["n"] for m in months)}


def results(user, desk=False) -> dict:
    """Results against targets, summed per indicator over the readable initiatives: one
    GROUP BY query (initiatives.services.rollup); the first `LIMIT` indicators."""
    lines = rollup(periods_of(initiatives(user, desk)))
    return {"lines": lines[:LIMIT], "total": len(lines)}


# The map ---------------------------------------------------------------------------------


def _country_of(prefix: str):
    """The country a party stands for: itself, or an institution's country."""
    return Case(
        When(**{f"{prefix}__kind": PartnerKind.COUNTRY}, then=F(f"{prefix}_id")),
        When(**{f"{prefix}__kind": PartnerKind.INSTITUTION}, then=F(f"{prefix}__country_id")),
        default=Value(None),
        output_field=IntegerField(),
    )


def per_country(through, record: str, records) -> dict[int, int]:
    """{country id: number of `records` with that country (or one of its institutions)
    among their partners}: one GROUP BY query, each record counted once per country.
    `through` is the link table's manager, or a queryset of it (the portal passes only the
    links to public partners)."""
    rows = (
        through.filter(**{f"{record}__in": records.values("pk")})
        .annotate(country=_country_of("partner"))
        .filter(country__isnull=False)
        .values("country")
        .annotate(n=Count(record, distinct=True))
        .order_by()
    )
    return {row["country"]: row["n"] for row in rows}


@dataclass
class Country:
    pk: int
    iso: str
    name_en: str
    name_ar: str
    agreements: int = 0
    meetings: int = 0
    initiatives: int = 0
    bucket: int = 0
    home: bool = False

    @property
    def total(self) -> int:
        return self.agreements + self.meetings + self.initiatives

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ar)


def bucket(count: int, highest: int) -> int:
    """The intensity class, 0 (none) to 4, relative to the most active country."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / highest)))


def cooperation_by_country(user, desk=False) -> dict:
    """Per country: the readable agreements, meetings and initiatives with it (or with one
    of its institutions) as a party or participant: 3 GROUP BY queries, and one for the
    readable countries (about 250 rows of reference data). The home country is drawn but
    not counted (it takes part in nearly everything)."""
    counts = cached(
        "map",
        user,
        desk,
        lambda: {
            "agreements": per_country(AgreementParty.objects, "agreement", agreements(user, desk)),
            "meetings": per_country(
                Meeting.partners.through.objects, "meeting", meetings(user, desk)
            ),
            "initiatives": per_country(
                InitiativePartner.objects, "initiative", initiatives(user, desk)
            ),
        },
    )
    home = settings.ACCORD_HOME_COUNTRY
    countries = {}
    for row in (
        Partner.objects.restrict(user)
        .filter(kind=PartnerKind.COUNTRY)
        .exclude(iso_alpha2="")
        .values("pk", "iso_alpha2", "name_en", "name_ar")
        .order_by()
    ):
        iso = row["iso_alpha2"].upper()
        country = Country(row["pk"], iso, row["name_en"], row["name_ar"], home=iso == home)
        if not country.home:
            for kind, numbers in counts.items():
                setattr(country, kind, numbers.get(country.pk, 0))
        countries[iso] = country
    highest = max((c.total for c in countries.values()), default=0)
    for country in countries.values():
        country.bucket = bucket(country.total, highest)
    top = sorted((c for c in countries.values() if c.total), key=lambda c: (-c.total, c.name_en))[
        :MAP_TOP
    ]
    return {"countries": countries, "top": top, "highest": highest}
