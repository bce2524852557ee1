"""Arabic-aware search: a word is found however it was spelled, in the record or in the
search box; English words are found by their stem. The same normalization (core.text)
serves the index and the query; these tests go through the database, on either backend."""

import pytest

from search.index import align, fold
from search.query import parse
from search.tests.conftest import found, make_agreement, make_partner, make_person

pytestmark = pytest.mark.django_db

# (as written in the record, as typed in the search box): each must find the other.
SPELLINGS = [
    ("وزارة الإتصالات", "الاتصالات"),  # hamza under the alef, or not
    ("هيئة الأمم المتحدة", "الامم"),  # hamza over the alef
    ("مِصْر", "مصر"),  # diacritics
    ("جامعة القاهرة", "القاهره"),  # taa marbuta and haa
    ("مصطفى كامل", "مصطفي"),  # alef maqsura and yaa
    ("خطة ٢٠٢٤ الرقمية", "2024"),  # Arabic-Indic digits
    ("المـــؤتمر الدولي", "المؤتمر"),  # tatweel
    ("مؤتمر آسيا", "اسيا"),  # alef madda
    ("مسؤول التعاون", "مسوول"),  # waw with hamza
]


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_it_finds_an_arabic_word_however_it_is_spelled(manager, written, typed):
    make_partner(f"Partner {typed}", written)
    assert found(manager, typed) == [f"Partner {typed}"]
    # ... and the other way round: the word as it was written finds the record too.
    assert found(manager, written) == [f"Partner {typed}"]


def test_it_finds_a_name_typed_with_diacritics_and_tatweel(manager):
    make_person("Mostafa Kamel", "مصطفى كامل")
    assert found(manager, "مُصْطَفَى") == ["Mostafa Kamel"]
    assert found(manager, "مصـــطفي") == ["Mostafa Kamel"]


def test_it_finds_words_inside_the_text_not_only_titles(manager):
    make_agreement("MoU with Jordan", summary="تعاون في مجال الإتصالات وتكنولوجيا المعلومات")
    assert found(manager, "الاتصالات") == ["MoU with Jordan"]
    assert found(manager, "وتكنولوجيا") == ["MoU with Jordan"]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Submarine cable landing", "cables"),
        ("Submarine cables", "cable"),
        ("Framework agreement on data", "agreements"),
        ("Meetings of experts", "meeting"),
        ("Connecting rural schools", "connected"),
    ],
)
def test_it_finds_english_words_by_their_stem(manager, written, typed):
    make_agreement(written)
    assert found(manager, typed) == [written]


def test_it_matches_the_beginning_of_a_word(manager):
    make_agreement("Telecommunications regulation")
    assert found(manager, "telecom") == ["Telecommunications regulation"]
    assert found(manager, "TELECOM") == ["Telecommunications regulation"]


def test_it_matches_a_word_of_one_or_two_letters_whole(manager):
    make_partner("Egypt", "مصر", kind="country", iso_alpha2="EG")
    assert found(manager, "eg") == ["Egypt"]  # its ISO code
    assert found(manager, "Eg") == ["Egypt"]
    assert found(manager, "egy") == ["Egypt"]  # three letters and more: a word's beginning
    assert found(manager, "gy") == []
    assert found(manager, "e") == []


def test_it_finds_latin_words_without_their_accents(manager):
    make_partner("Côte d'Ivoire telecom agency")
    assert found(manager, "cote ivoire") == ["Côte d'Ivoire telecom agency"]


def test_it_requires_every_word(manager):
    make_agreement("Cooperation with Japan")
    make_agreement("Cooperation with Korea")
    assert found(manager, "cooperation japan") == ["Cooperation with Japan"]


def test_it_folds_as_core_text_normalize_does():
    assert fold("الإتصالات") == "الاتصالات"
    assert fold("مِصْر") == "مصر"
    assert fold("٢٠٢٤") == "2024"
    assert fold("A-B (c)") == "a b  c "


def test_it_keeps_each_word_at_the_same_place_in_the_text_and_its_folded_form():
    text = "«مِصْرُ» والإتصالات، ﻻ Égypte\n2024"
    shown, folded = align(text)
    assert len(shown) == len(folded)
    for word in folded.split():
        at = folded.index(f" {word}") + 1
        assert fold(shown[at:].split()[0]).split()[0] == word


def test_it_quotes_nothing_and_drops_operators_from_what_is_typed():
    query = parse('"cable* AND (NEAR x) OR -y ^z: NOT')
    assert query.terms == ["cable", "near", "x", "y", "z"]
    assert parse("the of and").terms == []
    assert parse("the of and").message
