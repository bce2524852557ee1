"""Dates as legacy registers write them, read strictly: a value, "none", or an error.

Accepted (digits may be Arabic-Indic ٠-٩ or Persian ۰-۹; days and months may have one digit):

- `2019-05-12`, and ISO datetimes `2019-05-12T10:30:00` / `2019-05-12 00:00:00` (the date);
- `2019/05/12`, `2019.05.12` (year first is never ambiguous);
- `12.05.2019`: dots are day first, unless the column is declared month first ("mdy");
- `12/05/2019` and `12-05-2019`: day first ("dmy", the default) or month first ("mdy") as
  the column is declared; refused when it is declared year first ("ymd");
- `2019-05` or `2019/05` (precision "month") and `2019` (precision "year"), dated on the
  first day of the month or year;
- a "?" (or the Arabic "؟") or "~" anywhere (`1998-05-12?`, `1998?`, `~2011-01-01`): the
  date, marked uncertain. "~" is EDTF's "approximate"; the HUGGO data uses both.

Read as no date (value None): empty, NA, N/A, #N/A, NULL, "-", "–", "—", and year 9999
as "no end" (`9999`, `9999-12-31`, `31.12.9999`, `31/12/9999`).

Everything else raises DateError with a message naming the text: impossible dates
(31.02.2019, 2019-13-01), two-digit years (05/06/19), words ("soon"), ranges
(1981-09..1981-10), and years before 1000 or after 2200, which in a ministry's registers
are typos. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

ORDERS = ("dmy", "mdy", "ymd")
# Registers of historic treaties go back centuries (HUGGO's start in 1351); a year of more
# than four digits or past 2200 is a typo.
MIN_YEAR, MAX_YEAR = 1000, 2200
NO_DATE_WORDS = {"", "na", "n/a", "#n/a", "null", "-", "–", "—"}
UNCERTAIN_MARKS = "?~؟"  # the last is the Arabic question mark

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
# Direction marks that Arabic editors put around numbers; invisible, so never meant.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))

_TIME = (
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    + _TIME
    + r"|(?P<year2>\d{4})(?P<sep>[/.])(?P<month2>\d{1,2})(?P=sep)(?P<day2>\d{1,2})"
)
_YEAR_LAST = re.compile(
    r"(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})"
)
_SHORT_YEAR = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{2}")
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text. `value` is None for "no date"; a month or a year alone is
    dated on its first day, with `precision` saying so."""

    value: date | None
    uncertain: bool = False
    precision: str = "day"  # "day", "month" or "year"


class DateError(ValueError):
    """Text that is not a date. `message` is translated and names the text."""

    def __init__(self, message: str, text: str):
        super().__init__(message)
        self.message = message
        self.text = text

    def __str__(self):
        return str(self.message)


def parse_date(text: str, order: str = "dmy") -> ParsedDate:
    """Read `text` as a date; `order` ("dmy", "mdy" or "ymd") is how the column writes
    dates with the year last. See the module docstring for the accepted forms."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    original = (text or "").strip()
    cleaned = original.translate(_INVISIBLE).translate(_DIGITS).strip()
    if cleaned.casefold() in NO_DATE_WORDS:
        return ParsedDate(None)
    uncertain = any(mark in cleaned for mark in UNCERTAIN_MARKS)
    if uncertain:
        for mark in UNCERTAIN_MARKS:
            cleaned = cleaned.replace(mark, "")
        cleaned = cleaned.strip()
    year, month, day, precision = _parts(cleaned, order, original)
    if year == 9999 and (precision == "year" or (month, day) == (12, 31)):
        return ParsedDate(None)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(
            _("“%(text)s” is dated %(year)s, outside %(min)s–%(max)s: probably a typo.")
            % {"text": _shown(original), "year": year, "min": MIN_YEAR, "max": MAX_YEAR},
            original,
        )
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise _not_a_date(original) from error
    return ParsedDate(value, uncertain=uncertain, precision=precision)


def _parts(text: str, order: str, original: str) -> tuple[int, int, int, str]:
    """(year, month, day, precision) as written; not yet checked to be a real date."""
    if found := _YEAR_FIRST.fullmatch(text):
        if found["year"]:
            if found["hour"] and not _valid_time(found):
                raise _not_a_date(original)
            return int(found["year"]), int(found["month"]), int(found["day"]), "day"
        return int(found["year2"]), int(found["month2"]), int(found["day2"]), "day"
    if found := _YEAR_LAST.fullmatch(text):
        first, second = int(found["first"]), int(found["second"])
        if found["sep"] != "." and order == "ymd":
            raise DateError(
                _("“%(text)s” is not written year first, as this column is declared.")
                % {"text": _shown(original)},
                original,
            )
        if order == "mdy":
            return int(found["year"]), first, second, "day"
        return int(found["year"]), second, first, "day"
    if _SHORT_YEAR.fullmatch(text):
        raise DateError(
            _("“%(text)s” has a two-digit year: write the year in full.")
            % {"text": _shown(original)},
            original,
        )
    if found := _YEAR_MONTH.fullmatch(text):
        return int(found["year"]), int(found["month"]), 1, "month"
    if _YEAR.fullmatch(text):
        return int(text), 1, 1, "year"
    raise _not_a_date(original)


def _valid_time(found: re.Match) -> bool:
    return (
        int(found["hour"]) <= 23 and int(found["minute"]) <= 59 and int(found["second"] or 0) <= 59
    )


def _not_a_date(text: str) -> DateError:
    return DateError(_("“%(text)s” is not a date.") % {"text": _shown(text)}, text)


def _shown(text: str) -> str:
    """`text` as a message quotes it: a whole paragraph pasted in a date cell is cut."""
    return text if len(text) <= 60 else text[:59] + "…"
