"""Real registers, as they are (../shared/data, see its README): every row accounted for,
the numbers pinned so that a regression fails.

- UNCTAD's International Investment Agreements Navigator (a 2025 scrape): 3,925 treaties,
  parties in one comma-joined cell, regional bodies among them;
- HUGGO (globalgov/manytreaties, CC BY 4.0): the agreements table, with uncertain dates,
  sentinels and "NA", and the party-level treaty actions (mixed encodings, DD.MM.YYYY).

The Correlates of War memberships are year-by-year memberships of every state, which
`manage.py import_igo_memberships` turns into member-state spans (multilateral/igo.py,
tested there with its own pinned numbers)."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from agreements.models import Agreement, AgreementParty, TreatyAction
from conftest import make_user
from core.tests.reference import loaded_reference
from imports import services
from imports.choices import Outcome

DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
UNCTAD = DATA / "unctad-iia" / "unctad_iia_navigator_scrape.csv"
HUGGO = DATA / "huggo" / "HUGGO_clean.csv"
HUGGO_MEM = DATA / "huggo" / "HUGGO_MEM_trade_additional.csv"


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    with loaded_reference(django_db_blocker):
        yield


@pytest.fixture
def importer(reference, db):
    return make_user("importer", "officer", "confidential")


def checked(path, kind, user, columns=None):
    """The file checked, its columns guessed or named ({field: header})."""
    assert path.is_file(), f"{path} is missing: the data of ../shared/data is needed"
    job = services.upload(path.read_bytes(), path.name, kind, user)
    mapping = job.mapping
    if columns:
        mapping = {name: job.headers.index(header) for name, header in columns.items()}
    services.set_mapping(job, mapping, user)
    services.request_check(job)
    return services.check(job)


def reasons(job) -> Counter:
    return Counter(
        message["text"]
        for row in job.rows.filter(outcome=Outcome.ERROR)
        for message in row.messages
    )


def test_the_unctad_register_comes_in_with_every_row_accounted_for(importer):
    job = checked(UNCTAD, "agreements", importer)
    named = {name: job.headers[index] for name, index in job.mapping.items()}
    assert named == {
        "reference": "treaty_id",
        "title_en": "short_title",
        "type": "type",
        "status": "status",
        "parties": "parties",
        "signature_date": "date_of_signature",
        "entry_into_force": "date_of_entry_into_force",
        "termination_date": "termination_date",
    }
    assert job.row_count == 3925
    assert job.counts == {Outcome.CREATE: 3732, Outcome.ERROR: 192, Outcome.AMBIGUOUS: 1}
    # Every refused row is refused for a party that is no country in the registry (a
    # regional body, a group of states, a historic state), named in its message.
    for row in job.rows.filter(outcome=Outcome.ERROR):
        assert all("No partner is known as" in m["text"] for m in row.messages), row.messages
    # Channel Islands (Guernsey, Jersey): the user picks Jersey.
    row = job.rows.get(outcome=Outcome.AMBIGUOUS)
    key, options = next(iter(row.candidates.items()))
    jersey = next(option["id"] for option in options if "Jersey" in option["name"])
    services.resolve(job, row, {key: str(jersey)}, importer)
    services.queue(job, importer)
    services.run(job)
    assert Agreement.objects.count() == 3733
    cepa = Agreement.objects.get(reference="2")
    assert cepa.title_en == "Ukraine - United Arab Emirates CEPA (2025)"
    assert str(cepa.signature_date) == "2025-02-18" and cepa.status == "signed"
    assert set(cepa.parties.values_list("partner__iso_alpha2", flat=True)) == {"UA", "AE"}
    assert AgreementParty.objects.count() > 7000
    # The same file again: nothing new, nothing changed.
    again = checked(UNCTAD, "agreements", importer)
    assert again.counts == {Outcome.UNCHANGED: 3732, Outcome.ERROR: 192, Outcome.AMBIGUOUS: 1}
    row = again.rows.get(outcome=Outcome.AMBIGUOUS)  # a new job asks again
    assert services.resolve(again, row, {key: str(jersey)}, importer).outcome == Outcome.UNCHANGED


def test_the_huggo_agreements_are_read_with_their_messy_dates(importer):
    job = checked(HUGGO, "agreements", importer)
    assert job.row_count == 4532
    assert job.counts == {Outcome.CREATE: 4507, Outcome.ERROR: 25}
    found = reasons(job)
    assert sum(found.values()) >= 25
    # Every refusal is a date that is no date (31 June), dates in an impossible order, or a
    # title too long to keep.
    for text in found:
        assert any(
            reason in text
            for reason in ("is not a date", "longer than", "typo", "cannot come before")
        ), text
    uncertain = job.rows.filter(messages__icontains="uncertain").count()
    assert uncertain > 0


def test_the_huggo_party_actions_come_in_after_their_agreements(importer):
    treaties = checked(
        HUGGO_MEM,
        "agreements",
        importer,
        {
            "reference": "treatyID",
            "title_en": "Title",
            "signature_date": "Signature",
            "entry_into_force": "Force",
            "termination_date": "End",
        },
    )
    assert treaties.row_count == 5644
    # One row per state and treaty: 764 treaty ids, of which 11 enter into force before
    # they are signed (refused on each of their 59 rows); the other rows repeat a treaty.
    assert treaties.counts == {
        Outcome.CREATE: 753,
        Outcome.UNCHANGED: 4800,
        Outcome.UPDATE: 32,
        Outcome.ERROR: 59,
    }
    for row in treaties.rows.filter(outcome=Outcome.ERROR):
        assert row.messages == [
            {"field": "", "text": "Entry into force cannot come before signature."}
        ]
    services.queue(treaties, importer)
    services.run(treaties)
    assert Agreement.objects.count() == 753
    actions = checked(
        HUGGO_MEM,
        "treaty_actions",
        importer,
        {
            "agreement": "treatyID",
            "party": "stateID",
            "signature": "StateSignature",
            "ratification": "StateRatification",
            "entry_into_force": "StateForce",
            "withdrawal": "StateEnd",
            "accession": "Accession",
        },
    )
    # Refused: rows with no date of any action, parties no registry knows (EFTA, Kosovo as
    # KOS, ALG for Algeria), and the treaties refused above.
    assert actions.counts == {Outcome.CREATE: 5455, Outcome.ERROR: 183, Outcome.UNCHANGED: 6}
    services.queue(actions, importer)
    services.run(actions)
    actions.refresh_from_db()
    # Eight more refused by the agreements' rules as they are written (an action dated
    # before the treaty's signature), each accounted for on its row.
    assert actions.counts == {"create": 5447, "error": 191, "unchanged": 6}
    assert TreatyAction.objects.count() == 12199
