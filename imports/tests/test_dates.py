"""Messy dates: every accepted form, the "no date" sentinels, uncertainty, and errors.

The last tests parse every date column of real registers read from ../shared/data/ (third-party
data, see its README): HUGGO (globalgov/manytreaties, CC BY 4.0) and the UNCTAD IIA
Navigator scrape (bkey15/dissertation). Their counts are pinned so that a change in what
is accepted shows up as a failing test.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from imports.dates import DateError, ParsedDate, parse_date
from imports.reading import read_table

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2019-05-12", "dmy", date(2019, 5, 12)),
        ("2019-05-12", "mdy", date(2019, 5, 12)),
        ("2019-5-2", "dmy", date(2019, 5, 2)),
        ("2019-05-12T00:00:00", "dmy", date(2019, 5, 12)),
        ("2019-05-12 00:00:00", "dmy", date(2019, 5, 12)),
        ("2019-05-12T14:30", "dmy", date(2019, 5, 12)),
        ("2019-05-12T14:30:15.250+02:00", "dmy", date(2019, 5, 12)),
        ("2019-05-12T23:59:59Z", "dmy", date(2019, 5, 12)),
        ("2019/05/12", "dmy", date(2019, 5, 12)),
        ("2019/05/12", "mdy", date(2019, 5, 12)),
        ("2019.05.12", "ymd", date(2019, 5, 12)),
        ("12.05.2019", "dmy", date(2019, 5, 12)),
        ("12.05.2019", "ymd", date(2019, 5, 12)),
        ("05.12.2019", "mdy", date(2019, 5, 12)),
        ("12/05/2019", "dmy", date(2019, 5, 12)),
        ("05/12/2019", "mdy", date(2019, 5, 12)),
        ("5/6/2019", "dmy", date(2019, 6, 5)),
        ("12-05-2019", "dmy", date(2019, 5, 12)),
        ("  2019-05-12  ", "dmy", date(2019, 5, 12)),
        ("١٢/٠٥/٢٠١٩", "dmy", date(2019, 5, 12)),
        ("۲۰۱۹-۰۵-۱۲", "dmy", date(2019, 5, 12)),
        ("\u200f12/05/2019\u200f", "dmy", date(2019, 5, 12)),
        ("1800-01-01", "dmy", date(1800, 1, 1)),
        ("1351-08-01", "dmy", date(1351, 8, 1)),  # HUGGO's oldest treaty
        ("2200-12-31", "dmy", date(2200, 12, 31)),
        ("2020-02-29", "dmy", date(2020, 2, 29)),
    ],
)
def test_it_reads_a_day(text, order, expected):
    assert parse_date(text, order) == ParsedDate(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-05", ParsedDate(date(2019, 5, 1), precision="month")),
        ("2019/5", ParsedDate(date(2019, 5, 1), precision="month")),
        ("2019", ParsedDate(date(2019, 1, 1), precision="year")),
        ("٢٠١٩", ParsedDate(date(2019, 1, 1), precision="year")),
    ],
)
def test_it_reads_a_month_or_a_year(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1998-05-12?", ParsedDate(date(1998, 5, 12), uncertain=True)),
        ("1998?", ParsedDate(date(1998, 1, 1), uncertain=True, precision="year")),
        ("1998-?05-12", ParsedDate(date(1998, 5, 12), uncertain=True)),
        ("?12.05.1998", ParsedDate(date(1998, 5, 12), uncertain=True)),
        ("1998-05 ?", ParsedDate(date(1998, 5, 1), uncertain=True, precision="month")),
        ("2011-01-01~", ParsedDate(date(2011, 1, 1), uncertain=True)),
        ("١٩٩٨؟", ParsedDate(date(1998, 1, 1), uncertain=True, precision="year")),
    ],
)
def test_it_marks_an_uncertain_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "NA",
        "na",
        "N/A",
        "n/a",
        "#N/A",
        "NULL",
        "null",
        "-",
        "–",
        "—",
        "9999-12-31",
        "31.12.9999",
        "31/12/9999",
        "9999",
        "9999?",
        None,
    ],
)
def test_it_reads_a_sentinel_as_no_date(text):
    assert parse_date(text) == ParsedDate(None)


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [
        ("31.02.2019", "dmy", "“31.02.2019” is not a date."),
        ("2019-13-01", "dmy", "“2019-13-01” is not a date."),
        ("1976-06-31", "dmy", "“1976-06-31” is not a date."),
        ("1972-06-31?", "dmy", "“1972-06-31?” is not a date."),
        ("13/12/2019", "mdy", "“13/12/2019” is not a date."),
        ("2019-00", "dmy", "“2019-00” is not a date."),
        ("soon", "dmy", "“soon” is not a date."),
        ("?", "dmy", "“?” is not a date."),
        ("12 May 2019", "dmy", "“12 May 2019” is not a date."),
        ("2019-05-12T25:00", "dmy", "“2019-05-12T25:00” is not a date."),
        ("2019/05-12", "dmy", "“2019/05-12” is not a date."),
        ("1981-09..1981-10", "dmy", "“1981-09..1981-10” is not a date."),
        ("2010-XX-XX-", "dmy", "“2010-XX-XX-” is not a date."),
        ("0014-022005", "dmy", "“0014-022005” is not a date."),
        ("20190512", "dmy", "“20190512” is not a date."),
        ("05/06/19", "dmy", "“05/06/19” has a two-digit year: write the year in full."),
        ("5.6.19", "dmy", "“5.6.19” has a two-digit year: write the year in full."),
        (
            "12/05/2019",
            "ymd",
            "“12/05/2019” is not written year first, as this column is declared.",
        ),
        ("0999-08-01", "dmy", "“0999-08-01” is dated 999, outside 1000–2200: probably a typo."),
        ("2201", "dmy", "“2201” is dated 2201, outside 1000–2200: probably a typo."),
        ("9999-12-01", "dmy", "“9999-12-01” is dated 9999, outside 1000–2200: probably a typo."),
    ],
)
def test_it_refuses_what_is_not_a_date(text, order, message):
    with pytest.raises(DateError) as caught:
        parse_date(text, order)
    assert str(caught.value) == message
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


def test_it_cuts_a_long_text_in_its_message():
    with pytest.raises(DateError) as caught:
        parse_date("signed in Cairo " * 20)
    assert len(str(caught.value)) < 80
    assert caught.value.text == ("signed in Cairo " * 20).strip()


def test_it_reads_a_slashed_date_as_the_column_is_declared():
    assert parse_date("05/06/2019").value == date(2019, 6, 5)
    assert parse_date("05/06/2019", "dmy").value == date(2019, 6, 5)
    assert parse_date("05/06/2019", "mdy").value == date(2019, 5, 6)


def test_it_refuses_an_unknown_order():
    with pytest.raises(ValueError, match="order"):
        parse_date("2019-05-12", "ydm")


def test_it_translates_its_message():
    with translation.override("ar"), pytest.raises(DateError) as caught:
        parse_date("soon")
    assert "soon" in str(caught.value)


def test_parsed_dates_are_frozen():
    parsed = parse_date("2019")
    with pytest.raises(AttributeError):
        parsed.value = None


# --- real files -----------------------------------------------------------------------


def tally(name: str, columns: list[str], order: str = "dmy") -> dict:
    """{column: (dates, no date, uncertain, errors)} for the named columns of a real file."""
    path = DATA / name
    table = read_table(path.read_bytes(), path.name, max_bytes=20 * 2**20, max_rows=100_000)
    counts = {}
    for column in columns:
        index = table.headers.index(column)
        seen = Counter()
        for row in table.rows:
            try:
                parsed = parse_date(row[index], order)
            except DateError:
                seen["error"] += 1
                continue
            seen["date" if parsed.value else "none"] += 1
            seen["uncertain"] += parsed.uncertain
        counts[column] = (seen["date"], seen["none"], seen["uncertain"], seen["error"])
    return counts


def test_it_parses_the_dates_of_huggo_agreements():
    # ISO dates, "NA", 9999-12-31 as "no end", "?" and "~" marks; treaties from 1351 on.
    # The errors: impossible days (1976-06-31 five times, 1972-06-31?), 9999-12-01, EDTF
    # ranges and unknown digits (1981-09..1981-10, 2010-XX-XX-, 1964-XX-16) and 0014-022005.
    assert tally("huggo/HUGGO_clean.csv", ["Begin", "End", "Signature", "Force", "Term"]) == {
        "Begin": (4_531, 0, 18, 1),
        "End": (779, 3_745, 7, 8),
        "Signature": (4_525, 6, 22, 1),
        "Force": (2_944, 1_586, 16, 2),
        "Term": (797, 3_727, 8, 8),
    }


def test_it_parses_the_dates_of_huggo_memberships():
    # DD.MM.YYYY, with "NA", 31.12.9999 as "no end", years and year-months (1994-04);
    # the one error is StateEnd "2020-99-99".
    columns = [
        "Begin",
        "Signature",
        "Force",
        "End",
        "StateSignature",
        "StateRatification",
        "StateForce",
        "StateEnd",
        "Accession",
    ]
    assert tally("huggo/HUGGO_MEM_trade_additional.csv", columns) == {
        "Begin": (5_644, 0, 0, 0),
        "Signature": (5_642, 2, 0, 0),
        "Force": (5_297, 347, 0, 0),
        "End": (1_409, 4_235, 0, 0),
        "StateSignature": (4_756, 888, 0, 0),
        "StateRatification": (725, 4_919, 0, 0),
        "StateForce": (4_539, 1_105, 0, 0),
        "StateEnd": (1_506, 4_137, 0, 1),
        "Accession": (918, 4_726, 0, 0),
    }


def test_it_parses_the_dates_of_the_unctad_navigator():
    columns = ["date_of_signature", "date_of_entry_into_force", "termination_date"]
    assert tally("unctad-iia/unctad_iia_navigator_scrape.csv", columns) == {
        "date_of_signature": (3_925, 0, 0, 0),
        "date_of_entry_into_force": (3_173, 752, 0, 0),
        "termination_date": (593, 3_332, 0, 0),
    }
