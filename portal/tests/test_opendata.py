"""The open data files (portal.opendata): what they hold, what they never hold, their
schema, and the queries they run.

Every record is written through the services, as the pages write them: the files must be
right about what the system really stores, not about rows shaped by hand."""

import csv
import io
import json
import zoneinfo
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements import services as agreement_services
from agreements.models import Agreement, AgreementParty
from core import services
from core.models import Note, OrgUnit
from engagements.models import Meeting
from initiatives import services as initiative_services
from initiatives.models import (
    Funding,
    Indicator,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from multilateral.models import ElectedPost, GoverningBody, Membership, Seat
from partners.models import Partner, Person
from portal import opendata
from portal.opendata import DATASETS, SCHEMA_VERSION, as_csv, as_json, datapackage
from portal.services import set_published

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")

# The documented schema, version 1. Changing it breaks every user of the files: a change
# here goes with a new SCHEMA_VERSION.
SCHEMA = {
    "agreements": [
        "id",
        "type",
        "type_label",
        "title_en",
        "title_ar",
        "reference",
        "status",
        "signature_date",
        "signature_place",
        "entry_into_force",
        "expiry_date",
        "termination_date",
        "summary",
        "parties",
        "party_codes",
    ],
    "meetings": [
        "id",
        "kind",
        "level",
        "title_en",
        "title_ar",
        "start_date",
        "end_date",
        "city",
        "country",
        "partners",
        "partner_codes",
        "agreement_ids",
    ],
    "memberships": [
        "id",
        "organization_acronym",
        "organization_name_en",
        "organization_name_ar",
        "member_name_en",
        "member_name_ar",
        "member_iso_alpha2",
        "status",
        "since",
        "until",
    ],
    "seats": [
        "id",
        "organization_acronym",
        "organization_name_en",
        "organization_name_ar",
        "body_name_en",
        "body_name_ar",
        "holder_name_en",
        "holder_name_ar",
        "holder_iso_alpha2",
        "term_start",
        "term_end",
    ],
    "posts": [
        "id",
        "organization_acronym",
        "organization_name_en",
        "organization_name_ar",
        "body_name_en",
        "body_name_ar",
        "title_en",
        "title_ar",
        "person_name_en",
        "person_name_ar",
        "term_start",
        "term_end",
    ],
    "initiatives": [
        "id",
        "iati_identifier",
        "title_en",
        "title_ar",
        "kind",
        "status",
        "start_date",
        "end_date",
        "description_en",
        "description_ar",
        "partners",
        "partner_codes",
        "agreement_ids",
    ],
    "results": [
        "initiative_id",
        "indicator_code",
        "indicator_name_en",
        "indicator_name_ar",
        "unit",
        "period_start",
        "period_end",
        "target",
        "actual",
    ],
    "countries": [
        "iso_alpha2",
        "name_en",
        "name_ar",
        "group",
        "home",
        "agreements",
        "meetings",
        "initiatives",
    ],
}

# What must never be published: the records that are not (unpublished, or above public),
# and the internal fields of the ones that are. Each carries its marker in its text.
HIDDEN_LEVELS = [
    ("unpublished", "public"),
    ("internal", "internal"),
    ("confidential", "confidential"),
    ("secret", "secret"),
]
INTERNAL_MARKERS = [
    "CONFPARTY",  # a confidential party of a published agreement
    "CONFCOUNTRY",  # the confidential country a published meeting was held in
    "CONFORG",  # a confidential organization with a published membership
    "CONFPERSON",  # a confidential person holding a published post, a focal point
    "SIGNATORYMARK",
    "SIGNEDATMARK",
    "DESKMARK",
    "NOTEMARK",
    "MINUTESMARK",
    "LINKMARK",
    "FUNDINGMARK",
    "SOURCEMARK",
    "BASELINEMARK",
    "987654",  # the target of an unpublished initiative's result
]


# Building records through the services --------------------------------------------------


def partner(user, **fields) -> Partner:
    fields.setdefault("classification", "public")
    return services.save(Partner(**fields), user)


def country(user, iso, name_en, name_ar="", region="", **fields) -> Partner:
    return partner(
        user, kind="country", iso_alpha2=iso, name_en=name_en, name_ar=name_ar, region=region,
        **fields,
    )  # fmt: skip


def agreement(user, title, *, parties=(), **fields) -> Agreement:
    """An agreement saved (and, when public and `published`, published) through its
    service, with `parties` as (partner, role) or partners."""
    values = {
        "type": "mou",
        "title_en": title,
        "classification": "public",
        "status": "signed",
        "term_kind": "fixed",
        "term_length": 5,
        **fields,
    }
    record = agreement_services.save_agreement(Agreement(**values), user)
    for party in parties:
        found, role = party if isinstance(party, tuple) else (party, "party")
        agreement_services.save_part(
            AgreementParty(agreement=record, partner=found, role=role), user
        )
    return record


def meeting(user, title, *, start=None, partners=(), agreements=(), **fields) -> Meeting:
    start = start or datetime(2024, 5, 2, 8, 0, tzinfo=TOKYO)
    values = {
        "kind": "bilateral",
        "level": "ministerial",
        "title_en": title,
        "start": start,
        "end": start.replace(hour=start.hour + 2),
        "time_zone": "Asia/Tokyo",
        "classification": "public",
        **fields,
    }
    return services.save(
        Meeting(**values),
        user,
        m2m={"partners": [p.pk for p in partners], "agreements": [a.pk for a in agreements]},
    )


def initiative(user, title, *, partners=(), agreements=(), **fields) -> Initiative:
    """An initiative through its service; `partners` are (partner, role) pairs."""
    values = {
        "title_en": title,
        "kind": "capacity_building",
        "status": "ongoing",
        "start_date": date(2022, 1, 1),
        "end_date": date(2026, 12, 31),
        "classification": "public",
        **fields,
    }
    record = initiative_services.save_initiative(
        Initiative(**values), user, m2m={"agreements": [a.pk for a in agreements]}
    )
    for found, role in partners:
        initiative_services.save_part(
            InitiativePartner(initiative=record, partner=found, role=role), user
        )
    return record


def result(user, record, indicator, periods, **fields) -> Result:
    """A result of `record`; `periods` are (year, target, actual, source)."""
    saved = initiative_services.save_part(
        Result(initiative=record, indicator=indicator, **fields), user
    )
    for year, target, actual, source in periods:
        initiative_services.save_part(
            ResultPeriod(
                result=saved,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                target=None if target is None else Decimal(target),
                actual=None if actual is None else Decimal(actual),
                source=source,
            ),
            user,
        )
    return saved


def body(user, organization, name_en, name_ar="") -> GoverningBody:
    return services.save(
        GoverningBody(organization=organization, name_en=name_en, name_ar=name_ar, kind="council"),
        user,
    )


def hidden(classification: str) -> dict:
    """A record that must stay out: public but unpublished, or above public (which the
    database refuses to publish)."""
    return {"classification": classification, "published": False}


@pytest.fixture
def world(manager):
    """One published record of every kind, with internal fields and non-public partners
    around it, and records of every kind that must stay out of the files."""
    user = manager
    desk = services.save(OrgUnit(code="desk", name_en="DESKMARK desk"), user)
    egypt = country(user, "EG", "Egypt", "مصر", "002")
    japan = country(user, "JP", "Japan", "اليابان", "142")
    country(user, "FR", "France", "فرنسا", "150")  # nothing published with it
    secret_country = country(user, "XC", "Confidentia CONFCOUNTRY", classification="confidential")
    hidden_party = partner(
        user,
        kind="institution",
        name_en="Hidden Works CONFPARTY",
        institution_type="company",
        country=japan,
        classification="confidential",
    )
    itu = partner(
        user,
        kind="organization",
        acronym="ITU",
        name_en="International Telecommunication Union",
        name_ar="الاتحاد الدولي للاتصالات",
        category="un",
    )
    hidden_org = partner(
        user,
        kind="organization",
        acronym="HID",
        name_en="Hidden Organization CONFORG",
        category="un",
        classification="confidential",
    )
    amal = services.save(
        Person(name_en="Amal Hassan", name_ar="أمل حسن", classification="public"), user
    )
    hidden_person = services.save(
        Person(name_en="Hidden Person CONFPERSON", classification="confidential"), user
    )
    council = body(user, itu, "ITU Council", "مجلس الاتحاد")
    indicator = Indicator.objects.create(
        code="people-trained", name_en="People trained", name_ar="عدد المتدربين", unit="people"
    )

    # Agreements.
    signed = agreement(
        user,
        "Published MoU on artificial intelligence",
        title_ar="مذكرة تفاهم في الذكاء الاصطناعي",
        reference="EG-JP/2024/1",
        signature_date=date(2024, 3, 10),
        signature_place="Cairo",
        summary="Cooperation in AI research.",
        owner_unit=desk,
        responsible=user,
        published=True,
    )
    for found in (japan, egypt, hidden_party):
        agreement_services.save_part(
            AgreementParty(
                agreement=signed,
                partner=found,
                signatory_name="SIGNATORYMARK",
                signed_at="SIGNEDATMARK",
            ),
            user,
        )
    services.save(
        Note(
            content_type=ContentType.objects.get_for_model(Agreement),
            object_id=signed.pk,
            text="NOTEMARK",
            classification="public",
        ),
        user,
    )
    unpublished = {
        level: agreement(user, f"MARK-{level}-agreement", parties=[japan], **hidden(c))
        for level, c in HIDDEN_LEVELS
    }

    # Meetings.
    met = meeting(
        user,
        "Published ministerial meeting",
        city="Tokyo",
        country=japan,
        partners=[japan, egypt, hidden_party],
        agreements=[signed, unpublished["unpublished"], unpublished["secret"]],
        minutes="MINUTESMARK",
        online_link="https://example.org/LINKMARK",
        owner_unit=desk,
        published=True,
    )
    elsewhere = meeting(
        user,
        "Published meeting held in a confidential country",
        country=secret_country,
        partners=[japan],
        published=True,
    )
    for level, c in HIDDEN_LEVELS:
        meeting(user, f"MARK-{level}-meeting", partners=[japan], **hidden(c))

    # Initiatives and their results.
    programme = initiative(
        user,
        "Published digital skills programme",
        title_ar="برنامج المهارات الرقمية",
        description_en="Training for young people.",
        partners=[(japan, "funder"), (egypt, "beneficiary"), (hidden_party, "implementer")],
        agreements=[signed, unpublished["internal"]],
        owner_unit=desk,
        published=True,
    )
    initiative_services.save_part(
        Funding(
            initiative=programme,
            kind="commitment",
            amount=Decimal("1000"),
            currency="USD",
            date=date(2023, 1, 1),
            note="FUNDINGMARK",
        ),
        user,
    )
    result(
        user,
        programme,
        indicator,
        [(2023, "100", "80", "SOURCEMARK"), (2024, "120", "-3.5", "")],
        baseline=Decimal("10"),
        baseline_year=2021,
        baseline_source="BASELINEMARK",
    )
    for level, c in HIDDEN_LEVELS:
        unlisted = initiative(user, f"MARK-{level}-initiative", **hidden(c))
        result(user, unlisted, indicator, [(2023, "987654", None, "")])

    # Memberships, seats and posts.
    membership = services.save(
        Membership(
            organization=itu,
            member=egypt,
            status="member_state",
            since=date(1876, 1, 1),
            focal_unit=desk,
            focal_person=hidden_person,
            classification="public",
            published=True,
        ),
        user,
    )
    services.save(
        Membership(
            organization=hidden_org,
            member=egypt,
            status="member_state",
            classification="public",
            published=True,
        ),
        user,
    )
    seat = services.save(
        Seat(
            body=council,
            holder=egypt,
            term_start=date(2023, 1, 1),
            term_end=date(2026, 12, 31),
            classification="public",
            published=True,
        ),
        user,
    )
    services.save(
        Seat(
            body=council,
            holder=secret_country,
            term_start=date(2023, 1, 1),
            classification="public",
            published=True,
        ),
        user,
    )
    post = services.save(
        ElectedPost(
            body=council,
            person=amal,
            title_en="Vice-chair",
            title_ar="نائب الرئيس",
            term_start=date(2022, 1, 1),
            classification="public",
            published=True,
        ),
        user,
    )
    services.save(
        ElectedPost(
            body=council,
            person=hidden_person,
            title_en="Chair",
            term_start=date(2022, 1, 1),
            classification="public",
            published=True,
        ),
        user,
    )
    for level, c in HIDDEN_LEVELS:
        organization = partner(
            user,
            kind="organization",
            acronym=f"M{level[:3].upper()}",
            name_en=f"MARK-{level}-membership",
            category="un",
        )
        services.save(
            Membership(organization=organization, member=egypt, status="observer", **hidden(c)),
            user,
        )
        hidden_body = body(user, itu, f"MARK-{level}-seat-body")
        services.save(
            Seat(body=hidden_body, holder=egypt, term_start=date(2023, 1, 1), **hidden(c)),
            user,
        )
        services.save(
            ElectedPost(
                body=council,
                person=amal,
                title_en=f"MARK-{level}-post",
                term_start=date(2020, 1, 1),
                **hidden(c),
            ),
            user,
        )
    return {
        "agreement": signed,
        "meeting": met,
        "elsewhere": elsewhere,
        "initiative": programme,
        "membership": membership,
        "seat": seat,
        "post": post,
        "egypt": egypt,
        "japan": japan,
    }


def json_records(name: str) -> list[dict]:
    document = json.loads(as_json(DATASETS[name]))
    return document["records"]


def csv_rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(as_csv(DATASETS[name]).decode("utf-8-sig"))))


