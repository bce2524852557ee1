"""The import of real membership history: the Correlates of War IGO data v3 (1815-2014;
Pevehouse, Nordstrom, McManus and Jamison, "Tracking Organizations in the World: The
Correlates of War IGO Version 3.0 datasets", Journal of Peace Research 57(3), 2020), in
the long form of the igoR package, read from ../shared/data/cow-igo/ as it is.

States are squashed COW names (`saudiarabia`, `uae`); they are mapped to ISO codes, and
every name that cannot be mapped is reported, never dropped."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from multilateral.igo import HISTORIC, MARKERS, import_memberships, iso_for, squash
from multilateral.models import OrganizationMember
from multilateral.reference import load_member_states
from multilateral.tests.factories import COW_FILE, reference_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

UNMAPPED = {"austriahungary", "czechoslovakia", "egermany", "svietnam", "syemen", "zanzibar"}


@pytest.fixture(scope="module")
def imported(reference, django_db_blocker):
    """The whole file imported once for the module, after load_reference (the member states
    go with the reference data it cleans up). Returns the command's output."""
    with django_db_blocker.unblock():
        output = io.StringIO()
        call_command("import_igo_memberships", str(COW_FILE), stdout=output)
        return output.getvalue()


def member(acronym, iso):
    return OrganizationMember.objects.filter(
        organization__acronym=acronym, country__iso_alpha2=iso
    ).first()


def years(acronym, iso):
    found = member(acronym, iso)
    return (found.since, found.until) if found else None


class TestNames:
    @pytest.mark.parametrize(
        ("state", "iso"),
        [
            ("saudiarabia", "SA"),
            ("uae", "AE"),
            ("egypt", "EG"),
            ("usa", "US"),
            ("uk", "GB"),
            ("sokorea", "KR"),
            ("nokorea", "KP"),
            ("zaire", "CD"),
            ("congobrazz", "CG"),
            ("ivorycoast", "CI"),
            ("swaziland", "SZ"),
            ("myanmar", "MM"),
            ("burma", "MM"),
            ("russia", "RU"),
            ("wgermany", "DE"),
            ("germany", "DE"),
            ("czechrep", "CZ"),
            ("yugoslaviaserb", "RS"),
            ("fyromacedonia", "MK"),
            ("nyemen", "YE"),
            ("syria", "SY"),
            ("iran", "IR"),
            ("laos", "LA"),
            ("bolivia", "BO"),
            ("vietnam", "VN"),
            ("taiwan", "TW"),
            ("sosudan", "SS"),
            ("turkey", "TR"),
        ],
    )
    def test_it_maps_cow_names_to_iso_codes(self, state, iso):
        assert iso_for(state) == iso

    @pytest.mark.parametrize("state", sorted(UNMAPPED))
    def test_it_does_not_guess_a_code_for_a_state_that_is_gone(self, state):
        assert iso_for(state) is None
        assert state in HISTORIC

    def test_it_squashes_names_as_cow_does(self):
        assert squash("Côte d'Ivoire") == "cotedivoire"
        assert squash("Bosnia and Herzegovina") == "bosniaandherzegovina"


