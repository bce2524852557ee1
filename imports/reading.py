"""Read an uploaded register (CSV or XLSX) into a table of text cells, safely.

Pure (no database, no storage): bytes or a file object in, a `Table` or a `ReadError`
with a message ready to show out. The type is decided by content; the name must agree.
Checks run cheapest first (size, type, archive bombs, macros, then formulas while
reading), and nothing is read past the first fatal problem.

How a CSV's encoding is chosen (`_decode`):

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
2. Otherwise the file is UTF-8 if it decodes as strict UTF-8.
3. Otherwise cp1252, cp1256 and mac_roman each decode the lines holding non-ASCII bytes
   and `_plausibility` scores the text: a non-ASCII character scores +1 in a plausible
   word (wholly Arabic, or Latin with sensible casing and an ASCII letter), -1 in another
   ("TrinidadÊand", "ÇáÇÊÝÇÞíÉ") and stray symbols (math signs, controls) -1. The highest
   score wins, ties in the order cp1252, cp1256, Mac Roman: cp1256 needs Arabic words,
   and Mac Roman better Latin words than cp1252.
4. A file mostly in UTF-8 with some lines that are not (an editor saved them in Mac
   Roman) is read line by line: valid UTF-8 lines as UTF-8, the others as step 3 chooses,
   provided the UTF-8 lines with non-ASCII text read better as UTF-8 than in that choice.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import PurePath

import filetype
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Stop an XLSX sheet after this many empty rows in a row: sheets often claim (or hold)
# a million formatted but empty rows, and reading them would take seconds for nothing.
EMPTY_ROWS_TO_STOP = 1_000
# Wider than any register; a row wider than this is a damaged or hostile file.
MAX_COLUMNS = 1_000
# Archive limits checked from the ZIP directory before openpyxl opens anything. A real
# workbook compresses about 5-20:1; a million empty rows written by openpyxl, about 9:1.
XLSX_MAX_UNCOMPRESSED = 256 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_RATIO_MIN_SIZE = 1024 * 1024
XLSX_MAX_MEMBERS = 10_000

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")
DELIMITERS = ",;\t|"
SNIFF_CHARS = 64 * 1024
# Enough lines with non-ASCII bytes to tell encodings apart, few enough to stay fast.
ENCODING_SAMPLE_LINES = 2_000

BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# Tie-break order of the single-byte candidates (see the module docstring).
SINGLE_BYTE = ("cp1252", "cp1256", "mac_roman")


ENCODING_NAMES = {
    "cp1252": gettext_lazy("Windows Western European (cp1252)"),
    "cp1256": gettext_lazy("Windows Arabic (cp1256)"),
    "mac_roman": gettext_lazy("Mac Roman"),
}


class ReadError(Exception):
    """A file that cannot be read. `message` is translated and ready to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """An uploaded file as text: one header row and the data rows under it. Empty rows
    are left out: `row_numbers[i]` is the row (XLSX) or line (CSV) where `rows[i]` starts,
    as a spreadsheet or an editor shows it."""

    format: str
    headers: list[str]
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


def read_table(
    data, filename: str, *, max_bytes: int, max_rows: int, sheet: str | None = None
) -> Table:
    """Read `data` (bytes or a binary file object) named `filename` into a `Table`.

    Raises ReadError for a file that is too large, of the wrong type, unsafe, or holding
    more than `max_rows` data rows. `sheet` picks an XLSX sheet by name (default: the
    first visible one); it is ignored for CSV.
    """
    data = _bytes_within(data, max_bytes)
    if not data.strip():
        raise ReadError(_("The file is empty."))
    kind, description = _identify(data)
    extension = PurePath(filename or "").suffix.lower()
    named = "xlsx" if extension in WORKBOOK_EXTENSIONS else extension in TEXT_EXTENSIONS and "text"
    if kind == named == "xlsx":
        return _read_xlsx(data, max_rows=max_rows, sheet=sheet)
    if kind == named == "text":
        return _read_csv(data, max_rows=max_rows)
    values = {"extension": extension, "name": filename, "kind": description}
    if named:
        values["expected"] = _("an Excel workbook") if named == "xlsx" else _("a CSV file")
        message = _(
            "This file is named %(extension)s but is not %(expected)s: it seems to be %(kind)s."
        )
    elif kind in ("xlsx", "text"):
        message = _("“%(name)s” seems to be %(kind)s: name it .csv or .xlsx and upload it again.")
    else:
        message = _(
            "This file seems to be %(kind)s. Upload a CSV file or an Excel workbook (.xlsx)."
        )
    raise ReadError(message % values)


