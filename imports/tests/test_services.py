"""The import engine on small files: mapping guessed in either language, a dry run that
writes nothing, ambiguity resolved by the user, an import that writes everything or nothing,
change records naming the job, re-import that changes nothing, undo (refused once a record
was edited since)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, AgreementParty, TreatyAction
from core import services as core_services
from core.models import ChangeRecord, Note
from engagements.models import Meeting
from imports import kinds, services
from imports.choices import JobStatus, Outcome
from imports.tests.files import AGREEMENTS, csv_bytes
from initiatives.tests.factories import country, organization
from multilateral.models import Contribution
from partners.models import Partner

pytestmark = pytest.mark.django_db


def checked(user, rows, kind="agreements", **options):
    job = services.upload(csv_bytes(rows), "register.csv", kind, user, **options)
    services.set_mapping(job, job.mapping, user)
    services.request_check(job)
    return services.check(job)


def imported(job, user):
    services.queue(job, user)
    return services.run(job)


def test_it_guesses_the_columns_from_english_and_arabic_headers(editor, partners):
    job = services.upload(csv_bytes(AGREEMENTS), "register.csv", "agreements", editor)
    headers = job.headers
    named = {field: headers[index] for field, index in job.mapping.items()}
    assert named["reference"] == "Reference"
    assert named["title_en"] == "Title"
    assert named["title_ar"] == "العنوان"
    assert named["parties"] == "Parties"
    assert named["signature_date"] == "Date of signature"
    assert named["entry_into_force"] == "Entry into force"


def test_the_check_says_what_each_row_will_do_and_writes_nothing(editor, partners):
    job = checked(editor, AGREEMENTS)
    outcomes = dict(job.rows.values_list("number", "outcome"))
    assert outcomes == {2: "create", 3: "create", 4: "error", 5: "error"}
    assert not Agreement.objects.exists()
    messages = {row.number: " ".join(m["text"] for m in row.messages) for row in job.rows.all()}
    assert "Atlantis" in messages[4]
    assert "formula" in messages[5] and "2019-02-31" in messages[5]
    assert "uncertain" in messages[3].lower()


def test_an_import_writes_the_rows_with_change_records_naming_the_job(editor, partners):
    job = imported(checked(editor, AGREEMENTS), editor)
    assert job.status == JobStatus.IMPORTED
    mou = Agreement.objects.get(reference="EG-DE-1")
    assert mou.type == "mou" and mou.title_ar == "مذكرة تفاهم"
    assert str(mou.signature_date) == "2018-03-12"
    assert str(mou.entry_into_force) == "2018-04-01"
    assert set(mou.parties.values_list("partner__iso_alpha2", flat=True)) == {"EG", "DE"}
    korea = Agreement.objects.get(reference="EG-KR-2")
    assert korea.parties.get().partner == partners["KR"]
    assert str(korea.signature_date) == "2021-01-01"
    note = Note.objects.get(object_id=korea.pk)
    assert "date of signature" in note.text.lower()  # kept as uncertain
    records = ChangeRecord.objects.filter(object_id=str(mou.pk), content_type__model="agreement")
    assert records.filter(channel="import", comment=str(job)).exists()
    assert records.first().user == editor
    assert Agreement.objects.count() == 2  # the rows with errors are left out


def test_importing_the_same_file_again_changes_nothing(editor, partners):
    imported(checked(editor, AGREEMENTS), editor)
    before = (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        ChangeRecord.objects.count(),
    )
    again = checked(editor, AGREEMENTS)
    assert again.counts.get(Outcome.UNCHANGED) == 2 and not again.counts.get(Outcome.CREATE)
    imported(again, editor)
    after = (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        ChangeRecord.objects.count(),
    )
    assert after == before


def test_a_changed_row_updates_the_record(editor, partners):
    imported(checked(editor, AGREEMENTS), editor)
    changed = [row[:] for row in AGREEMENTS[:2]]
    changed[1][1] = "MoU on ICT and AI"
    job = checked(editor, changed)
    assert job.counts == {Outcome.UPDATE: 1}
    imported(job, editor)
    assert Agreement.objects.get(reference="EG-DE-1").title_en == "MoU on ICT and AI"


def test_an_ambiguous_partner_waits_for_the_users_choice(editor, partners):
    congo = country("CG", "Congo", "002")
    drc = country("CD", "Congo, The Democratic Republic of the", "002")
    Partner.objects.filter(pk=drc.pk).update(former_names="Congo\nZaire")
    rows = [
        AGREEMENTS[0],
        ["EG-CG-9", "Agreement with Congo", "", "mou", "signed", "Congo", "2020-01-01", ""],
    ]
    job = checked(editor, rows)
    row = job.rows.get(number=2)
    assert row.outcome == Outcome.AMBIGUOUS
    with pytest.raises(ValidationError):
        services.queue(job, editor)  # a row still needs a choice
    key = next(iter(row.candidates))
    assert {c["id"] for c in row.candidates[key]} == {congo.pk, drc.pk}
    services.resolve(job, row, {key: str(drc.pk)}, editor)
    row.refresh_from_db()
    assert row.outcome == Outcome.CREATE
    imported(job, editor)
    assert Agreement.objects.get(reference="EG-CG-9").parties.get().partner == drc


def test_a_failure_in_the_middle_leaves_nothing(editor, partners, monkeypatch):
    job = checked(editor, AGREEMENTS)
    original = kinds.Agreements.write
    calls = []

    def failing(self, values, record, context):
        calls.append(values["reference"])
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return original(self, values, record, context)

    monkeypatch.setattr(kinds.Agreements, "write", failing)
    services.queue(job, editor)
    with pytest.raises(RuntimeError):
        services.run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "the disk is full" in job.error
    assert not Agreement.objects.exists()
    assert not AgreementParty.objects.exists()
    assert not ChangeRecord.objects.filter(channel="import").exists()


def test_undo_removes_what_the_import_wrote(editor, partners):
    job = imported(checked(editor, AGREEMENTS), editor)
    services.undo(job, editor)
    job.refresh_from_db()
    assert job.status == JobStatus.UNDONE
    assert not Agreement.objects.exists() and not AgreementParty.objects.exists()
    assert not TreatyAction.objects.exists()


def test_undo_puts_back_what_an_update_changed(editor, partners):
    imported(checked(editor, AGREEMENTS), editor)
    changed = [row[:] for row in AGREEMENTS[:2]]
    changed[1][1] = "MoU on ICT and AI"
    update = imported(checked(editor, changed), editor)
    services.undo(update, editor)
    assert Agreement.objects.get(reference="EG-DE-1").title_en == "MoU on ICT"


def test_undo_is_refused_once_a_record_was_edited(editor, partners):
    job = imported(checked(editor, AGREEMENTS), editor)
    mou = Agreement.objects.get(reference="EG-DE-1")
    mou.summary = "Edited by hand"
    core_services.save(mou, editor)
    with pytest.raises(services.UndoRefused) as refused:
        services.undo(job, editor)
    assert "MoU on ICT" in str(refused.value)
    assert Agreement.objects.count() == 2


def test_treaty_actions_and_memberships_import(editor, partners):
    imported(checked(editor, AGREEMENTS), editor)
    actions = [
        ["treaty_id", "state", "signature", "ratification", "force"],
        ["EG-DE-1", "DEU", "12.03.2018", "20.03.2018", "NA"],
        ["EG-DE-1", "EGY", "12.03.2018", "NA", "31.12.9999"],
        ["NO-SUCH", "EGY", "12.03.2018", "", ""],
    ]
    job = checked(editor, actions, kind="treaty_actions")
    assert dict(job.rows.values_list("number", "outcome")) == {2: "create", 3: "create", 4: "error"}
    imported(job, editor)
    mou = Agreement.objects.get(reference="EG-DE-1")
    assert set(mou.treaty_actions.values_list("party__partner__iso_alpha2", "kind")) == {
        ("DE", "signature"),
        ("DE", "ratification"),
        ("EG", "signature"),
    }
    itu = organization("ITU", "International Telecommunication Union", "un")
    members = [
        ["Organization", "Member", "Status", "Since"],
        ["ITU", "Egypt", "Member state", "1876"],
    ]
    job = imported(checked(editor, members, kind="memberships"), editor)
    assert itu.memberships.get().member == partners["EG"]


def test_a_file_that_cannot_be_read_is_refused_naming_the_file(editor, db):
    with pytest.raises(ValidationError) as error:
        services.upload(b"%PDF-1.7 not a spreadsheet", "register.xlsx", "agreements", editor)
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.upload(csv_bytes(AGREEMENTS), "register.csv", "nonsense", editor)
    assert "kind" in error.value.message_dict


def test_the_worker_checks_and_imports_what_waits_for_it(editor, partners):
    from imports import worker

    job = services.upload(csv_bytes(AGREEMENTS), "register.csv", "agreements", editor)
    services.set_mapping(job, job.mapping, editor)
    services.request_check(job)
    assert worker.process_pending("test") == 1
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED
    services.queue(job, editor)
    assert worker.process_pending("test") == 1
    job.refresh_from_db()
    assert job.status == JobStatus.IMPORTED and Agreement.objects.count() == 2
    assert worker.process_pending("test") == 0  # nothing left


def test_partners_people_meetings_and_dues_import_and_reimport_unchanged(editor, partners):
    itu = organization("ITU", "International Telecommunication Union", "un")
    files = {
        "partners": [
            ["Type", "Name", "الاسم", "Acronym", "Country", "Institution type", "Category"],
            ["institution", "Fraunhofer FOKUS", "معهد فراونهوفر", "", "Germany", "research", ""],
            ["organization", "Arab ICT Organization", "", "AICTO", "", "", "Regional: Arab"],
            ["country", "Atlantis", "", "", "", "", ""],
            ["institution", "A body with no country", "", "", "", "company", ""],
        ],
        "people": [["Name", "الاسم", "Nationality"], ["Amal Farouk", "أمل فاروق", "Egypt"]],
        "meetings": [
            ["Title", "Date", "City", "Country", "Partners", "Level"],
            [
                "Visit of the German delegation",
                "14.05.2023",
                "Cairo",
                "Egypt",
                "Germany",
                "Ministerial",
            ],
        ],
        "contributions": [
            ["Organization", "Year", "Currency", "Amount", "Paid"],
            ["ITU", "2024", "chf", "1,250,000", "1000000"],
        ],
    }
    expected = {
        "partners": {Outcome.CREATE: 2, Outcome.ERROR: 2},
        "people": {Outcome.CREATE: 1},
        "meetings": {Outcome.CREATE: 1},
        "contributions": {Outcome.CREATE: 1},
    }
    for kind, rows in files.items():
        job = checked(editor, rows, kind=kind)
        assert job.counts == expected[kind], (
            kind,
            list(job.rows.values_list("messages", flat=True)),
        )
        imported(job, editor)
    fokus = Partner.objects.get(name_en="Fraunhofer FOKUS")
    assert fokus.country == partners["DE"] and fokus.classification == "public"
    assert Partner.objects.get(acronym="AICTO").category == "regional_arab"
    meeting = Meeting.objects.get()
    assert meeting.level == "ministerial" and meeting.start_local.date().isoformat() == "2023-05-14"
    assert list(meeting.partners.all()) == [partners["DE"]]
    dues = Contribution.objects.get(organization=itu)
    assert dues.currency == "CHF" and dues.amount_due == 1250000 and dues.kind == "assessed"
    for kind, rows in files.items():
        again = checked(editor, rows, kind=kind)
        assert not again.counts.get(Outcome.CREATE) and not again.counts.get(Outcome.UPDATE), kind


def test_undo_puts_back_the_amounts_a_dues_update_changed(editor, partners):
    itu = organization("ITU", "International Telecommunication Union", "un")
    header = ["Organization", "Year", "Currency", "Amount", "Paid"]
    imported(
        checked(editor, [header, ["ITU", "2024", "CHF", "1000.50", "0"]], kind="contributions"),
        editor,
    )
    update = imported(
        checked(
            editor, [header, ["ITU", "2024", "CHF", "1000.50", "750.25"]], kind="contributions"
        ),
        editor,
    )
    assert Contribution.objects.get(organization=itu).amount_paid == Decimal("750.25")
    services.undo(update, editor)
    assert Contribution.objects.get(organization=itu).amount_paid == Decimal("0")
