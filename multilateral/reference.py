"""Reference data of the multilateral app, curated by the team in `reference/`:

- `member_states.csv`: the current member states of the League of Arab States (22), the
  African Union (55, with the Sahrawi Republic under ISO's Western Sahara, EH) and the
  Organisation of Islamic Cooperation (57): organization acronym (as in
  partners/reference/organizations.csv), ISO alpha-2, the year of joining where known;
- `governing_bodies.csv`: bodies of ITU, UPU and the Arab ICT Organization, in English and
  Arabic.

Member states and bodies are not change-logged records (they carry no author); they are
validated and written in bulk. Loading is idempotent: rows are matched by their natural
keys and only differences are written.
"""

import csv
from pathlib import Path

from django.db import transaction

from multilateral.choices import MemberStateStatus
from multilateral.models import GoverningBody, OrganizationMember
from partners.choices import PartnerKind
from partners.models import Partner

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def _read(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def member_state_rows() -> list[dict]:
    return _read("member_states.csv")


def governing_body_rows() -> list[dict]:
    return _read("governing_bodies.csv")


def organizations_by_acronym() -> dict[str, Partner]:
    return {p.acronym.upper(): p for p in Partner.objects.filter(kind=PartnerKind.ORGANIZATION)}


def countries_by_iso() -> dict[str, Partner]:
    return {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}


def current_members() -> dict[tuple[str, str], int | None]:
    """(organization acronym, ISO alpha-2) -> the year of joining (or None), of the
    curated list of today's members."""
    return {
        (row["organization"].upper(), row["iso2"]): int(row["since"]) if row["since"] else None
        for row in member_state_rows()
    }


@transaction.atomic
def load_member_states() -> int:
    """Create or update the curated member states; returns how many rows changed.

    The curated list says who is a member today, and since when where it gives a year: a
    country recorded as having left (by import_igo_memberships, from data ending in 2014)
    is a member again, and a year the list gives wins. Countries that left are kept: they
    are the history. The import applies the same rule, so both agree in either order.
    """
    organizations = organizations_by_acronym()
    countries = countries_by_iso()
    wanted = {
        (organizations[acronym].pk, countries[iso].pk): since
        for (acronym, iso), since in current_members().items()
        if acronym in organizations and iso in countries
    }
    existing = {
        (m.organization_id, m.country_id): m
        for m in OrganizationMember.objects.filter(organization_id__in={org for org, _ in wanted})
    }
    created, updated = [], []
    for (org, country), since in wanted.items():
        member = existing.get((org, country))
        if member is None:
            created.append(
                OrganizationMember(
                    organization_id=org,
                    country_id=country,
                    since=since,
                    status=MemberStateStatus.FULL,
                )
            )
            continue
        values = {"until": None, "since": since or member.since}
        if any(getattr(member, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(member, name, value)
            updated.append(member)
    for member in [*created, *updated]:
        member.clean_fields(exclude=["organization", "country"])
    OrganizationMember.objects.bulk_create(created)
    OrganizationMember.objects.bulk_update(updated, ["since", "until"])
    return len(created) + len(updated)


@transaction.atomic
def load_governing_bodies() -> int:
    """Create or update the curated governing bodies; returns how many rows changed."""
    organizations = organizations_by_acronym()
    existing = {
        (b.organization_id, b.name_en): b
        for b in GoverningBody.objects.filter(organization__in=organizations.values())
    }
    changed = 0
    for row in governing_body_rows():
        organization = organizations.get(row["organization"].upper())
        if organization is None:
            continue
        parent = existing.get((organization.pk, row["parent"])) if row["parent"] else None
        values = {
            "name_ar": row["name_ar"],
            "acronym": row["acronym"],
            "kind": row["kind"],
            "parent": parent,
        }
        body = existing.get((organization.pk, row["name_en"]))
        if body is None:
            body = GoverningBody(organization=organization, name_en=row["name_en"])
        elif all(getattr(body, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(body, name, value)
        body.full_clean(validate_unique=False, validate_constraints=False)
        body.save()
        existing[(organization.pk, body.name_en)] = body
        changed += 1
    return changed