def csv_records(name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(as_csv(DATASETS[name]).decode("utf-8-sig"))))


def every_file() -> str:
    """Every CSV and JSON file and the package descriptor, as text."""
    parts = [json.dumps(datapackage("https://example.org/open-data/"), ensure_ascii=False)]
    for dataset in DATASETS.values():
        parts.append(as_csv(dataset).decode("utf-8-sig"))
        parts.append(as_json(dataset).decode())
    return "\n".join(parts)


# The schema -------------------------------------------------------------------------------


class TestSchema:
    def test_it_keeps_the_documented_fields_of_every_dataset(self):
        assert SCHEMA_VERSION == 1
        assert {name: d.field_names for name, d in DATASETS.items()} == SCHEMA

    def test_it_names_each_dataset_by_its_key(self):
        for name, dataset in DATASETS.items():
            assert dataset.name == name
            assert len(set(dataset.field_names)) == len(dataset.fields)
            assert dataset.key is None or dataset.key in dataset.field_names

    def test_it_uses_only_table_schema_types(self):
        types = {f.type for d in DATASETS.values() for f in d.fields}
        assert types <= {"string", "integer", "number", "date", "boolean", "array"}

    def test_it_refuses_a_field_of_an_unknown_type(self):
        with pytest.raises(ValueError, match="unknown type"):
            opendata.Field("x", "text", "X", lambda r: r)

    def test_it_describes_every_field(self):
        for dataset in DATASETS.values():
            assert str(dataset.title) and str(dataset.description)
            for f in dataset.fields:
                assert str(f.description).strip(), f"{dataset.name}.{f.name}"


