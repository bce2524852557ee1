"""No leak: whatever a persona searches for, the results, the counts per kind and the
snippets hold nothing of a record above their clearance: not a record, not a part of one
(a meeting's minutes and decisions), not a document's text."""

import pytest
from django.core.exceptions import PermissionDenied

from core.choices import Classification
from engagements.models import Decision
from search import query
from search.tests.conftest import (
    attach,
    found,
    html_of,
    make_agreement,
    make_initiative,
    make_meeting,
    make_partner,
    make_person,
    make_position,
    save,
)

pytestmark = pytest.mark.django_db

LEVELS = Classification.values
# Each persona of the root conftest, and the levels they may read.
PERSONAS = {
    "viewer_no_clearance": ["public"],
    "viewer": ["public", "internal"],
    "editor": ["public", "internal", "confidential"],
    "manager": ["public", "internal", "confidential", "secret"],
}


@pytest.fixture
def corpus(db, tmp_path):
    """One record of every kind at every level, each with a word of its own ("zulu" plus
    its level, e.g. "zulusecret") in its text and its title, and a word they all share."""
    from documents.tests.files import docx_bytes

    for level in LEVELS:
        word = f"zulu{level}"
        make_partner(f"Partner {word}", f"شريك {word}", level, description=f"shared {word}")
        make_person(f"Person {word}", level=level)
        agreement = make_agreement(f"Agreement {word}", level=level, summary=f"shared {word}")
        meeting = make_meeting(f"Meeting {word}", level=level, minutes=f"shared minutes {word}")
        save(Decision(meeting=meeting, text_en=f"shared decision {word}"))
        make_position(f"Position {word}", level=level, text_en=f"shared {word}")
        make_initiative(f"Initiative {word}", level=level, description_en=f"shared {word}")
        attach(agreement, "text.docx", docx_bytes(f"shared document {word}"), title=f"Doc {word}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_no_result_count_or_snippet_above_clearance(request, corpus, persona):
    user = request.getfixturevalue(persona)
    readable = PERSONAS[persona]
    hidden = [level for level in LEVELS if level not in readable]
    results = query.search(user, "shared")
    # Partners, agreements, meetings' minutes, positions, initiatives, documents: one each.
    per_kind = len(readable)
    assert results.counts == {
        "partner": per_kind,
        "agreement": per_kind,
        "minutes": per_kind,
        "position": per_kind,
        "initiative": per_kind,
        "document": per_kind,
    }
    shown = html_of(results)
    for level in readable:
        assert f"zulu{level}" in shown
    for level in hidden:
        assert f"zulu{level}" not in shown
        # Searching for the hidden record's own word finds nothing at all, of any kind.
        hidden_results = query.search(user, f"zulu{level}")
        assert hidden_results.counts == {}
        assert hidden_results.groups == []
        for kind in ("partner", "minutes", "document", "agreement"):
            page = query.search(user, f"zulu{level}", kind=kind)
            assert page.groups[0].hits == [] and page.page.paginator.count == 0


def test_it_refuses_someone_without_a_role(outsider, corpus):
    with pytest.raises(PermissionDenied):
        query.search(outsider, "shared")


def test_it_hides_the_confidential_minutes_of_a_meeting_with_an_internal_partner(viewer, editor):
    partner = make_partner("Republic of Ruritania", level="internal")
    meeting = make_meeting("Talks with Ruritania", level="confidential")
    meeting.partners.add(partner)
    meeting.minutes = "Ruritania will bid for the satellite tender (kilotender)."
    save(meeting)
    save(Decision(meeting=meeting, text_en="Support the Ruritanian kiloproposal."))
    assert found(viewer, "ruritania") == ["Republic of Ruritania"]
    assert found(viewer, "kilotender") == []
    assert found(viewer, "kiloproposal") == []
    assert "satellite" not in html_of(query.search(viewer, "ruritania"))
    assert found(editor, "kilotender") == ["Talks with Ruritania"]
    assert found(editor, "kiloproposal") == ["Talks with Ruritania"]


def test_it_hides_the_document_of_a_confidential_agreement(viewer, editor):
    from documents.tests.files import docx_bytes

    partner = make_partner("Kingdom of Elbonia", level="internal")
    agreement = make_agreement("Elbonia cable deal", level="confidential")
    attach(agreement, "deal.docx", docx_bytes("Elbonia pays ninety million (ninetymillion)."))
    assert partner  # the partner is readable; the agreement and its document are not
    assert found(viewer, "elbonia") == ["Kingdom of Elbonia"]
    assert found(viewer, "ninetymillion") == []
    assert query.search(viewer, "elbonia").counts == {"partner": 1}
    assert found(editor, "ninetymillion") == ["deal"]


def test_it_hides_the_documents_of_a_record_reclassified_upwards(viewer, editor):
    from documents.tests.files import docx_bytes

    agreement = make_agreement("Open agreement", level="internal")
    attach(agreement, "annex.docx", docx_bytes("Annex on quantumlinks"), title="Annex")
    assert found(viewer, "quantumlinks") == ["Annex"]
    agreement.classification = "confidential"
    save(agreement)
    assert found(viewer, "quantumlinks") == []
    assert found(editor, "quantumlinks") == ["Annex"]
    agreement.classification = "internal"
    save(agreement)
    assert found(viewer, "quantumlinks") == ["Annex"]


def test_it_keeps_a_document_classified_above_its_record_hidden(viewer, editor):
    from documents.tests.files import docx_bytes

    agreement = make_agreement("Internal agreement", level="internal")
    attach(agreement, "a.docx", docx_bytes("Secret annex yottabudget"), level="confidential")
    assert found(viewer, "yottabudget") == []
    agreement.title_en = "Renamed agreement"
    save(agreement)  # the record's change does not lower its document
    assert found(viewer, "yottabudget") == []
    assert found(editor, "yottabudget") == ["a"]


def test_it_drops_the_documents_of_a_deleted_record(editor, manager):
    from core import services
    from documents.tests.files import docx_bytes

    meeting = make_meeting("Short-lived meeting")
    attach(meeting, "notes.docx", docx_bytes("Notes on petaflops"), title="Notes")
    assert found(editor, "petaflops") == ["Notes"]
    services.delete(meeting, manager)
    assert found(manager, "petaflops") == []
