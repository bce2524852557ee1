"""Import of membership history from the Correlates of War IGO data (v3, 1815-2014), in the
long form of the igoR package (`ioname, orgname, year, state, status, status_label`), into
`OrganizationMember` rows: one per organization and country, since its first year of
membership, until its last when that is before the organization's last year in the data.

States are COW names squashed to lower-case letters (`saudiarabia`, `uae`, `wgermany`).
They are matched to ISO 3166-1 codes through pycountry's and CLDR's names squashed the same
way, and an explicit table for the abbreviated, renamed and merged ones. States that have
no ISO code today (the GDR, Czechoslovakia, South Vietnam...) are reported, never guessed,
and no name is dropped without being reported.
"""

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from django.db import transaction

from multilateral.choices import MemberStateStatus
from multilateral.models import OrganizationMember
from multilateral.reference import countries_by_iso, current_members, organizations_by_acronym

# COW organization -> the acronym of the organization in Accord's registry. Successors are
# folded into one organization: the OAU (1963-2002) into the AU, INTELSAT into ITSO (its
# intergovernmental remainder), the Arab Postal Union into the Arab Permanent Postal
# Commission. The African Postal and Telecommunications Union (1935-1965) has no successor
# in the registry and is reported.
ORGANIZATIONS = {
    "ITU": "ITU",
    "UNESCO": "UNESCO",
    "WTO": "WTO",
    "LOAS": "LAS",
    "OAU": "AU",
    "AU": "AU",
    "OIC": "OIC",
    "APT": "APT",
    "RASCOM": "RASCOM",
    "CTO": "CTO",
    "AMU": "AMU",
    "INTELSAT": "ITSO",
    "ARPU": "APPC",
}

# COW's own abbreviations and old names. A state COW follows through a change of name or
# union maps to the ISO code of the state that continues it: the Federal Republic of
# Germany (DE, which the GDR joined), the Yemen Arab Republic (YE, kept by united Yemen),
# the USSR (COW's `russia`, continued by the Russian Federation), Yugoslavia (COW's
# `yugoslaviaserb`, Serbia since 2006, continued by Serbia).
ALIASES = {
    "antiguabarbuda": "AG",
    "bosnia": "BA",
    "burma": "MM",
    "capeverde": "CV",
    "car": "CF",
    "congobrazz": "CG",
    "czechrep": "CZ",
    "domrepublic": "DO",
    "eqguinea": "GQ",
    "etimor": "TL",
    "fyromacedonia": "MK",
    "ivorycoast": "CI",
    "marshallis": "MH",
    "micronesiafs": "FM",
    "nokorea": "KP",
    "nyemen": "YE",
    "russia": "RU",
    "saotome": "ST",
    "soafrica": "ZA",
    "sokorea": "KR",
    "solomonis": "SB",
    "sosudan": "SS",
    "stkitts": "KN",
    "stlucia": "LC",
    "stvincent": "VC",
    "swaziland": "SZ",
    "trinidad": "TT",
    "turkey": "TR",
    "uae": "AE",
    "uk": "GB",
    "usa": "US",
    "ussr": "RU",
    "wgermany": "DE",
    "wsamoa": "WS",
    "yugoslaviaserb": "RS",
    "zaire": "CD",
}

# States that no longer exist and whose ISO code was withdrawn: reported as unmapped.
HISTORIC = {
    "austriahungary": "Austria-Hungary (to 1918)",
    "czechoslovakia": "Czechoslovakia (to 1992; ISO CS withdrawn)",
    "egermany": "German Democratic Republic (to 1990; ISO DD withdrawn)",
    "svietnam": "Republic of Vietnam (to 1975)",
    "syemen": "People's Democratic Republic of Yemen (to 1990; ISO YD withdrawn)",
    "zanzibar": "People's Republic of Zanzibar (1963-1964)",
}

# Not states: COW's markers of an organization's end.
MARKERS = {"dead", "replaced"}


def squash(name: str) -> str:
    """COW's form of a name: lower-case ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", ascii_name.lower())


@cache
def iso_codes() -> dict[str, str]:
    """Squashed name -> ISO alpha-2, from ISO's names (pycountry), CLDR's English names
    (babel) and the alias table. A squashed name two countries share is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    english = Locale("en").territories
    for country in pycountry.countries:
        code = country.alpha_2
        names = [
            country.name,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
            english.get(code, ""),
        ]
        for name in names:
            if name:
                found[squash(name)].add(code)
    codes = {name: next(iter(c)) for name, c in found.items() if len(c) == 1}
    codes.update(ALIASES)
    return codes


def iso_for(state: str) -> str | None:
    return iso_codes().get(squash(state))