@pytest.mark.django_db
class TestDataPackage:
    def test_it_describes_every_dataset_from_the_same_fields(self):
        package = datapackage("https://example.org/open-data/")
        assert package["profile"] == "tabular-data-package"
        assert [r["name"] for r in package["resources"]] == list(DATASETS)
        for resource in package["resources"]:
            dataset = DATASETS[resource["name"]]
            assert resource["path"] == f"https://example.org/open-data/{dataset.name}.csv"
            assert resource["format"] == "csv"
            assert resource["mediatype"] == "text/csv"
            assert resource["encoding"] == "utf-8"
            fields = resource["schema"]["fields"]
            assert [f["name"] for f in fields] == dataset.field_names
            assert [f["type"] for f in fields] == [f.csv_type for f in dataset.fields]
            assert resource["schema"].get("primaryKey") == dataset.key

    def test_it_declares_arrays_as_the_text_the_csv_holds(self):
        package = datapackage("/open-data/")
        agreements = package["resources"][0]["schema"]["fields"]
        assert {f["name"]: f["type"] for f in agreements}["parties"] == "string"
        assert DATASETS["agreements"].fields[-2].type == "array"

    def test_it_describes_in_english_whatever_the_language(self):
        with translation.override("ar"):
            package = datapackage("/open-data/")
        with translation.override("en"):
            expected = str(DATASETS["agreements"].fields[0].description)
        assert package["resources"][0]["schema"]["fields"][0]["description"] == expected
        json.dumps(package)  # plain data: no lazy strings left