def is_formula(text: str) -> bool:
    """True if a spreadsheet would run `text`: "=...", or "+", "-", "@" and anything but a
    plain number ("-2+3", "@SUM(A1)"; not "-12.5" or the phone "+20 2 1234567"). Leading
    whitespace is ignored: a cell that is trimmed later would start with it."""
    text = (text or "").lstrip()
    rest = text[1:].strip()
    if text[:1] in ("+", "-", "@"):
        return bool(rest) and not _PLAIN_NUMBER.fullmatch(rest)
    return text[:1] == "="


_PLAIN_NUMBER = re.compile(r"\d(?:[\d\s.,']*\d)?%?")


# --- size and type ------------------------------------------------------------------


def _bytes_within(data, max_bytes: int) -> bytes:
    """The file's bytes, refused before reading when larger than `max_bytes`."""
    is_bytes = isinstance(data, bytes | bytearray | memoryview)
    # Django's uploaded files know their size; others are read one byte past the limit.
    size = len(data) if is_bytes else getattr(data, "size", None)
    if size is None or size <= max_bytes:
        data = bytes(data) if is_bytes else data.read(max_bytes + 1)
        size = len(data)
    if size > max_bytes:
        raise ReadError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": _size(size), "limit": _size(max_bytes)}
        )
    return data


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        megabytes = count / 1024 / 1024
        places = 0 if megabytes >= 10 or megabytes.is_integer() else 1
        return _("%(number)s MB") % {"number": number_format(megabytes, places)}
    if count >= 1024:
        return _("%(number)s KB") % {"number": number_format(round(count / 1024))}
    return _("%(number)s bytes") % {"number": number_format(count)}


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


# Types that may hold no NUL byte early on; images, programs and archives do, and
# filetype names them (`_identify`).
_MAGIC = ((b"%PDF", "pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"))
_OOXML_PARTS = {"xl/workbook.xml": "xlsx", "xl/workbook.bin": "xlsb", "word/document.xml": "docx"}


DELIMITER_NOTES = {
    ";": gettext_lazy("Columns are separated by semicolons."),
    "\t": gettext_lazy("Columns are separated by tabs."),
    "|": gettext_lazy("Columns are separated by vertical bars (|)."),
}
KINDS = {
    "xlsx": gettext_lazy("an Excel workbook (.xlsx)"),
    "text": gettext_lazy("a text (CSV) file"),
    "pdf": gettext_lazy("a PDF document"),
    "ole": gettext_lazy("an old-format Office file (such as an Excel 97-2003 .xls workbook)"),
    "encrypted": gettext_lazy("a password-protected Office file"),
    "xlsb": gettext_lazy("an Excel binary workbook (.xlsb)"),
    "ods": gettext_lazy("an OpenDocument spreadsheet (.ods)"),
    "docx": gettext_lazy("a Word document (.docx)"),
    "zip": gettext_lazy("a ZIP archive"),
    "bad-zip": gettext_lazy("a damaged ZIP archive"),
    "image": gettext_lazy("an image"),
    "html": gettext_lazy("a web page (HTML)"),
    "binary": gettext_lazy("a binary file of an unknown type"),
}


def _identify(data: bytes) -> tuple[str, str]:
    """(kind, translated description) of `data`, by content only."""
    kind = _kind(data)
    if kind == "binary" and (guess := filetype.guess(data[:8192])):
        if not guess.mime.startswith("image/"):
            return kind, _("a .%(extension)s file") % {"extension": guess.extension}
        kind = "image"
    return kind, str(KINDS[kind])


