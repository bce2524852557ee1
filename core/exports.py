"""CSV and XLSX exports of any filtered list, with headers in the user's language.

A list view declares its columns as (label, function of a row); the export streams the
same restricted, filtered queryset the page shows, in chunks, so memory stays flat.
"""

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language_bidi

Column = tuple[str, Callable]
CHUNK = 2000


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | float):
        return value
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable, columns: list[Column], filename: str) -> StreamingHttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens Arabic text correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(label) for label, _ in columns])
        for row in rows:
            yield writer.writerow([_text(_cell(get(row))) for _, get in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# A cell starting with one of these is read as a formula by spreadsheets (CSV injection);
# tab and carriage return too, which some strip before deciding.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """A text cell that a spreadsheet will show, never evaluate."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # a negative number is a number, not a formula
    return neutralize(str(value))


def xlsx_response(rows: Iterable, columns: list[Column], filename: str, title: str) -> HttpResponse:
    """An XLSX workbook written in openpyxl's streaming mode; right-to-left in Arabic."""
    from tempfile import NamedTemporaryFile

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.sheet_view.rightToLeft = get_language_bidi()
    header = []
    for label, _ in columns:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = []
        for _, get in columns:
            value = _cell(get(row))
            values.append(value if not isinstance(value, str) else _text(value))
        sheet.append(values)
    with NamedTemporaryFile(suffix=".xlsx") as handle:
        workbook.save(handle.name)
        handle.seek(0)
        data = handle.read()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, rows, columns, filename, title):
    if fmt == "xlsx":
        return xlsx_response(rows, columns, filename, title)
    return csv_response(rows, columns, filename)
