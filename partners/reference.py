"""Reference data of the partner registry: every ISO 3166-1 country (pycountry), with its
Arabic name from CLDR (babel) and its UN M49 region, and the curated organizations."""

import csv
from pathlib import Path

import pycountry
from babel import Locale
from django.db import transaction

from core import services
from core.choices import ChangeChannel, Classification
from partners.choices import PartnerKind
from partners.models import Partner

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def m49_regions() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (M49 region, M49 sub-region), from the project's curated table."""
    with open(REFERENCE_DIR / "m49.csv", encoding="utf-8", newline="") as handle:
        return {row["iso2"]: (row["region"], row["subregion"]) for row in csv.DictReader(handle)}


def country_rows() -> list[dict]:
    english, arabic = Locale("en").territories, Locale("ar").territories
    regions = m49_regions()
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        region, subregion = regions.get(code, ("", ""))
        # CLDR's short English name ("South Korea") leads; ISO's names stay as other names,
        # so that imports written with "Korea, Republic of" still find the country.
        others = {
            country.name,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
        }
        name_en = english.get(code, country.name)
        rows.append(
            {
                "iso_alpha2": code,
                "iso_alpha3": country.alpha_3,
                "name_en": name_en,
                "name_ar": arabic.get(code, ""),
                "region": region,
                "subregion": subregion,
                "former_names": "\n".join(sorted(n for n in others if n and n != name_en)),
            }
        )
    return rows


def organization_rows() -> list[dict]:
    with open(REFERENCE_DIR / "organizations.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(existing: Partner | None, values: dict, user) -> bool:
    """Create or update one partner through core.services; True if anything changed."""
    partner = existing or Partner(classification=Classification.PUBLIC)
    changed = existing is None
    for name, value in values.items():
        if getattr(partner, name) != value:
            setattr(partner, name, value)
            changed = True
    if changed:
        services.save(partner, user, channel=ChangeChannel.COMMAND, comment="reference data")
    return changed


@transaction.atomic
def load_countries(user=None) -> int:
    existing = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    changed = 0
    for row in country_rows():
        changed += _upsert(
            existing.get(row["iso_alpha2"]), {"kind": PartnerKind.COUNTRY, **row}, user
        )
    return changed


@transaction.atomic
def load_organizations(user=None) -> int:
    countries = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    existing = {p.acronym.upper(): p for p in Partner.objects.filter(kind=PartnerKind.ORGANIZATION)}
    changed = 0
    for row in organization_rows():
        values = {
            "kind": PartnerKind.ORGANIZATION,
            "acronym": row["acronym"],
            "name_en": row["name_en"],
            "name_ar": row["name_ar"],
            "category": row["category"],
            "country": countries.get(row["hq_country"]),
            "website": row["website"],
            "former_names": "\n".join(
                n.strip() for n in row["former_names"].split("|") if n.strip()
            ),
        }
        changed += _upsert(existing.get(row["acronym"].upper()), values, user)
    return changed
