"""load_reference and seed_demo: the reference data is complete, and both are safe to rerun."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from core.models import AreaOfCooperation, ChangeRecord, OrgUnit, User
from core.tests.reference import loaded_reference
from partners.models import Partner, Person, Position


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """load_reference, run once for the module (it takes seconds), and removed afterwards so
    that other modules start from an empty registry."""
    with loaded_reference(django_db_blocker) as output:
        yield output


def run(*args, **options) -> str:
    output = io.StringIO()
    call_command(*args, stdout=output, **options)
    return output.getvalue()


@pytest.mark.django_db
class TestLoadReference:
    def test_it_loads_every_iso_country(self, reference):
        countries = Partner.objects.filter(kind="country")
        assert countries.count() == 249
        assert "249 countries" in reference

    def test_it_gives_every_country_an_arabic_name(self, reference):
        assert Partner.objects.get(kind="country", iso_alpha2="EG").name_ar == "مصر"
        assert not Partner.objects.filter(kind="country", name_ar="").exists()

    def test_it_gives_countries_their_m49_region_and_subregion(self, reference):
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        assert (egypt.iso_alpha3, egypt.region, egypt.subregion) == ("EGY", "002", "015")
        japan = Partner.objects.get(kind="country", iso_alpha2="JP")
        assert (japan.region, japan.subregion) == ("142", "030")
        assert Partner.objects.filter(kind="country", region="").count() <= 1  # Antarctica

    def test_it_keeps_iso_names_as_other_names_for_matching(self, reference):
        korea = Partner.objects.get(kind="country", iso_alpha2="KR")
        assert "Korea, Republic of" in korea.former_names
        assert Partner.objects.filter(search_text__contains="korea, republic of").exists()

    def test_it_loads_the_international_organizations(self, reference):
        organizations = Partner.objects.filter(kind="organization")
        assert organizations.count() >= 60
        acronyms = set(organizations.values_list("acronym", flat=True))
        assert {"ITU", "UNESCO", "UNDP", "UNCTAD", "LAS", "AU", "AICTO"} <= acronyms
        itu = organizations.get(acronym="ITU")
        assert (itu.category, itu.country.iso_alpha2) == ("un", "CH")
        assert itu.name_ar
        assert not organizations.filter(category="").exists()

    def test_it_files_reference_data_as_public(self, reference):
        assert set(Partner.objects.values_list("classification", flat=True)) == {"public"}

    def test_it_loads_the_areas_of_cooperation(self, reference):
        assert AreaOfCooperation.objects.count() == 14
        assert AreaOfCooperation.objects.get(code="cybersecurity").name_ar == "الأمن السيبراني"

    def test_it_loads_the_sector_and_its_desks(self, reference):
        sector = OrgUnit.objects.get(code="ir-sector")
        desks = set(sector.children.values_list("code", flat=True))
        assert desks == {
            "arab-desk",
            "african-desk",
            "european-desk",
            "asian-desk",
            "americas-desk",
            "multilateral-desk",
        }

    def test_it_records_each_created_partner_once_as_a_command(self, reference):
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        [record] = ChangeRecord.objects.filter(object_id=str(egypt.pk))
        assert (record.action, record.channel, record.user) == ("create", "command", None)
        assert ChangeRecord.objects.count() == Partner.objects.count()

    def test_it_creates_and_records_nothing_when_run_again(self, reference):
        partners, records = Partner.objects.count(), ChangeRecord.objects.count()
        output = run("load_reference")
        assert (Partner.objects.count(), ChangeRecord.objects.count()) == (partners, records)
        assert "0 areas, 0 desks, 0 countries and 0 organizations" in output

    def test_it_restores_a_changed_reference_record_and_records_that(self, reference):
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        Partner.objects.filter(pk=egypt.pk).update(name_ar="")
        run("load_reference")
        egypt.refresh_from_db()
        assert egypt.name_ar == "مصر"
        latest = ChangeRecord.objects.filter(object_id=str(egypt.pk)).first()
        assert (latest.action, latest.changes["name_ar"]) == ("update", ["", "مصر"])


@pytest.mark.django_db
class TestSeedDemo:
    @pytest.fixture(autouse=True)
    def _var_dir(self, settings, tmp_path):
        settings.VAR_DIR = tmp_path

    def test_it_creates_one_user_per_role_with_the_right_clearance(self, reference):
        run("seed_demo")
        expected = {
            "viewer": ("viewer", "internal"),
            "officer": ("officer", "confidential"),
            "legal": ("legal_adviser", "confidential"),
            "manager": ("manager", "secret"),
            "admin": ("administrator", "secret"),
        }
        for username, (role, clearance) in expected.items():
            user = User.objects.get(username=username)
            assert list(user.groups.values_list("name", flat=True)) == [role], username
            assert user.clearance == clearance, username
            assert user.has_usable_password()
        assert User.objects.get(username="officer").org_unit.code == "asian-desk"

    def test_it_prints_the_log_ins_only_the_first_time(self, reference, tmp_path):
        first = run("seed_demo")
        assert "Demo log-ins" in first
        for username in ["viewer", "officer", "legal", "manager", "admin"]:
            assert f"  {username}" in first
        kept = (tmp_path / "demo-logins.txt").read_text()
        assert kept.count("\n") == 5
        assert (tmp_path / "demo-logins.txt").stat().st_mode & 0o077 == 0

        second = run("seed_demo")
        assert "Demo log-ins" not in second
        assert (
            User.objects.filter(
                username__in=["viewer", "officer", "legal", "manager", "admin"]
            ).count()
            == 5
        )

    def test_it_prints_passwords_that_log_in(self, reference, client):
        output = run("seed_demo")
        line = next(line for line in output.splitlines() if line.strip().startswith("officer"))
        password = line.split()[1]
        assert client.login(username="officer", password=password)

    def test_it_loads_the_demo_institutions_and_people_once(self, reference):
        run("seed_demo", no_users=True)
        ntra = Partner.objects.get(kind="institution", acronym="NTRA")
        assert (ntra.country.iso_alpha2, ntra.is_domestic) == ("EG", True)
        people, positions = Person.objects.count(), Position.objects.count()
        assert people == 12 and positions == 12
        records = ChangeRecord.objects.count()
        run("seed_demo", no_users=True)
        assert (Person.objects.count(), Position.objects.count()) == (people, positions)
        assert ChangeRecord.objects.count() == records
        assert not User.objects.exists()

    def test_it_adds_synthetic_records_at_scale_only_once(self, reference):
        before_partners, before_people = Partner.objects.count(), Person.objects.count()
        output = run("seed_demo", "--scale", "1", "--no-users")
        demo_partners = Partner.objects.filter(name_en__startswith="Synthetic institution ")
        demo_people = Person.objects.filter(name_en__startswith="Synthetic person ")
        assert (demo_partners.count(), demo_people.count()) == (100, 200)
        assert "100 institutions, 200 people and 100 agreements added" in output
        assert Agreement.objects.filter(reference__startswith="SYN-").count() == 100
        assert not demo_partners.filter(country=None).exists()
        assert demo_partners.filter(search_text__contains="synthetic institution").count() == 100
        partners, people = Partner.objects.count(), Person.objects.count()
        assert partners - before_partners >= 100 and people - before_people >= 200

        output = run("seed_demo", "--scale", "1", "--no-users")
        assert (Partner.objects.count(), Person.objects.count()) == (partners, people)
        assert "0 institutions, 0 people and 0 agreements added" in output
        assert Agreement.objects.filter(reference__startswith="SYN-").count() == 100

    def test_it_refuses_a_negative_scale(self, reference):
        with pytest.raises(CommandError):
            run("seed_demo", "--scale", "-1")