@dataclass
class Report:
    """What an import did, and every name it could not place."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    current: int = 0  # ended in the data, members today per the curated list
    organizations: dict[str, int] = field(default_factory=dict)  # acronym -> countries
    unmapped_states: Counter = field(default_factory=Counter)  # COW name -> rows
    markers: Counter = field(default_factory=Counter)
    unmapped_organizations: Counter = field(default_factory=Counter)  # ioname -> rows
    missing_countries: Counter = field(default_factory=Counter)  # ISO code -> rows
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"Read {self.rows} rows; {self.created} member states {verb} created, "
            f"{self.updated} updated, {self.unchanged} unchanged; {self.current} that end "
            "in the data are members today (curated list).",
        ]
        for acronym, count in sorted(self.organizations.items()):
            lines.append(f"  {acronym}: {count} countries")
        groups = [
            ("Unmapped state names", self.unmapped_states, HISTORIC),
            ("COW markers, not states", self.markers, {}),
            ("Organizations with no counterpart in the registry", self.unmapped_organizations, {}),
            ("ISO codes with no country in the registry", self.missing_countries, {}),
        ]
        for title, counter, notes in groups:
            if counter:
                lines.append(f"{title} ({len(counter)}):")
                for name, count in sorted(counter.items()):
                    note = f" — {notes[name]}" if name in notes else ""
                    lines.append(f"  {name}: {count} rows{note}")
        return lines


def read_rows(path) -> list[dict]:
    with open(Path(path), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def selected_ionames(organizations) -> set[str] | None:
    """The COW organizations to import, named by Accord acronym (LAS, AU) or COW name
    (LOAS, OAU); None for all. An unknown name raises ValueError."""
    if not organizations:
        return None
    wanted = {name.upper() for name in organizations}
    known = set(ORGANIZATIONS) | set(ORGANIZATIONS.values())
    unknown = wanted - known
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return {io for io, acronym in ORGANIZATIONS.items() if io in wanted or acronym in wanted}


def spans(rows, report: Report) -> dict[tuple[str, str], dict]:
    """(acronym, ISO) -> first year, last year and status in the last year, and each
    organization's last year in the data (under the key (acronym, None))."""
    years: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    last_year: dict[str, int] = {}
    for row in rows:
        acronym = ORGANIZATIONS.get(row["ioname"])
        if acronym is None:
            report.unmapped_organizations[row["ioname"]] += 1
            continue
        year = int(row["year"])
        last_year[acronym] = max(year, last_year.get(acronym, year))
        state = row["state"].strip()
        if state in MARKERS:
            report.markers[state] += 1
            continue
        code = iso_for(state)
        if code is None:
            report.unmapped_states[state] += 1
            continue
        status = (
            MemberStateStatus.ASSOCIATE if row["status"].strip() == "2" else MemberStateStatus.FULL
        )
        held = years[(acronym, code)]
        # Two COW states folded into one country in the same year: full membership wins.
        if held.get(year) != MemberStateStatus.FULL:
            held[year] = status
    result = {}
    for (acronym, code), held in years.items():
        first, last = min(held), max(held)
        result[(acronym, code)] = {
            "since": first,
            "until": last if last < last_year[acronym] else None,
            "status": held[last],
            "data_ends": last_year[acronym],
        }
    return result


def import_memberships(path, organizations=None, *, dry_run=False) -> Report:
    """Load the membership history in `path` into OrganizationMember rows, atomically, and
    report what was done and every name left unmapped. Running it twice changes nothing.

    The curated list of today's members (multilateral/reference/member_states.csv) wins
    over the data, which ends in 2014: a country on it is a member until today, since the
    year the list gives when it gives one (Morocco, back in the AU in 2017; the founders of
    the League of Arab States in 1945, where COW starts Syria, Lebanon and Jordan in 1946).
    So this import and `load_reference` agree, in whichever order they run.
    """
    report = Report(dry_run=dry_run)
    rows = read_rows(path)
    chosen = selected_ionames(organizations)
    if chosen is not None:
        rows = [row for row in rows if row["ioname"].upper() in chosen]
    report.rows = len(rows)
    found = spans(rows, report)
    registry = organizations_by_acronym()
    countries = countries_by_iso()
    current = current_members()
    for acronym in {acronym for acronym, _ in found} - set(registry):
        report.unmapped_organizations[acronym] += sum(1 for a, _ in found if a == acronym)
    with transaction.atomic():
        existing = {
            (m.organization_id, m.country_id): m
            for m in OrganizationMember.objects.filter(
                organization__in=[registry[a] for a, _ in found if a in registry]
            )
        }
        created, updated = [], []
        counted: Counter = Counter()
        for (acronym, code), span in sorted(found.items()):
            organization = registry.get(acronym)
            if organization is None:
                continue
            country = countries.get(code)
            if country is None:
                report.missing_countries[code] += 1
                continue
            counted[acronym] += 1
            values = {k: span[k] for k in ("since", "until", "status")}
            if (acronym, code) in current:
                # The curated list of today's members wins over data that ends in 2014.
                report.current += values["until"] is not None
                values["until"] = None
                values["since"] = current[(acronym, code)] or values["since"]
            member = existing.get((organization.pk, country.pk))
            if member is None:
                created.append(
                    OrganizationMember(organization=organization, country=country, **values)
                )
                continue
            if all(getattr(member, k) == v for k, v in values.items()):
                report.unchanged += 1
                continue
            for name, value in values.items():
                setattr(member, name, value)
            updated.append(member)
        for member in [*created, *updated]:
            # The links were found above; the years and status are checked here.
            member.clean_fields(exclude=["organization", "country"])
        report.created, report.updated = len(created), len(updated)
        report.organizations = dict(counted)
        if not dry_run:
            OrganizationMember.objects.bulk_create(created, batch_size=500)
            OrganizationMember.objects.bulk_update(
                updated, ["since", "until", "status"], batch_size=500
            )
    return report