class TestImport:
    def test_egypt_is_a_member_of_its_organizations_since_the_years_the_data_gives(self, imported):
        assert years("ITU", "EG") == (1876, None)
        assert years("UNESCO", "EG") == (1945, None)
        assert years("WTO", "EG") == (1995, None)
        assert years("LAS", "EG") == (1945, None)  # through its suspension, 1979-1989
        assert years("AU", "EG") == (1963, None)  # the OAU, then the AU
        assert years("OIC", "EG") == (1969, None)

    def test_it_maps_saudi_arabia_and_the_uae(self, imported):
        assert years("WTO", "SA") == (2005, None)
        assert years("LAS", "SA") == (1945, None)
        assert years("ITU", "AE") == (1972, None)
        assert years("LAS", "AE") == (1971, None)

    def test_it_ends_a_membership_that_ended_before_the_data_does(self, imported):
        # Czechoslovakia is gone; the German Democratic Republic too. Taiwan left the ITU
        # and UNESCO with the China seat in 1971.
        assert years("ITU", "TW") == (1949, 1971)
        assert years("WTO", "TW") == (2002, None)

    def test_it_folds_the_oau_into_the_au_and_intelsat_into_itso(self, imported):
        assert years("AU", "ZA") is not None
        assert member("ITSO", "EG") is not None
        assert years("AU", "SS") == (2011, None)

    def test_the_curated_list_of_todays_members_wins_over_data_ending_in_2014(self, imported):
        # Morocco left the OAU in 1984 and joined the AU in 2017.
        assert years("AU", "MA") == (2017, None)
        # COW starts Syria, Lebanon and Jordan in 1946; they founded the League in 1945.
        assert years("LAS", "SY") == (1945, None)

    def test_it_records_associate_members(self, imported):
        associates = OrganizationMember.objects.filter(status="associate")
        assert associates.exists()

    def test_it_reports_every_unmapped_name_with_its_count(self, imported):
        assert "Unmapped state names (6):" in imported
        for state in UNMAPPED:
            assert f"  {state}: " in imported
        assert "czechoslovakia: 116 rows" in imported
        for marker in MARKERS:
            assert f"  {marker}: " in imported
        assert "APTU: 208 rows" in imported

    def test_it_returns_the_unmapped_names(self, imported):
        report = import_memberships(COW_FILE, dry_run=True)
        assert set(report.unmapped_states) == UNMAPPED
        assert sum(report.unmapped_states.values()) == 348
        assert set(report.markers) == {"dead", "replaced"}
        assert not report.missing_countries

    def test_it_counts_the_countries_per_organization(self, imported):
        assert "  ITU: 193 countries" in imported
        assert "  LAS: 21 countries" in imported  # Palestine is not a COW state

    def test_running_it_again_changes_nothing(self, imported):
        rows = list(OrganizationMember.objects.order_by("pk").values())
        output = io.StringIO()
        call_command("import_igo_memberships", str(COW_FILE), stdout=output)
        assert "0 member states were created, 0 updated" in output.getvalue()
        assert list(OrganizationMember.objects.order_by("pk").values()) == rows

    def test_it_agrees_with_the_curated_list_in_either_order(self, imported):
        assert load_member_states() == 0
        OrganizationMember.objects.all().delete()
        import_memberships(COW_FILE)
        assert years("AU", "MA") == (2017, None)
        # Only the members COW does not know are added: Palestine (LAS, OIC), the Sahrawi
        # Republic (AU); nothing the import wrote is changed.
        assert load_member_states() == 3
        report = import_memberships(COW_FILE)
        assert (report.created, report.updated) == (0, 0)

    def test_it_imports_only_the_organizations_asked_for(self, imported):
        OrganizationMember.objects.all().delete()
        output = io.StringIO()
        call_command(
            "import_igo_memberships", str(COW_FILE), organizations=["LOAS", "wto"], stdout=output
        )
        found = set(OrganizationMember.objects.values_list("organization__acronym", flat=True))
        assert found == {"LAS", "WTO"}
        assert "APTU" not in output.getvalue()

    def test_a_dry_run_writes_nothing(self, imported):
        OrganizationMember.objects.all().delete()
        output = io.StringIO()
        call_command("import_igo_memberships", str(COW_FILE), dry_run=True, stdout=output)
        assert "member states would be created" in output.getvalue()
        assert not OrganizationMember.objects.exists()

    def test_it_refuses_an_unknown_organization_or_file(self, imported, tmp_path):
        with pytest.raises(CommandError, match="NATO"):
            call_command("import_igo_memberships", str(COW_FILE), organizations=["NATO"])
        with pytest.raises(CommandError, match="No such file"):
            call_command("import_igo_memberships", str(tmp_path / "missing.csv"))
