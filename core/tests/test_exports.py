"""Export cells: a text that a spreadsheet would run as a formula is written inert; a
number or a date is written as itself."""

from datetime import date

import pytest

from core.exports import _text, neutralize


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rboom"],
)
def test_it_neutralizes_a_text_that_starts_like_a_formula(text):
    assert neutralize(text) == "'" + text
    assert _text(text) == "'" + text


def test_it_leaves_plain_text_numbers_and_dates_as_they_are():
    assert neutralize("Memorandum = agreement") == "Memorandum = agreement"
    assert _text(-5) == "-5"
    assert _text(-2.5) == "-2.5"
    assert _text(date(2024, 3, 1)) == "2024-03-01"