# What the files hold ----------------------------------------------------------------------


@pytest.mark.django_db
class TestPublishedRecords:
    def test_it_writes_a_published_agreement_with_its_public_parties(self, world):
        signed = world["agreement"]
        signed.refresh_from_db()
        [record] = json_records("agreements")
        assert record == {
            "id": signed.pk,
            "type": "mou",
            "type_label": "Memorandum of understanding",
            "title_en": "Published MoU on artificial intelligence",
            "title_ar": "مذكرة تفاهم في الذكاء الاصطناعي",
            "reference": "EG-JP/2024/1",
            "status": "in_force",  # moved on by agreements.services on its dates
            "signature_date": "2024-03-10",
            "signature_place": "Cairo",
            "entry_into_force": "2024-03-10",
            "expiry_date": signed.expiry_date.isoformat(),
            "termination_date": None,
            "summary": "Cooperation in AI research.",
            "parties": [
                {
                    "name_en": "Egypt",
                    "name_ar": "مصر",
                    "kind": "country",
                    "iso_alpha2": "EG",
                    "acronym": None,
                    "role": "party",
                },
                {
                    "name_en": "Japan",
                    "name_ar": "اليابان",
                    "kind": "country",
                    "iso_alpha2": "JP",
                    "acronym": None,
                    "role": "party",
                },
            ],
            "party_codes": ["EG", "JP"],
        }

    def test_it_joins_the_parties_in_the_csv(self, world):
        [row] = csv_records("agreements")
        assert row["id"] == str(world["agreement"].pk)
        assert row["parties"] == "Egypt; Japan"
        assert row["party_codes"] == "EG; JP"
        assert row["signature_date"] == "2024-03-10"
        assert row["termination_date"] == ""
        assert row["title_ar"] == "مذكرة تفاهم في الذكاء الاصطناعي"

    def test_it_labels_the_type_in_english_whatever_the_language(self, world):
        with translation.override("ar"):
            [record] = json_records("agreements")
        assert record["type_label"] == "Memorandum of understanding"

    def test_it_writes_a_meeting_on_its_local_dates_with_only_published_agreements(self, world):
        records = {r["id"]: r for r in json_records("meetings")}
        record = records[world["meeting"].pk]
        # 08:00 in Tokyo on 2 May is still 1 May in UTC: the file gives the local day.
        assert record["start_date"] == "2024-05-02"
        assert record["end_date"] == "2024-05-02"
        assert record["city"] == "Tokyo"
        assert record["country"] == "JP"
        assert [p["name_en"] for p in record["partners"]] == ["Egypt", "Japan"]
        assert record["partner_codes"] == ["EG", "JP"]
        assert record["agreement_ids"] == [world["agreement"].pk]
        assert records[world["elsewhere"].pk]["country"] is None
        assert len(records) == 2

    def test_it_writes_an_initiative_with_its_public_partners_in_their_roles(self, world):
        programme = world["initiative"]
        [record] = json_records("initiatives")
        assert record["id"] == programme.pk
        assert record["iati_identifier"] == programme.iati_identifier
        assert record["title_ar"] == "برنامج المهارات الرقمية"
        assert record["start_date"] == "2022-01-01"
        assert record["end_date"] == "2026-12-31"
        assert [(p["name_en"], p["role"]) for p in record["partners"]] == [
            ("Egypt", "beneficiary"),
            ("Japan", "funder"),
        ]
        assert record["agreement_ids"] == [world["agreement"].pk]
        [row] = csv_records("initiatives")
        assert row["partners"] == "Egypt (beneficiary); Japan (funder)"
        assert row["agreement_ids"] == str(world["agreement"].pk)

    def test_it_writes_the_results_of_published_initiatives_period_by_period(self, world):
        records = json_records("results")
        assert [(r["period_start"], r["target"], r["actual"]) for r in records] == [
            ("2023-01-01", 100, 80),
            ("2024-01-01", 120, -3.5),
        ]
        assert {r["initiative_id"] for r in records} == {world["initiative"].pk}
        assert records[0]["indicator_code"] == "people-trained"
        assert records[0]["indicator_name_ar"] == "عدد المتدربين"
        assert records[0]["unit"] == "people"
        rows = csv_records("results")
        # A negative number is a number, not a formula: no apostrophe.
        assert [(r["target"], r["actual"]) for r in rows] == [("100", "80"), ("120", "-3.5")]

    def test_it_writes_the_published_memberships_seats_and_posts(self, world):
        [membership] = json_records("memberships")
        assert membership["id"] == world["membership"].pk
        assert membership["organization_acronym"] == "ITU"
        assert membership["member_name_en"] == "Egypt"
        assert membership["member_iso_alpha2"] == "EG"
        assert membership["since"] == "1876-01-01"
        assert membership["until"] is None
        [seat] = json_records("seats")
        assert seat["id"] == world["seat"].pk
        assert (seat["body_name_en"], seat["holder_iso_alpha2"]) == ("ITU Council", "EG")
        assert (seat["term_start"], seat["term_end"]) == ("2023-01-01", "2026-12-31")
        [post] = json_records("posts")
        assert post["id"] == world["post"].pk
        assert (post["title_en"], post["person_name_en"]) == ("Vice-chair", "Amal Hassan")
        assert post["body_name_ar"] == "مجلس الاتحاد"

    def test_it_writes_the_maps_counts_by_country(self, world):
        records = {r["iso_alpha2"]: r for r in json_records("countries")}
        assert set(records) == {"EG", "JP"}
        assert records["JP"] == {
            "iso_alpha2": "JP",
            "name_en": "Japan",
            "name_ar": "اليابان",
            "group": "asian",
            "home": False,
            "agreements": 1,
            "meetings": 2,
            "initiatives": 1,
        }
        assert records["EG"]["home"] is True
        assert csv_records("countries")[1]["home"] == "false"

    def test_it_writes_a_record_once_a_manager_publishes_it(self, world, manager):
        before = {r["id"] for r in json_records("agreements")}
        draft = Agreement.objects.get(title_en="MARK-unpublished-agreement")
        set_published(draft, manager, True)
        after = {r["id"] for r in json_records("agreements")}
        assert after == before | {draft.pk}


