"""The index follows every save and delete made through core.services, in the same
transaction: a rolled-back change leaves it as it was. rebuild() makes it again from the
records, for what was loaded in bulk."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import services
from engagements.models import AgendaItem, Decision, Meeting
from partners.models import Partner, Position
from search import backends, index
from search.models import SearchEntry
from search.tests.conftest import (
    attach,
    found,
    make_agreement,
    make_meeting,
    make_partner,
    make_person,
    save,
)

pytestmark = pytest.mark.django_db


def test_it_installs_the_full_text_index_of_the_database():
    assert backends.installed()


def test_it_follows_a_new_title_and_forgets_the_old_one(manager):
    agreement = make_agreement("Memorandum on broadband")
    assert found(manager, "broadband") == ["Memorandum on broadband"]
    agreement.title_en = "Memorandum on satellites"
    save(agreement)
    assert found(manager, "satellites") == ["Memorandum on satellites"]
    assert found(manager, "broadband") == []
    assert SearchEntry.objects.count() == 1


def test_it_forgets_a_deleted_record(manager):
    partner = make_partner("Atlantis Telecom")
    assert found(manager, "atlantis") == ["Atlantis Telecom"]
    services.delete(partner, manager)
    assert found(manager, "atlantis") == []
    assert not SearchEntry.objects.exists()


def test_it_rolls_back_with_a_failed_transaction(manager):
    agreement = make_agreement("Memorandum on broadband")
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement.title_en = "Memorandum on satellites"
        save(agreement)
        make_partner("Lemuria Networks")
        assert found(manager, "satellites") == ["Memorandum on satellites"]
        raise RuntimeError("the rest of the use case failed")
    assert found(manager, "satellites") == []
    assert found(manager, "lemuria") == []
    assert found(manager, "broadband") == ["Memorandum on broadband"]


def test_it_rolls_back_a_deletion(manager):
    partner = make_partner("Atlantis Telecom")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete(partner, manager)
        raise RuntimeError
    assert found(manager, "atlantis") == ["Atlantis Telecom"]


def test_it_refuses_a_record_that_fails_validation_and_indexes_nothing(manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        save(Partner(kind="organization", name_en="Uncategorised body"))
    assert found(manager, "uncategorised") == []


def test_it_indexes_the_parts_of_a_meeting_with_the_meeting(manager):
    meeting = make_meeting("Consultations with Narnia")
    assert found(manager, "narnia", kind="minutes") == []
    item = save(AgendaItem(meeting=meeting, title_en="Spectrum", position="We favour gigahertz."))
    decision = save(Decision(meeting=meeting, text_en="Open a terahertz laboratory."))
    assert found(manager, "gigahertz") == ["Consultations with Narnia"]
    assert found(manager, "terahertz", kind="minutes") == ["Consultations with Narnia"]
    decision.text_en = "Open a petahertz laboratory."
    save(decision)
    assert found(manager, "terahertz") == []
    assert found(manager, "petahertz") == ["Consultations with Narnia"]
    services.delete(item, manager)
    assert found(manager, "gigahertz") == []
    services.delete(decision, manager)
    # Nothing left to search in the minutes: the minutes entry goes, the meeting stays.
    kinds = SearchEntry.objects.values_list("kind", flat=True)
    assert list(kinds) == ["meeting"]


def test_it_indexes_the_minutes_as_text_not_markdown(manager):
    meeting = make_meeting("Visit", minutes="## Outcome\n\n**Agreed** to <b>exchange</b> experts")
    entry = SearchEntry.objects.get(kind="minutes", object_id=meeting.pk)
    assert "##" not in entry.text and "**" not in entry.text
    assert found(manager, "agreed exchange") == ["Visit"]


def test_it_indexes_the_positions_a_person_holds(manager):
    person = make_person("Hiroshi Tanaka", "هيروشي تاناكا")
    japan = make_partner("Japan", "اليابان", kind="country", iso_alpha2="JP")
    save(Position(person=person, partner=japan, title_en="Ambassador", title_ar="سفير"))
    assert found(manager, "ambassador", kind="person") == ["Hiroshi Tanaka"]
    assert found(manager, "سفير") == ["Hiroshi Tanaka"]


def test_it_indexes_a_documents_text_when_it_is_uploaded(manager, editor):
    from documents import services as documents
    from documents.tests.files import docx_bytes, pdf_bytes

    agreement = make_agreement("Agreement with Oz")
    document = attach(agreement, "text.pdf", pdf_bytes("Emerald spectrum sharing"), title="Text")
    attach(agreement, "annex.docx", docx_bytes("ملحق بشأن الإتصالات الفضائية"), title="Annex")
    assert found(editor, "emerald") == ["Text"]
    assert found(editor, "الاتصالات الفضائيه") == ["Annex"]
    entry = SearchEntry.objects.get(kind="document", object_id=document.pk)
    assert entry.url == agreement.get_absolute_url() + "#documents-title"
    assert entry.context_en == "Agreement with Oz"
    documents.remove(document, manager)
    assert found(editor, "emerald") == []


def test_it_costs_nothing_for_a_record_it_does_not_index():
    content_type = ContentType.objects.get_for_model(Meeting)  # not searchable, not a record
    with CaptureQueriesContext(connection) as queries:
        index.record_changed(content_type)
        index.record_changed(content_type, deleted=True)
    assert len(queries) == 0


def test_it_writes_nothing_when_nothing_changed(manager):
    agreement = make_agreement("Memorandum on broadband")
    stamp = SearchEntry.objects.get().updated_at
    with CaptureQueriesContext(connection) as queries:
        index.update(agreement)
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert SearchEntry.objects.get().updated_at == stamp


def test_it_rebuilds_what_was_loaded_in_bulk(manager):
    make_agreement("Memorandum on broadband")
    bodies = [f"Bulk body {i}" for i in range(3)]
    Partner.objects.bulk_create(
        [Partner(kind="organization", category="regional_arab", name_en=name) for name in bodies]
    )
    assert found(manager, "bulk") == []
    counts = index.rebuild()
    assert counts["partner"] == 3 and counts["agreement"] == 1
    assert sorted(found(manager, "bulk")) == ["Bulk body 0", "Bulk body 1", "Bulk body 2"]
    assert found(manager, "broadband") == ["Memorandum on broadband"]
    assert backends.installed()
    # The index keeps following changes after a rebuild.
    make_partner("Bulk body 3")
    assert len(found(manager, "bulk")) == 4


def test_it_rebuilds_from_the_command(manager, capsys):
    from django.core.management import call_command

    make_agreement("Memorandum on broadband")
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index")
    assert "1 agreement" in capsys.readouterr().out
    assert found(manager, "broadband") == ["Memorandum on broadband"]