def _kind(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            encrypted = "EncryptedPackage".encode("utf-16-le") in data[:65536]
            return "encrypted" if kind == "ole" and encrypted else kind
    if not any(data.startswith(bom) for bom, _codec, _label in BOMS) and _is_binary(data):
        return "binary"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"


def _is_binary(data: bytes) -> bool:
    """NUL bytes, or more than 1% control bytes that no text editor writes."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in (*range(1, 9), *range(14, 26), 27, 28))
    return controls * 100 > len(sample)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        return "bad-zip"
    for part, kind in _OOXML_PARTS.items():
        if part in names and "[Content_Types].xml" in names:
            return kind
    spreadsheet = mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    return "ods" if spreadsheet else "zip"


# --- CSV ------------------------------------------------------------------------------


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    text, encoding, notes = _decode(data)
    if "\x00" in text:
        raise ReadError(_("This file holds binary data, not text."))
    delimiter = _sniff_delimiter(text)
    if delimiter in DELIMITER_NOTES:
        notes.append(str(DELIMITER_NOTES[delimiter]))
    # The module-wide limit (128 KB) is below a long treaty text in one cell; the file's
    # size already bounds every field.
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(len(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records():
        line = start = 0
        try:
            for record in reader:
                start = line + 1
                yield start, [_clean(cell) for cell in record]
                line = reader.line_num
        except csv.Error as error:
            raise ReadError(
                _("Line %(line)s cannot be read as CSV (%(error)s).")
                % {"line": _count(reader.line_num), "error": error}
            ) from error
        if line > start and _unclosed_quote(text, start, delimiter):
            raise ReadError(
                _(
                    "Line %(line)s opens a quoted cell that never closes, so the rest of the "
                    "file would be read as one cell. Check the quotes on that line."
                )
                % {"line": _count(start)}
            )

    table = Table("csv", [], [], encoding=encoding, delimiter=delimiter, notes=notes)
    trailing_empty, _last_row = _assemble(records(), table, max_rows=max_rows)
    return _note_ignored(table, trailing_empty)


def _note_ignored(table: Table, count: int) -> Table:
    if count > 0:
        table.notes.append(
            ngettext(
                "Ignored %(count)s empty row at the end.",
                "Ignored %(count)s empty rows at the end.",
                count,
            )
            % {"count": _count(count)}
        )
    return table


def _unclosed_quote(text: str, start: int, delimiter: str) -> bool:
    """Whether the record from line `start` to the end is an unclosed quoted cell: the
    csv module (not strict) silently takes all that is left of the file into it."""
    rest = "".join(io.StringIO(text, newline="").readlines()[start - 1 :])
    try:
        list(csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _clean(cell: str) -> str:
    cell = cell.strip()
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, notes): see the module docstring for the rule."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                data = data[len(bom) :]
                break
            try:
                return data.decode(codec)[1:], codec, [_("Read as %(name)s.") % {"name": label}]
            except UnicodeDecodeError as error:
                raise ReadError(
                    _("This file starts as %(name)s text but is not valid %(name)s.")
                    % {"name": label}
                ) from error
    else:
        codec = "utf-8"
    try:
        return data.decode("utf-8"), codec, []
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    foreign, utf8 = [], []
    for index, line in enumerate(lines):
        if not line.isascii():
            (utf8 if _decoded(line, "utf-8") is not None else foreign).append(index)
    foreign_bytes = b"".join(lines[i] for i in foreign)
    fallback = _choose_single_byte(foreign[:ENCODING_SAMPLE_LINES], lines, foreign_bytes)
    name = ENCODING_NAMES[fallback]
    if utf8:
        sample = b"".join(lines[i] for i in utf8[:ENCODING_SAMPLE_LINES])
        if _plausibility(sample.decode("utf-8")) > _plausibility(_decoded(sample, fallback)):
            wanted = set(foreign)
            text = "".join(
                line.decode(fallback if i in wanted else "utf-8") for i, line in enumerate(lines)
            )
            note = ngettext(
                "The file mixes UTF-8 and %(name)s: %(count)s line was read as %(name)s, "
                "the others as UTF-8.",
                "The file mixes UTF-8 and %(name)s: %(count)s lines were read as %(name)s, "
                "the others as UTF-8.",
                len(foreign),
            ) % {"name": name, "count": _count(len(foreign))}
            return text, f"utf-8+{fallback}", [note]
        fallback = _choose_single_byte((foreign + utf8)[:ENCODING_SAMPLE_LINES], lines, data)
        name = ENCODING_NAMES[fallback]
    return data.decode(fallback), fallback, [_("Read as %(name)s.") % {"name": name}]


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _choose_single_byte(sample: list[int], lines: list[bytes], whole: bytes) -> str:
    """The best-scoring encoding on the `sample` lines among those that decode `whole`
    (cp1252 leaves five bytes undefined; Mac Roman decodes anything)."""
    text = b"".join(lines[i] for i in sample)
    scores = [
        (_plausibility(text.decode(encoding)), -order, encoding)
        for order, encoding in enumerate(SINGLE_BYTE)
        if _decoded(whole, encoding) is not None
    ]
    return max(scores)[2]


_WORD_OR_SYMBOL = re.compile(r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670])+|[^\x00-\x7f]")
_APOSTROPHES = "’‘"
_TYPOGRAPHY = "“”„‚–—…«»‹›•·°§©®™¿¡†‡¶±×÷‰"
_CURRENCIES = "€£¥¢"


def _plausibility(text: str | None) -> int:
    """How much `text` looks like real words: see the module docstring."""
    if text is None:
        return -(10**9)
    score = 0
    for match in _WORD_OR_SYMBOL.finditer(text):
        token = match.group()
        if token.isascii():
            continue
        if len(token) > 1 or token.isalpha():
            score += _word_score(token)
            continue
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end() : match.end() + 1]
        score += _symbol_score(token, before, after)
    return score


def _word_score(word: str) -> int:
    foreign = sum(1 for ch in word if ord(ch) > 127)
    if all(_script(ch) == "arabic" for ch in word):
        return foreign
    if all(ch.isascii() or _script(ch) == "latin" for ch in word):
        if len(word) == 1:
            return foreign if word.islower() else 0
        cased = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
        if cased and any(ch.isascii() for ch in word):
            return foreign
    return -foreign


def _symbol_score(ch: str, before: str, after: str) -> int:
    # Spaces, invisible marks, digits such as ² ½, Arabic punctuation: no evidence.
    if ch.isspace() or unicodedata.category(ch) in ("Cf", "Mn", "No") or _script(ch) == "arabic":
        return 0
    between_letters = before.isalpha() and after.isalpha()
    if ch in _APOSTROPHES:
        return 1 if between_letters else 0
    if ch in _TYPOGRAPHY:
        return -1 if between_letters and ch not in "–·" else 0
    if ch in _CURRENCIES:
        return 1 if before.isdigit() or after.isdigit() or after == " " else 0
    return -1


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if ch in "ªº" or unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    return "other"


def _sniff_delimiter(text: str) -> str:
    """The delimiter csv.Sniffer picks, when it is among the most consistent ones; else
    the one that splits the most lines into the same number (> 1) of fields."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    consistency = {}
    for delimiter in DELIMITERS:
        records = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        widths = [len(record) for record in records if any(cell.strip() for cell in record)]
        width, hits = Counter(widths).most_common(1)[0] if widths else (0, 0)
        if width > 1:
            consistency[delimiter] = (hits / len(widths), width)
    if not consistency:
        return ","
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    best = max(share for share, _width in consistency.values())
    if sniffed in consistency and consistency[sniffed][0] >= best:
        return sniffed
    # Ties go to more fields, then to the order of DELIMITERS.
    return max(consistency, key=lambda d: (*consistency[d], -DELIMITERS.index(d)))


# --- assembling rows -------------------------------------------------------------------


def _assemble(records, table: Table, *, max_rows: int) -> tuple[int, int]:
    """Fill `table` from (row number, cells) records: the first non-empty row is the
    header, empty rows are left out, columns that are empty throughout are dropped.
    Returns (empty rows after the last one with text, that row's number)."""
    header = None
    pending_empty = skipped_empty = count = last_row = 0
    for number, cells in records:
        if not any(cells):
            if header is not None:
                pending_empty += 1
            continue
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise ReadError(
                _("Row %(row)s has more than %(max)s columns.")
                % {"row": _count(number), "max": _count(MAX_COLUMNS)}
            )
        last_row = number
        if header is None:
            header = cells
            continue
        skipped_empty += pending_empty
        pending_empty = 0
        count += 1
        if count <= max_rows:
            table.rows.append(cells)
            table.row_numbers.append(number)
    if header is None:
        raise ReadError(_("The file has no rows with text in them."))
    if count > max_rows:
        raise ReadError(
            _("The file has %(count)s rows; the largest accepted is %(max)s.")
            % {"count": _count(count), "max": _count(max_rows)}
        )
    width = max(_filled_width(row) for row in (header, *table.rows))
    table.headers, unnamed = _name_headers(header[:width], width)
    table.rows[:] = [(row + [""] * (width - len(row)))[:width] for row in table.rows]
    if skipped_empty:
        table.notes.append(
            ngettext(
                "Left out %(count)s empty row between the rows of data.",
                "Left out %(count)s empty rows between the rows of data.",
                skipped_empty,
            )
            % {"count": _count(skipped_empty)}
        )
    if unnamed:
        table.notes.append(
            ngettext(
                "%(count)s column has no header; it is named “column N” by its position.",
                "%(count)s columns have no header; they are named “column N” by position.",
                unnamed,
            )
            % {"count": _count(unnamed)}
        )
    return pending_empty, last_row


def _filled_width(cells: list[str]) -> int:
    return next((index + 1 for index in range(len(cells) - 1, -1, -1) if cells[index]), 0)


def _name_headers(cells: list[str], width: int) -> tuple[list[str], int]:
    """Headers with whitespace collapsed, empty ones named "column N", repeated ones
    made unique ("Date", "Date (2)"), compared regardless of case."""
    names, seen, unnamed = [], set(), 0
    for position in range(1, width + 1):
        cell = " ".join(cells[position - 1].split()) if position <= len(cells) else ""
        if not cell:
            unnamed += 1
            cell = _("column %(number)s") % {"number": position}
        name, copy = cell, 2
        while name.casefold() in seen:
            name = f"{cell} ({copy})"
            copy += 1
        seen.add(name.casefold())
        names.append(name)
    return names, unnamed


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(data: bytes, *, max_rows: int, sheet: str | None) -> Table:
    damaged = _(
        "This workbook could not be read; it may be damaged. "
        "Open it in Excel, save it again and upload it."
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    state = {"stopped_at": 0, "read": 0}
    try:
        _check_archive(archive)
        # openpyxl warns about features it drops (data validation, conditional formats);
        # they do not matter for values and would only clutter the logs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = _open_workbook(data)
        try:
            worksheet, notes = _choose_sheet(workbook, sheet)
            table = Table("xlsx", [], [], sheet=worksheet.title, notes=notes)
            _empty, last_data_row = _assemble(
                _sheet_records(worksheet, state), table, max_rows=max_rows
            )
        finally:
            workbook.close()
        last_row = state["read"]
        if state["stopped_at"]:
            with archive.open(worksheet._worksheet_path) as stream:
                found, last_row = _scan_rest(stream, state["stopped_at"])
    except ReadError:
        raise
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise ReadError(damaged) from error
    finally:
        archive.close()
    if state["stopped_at"] and found:
        raise ReadError(
            _(
                "Row %(row)s of the sheet “%(sheet)s” holds data after more than %(count)s "
                "empty rows. Delete the empty rows and upload the file again."
            )
            % {"row": _count(found), "sheet": table.sheet, "count": _count(EMPTY_ROWS_TO_STOP)}
        )
    return _note_ignored(table, max(last_row, state["read"]) - last_data_row)


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse archive bombs, encrypted parts and macros from the ZIP directory alone."""
    members = archive.infolist()
    if (
        len(members) > XLSX_MAX_MEMBERS
        or sum(member.file_size for member in members) > XLSX_MAX_UNCOMPRESSED
        or any(
            member.file_size > max(XLSX_RATIO_MIN_SIZE, XLSX_MAX_RATIO * member.compress_size)
            for member in members
        )
    ):
        raise ReadError(
            _(
                "This workbook expands to far more data than its size suggests "
                "(a “ZIP bomb”); it was not opened."
            )
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ReadError(_("This workbook is encrypted; save it without a password."))
    names = [member.filename.lower() for member in members]
    content_types = archive.read("[Content_Types].xml").lower()
    if (
        any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in names)
        or b"macroenabled" in content_types
        or b"vbaproject" in content_types
    ):
        raise ReadError(
            _(
                "This workbook contains macros. Save it as an Excel Workbook (.xlsx), "
                "without macros, and upload it again."
            )
        )


def _open_workbook(data: bytes):
    """openpyxl's workbook, read-only, with the formulas, without its sizing of sheets.

    openpyxl sizes each sheet when it opens it from its <dimension> element, and a sheet
    without one (openpyxl's own write-only mode writes none) is parsed to its end for
    it: seconds for a million empty rows. The sheets here are not sized (they are read
    unsized anyway) and chart sheets are left out.
    """
    # Imported here: only XLSX uploads pay for importing openpyxl.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self):
            pass

    class Reader(ExcelReader):
        def read_worksheets(self):
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    worksheet = UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    worksheet.sheet_state = sheet.state
                    self.wb._sheets.append(worksheet)

    reader = Reader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.read()
    return reader.wb


def _choose_sheet(workbook, sheet: str | None):
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        raise ReadError(
            _("This workbook has no sheet named “%(sheet)s”. Its sheets are: %(sheets)s.")
            % {"sheet": sheet, "sheets": ", ".join(f"“{name}”" for name in names)}
        )
    if sheet is not None:
        return workbook[sheet], []
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    worksheets = visible or workbook.worksheets
    if not worksheets:
        raise ReadError(_("This workbook has no sheet with cells."))
    notes = []
    if len(names) > 1:
        notes.append(
            _("Read the sheet “%(sheet)s”; the workbook also has %(others)s.")
            % {
                "sheet": worksheets[0].title,
                "others": ", ".join(f"“{n}”" for n in names if n != worksheets[0].title),
            }
        )
    return worksheets[0], notes


def _sheet_records(worksheet, state):
    """(row number, cells as text) for each row of the sheet, up to the first run of
    EMPTY_ROWS_TO_STOP empty rows. Refuses the first formula."""
    empty_run = 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        state["read"] = number
        cells = []
        for cell in row:
            if cell.data_type == "f":
                raise ReadError(
                    _(
                        "This workbook holds formulas (first at %(cell)s): save it with "
                        "values only and upload it again."
                    )
                    % {"cell": _cell_name(worksheet.title, cell.coordinate)}
                )
            cells.append(_cell_text(cell.value))
        if any(cells):
            empty_run = 0
        else:
            empty_run += 1
            if empty_run >= EMPTY_ROWS_TO_STOP:
                state["stopped_at"] = number
                return
        yield number, cells


def _cell_name(sheet: str, coordinate: str) -> str:
    quoted = sheet if re.fullmatch(r"\w+", sheet) else "'{}'".format(sheet.replace("'", "''"))
    return f"{quoted}!{coordinate}"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime) and value.time() != time(0):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):  # datetime is a date: midnight is the date alone
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # 15 significant digits is what Excel keeps; more shows binary noise (0.1 + 0.2).
        return format(value, ".15g")
    if isinstance(value, str):
        return _clean(value)
    return str(value).strip()


_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])([^>]*)>")
_VALUE_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:v|is|f)(?=[\s/>])")
_ROW_ATTRIBUTE = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
# Formulas of data validations (<xm:f>) follow the cells: the scan ends with them.
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData>")


def _scan_rest(stream, after_row: int) -> tuple[int, int]:
    """(first row past `after_row` holding a value or formula, or 0; last row number),
    from the raw XML: far cheaper than parsing a million empty rows in openpyxl."""
    row, carry = 0, b""
    while True:
        chunk = stream.read(1 << 20)
        buffer = carry + chunk
        # Cut after the last ">" so that no tag straddles two buffers.
        cut = buffer.rfind(b">") + 1 if chunk else len(buffer)
        body, carry = buffer[:cut], buffer[cut:]
        if end_of_data := _SHEET_DATA_END.search(body):
            body, chunk = body[: end_of_data.start()], b""
        position = 0
        if row <= after_row:
            position = len(body)
            for match in _ROW_TAG.finditer(body):
                found = _ROW_ATTRIBUTE.search(match.group(1))
                row = int(found.group(1)) if found else row + 1
                if row > after_row:
                    position = match.end()
                    break
        if row > after_row:
            value = _VALUE_TAG.search(body, position)
            row = _last_row(body, position, value.start() if value else len(body), row)
            if value:
                return row, row
        if not chunk:
            return 0, row


def _last_row(body: bytes, start: int, end: int, row: int) -> int:
    """The number of the last row tag in body[start:end], found from the end."""
    position = end
    while (position := body.rfind(b"<", start, position)) >= 0:
        if match := _ROW_TAG.match(body, position, end):
            if found := _ROW_ATTRIBUTE.search(match.group(1)):
                return int(found.group(1))
            return row + len(_ROW_TAG.findall(body, start, end))
    return row