@pytest.mark.django_db
class TestWhatIsNeverPublished:
    def test_it_leaves_out_unpublished_and_non_public_records_everywhere(self, world):
        text = every_file()
        assert "Published MoU on artificial intelligence" in text  # the check can fail
        for level, _classification in HIDDEN_LEVELS:
            assert f"MARK-{level}" not in text, level

    @pytest.mark.parametrize("marker", INTERNAL_MARKERS)
    def test_it_never_names_non_public_partners_or_internal_fields(self, world, marker):
        assert marker not in every_file()

    def test_it_leaves_out_a_record_withdrawn_from_the_portal(self, world, manager):
        set_published(world["agreement"], manager, False)
        assert "Published MoU on artificial intelligence" not in every_file()

    def test_it_leaves_unpublished_initiatives_out_of_the_iati_file(self, world):
        xml = opendata.as_iati().decode()
        assert world["initiative"].iati_identifier in xml
        for level, _classification in HIDDEN_LEVELS:
            assert f"MARK-{level}" not in xml


# The formats ------------------------------------------------------------------------------


@pytest.mark.django_db
class TestFormats:
    def test_it_writes_csv_with_a_bom_and_the_documented_header(self, world):
        for name, dataset in DATASETS.items():
            data = as_csv(dataset)
            assert data.startswith(b"\xef\xbb\xbf"), name
            assert csv_rows(name)[0] == SCHEMA[name]

    def test_it_writes_a_header_even_when_nothing_is_published(self, db):
        for name, dataset in DATASETS.items():
            assert csv_rows(name) == [SCHEMA[name]]
            assert json.loads(as_json(dataset))["records"] == []

    def test_it_neutralizes_cells_that_spreadsheets_would_run(self, manager):
        tricky = {
            "title_en": '=HYPERLINK("https://example.org","x")',
            "title_ar": "\tcmd",
            "reference": "@SUM(A1)",
            "signature_place": "-2+3",
            "summary": "\rboom",
        }
        agreement(manager, "", published=True, **tricky)
        [row] = csv_records("agreements")
        for name, value in tricky.items():
            assert row[name] == "'" + value, name
        # JSON is no spreadsheet: the values stay as they are.
        [record] = json_records("agreements")
        assert {name: record[name] for name in tricky} == tricky

    def test_it_neutralizes_a_partner_name_in_a_joined_cell(self, manager):
        rogue = country(manager, "JP", "=cmd|' /C calc'!A0")
        agreement(manager, "Rogue MoU", parties=[rogue], published=True)
        [row] = csv_records("agreements")
        assert row["parties"] == "'=cmd|' /C calc'!A0"

    def test_it_writes_json_whose_records_follow_the_declared_fields(self, world):
        python_types = {
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
            "array": list,
            "date": str,
        }
        for name, dataset in DATASETS.items():
            document = json.loads(as_json(dataset).decode("utf-8"))
            assert document["dataset"] == name
            assert document["schema_version"] == SCHEMA_VERSION
            assert document["license"] == "CC-BY-4.0"
            datetime.fromisoformat(document["generated"])
            assert document["records"], name
            for record in document["records"]:
                assert list(record) == dataset.field_names
                for f in dataset.fields:
                    value = record[f.name]
                    if value is None:
                        continue
                    assert isinstance(value, python_types[f.type]), (name, f.name, value)
                    if f.type == "date":
                        date.fromisoformat(value)

    def test_it_writes_arabic_as_text_not_escapes(self, world):
        data = as_json(DATASETS["agreements"])
        assert "مذكرة تفاهم".encode() in data
        assert b"\\u" not in data

    def test_it_takes_the_licence_from_the_settings(self, settings, db):
        settings.ACCORD_OPEN_DATA_LICENSE = "ODbL-1.0"
        settings.ACCORD_OPEN_DATA_LICENSE_URL = "https://opendatacommons.org/licenses/odbl/"
        assert json.loads(as_json(DATASETS["countries"]))["license"] == "ODbL-1.0"
        assert datapackage("/")["licenses"] == [
            {"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/"}
        ]


