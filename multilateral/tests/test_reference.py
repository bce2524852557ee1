"""The curated reference data: the current member states of the League of Arab States
(22), the African Union (55) and the OIC (57), and governing bodies of ITU, UPU and the
Arab ICT Organization in English and Arabic; loaded by load_reference, idempotently."""

import csv
import io
from collections import Counter

import pycountry
import pytest
from django.core.management import call_command

from core.models import ChangeRecord
from multilateral.models import GoverningBody, OrganizationMember
from multilateral.reference import (
    REFERENCE_DIR,
    governing_body_rows,
    load_governing_bodies,
    load_member_states,
    member_state_rows,
)
from multilateral.tests.factories import reference_fixture  # noqa: F401
from partners.models import Partner
from partners.reference import organization_rows

pytestmark = pytest.mark.django_db


class TestTheFiles:
    def test_it_lists_22_arab_league_55_african_union_and_57_oic_members(self):
        counts = Counter(row["organization"] for row in member_state_rows())
        assert counts == {"LAS": 22, "AU": 55, "OIC": 57}

    def test_it_lists_each_member_once_by_a_valid_iso_code(self):
        rows = member_state_rows()
        assert len({(r["organization"], r["iso2"]) for r in rows}) == len(rows)
        for row in rows:
            assert pycountry.countries.get(alpha_2=row["iso2"]), row
            assert row["since"] == "" or 1945 <= int(row["since"]) <= 2030, row

    def test_it_names_organizations_by_their_acronym_in_the_registry(self):
        acronyms = {row["acronym"] for row in organization_rows()}
        assert {row["organization"] for row in member_state_rows()} <= acronyms
        assert {row["organization"] for row in governing_body_rows()} <= acronyms

    def test_it_has_the_facts_a_desk_officer_would_check(self):
        members = {(r["organization"], r["iso2"]): r["since"] for r in member_state_rows()}
        # The founders of the League in 1945, and its latest member, the Comoros (1993).
        for founder in ["EG", "IQ", "JO", "LB", "SA", "SY", "YE"]:
            assert members[("LAS", founder)] == "1945"
        assert members[("LAS", "KM")] == "1993"
        assert members[("LAS", "PS")] == "1976"
        # The AU counts the Sahrawi Republic (ISO: Western Sahara) and Morocco (2017).
        assert ("AU", "EH") in members
        assert members[("AU", "MA")] == "2017"
        assert members[("AU", "SS")] == "2011"
        # Every African UN member is in the AU; the OIC spans four continents.
        for iso in ["EG", "ZA", "NG", "ET", "SZ", "CV"]:
            assert ("AU", iso) in members
        for iso in ["EG", "ID", "GY", "SR", "AL", "KZ", "PS"]:
            assert ("OIC", iso) in members
        assert ("OIC", "IN") not in members
        assert ("LAS", "IL") not in members and ("LAS", "TR") not in members

    def test_it_names_every_body_in_english_and_arabic(self):
        rows = governing_body_rows()
        assert {r["organization"] for r in rows} == {"ITU", "UPU", "AICTO"}
        assert all(r["name_en"] and r["name_ar"] for r in rows)
        names = {(r["organization"], r["name_en"]) for r in rows}
        assert {
            ("ITU", "Plenipotentiary Conference"),
            ("ITU", "ITU Council"),
            ("ITU", "ITU-T Study Group 17 (Security)"),
            ("ITU", "ITU-D Study Group 1"),
            ("UPU", "Universal Postal Congress"),
            ("UPU", "Council of Administration"),
            ("UPU", "Postal Operations Council"),
        } <= names

    def test_the_files_are_utf8_csv_with_their_header(self):
        with open(REFERENCE_DIR / "member_states.csv", encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == ["organization", "iso2", "since", "name"]


class TestLoading:
    def test_it_loads_the_member_states_into_the_registry(self, reference):
        active = OrganizationMember.objects.filter(until__isnull=True)
        counts = Counter(active.values_list("organization__acronym", flat=True))
        assert counts == {"LAS": 22, "AU": 55, "OIC": 57}
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        blocs = set(egypt.blocs.values_list("organization__acronym", flat=True))
        assert blocs == {"LAS", "AU", "OIC"}
        assert "134 member states and 19 governing bodies" in reference

    def test_it_loads_the_governing_bodies_in_both_languages(self, reference):
        council = GoverningBody.objects.get(organization__acronym="ITU", name_en="ITU Council")
        assert (council.kind, council.name_ar) == ("council", "مجلس الاتحاد الدولي للاتصالات")
        poc = GoverningBody.objects.get(organization__acronym="UPU", acronym="POC")
        assert poc.name_ar == "مجلس الاستثمار البريدي"
        assert GoverningBody.objects.filter(organization__acronym="AICTO").count() == 3

    def test_it_changes_and_records_nothing_when_run_again(self, reference):
        records = ChangeRecord.objects.count()
        assert (load_member_states(), load_governing_bodies()) == (0, 0)
        output = io.StringIO()
        call_command("load_reference", stdout=output)
        assert "0 areas, 0 desks, 0 countries and 0 organizations" in output.getvalue()
        assert "0 member states and 0 governing bodies" in output.getvalue()
        assert ChangeRecord.objects.count() == records

    def test_it_restores_a_changed_row(self, reference):
        body = GoverningBody.objects.get(organization__acronym="ITU", acronym="PP")
        GoverningBody.objects.filter(pk=body.pk).update(name_ar="")
        syria = OrganizationMember.objects.get(
            organization__acronym="LAS", country__iso_alpha2="SY"
        )
        OrganizationMember.objects.filter(pk=syria.pk).update(until=2011)
        assert (load_member_states(), load_governing_bodies()) == (1, 1)
        body.refresh_from_db()
        syria.refresh_from_db()
        assert body.name_ar == "مؤتمر المندوبين المفوضين"
        assert (syria.since, syria.until) == (1945, None)

    def test_it_keeps_members_that_left(self, reference):
        """The curated list says who is a member today; the history is the import's (here a
        made-up former membership)."""
        las = Partner.objects.get(acronym="LAS")
        chad = Partner.objects.get(kind="country", iso_alpha2="TD")
        OrganizationMember.objects.create(organization=las, country=chad, since=1990, until=1991)
        assert load_member_states() == 0
        assert OrganizationMember.objects.filter(organization=las, country=chad).exists()
