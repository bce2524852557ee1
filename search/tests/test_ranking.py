"""Ranking on a small known corpus: a match in the title comes before a match in the text,
and results are grouped by kind with the count of each."""

import pytest

from search import query
from search.tests.conftest import (
    found,
    make_agreement,
    make_initiative,
    make_meeting,
    make_partner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    make_agreement("Framework on data centres", summary="Hosting and cloud services.")
    make_agreement(
        "Protocol on digital skills",
        summary="Training on submarine cable maintenance, with cable repair ships and a cable "
        "landing station; cable operators take part.",
    )
    make_agreement("Submarine cable landing agreement", summary="Landing rights.")
    make_agreement("Memorandum on postal services", summary="Nothing about the sea.")
    make_initiative("Cable repair training", description_en="Ships and crews.")
    make_meeting("Talks on spectrum", summary="The submarine cable was mentioned once.")


def test_it_ranks_a_title_match_above_a_text_match(manager, corpus):
    titles = found(manager, "cable", kind="agreement")
    assert titles == ["Submarine cable landing agreement", "Protocol on digital skills"]


def test_it_ranks_a_match_of_every_word_in_the_title_first(manager, corpus):
    titles = found(manager, "submarine cable", kind="agreement")
    assert titles[0] == "Submarine cable landing agreement"
    assert set(titles) == {"Submarine cable landing agreement", "Protocol on digital skills"}


def test_it_groups_results_by_kind_with_their_counts(manager, corpus):
    results = query.search(manager, "cable")
    assert results.counts == {"agreement": 2, "initiative": 1, "meeting": 1}
    assert [group.kind for group in results.groups] == ["agreement", "meeting", "initiative"]
    assert results.total == 4
    assert [count for kind, _, count in results.kinds if kind == "agreement"] == [2]


def test_it_shows_a_few_of_each_kind_and_pages_through_one_kind(manager):
    for i in range(23):
        make_partner(f"Cable consortium {i:02d}")
    make_agreement("Cable agreement")
    results = query.search(manager, "cable")
    assert results.counts == {"partner": 23, "agreement": 1}
    assert [len(group.hits) for group in results.groups] == [query.PER_KIND, 1]
    first = query.search(manager, "cable", kind="partner")
    second = query.search(manager, "cable", kind="partner", page=2)
    assert len(first.groups[0].hits) == query.PAGE_SIZE
    assert len(second.groups[0].hits) == 3
    names = [hit.title for hit in first.groups[0].hits + second.groups[0].hits]
    assert sorted(names) == [f"Cable consortium {i:02d}" for i in range(23)]
    assert second.page.number == 2 and not second.page.has_next()
    # A page out of range shows the last one; a page that is not a number, the first.
    assert query.search(manager, "cable", kind="partner", page=99).page.number == 2
    assert query.search(manager, "cable", kind="partner", page="x").page.number == 1


def test_it_ignores_an_unknown_kind(manager, corpus):
    results = query.search(manager, "cable", kind="spaceship")
    assert results.kind == ""
    assert results.total == 4