# Queries ----------------------------------------------------------------------------------


@pytest.fixture
def grow(manager):
    """grow(n): n more published records of every kind, each with partners and links."""
    user = manager
    egypt = country(user, "EG", "Egypt", "مصر", "002")
    itu = partner(user, kind="organization", acronym="ITU", name_en="ITU", category="un")
    council = body(user, itu, "ITU Council")
    indicator = Indicator.objects.create(
        code="jobs-created", name_en="Jobs created", name_ar="فرص العمل", unit="jobs"
    )
    made = [0]

    def more(n):
        for _ in range(n):
            made[0] += 1
            i = made[0]
            # A country of its own each time: the map's file grows too.
            other = country(user, f"Q{chr(64 + i)}", f"Country {i}", region="150")
            signed = agreement(user, f"Agreement {i}", parties=[other, egypt], published=True)
            meeting(
                user,
                f"Meeting {i}",
                country=other,
                partners=[other, egypt],
                agreements=[signed],
                published=True,
            )
            programme = initiative(
                user,
                f"Initiative {i}",
                partners=[(other, "funder"), (egypt, "beneficiary")],
                agreements=[signed],
                published=True,
            )
            result(user, programme, indicator, [(2023, "10", "5", "")])
            member = partner(
                user,
                kind="institution",
                name_en=f"Agency {i}",
                institution_type="government",
                country=egypt,
            )
            services.save(
                Membership(
                    organization=itu,
                    member=member,
                    status="sector_member",
                    classification="public",
                    published=True,
                ),
                user,
            )
            services.save(
                Seat(
                    body=council,
                    holder=member,
                    term_start=date(2000 + i, 1, 1),
                    classification="public",
                    published=True,
                ),
                user,
            )
            person = services.save(Person(name_en=f"Person {i}", classification="public"), user)
            services.save(
                ElectedPost(
                    body=council,
                    person=person,
                    title_en="Member",
                    term_start=date(2000 + i, 1, 1),
                    classification="public",
                    published=True,
                ),
                user,
            )

    return more


def measure() -> dict:
    """{(dataset, format): (queries run to write it, records in it)}."""
    found = {}
    for name, dataset in DATASETS.items():
        for label, write in (("csv", as_csv), ("json", as_json)):
            with CaptureQueriesContext(connection) as captured:
                write(dataset)
            records = len(json.loads(as_json(dataset))["records"])
            found[name, label] = (len(captured), records)
    return found


@pytest.mark.django_db
def test_it_runs_as_many_queries_for_20_records_as_for_1(grow):
    grow(1)
    one = measure()
    grow(19)
    twenty = measure()
    for key, (queries, records) in one.items():
        assert twenty[key][1] > records, key  # the second file is really longer
        assert twenty[key][0] == queries, key
        # A handful each: the records, and one query per list prefetched (map: five).
        assert queries <= 5, key
