"""Arabic-aware normalization: what is indexed and what is searched meet."""

import pytest

from core.text import normalize


class TestNormalize:
    @pytest.mark.parametrize("variant", ["أحمد", "إحمد", "آحمد", "ٱحمد", "احمد"])
    def test_it_folds_alef_and_hamza_forms_to_bare_alef(self, variant):
        assert normalize(variant) == "احمد"

    def test_it_folds_hamza_on_waw_and_ya(self):
        assert normalize("مؤتمر") == normalize("موتمر")
        assert normalize("رئيس") == normalize("رييس")

    def test_it_folds_taa_marbuta_to_haa(self):
        assert normalize("إدارة") == normalize("اداره") == "اداره"

    def test_it_folds_alef_maqsura_to_ya(self):
        assert normalize("مستشفى") == normalize("مستشفي")

    def test_it_removes_the_tatweel(self):
        assert normalize("مــصر") == normalize("مصر") == "مصر"

    def test_it_removes_the_diacritics(self):
        assert normalize("مِصْر") == "مصر"
        assert normalize("القَاهِرَةُ") == normalize("القاهرة")
        assert normalize("مُحَمَّد") == "محمد"  # shadda too

    @pytest.mark.parametrize("digits", ["٢٠٢٤", "۲۰۲۴", "2024"])
    def test_it_turns_arabic_indic_digits_into_ascii(self, digits):
        assert normalize(digits) == "2024"

    def test_it_folds_latin_case_and_accents(self):
        assert normalize("Égypte") == normalize("EGYPTE") == "egypte"

    def test_it_collapses_spaces(self):
        assert normalize("  Arab   League\n\tLAS ") == "arab league las"

    def test_it_returns_empty_text_for_nothing(self):
        assert normalize(None) == ""
        assert normalize("") == ""

    def test_it_matches_a_searched_word_inside_an_indexed_name(self):
        indexed = normalize("جمهورية مصر العربية")
        assert normalize("مــصْر") in indexed
        assert normalize("جمهوريه") in indexed
