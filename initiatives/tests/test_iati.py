"""The IATI 2.03 export: it validates against the official schema (and the validator is the
real one: it refuses the schema's own should-fail fixtures and accepts the should-pass
ones), it publishes only published public initiatives and never a confidential partner, it
maps the sector's records to IATI codes as documented in initiatives.iati, and it runs the
same few queries however many initiatives there are."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from core.models import AreaOfCooperation
from core.reference import load_areas
from initiatives.iati import (
    activities_xml,
    number,
    published,
    schema_dir,
    shares,
    validate,
)
from initiatives.models import Indicator, Initiative
from initiatives.tests import factories as f
from partners.models import Partner

FIXTURES = schema_dir() / "tests/activity-tests"
SHOULD_FAIL = sorted(p for p in (FIXTURES / "should-fail").rglob("*") if p.is_file())
SHOULD_PASS = sorted(p for p in (FIXTURES / "should-pass").rglob("*") if p.is_file())
AR = "{http://www.w3.org/XML/1998/namespace}lang"


# The world of the tests ------------------------------------------------------------------


def with_areas(record, *codes):
    record.areas.set(AreaOfCooperation.objects.filter(code__in=codes))
    return record


@pytest.fixture
def world(db, indicators):
    """Published initiatives with Arabic titles, partners of every kind in every role (and a
    confidential one), money in two currencies, results with baselines and periods; and the
    initiatives that must stay out of the file."""
    load_areas()
    AreaOfCooperation.objects.create(code="space", name_en="Space", name_ar="الفضاء")
    w = SimpleNamespace()
    # Countries.
    w.japan = f.country("JP", "Japan", "142", "اليابان")
    w.germany = f.country("DE", "Germany", "150", "ألمانيا")
    w.kenya = f.country("KE", "Kenya", "002", "كينيا")
    w.france = f.country("FR", "France", "150", "فرنسا")
    w.egypt = f.country("EG", "Egypt", "002", "مصر")
    w.ethiopia = f.country("ET", "Ethiopia", "002", "إثيوبيا")
    # Institutions, of every type.
    w.jica = f.institution(
        "Japan International Cooperation Agency", w.japan, "government", acronym="JICA"
    )
    w.itida = f.institution(
        "Information Technology Industry Development Agency",
        w.egypt,
        "government",
        is_domestic=True,
        name_ar="هيئة تنمية صناعة تكنولوجيا المعلومات",
    )
    w.siemens = f.institution("Siemens", w.germany, "company", name_ar="سيمنس")
    w.cairo = f.institution("Cairo University", w.egypt, "university", name_ar="جامعة القاهرة")
    w.fraunhofer = f.institution("Fraunhofer Society", w.germany, "research")
    w.kenya_ngo = f.institution("Kenya ICT Action Network", w.kenya, "ngo")
    w.secret = f.institution(
        "Secret Vendor Ltd",
        w.france,
        "company",
        name_ar="المورد السري",
        classification="confidential",
    )
    # Organizations, of every category that maps differently.
    w.itu = f.organization("ITU", "International Telecommunication Union", "un")
    w.afdb = f.organization("AfDB", "African Development Bank", "development_finance")
    w.alecso = f.organization("ALECSO", "Arab League Educational Organization", "regional_arab")
    w.au = f.organization("AU", "African Union", "regional_african")
    w.au.country = w.ethiopia  # its headquarters: not where the benefit goes
    w.au.save()
    w.gsma = f.organization("GSMA", "GSM Association", "standards_industry")
    w.wto = f.organization("WTO", "World Trade Organization", "trade_economic")
    w.secret_org = f.organization(
        "HUSH", "Hush-hush Consortium", "un", classification="confidential"
    )
    # Indicators the catalogue lacks: a percentage, and one where lower is better.
    w.women = Indicator.objects.create(
        code="women-share",
        name_en="Share of women among trainees",
        name_ar="نسبة النساء بين المتدربين",
        unit="percent",
    )
    w.cost = Indicator.objects.create(
        code="connection-cost",
        name_en="Monthly cost of a broadband connection",
        name_ar="التكلفة الشهرية للاتصال عريض النطاق",
        unit="usd",
        direction="decrease",
        result_type="outcome",
    )

    public = {"classification": "public", "published": True}
    w.skills = f.initiative(
        "Digital skills for youth",
        title_ar="المهارات الرقمية للشباب",
        description_en="Coding bootcamps for young graduates.",
        description_ar="معسكرات برمجة لشباب الخريجين.",
        start=date(2022, 1, 1),
        end=date(2026, 12, 31),
        partners=[
            (w.japan, "funder"),
            (w.itu, "implementer"),
            (w.cairo, "implementer"),
            (w.kenya_ngo, "implementer"),
            (w.siemens, "partner"),
            (w.kenya, "beneficiary"),
            (w.kenya_ngo, "beneficiary"),
            (w.secret, "implementer"),
            (w.secret, "beneficiary"),
            (w.secret_org, "funder"),
        ],
        **public,
    )
    with_areas(w.skills, "digital-skills", "telecom-5g", "cybersecurity")
    f.funding(w.skills, "1000000.00", "USD", "commitment", date(2022, 2, 1), w.japan)
    f.funding(w.skills, "250000.50", "EUR", "disbursement", date(2023, 3, 1), w.siemens)
    f.funding(w.skills, "5000.00", "USD", "disbursement", date(2023, 6, 1), w.secret)
    trained = f.result(
        w.skills,
        indicators["people-trained"],
        periods=[(2022, "500", "420"), (2023, "600", None)],
        baseline=Decimal("120.00"),
        baseline_year=2021,
    )
    trained.baseline_source = "Ministry survey 2021"
    trained.save()
    f.result(w.skills, w.women, periods=[(2022, "40", "35.5")])
    f.result(w.skills, w.cost, periods=[(2023, "20", None)])
    f.result(w.skills, indicators["fdi-usd"], periods=[(2024, "5000000", None)])

    w.research = f.initiative(
        "AI research partnership",
        title_ar="شراكة بحثية في الذكاء الاصطناعي",
        kind="research",
        status="completed",
        start=date(2019, 1, 1),
        end=date(2021, 12, 31),
        partners=[
            (w.afdb, "funder"),
            (w.jica, "funder"),
            (w.alecso, "implementer"),
            (w.wto, "implementer"),
            (w.itida, "implementer"),
            (w.germany, "partner"),
            (w.fraunhofer, "partner"),
            (w.gsma, "partner"),
            (w.au, "beneficiary"),
            (w.france, "beneficiary"),
            (w.cairo, "beneficiary"),
        ],
        **public,
    )
    with_areas(w.research, "artificial-intelligence", "electronics")
    f.funding(w.research, "2000000", "EUR", "commitment", date(2019, 1, 15), w.afdb)
    f.funding(w.research, "1500000", "EUR", "disbursement", date(2020, 5, 1), w.afdb)
    f.result(
        w.research,
        indicators["jobs-created"],
        periods=[(2019, "50", "40"), (2020, "80", "95"), (2021, "100", "120")],
        baseline=Decimal("0"),
        baseline_year=2018,
    )

    w.planned = f.initiative(
        "Postal innovation lab",
        title_ar="مختبر الابتكار البريدي",
        status="planned",
        start=timezone.localdate() + timedelta(days=400),
        end=None,
        partners=[(w.kenya, "beneficiary")],
        **public,
    )
    w.suspended = f.initiative(
        "Cybersecurity centre",
        status="suspended",
        start=date(2021, 6, 1),
        end=date(2025, 5, 31),
        partners=[(w.germany, "implementer"), (w.secret, "funder")],
        **public,
    )
    w.cancelled = with_areas(
        f.initiative(
            "Cloud cooperation",
            status="cancelled",
            start=date(2020, 1, 1),
            end=date(2020, 12, 31),
            **public,
        ),
        "space",
        "cybersecurity",
    )
    w.shown = [w.skills, w.research, w.planned, w.suspended, w.cancelled]

    w.internal = f.initiative("Internal planning initiative", classification="internal")
    w.confidential = f.initiative(
        "Confidential cable deal", classification="confidential", partners=[(w.japan, "funder")]
    )
    w.draft = f.initiative("Public draft initiative", classification="public", published=False)
    w.hidden = [w.internal, w.confidential, w.draft]
    return w


@pytest.fixture
def xml(world) -> bytes:
    return activities_xml(published())


@pytest.fixture
def root(xml):
    return etree.fromstring(xml)


def activity_of(root, initiative):
    found = root.xpath("iati-activity[iati-identifier=$id]", id=initiative.iati_identifier)
    assert len(found) == 1, f"{initiative} appears {len(found)} times"
    return found[0]


def narratives(element) -> list[tuple[str | None, str]]:
    return [(n.get(AR), n.text) for n in element.findall("narrative")]


def orgs(activity) -> dict[str, tuple[str, str]]:
    """English name -> (role, type) of each participating organisation."""
    return {
        org.findtext("narrative"): (org.get("role"), org.get("type"))
        for org in activity.findall("participating-org")
    }


def percentages(activity, tag) -> dict[str, Decimal]:
    return {e.get("code"): Decimal(e.get("percentage")) for e in activity.findall(tag)}


# Valid against the official schema --------------------------------------------------------


@pytest.mark.django_db
class TestSchema:
    def test_it_validates_the_export_of_a_realistic_world(self, xml, root):
        assert validate(xml) == []
        assert root.get("version") == "2.03"
        assert len(root.findall("iati-activity")) == 5

    def test_it_validates_an_initiative_without_areas_results_funding_or_named_partners(
        self, world
    ):
        # Its only partner is a beneficiary: the ministry keeps participating-org filled.
        exported = activities_xml(published(Initiative.objects.filter(pk=world.planned.pk)))
        assert validate(exported) == []
        activity = activity_of(etree.fromstring(exported), world.planned)
        assert activity.find("transaction") is None
        assert activity.find("result") is None
        assert len(activity.findall("participating-org")) == 1

    def test_it_drops_characters_xml_cannot_carry(self, world):
        world.skills.description_en = "Pasted\x0b from a \x02 spreadsheet"
        world.skills.save()
        exported = activities_xml(published())
        assert validate(exported) == []
        assert b"Pasted from a  spreadsheet" in exported

    def test_it_finds_the_schema_s_own_fixtures(self):
        assert len(SHOULD_FAIL) > 200
        assert len(SHOULD_PASS) > 30

    @pytest.mark.parametrize(
        "path", SHOULD_FAIL, ids=[str(p.relative_to(FIXTURES)) for p in SHOULD_FAIL]
    )
    def test_it_refuses_every_should_fail_fixture(self, path):
        assert validate(path.read_bytes()) != []

    @pytest.mark.parametrize(
        "path", SHOULD_PASS, ids=[str(p.relative_to(FIXTURES)) for p in SHOULD_PASS]
    )
    def test_it_accepts_every_should_pass_fixture(self, path):
        assert validate(path.read_bytes()) == []

    def test_it_reports_a_file_that_is_not_xml(self):
        (error,) = validate(b"<iati-activities version='2.03'>")
        assert error.startswith("Not well-formed XML")

    def test_it_names_the_line_of_a_schema_error(self):
        errors = validate(b"<?xml version='1.0'?>\n<iati-activities version='2.03'/>")
        assert errors and errors[0].startswith("line 2:")
        assert "iati-activity" in errors[0]


# What is published -----------------------------------------------------------------------


@pytest.mark.django_db
class TestWhatIsPublished:
    def test_it_exports_only_published_public_initiatives(self, world, xml, root):
        identifiers = root.xpath("iati-activity/iati-identifier/text()")
        assert sorted(identifiers) == sorted(i.iati_identifier for i in world.shown)
        for hidden in world.hidden:
            assert hidden.iati_identifier not in identifiers
            assert hidden.title_en.encode() not in xml

    def test_it_never_names_a_confidential_partner(self, world, xml, root):
        for name in ("Secret Vendor", "المورد السري", "Hush-hush", "HUSH"):
            assert name.encode() not in xml
        # Nor does it give away the country of a confidential beneficiary.
        assert "FR" not in percentages(activity_of(root, world.skills), "recipient-country")

    def test_it_filters_whatever_it_is_handed(self, world):
        # A caller that forgets published(): still no hidden initiative, no secret partner.
        exported = activities_xml(Initiative.objects.all())
        assert validate(exported) == []
        assert b"Secret Vendor" not in exported and b"Hush-hush" not in exported
        for hidden in world.hidden:
            assert hidden.title_en.encode() not in exported

    def test_it_narrows_a_given_queryset_to_the_published(self, world):
        chosen = Initiative.objects.filter(pk__in=[world.skills.pk, world.internal.pk])
        assert list(published(chosen)) == [world.skills]


# Codes -----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestCodes:
    def test_it_describes_the_activity_in_english_and_arabic(self, world, root):
        activity = activity_of(root, world.skills)
        assert activity.get(AR) == "en"
        identifier = f"{settings.ACCORD_IATI_ORG_REF}-{world.skills.pk}"
        assert activity.findtext("iati-identifier") == identifier
        reporting = activity.find("reporting-org")
        assert reporting.get("ref") == settings.ACCORD_IATI_ORG_REF
        assert reporting.get("type") == settings.ACCORD_IATI_ORG_TYPE
        assert reporting.findtext("narrative") == settings.ACCORD_IATI_ORG_NAME
        assert narratives(activity.find("title")) == [
            (None, "Digital skills for youth"),
            ("ar", "المهارات الرقمية للشباب"),
        ]
        description = activity.find("description")
        assert description.get("type") == "1"
        assert narratives(description) == [
            (None, "Coding bootcamps for young graduates."),
            ("ar", "معسكرات برمجة لشباب الخريجين."),
        ]

    def test_it_describes_with_the_title_when_there_is_no_description(self, world, root):
        description = activity_of(root, world.planned).find("description")
        assert narratives(description) == [
            (None, "Postal innovation lab"),
            ("ar", "مختبر الابتكار البريدي"),
        ]
        assert narratives(activity_of(root, world.cancelled).find("title")) == [
            (None, "Cloud cooperation")
        ]

    def test_it_maps_roles_and_organisation_types(self, world, root):
        ministry = settings.ACCORD_IATI_ORG_NAME
        assert orgs(activity_of(root, world.skills)) == {
            ministry: ("2", settings.ACCORD_IATI_ORG_TYPE),
            "Japan": ("1", "10"),
            "International Telecommunication Union": ("4", "40"),
            "Cairo University": ("4", "80"),
            "Kenya ICT Action Network": ("4", "22"),
            "Siemens": ("2", "70"),
        }
        assert orgs(activity_of(root, world.research)) == {
            ministry: ("2", settings.ACCORD_IATI_ORG_TYPE),
            "African Development Bank": ("1", "40"),
            "Japan International Cooperation Agency": ("1", "10"),
            "Arab League Educational Organization": ("4", "40"),
            "World Trade Organization": ("4", "90"),
            "Information Technology Industry Development Agency": ("4", "10"),
            "Germany": ("2", "10"),
            "Fraunhofer Society": ("2", "80"),
            "GSM Association": ("2", "90"),
        }

    def test_it_lists_participants_by_role_the_ministry_first_with_its_ref(self, world, root):
        participants = activity_of(root, world.skills).findall("participating-org")
        assert [p.get("role") for p in participants] == ["2", "1", "2", "4", "4", "4"]
        assert participants[0].get("ref") == settings.ACCORD_IATI_ORG_REF
        assert all(p.get("ref") is None for p in participants[1:])
        japan = participants[1]
        assert narratives(japan) == [(None, "Japan"), ("ar", "اليابان")]

    def test_it_publishes_beneficiaries_as_recipient_countries(self, world, root):
        # Kenya, and the Kenyan NGO's Kenya, once.
        assert percentages(activity_of(root, world.skills), "recipient-country") == {
            "KE": Decimal(100)
        }
        # France, and Cairo University's Egypt; not the African Union's seat.
        assert percentages(activity_of(root, world.research), "recipient-country") == {
            "FR": Decimal(50),
            "EG": Decimal(50),
        }
        assert activity_of(root, world.cancelled).find("recipient-country") is None

    @pytest.mark.parametrize(
        ("status", "code", "dates"),
        [
            ("planned", "1", ["1", "3"]),
            ("ongoing", "2", ["1", "2", "3"]),
            ("completed", "4", ["1", "2", "3", "4"]),
            ("suspended", "6", ["1", "3"]),
            ("cancelled", "5", ["1", "3"]),
        ],
    )
    def test_it_maps_the_status_and_its_dates(self, db, status, code, dates):
        record = f.initiative(
            status=status,
            start=date(2020, 1, 1),
            end=date(2021, 6, 30),
            classification="public",
            published=True,
        )
        activity = etree.fromstring(activities_xml(published())).find("iati-activity")
        assert activity.find("activity-status").get("code") == code
        found = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
        assert sorted(found) == dates
        assert found["1"] == "2020-01-01" and found["3"] == "2021-06-30"
        assert found.get("2", "2020-01-01") == "2020-01-01"
        assert found.get("4", "2021-06-30") == "2021-06-30"
        assert record.iati_identifier in activity.findtext("iati-identifier")

    def test_it_never_reports_an_actual_date_to_come(self, db):
        f.initiative(
            status="ongoing",
            start=timezone.localdate() + timedelta(days=10),
            end=None,
            classification="public",
            published=True,
        )
        activity = etree.fromstring(activities_xml(published())).find("iati-activity")
        assert [d.get("type") for d in activity.findall("activity-date")] == ["1"]

    def test_it_maps_areas_to_dac_sectors(self, world, root):
        def sectors(initiative):
            activity = activity_of(root, initiative)
            assert {s.get("vocabulary") for s in activity.findall("sector")} == {"1"}
            found = percentages(activity, "sector")
            assert sum(found.values()) == 100
            return found

        assert sectors(world.skills) == {
            "11330": Decimal("33.34"),  # digital skills: vocational training
            "22040": Decimal("33.33"),  # cybersecurity: ICT
            "22020": Decimal("33.33"),  # 5G: telecommunications
        }
        assert sectors(world.research) == {"32182": Decimal(50), "32171": Decimal(50)}
        # An area the table does not know is ICT, and adds up with cybersecurity.
        assert sectors(world.cancelled) == {"22040": Decimal(100)}
        assert sectors(world.planned) == {"22040": Decimal(100)}

    def test_it_writes_a_transaction_per_funding_line(self, world, root):
        transactions = activity_of(root, world.skills).findall("transaction")
        assert [
            (
                t.find("transaction-type").get("code"),
                t.find("transaction-date").get("iso-date"),
                t.find("value").get("currency"),
                t.find("value").get("value-date"),
                t.findtext("value"),
                t.findtext("provider-org/narrative"),
            )
            for t in transactions
        ] == [
            ("2", "2022-02-01", "USD", "2022-02-01", "1000000", "Japan"),
            ("3", "2023-03-01", "EUR", "2023-03-01", "250000.5", "Siemens"),
            # From a confidential source: the money is shown, the source is not.
            ("3", "2023-06-01", "USD", "2023-06-01", "5000", None),
        ]
        assert transactions[1].find("provider-org").get("type") == "70"

    def test_it_sets_the_default_currency(self, world, root):
        reporting = settings.ACCORD_REPORTING_CURRENCY
        assert activity_of(root, world.skills).get("default-currency") == reporting  # mixed
        assert activity_of(root, world.research).get("default-currency") == "EUR"  # all EUR
        assert activity_of(root, world.planned).get("default-currency") == reporting  # none

    def test_it_writes_results_with_baselines_and_periods(self, world, root):
        results = {
            r.findtext("title/narrative"): r for r in activity_of(root, world.skills).iter("result")
        }
        trained = results["People trained"]
        assert (trained.get("type"), trained.get("aggregation-status")) == ("1", "1")
        assert narratives(trained.find("title"))[1] == ("ar", "عدد المتدربين")
        indicator = trained.find("indicator")
        assert (indicator.get("measure"), indicator.get("ascending")) == ("1", "1")
        assert indicator.find("reference").attrib == {"vocabulary": "99", "code": "people-trained"}
        baseline = indicator.find("baseline")
        assert dict(baseline.attrib) == {"year": "2021", "iso-date": "2021-01-01", "value": "120"}
        assert baseline.findtext("comment/narrative") == "Ministry survey 2021"
        periods = [
            (
                p.find("period-start").get("iso-date"),
                p.find("period-end").get("iso-date"),
                p.find("target").get("value") if p.find("target") is not None else None,
                p.find("actual").get("value") if p.find("actual") is not None else None,
                p.findtext("actual/comment/narrative"),
            )
            for p in indicator.findall("period")
        ]
        assert periods == [
            ("2022-01-01", "2022-12-31", "500", "420", "Annual report"),
            ("2023-01-01", "2023-12-31", "600", None, None),
        ]

        women = results["Share of women among trainees"]
        assert women.get("aggregation-status") == "0"
        assert women.find("indicator").get("measure") == "2"
        assert women.find("indicator/period/actual").get("value") == "35.5"
        assert women.find("indicator/baseline") is None
        cost = results["Monthly cost of a broadband connection"]
        assert (cost.get("type"), cost.find("indicator").get("ascending")) == ("2", "0")
        assert results["Foreign direct investment attracted (USD)"].get("type") == "3"

        jobs = activity_of(root, world.research).find("result")
        assert jobs.get("type") == "2"
        assert jobs.find("indicator/baseline").get("value") == "0"
        assert len(jobs.findall("indicator/period")) == 3

    def test_it_writes_numbers_exactly_without_trailing_zeros(self):
        assert number(Decimal("120.00")) == "120"
        assert number(Decimal("0.50")) == "0.5"
        assert number(Decimal("0.00")) == "0"
        assert number(Decimal("1234567.89")) == "1234567.89"
        assert number(Decimal("1E+2")) == "100"
        assert number(Decimal("1000000")) == "1000000"

    def test_it_shares_percentages_that_add_up_to_100(self):
        assert shares(3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
        assert shares(1) == [Decimal(100)]
        assert shares(0) == []
        for count in range(1, 30):
            assert sum(shares(count)) == 100

    def test_it_dates_the_file_when_it_is_made(self, root):
        generated = datetime.fromisoformat(root.get("generated-datetime"))
        assert abs(generated - timezone.now()) < timedelta(minutes=1)

    def test_it_dates_each_activity_by_its_latest_change_shown(self, world):
        def at(day):
            return datetime(2025, 1, day, 9, 30, tzinfo=UTC)

        Initiative.objects.filter(pk=world.skills.pk).update(updated_at=at(1))
        Partner.objects.update(updated_at=at(2))
        Partner.objects.filter(pk=world.siemens.pk).update(updated_at=at(3))  # renamed
        # A confidential partner's change is not shown, so it does not count.
        Partner.objects.filter(pk=world.secret.pk).update(updated_at=at(9))
        activity = activity_of(etree.fromstring(activities_xml(published())), world.skills)
        expected = timezone.localtime(at(3)).isoformat(timespec="seconds")
        assert activity.get("last-updated-datetime") == expected

        Initiative.objects.filter(pk=world.skills.pk).update(updated_at=at(5))
        activity = activity_of(etree.fromstring(activities_xml(published())), world.skills)
        expected = timezone.localtime(at(5)).isoformat(timespec="seconds")
        assert activity.get("last-updated-datetime") == expected


# Queries ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestQueries:
    def test_it_runs_the_same_queries_for_1_and_5_initiatives(self, indicators):
        load_areas()
        areas = list(AreaOfCooperation.objects.filter(code__in=["spectrum", "telecom-5g"]))
        japan = f.country("JP", "Japan", "142", "اليابان")
        kenya = f.country("KE", "Kenya", "002", "كينيا")

        def add(count, start):
            for i in range(start, start + count):
                school = f.institution(f"School {i}", kenya, "university")
                record = f.initiative(
                    f"Initiative {i}",
                    classification="public",
                    published=True,
                    partners=[(japan, "funder"), (school, "implementer"), (kenya, "beneficiary")],
                )
                record.areas.set(areas)
                f.funding(record, "1000", "USD", source=japan)
                f.funding(record, "500", "EUR", "disbursement", source=school)
                f.result(
                    record, indicators["people-trained"], [(2022, "10", "9"), (2023, "20", None)]
                )
                f.result(record, indicators["jobs-created"], [(2023, "5", "6")], Decimal(1), 2021)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                exported = activities_xml(published())
            assert validate(exported) == []
            return len(captured)

        add(1, 0)
        one = queries()
        add(4, 1)
        five = queries()
        assert one == five <= 6


# The command -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestCommand:
    def test_it_writes_a_file_that_validates(self, world, tmp_path):
        path = tmp_path / "iati-activities.xml"
        output = io.StringIO()
        call_command("export_iati", "--output", str(path), "--validate", stdout=output)
        assert validate(path.read_bytes()) == []
        assert f"5 activities written to {path}" in output.getvalue()
        assert world.skills.iati_identifier.encode() in path.read_bytes()
        assert list(tmp_path.iterdir()) == [path]  # no partial file left behind

    def test_it_writes_to_standard_output(self, world):
        output = io.StringIO()
        call_command("export_iati", stdout=output)
        exported = output.getvalue().encode("utf-8")
        assert validate(exported) == []
        assert "المهارات الرقمية للشباب".encode() in exported

    def test_it_refuses_to_write_a_file_that_does_not_validate(self, db, tmp_path):
        # Nothing is published: a file without activities breaks the schema.
        path = tmp_path / "iati-activities.xml"
        path.write_bytes(b"the file of yesterday")
        with pytest.raises(CommandError, match="does not validate") as refused:
            call_command("export_iati", "--output", str(path), "--validate")
        assert "iati-activity" in str(refused.value)
        assert path.read_bytes() == b"the file of yesterday"

    def test_it_says_when_it_cannot_write(self, world, tmp_path):
        with pytest.raises(CommandError, match="Cannot write"):
            call_command("export_iati", "--output", str(tmp_path / "missing" / "iati.xml"))
