"""Reading uploaded registers: type by content, encodings, delimiters, XLSX safety.

Files are built in each test, except the real ones read from ../shared/data/ (third-party
data, see its README): HUGGO (globalgov/manytreaties, CC BY 4.0), the UNCTAD IIA
Navigator scrape (bkey15/dissertation) and the UN Statistics Division's M49 standard.
"""

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from imports import reading
from imports.reading import ReadError, Table, is_formula, read_table

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
MB = 1024 * 1024


def read(data, filename="register.csv", *, max_bytes=20 * MB, max_rows=100_000, sheet=None):
    return read_table(data, filename, max_bytes=max_bytes, max_rows=max_rows, sheet=sheet)


def refusal(data, filename="register.csv", **kwargs) -> str:
    with pytest.raises(ReadError) as caught:
        read(data, filename, **kwargs)
    return str(caught.value)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def workbook_bytes(rows, title="Sheet1", *, more=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra_rows in more:
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change=None, add=None) -> bytes:
    """A copy of the ZIP `data` with members changed by `change(name, content)` and added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(item.filename, content) if change else content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


# --- CSV: encodings ------------------------------------------------------------------


class TestEncodings:
    arabic = "الاتفاقية,الجهة\nمذكرة تفاهم في مجال الاتصالات,وزارة الاتصالات وتكنولوجيا المعلومات\n"
    latin = (
        "Title,Place\n"
        "Accord de coopération économique,Genève\n"
        "Convenio sobre las telecomunicaciones,São Paulo\n"
        "Abkommen über Zusammenarbeit,Müller Straße\n"
        "Partners’ meeting,Bogotá\n"
    )

    def test_it_reads_plain_utf8(self):
        table = read(self.arabic.encode("utf-8"))
        assert table.encoding == "utf-8"
        assert table.headers == ["الاتفاقية", "الجهة"]
        assert table.rows[0][1] == "وزارة الاتصالات وتكنولوجيا المعلومات"
        assert table.notes == []

    def test_it_drops_a_utf8_byte_order_mark(self):
        table = read(b"\xef\xbb\xbf" + self.arabic.encode("utf-8"))
        assert table.encoding == "utf-8-sig"
        assert table.headers[0] == "الاتفاقية"

    @pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
    def test_it_reads_utf16_with_its_byte_order_mark(self, codec):
        data = self.arabic.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        table = read(data)
        assert table.headers == ["الاتفاقية", "الجهة"]
        assert table.rows[0][0] == "مذكرة تفاهم في مجال الاتصالات"
        assert table.notes == ["Read as UTF-16."]

    def test_it_reads_windows_arabic(self):
        table = read(self.arabic.encode("cp1256"))
        assert table.encoding == "cp1256"
        assert table.rows[0] == [
            "مذكرة تفاهم في مجال الاتصالات",
            "وزارة الاتصالات وتكنولوجيا المعلومات",
        ]
        assert table.notes == ["Read as Windows Arabic (cp1256)."]

    def test_it_reads_short_arabic_words_as_arabic(self):
        # "في" in cp1252 is "Ýí": a two-letter word with no ASCII letter is not Latin.
        table = read("name\nفي\nمن\n".encode("cp1256"))
        assert table.encoding == "cp1256"
        assert [row[0] for row in table.rows] == ["في", "من"]

    def test_it_reads_windows_western_european(self):
        table = read(self.latin.encode("cp1252"))
        assert table.encoding == "cp1252"
        assert table.rows[1] == ["Convenio sobre las telecomunicaciones", "São Paulo"]
        assert table.rows[3][0] == "Partners’ meeting"
        assert table.notes == ["Read as Windows Western European (cp1252)."]

    def test_it_reads_mac_roman(self):
        table = read(self.latin.encode("mac_roman"))
        assert table.encoding == "mac_roman"
        assert table.rows[2] == ["Abkommen über Zusammenarbeit", "Müller Straße"]
        assert table.notes == ["Read as Mac Roman."]

    def test_it_prefers_cp1252_when_both_read_as_well(self):
        # 0x92 is ’ in cp1252 and í in Mac Roman: "don’t" and "donít" score alike.
        table = read("note\ndon’t\n".encode("cp1252"))
        assert table.encoding == "cp1252"
        assert table.rows == [["don’t"]]

    def test_it_reads_each_line_of_a_mixed_file_in_its_own_encoding(self):
        data = (
            b"state,name\n"
            + "EGY,مصر\n".encode()
            + "KNA,St.\u00a0Kitts and Nevis\n".encode("mac_roman")
            + "CIV,Côte d’Ivoire\n".encode()
        )
        table = read(data)
        assert table.encoding == "utf-8+mac_roman"
        assert [row[1] for row in table.rows] == [
            "مصر",
            "St.\u00a0Kitts and Nevis",
            "Côte d’Ivoire",
        ]
        assert table.notes == [
            "The file mixes UTF-8 and Mac Roman: 1 line was read as Mac Roman, the others as UTF-8."
        ]

    def test_it_does_not_take_a_line_for_utf8_by_accident(self):
        # "سچ" in cp1256 is the bytes D3 8D, which happen to be valid UTF-8 ("Ӎ").
        data = "name\nالاتصالات\nسچ\n".encode("cp1256")
        assert "سچ".encode("cp1256").decode("utf-8") == "Ӎ"
        table = read(data)
        assert table.encoding == "cp1256"
        assert [row[0] for row in table.rows] == ["الاتصالات", "سچ"]


# --- CSV: delimiters, quotes, shape --------------------------------------------------


class TestShape:
    @pytest.mark.parametrize(
        ("delimiter", "note"),
        [
            (";", "Columns are separated by semicolons."),
            ("\t", "Columns are separated by tabs."),
            ("|", "Columns are separated by vertical bars (|)."),
        ],
    )
    def test_it_sniffs_the_delimiter(self, delimiter, note):
        lines = [
            ["partner", "signed", "title"],
            ["Korea, Republic of", "2019-05-12", "MoU; ICT"],
            ["Egypt", "2020-01-02", "Programme, 2020"],
        ]
        text = "\n".join(delimiter.join(f'"{cell}"' for cell in line) for line in lines)
        table = read(text.encode())
        assert table.delimiter == delimiter
        assert table.headers == ["partner", "signed", "title"]
        assert table.rows[0] == ["Korea, Republic of", "2019-05-12", "MoU; ICT"]
        assert table.notes == [note]

    def test_it_keeps_a_quoted_comma_and_newline_in_one_cell(self):
        data = b'partner,title\n"Korea, Republic of","Memorandum\r\non ICT"\nEgypt,Plan\n'
        table = read(data)
        assert table.delimiter == ","
        assert table.rows == [["Korea, Republic of", "Memorandum\non ICT"], ["Egypt", "Plan"]]
        assert table.row_numbers == [2, 4]

    def test_it_pads_short_rows_and_names_extra_columns(self):
        table = read(b"a,b,c\n1\n1,2,3,4\n")
        assert table.headers == ["a", "b", "c", "column 4"]
        assert table.rows == [["1", "", "", ""], ["1", "2", "3", "4"]]
        assert "1 column has no header; it is named “column N” by its position." in table.notes

    def test_it_drops_trailing_empty_columns(self):
        table = read(b"a,b,,,,\n1,2,,,,\n3,,,,,\n")
        assert table.headers == ["a", "b"]
        assert table.rows == [["1", "2"], ["3", ""]]

    def test_it_names_empty_and_repeated_headers(self):
        table = read(b" Date ,,date,Date (2),Title\n1,2,3,4,5\n")
        assert table.headers == ["Date", "column 2", "date (2)", "Date (2) (2)", "Title"]

    def test_it_collapses_whitespace_in_headers(self):
        table = read(b'"Date of\nsignature",  Partner  name \n1,2\n')
        assert table.headers == ["Date of signature", "Partner name"]

    def test_it_strips_cells_and_leaves_out_empty_rows_keeping_their_numbers(self):
        table = read(b"\n\na,b\n 1 , 2 \n,\n\n3,4\n,\n,\n")
        assert table.headers == ["a", "b"]
        assert table.rows == [["1", "2"], ["3", "4"]]
        assert table.row_numbers == [4, 7]
        assert table.notes == [
            "Left out 2 empty rows between the rows of data.",
            "Ignored 2 empty rows at the end.",
        ]

    def test_it_keeps_text_that_looks_like_a_formula(self):
        # Refusing formulas is the import engine's job, cell by cell, with is_formula.
        table = read(b'a\n=HYPERLINK("x")\n')
        assert table.rows == [['=HYPERLINK("x")']]

    def test_it_refuses_a_quote_that_never_closes(self):
        message = refusal(b'a,b\n1,2\n3,"four\n5,6\n7,8\n')
        assert message.startswith("Line 3 opens a quoted cell that never closes")

    def test_it_reads_a_single_column(self):
        table = read(b"name\nEgypt\nJordan\n")
        assert table.headers == ["name"]
        assert table.rows == [["Egypt"], ["Jordan"]]


# --- refusals: size, rows, type ------------------------------------------------------


class _Upload:
    """A stand-in for Django's UploadedFile that must not be read when too large."""

    size = 200 * MB

    def read(self, *args):
        raise AssertionError("read before its size was checked")


class TestRefusals:
    def test_it_refuses_a_file_larger_than_the_limit_before_reading_it(self):
        message = refusal(_Upload(), max_bytes=20 * MB)
        assert message == "The file is 200 MB; the largest accepted is 20 MB."

    def test_it_refuses_bytes_larger_than_the_limit(self):
        assert refusal(b"a,b\n" * 600, max_bytes=2048) == (
            "The file is 2 KB; the largest accepted is 2 KB."
        )

    def test_it_reads_a_file_object(self):
        table = read(io.BytesIO(b"a,b\n1,2\n"))
        assert table.rows == [["1", "2"]]

    def test_it_refuses_more_rows_than_the_limit_with_the_count(self):
        message = refusal(b"a\n" + b"1\n" * 12_345, max_rows=10_000)
        assert message == "The file has 12,345 rows; the largest accepted is 10,000."

    def test_it_refuses_an_empty_file(self):
        assert refusal(b"") == "The file is empty."
        assert refusal(b" \r\n\n") == "The file is empty."
        assert refusal(b",,\n,,\n") == "The file has no rows with text in them."

    def test_it_refuses_a_pdf_named_xlsx(self):
        message = refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "register.xlsx")
        assert message == (
            "This file is named .xlsx but is not an Excel workbook: it seems to be a PDF document."
        )

    def test_it_refuses_a_csv_named_xlsx(self):
        assert refusal(b"a,b\n1,2\n", "register.xlsx") == (
            "This file is named .xlsx but is not an Excel workbook: "
            "it seems to be a text (CSV) file."
        )

    def test_it_refuses_an_xlsx_named_csv(self):
        assert refusal(workbook_bytes([["a"], [1]]), "register.CSV") == (
            "This file is named .csv but is not a CSV file: "
            "it seems to be an Excel workbook (.xlsx)."
        )

    def test_it_refuses_an_image(self):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, "PNG")
        assert refusal(buffer.getvalue(), "register.csv") == (
            "This file is named .csv but is not a CSV file: it seems to be an image."
        )

    @pytest.mark.parametrize(
        ("data", "filename", "kind"),
        [
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "register.xls", "an old-format"),
            (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(600), "register.exe", "a .exe file"),
            (b"%PDF-1.4\n", "register.pdf", "a PDF document"),
            (b"<!DOCTYPE html><table><tr><td>1</td></tr></table>", "register.xls", "a web page"),
            (bytes(range(256)) * 4, "register.dat", "a binary file"),
        ],
    )
    def test_it_refuses_files_that_are_neither_csv_nor_xlsx(self, data, filename, kind):
        message = refusal(data, filename)
        assert message.startswith(f"This file seems to be {kind}")
        assert message.endswith("Upload a CSV file or an Excel workbook (.xlsx).")

    def test_it_names_an_opendocument_spreadsheet(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", "<office:document-content/>")
        message = refusal(buffer.getvalue(), "register.ods")
        assert message.startswith("This file seems to be an OpenDocument spreadsheet (.ods).")

    def test_it_refuses_a_csv_with_an_unknown_extension(self):
        assert refusal(b"a,b\n1,2\n", "register.dat") == (
            "“register.dat” seems to be a text (CSV) file: name it .csv or .xlsx and upload "
            "it again."
        )


# --- is_formula -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "- see annex",
        "+1-202-555-0100",
        "  =cmd",
        "@user",
    ],
)
def test_it_knows_a_formula(text):
    assert is_formula(text)


@pytest.mark.parametrize(
    "text", ["-12.5", "+20 2 1234567", "12", "", "-", "+", "Egypt", "100%", "-1,000.50", "a=b"]
)
def test_it_knows_what_is_not_a_formula(text):
    assert not is_formula(text)


# --- XLSX -----------------------------------------------------------------------------


class TestWorkbooks:
    def test_it_reads_a_plain_workbook(self):
        data = workbook_bytes(
            [
                ["Partner", "Signed", "Year", "Amount", "Active", None, None],
                ["  Egypt ", date(2019, 5, 12), 2019.0, 12.5, True],
                ["Jordan", datetime(2020, 1, 2), 2020, 0.1 + 0.2, False],
                ["Oman", datetime(2020, 1, 2, 14, 30), 201001234567.0, 3, None],
            ]
        )
        table = read(data, "register.xlsx")
        assert table.format == "xlsx"
        assert table.sheet == "Sheet1"
        assert (table.encoding, table.delimiter) == (None, None)
        assert table.headers == ["Partner", "Signed", "Year", "Amount", "Active"]
        assert table.rows == [
            ["Egypt", "2019-05-12", "2019", "12.5", "true"],
            ["Jordan", "2020-01-02", "2020", "0.3", "false"],
            ["Oman", "2020-01-02 14:30:00", "201001234567", "3", ""],
        ]
        assert table.row_numbers == [2, 3, 4]
        assert table.notes == []

    def test_it_refuses_a_formula_naming_its_cell(self):
        data = workbook_bytes([["a", "b", "c"], [1, 2, 3], [1, 2, 3], [4, 5, "=SUM(A1:A3)"]])
        assert refusal(data, "register.xlsx") == (
            "This workbook holds formulas (first at Sheet1!C4): save it with values only and "
            "upload it again."
        )

    def test_it_quotes_a_sheet_name_with_spaces(self):
        data = workbook_bytes([["a", "b"], [1, "=A2*2"]], title="My data")
        assert "(first at 'My data'!B2)" in refusal(data, "register.xlsx")

    def test_it_reads_the_first_sheet_unless_told(self):
        data = workbook_bytes([["a"], [1]], more=[("Second", [["b"], [2]])])
        table = read(data, "register.xlsx")
        assert (table.sheet, table.headers, table.rows) == ("Sheet1", ["a"], [["1"]])
        assert table.notes == ["Read the sheet “Sheet1”; the workbook also has “Second”."]
        table = read(data, "register.xlsx", sheet="Second")
        assert (table.sheet, table.headers, table.rows, table.notes) == (
            "Second",
            ["b"],
            [["2"]],
            [],
        )

    def test_it_skips_a_hidden_first_sheet(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(["hidden"])
        workbook.active.sheet_state = "hidden"
        workbook.create_sheet("Data").append(["shown"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert read(buffer.getvalue(), "register.xlsx").sheet == "Data"

    def test_it_refuses_an_unknown_sheet_listing_the_sheets(self):
        data = workbook_bytes([["a"]], more=[("Second", [["b"]])])
        assert refusal(data, "register.xlsx", sheet="Third") == (
            "This workbook has no sheet named “Third”. Its sheets are: “Sheet1”, “Second”."
        )

    def test_it_refuses_a_workbook_with_a_vba_project(self):
        data = rezip(workbook_bytes([["a"], [1]]), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
        assert refusal(data, "register.xlsx").startswith("This workbook contains macros.")

    def test_it_refuses_a_macro_enabled_workbook(self):
        def macro_enabled(name, content):
            if name == "[Content_Types].xml":
                return content.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            return content

        data = rezip(
            workbook_bytes([["a"], [1]]),
            change=macro_enabled,
            add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
        )
        assert b"macroEnabled" in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
        assert refusal(data, "register.xlsm").startswith("This workbook contains macros.")

    def test_it_refuses_a_zip_bomb_before_opening_it(self, monkeypatch):
        def must_not_open(*args, **kwargs):
            raise AssertionError("openpyxl opened a ZIP bomb")

        monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
        data = rezip(
            workbook_bytes([["a"], [1]]),
            change=lambda name, content: (
                content.replace(b"</worksheet>", b" " * (8 * MB) + b"</worksheet>")
                if name.startswith("xl/worksheets/")
                else content
            ),
        )
        assert len(data) < 100_000
        assert refusal(data, "register.xlsx") == (
            "This workbook expands to far more data than its size suggests (a “ZIP bomb”); "
            "it was not opened."
        )

    def test_it_refuses_a_workbook_that_expands_past_the_limit(self, monkeypatch):
        monkeypatch.setattr(reading, "XLSX_MAX_UNCOMPRESSED", 4096)
        assert "ZIP bomb" in refusal(workbook_bytes([["a"], [1]]), "register.xlsx")

    def test_it_refuses_a_damaged_workbook(self):
        data = rezip(
            workbook_bytes([["a"], [1]]),
            change=lambda name, content: b"<worksheet" if "worksheets/" in name else content,
        )
        assert refusal(data, "register.xlsx").startswith("This workbook could not be read")

    def test_it_reads_a_sheet_that_claims_a_million_rows_as_it_is(self):
        data = rezip(
            workbook_bytes([["a", "b"], [1, 2]]),
            change=lambda name, content: re.sub(
                rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', content
            ),
        )
        table = read(data, "register.xlsx")
        assert (table.headers, table.rows, table.notes) == (["a", "b"], [["1", "2"]], [])

    def test_it_refuses_data_after_a_long_run_of_empty_rows(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["a"])
        sheet.append([1])
        sheet["A1500"] = "late"
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert refusal(buffer.getvalue(), "register.xlsx") == (
            "Row 1,500 of the sheet “Sheet” holds data after more than 1,000 empty rows. "
            "Delete the empty rows and upload the file again."
        )

    def test_it_ignores_formatted_empty_rows_and_the_formulas_of_validations(self):
        # A styled but empty cell far down, and a list validation whose formula (<xm:f>)
        # Excel writes after the cells: neither is data.
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["a"])
        sheet.append([1])
        sheet["A1200"].font = openpyxl.styles.Font(bold=True)
        buffer = io.BytesIO()
        workbook.save(buffer)
        validation = (
            b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
            b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            b'<x14:dataValidations count="1" '
            b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            b'<x14:dataValidation type="list"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f>'
            b"</x14:formula1><xm:sqref>A2:A9</xm:sqref></x14:dataValidation>"
            b"</x14:dataValidations></ext></extLst></worksheet>"
        )
        data = rezip(
            buffer.getvalue(),
            change=lambda name, content: (
                content.replace(b"</worksheet>", validation) if "worksheets/" in name else content
            ),
        )
        table = read(data, "register.xlsx")
        assert table.rows == [["1"]]
        assert table.notes == ["Ignored 1,198 empty rows at the end."]

    def test_it_reads_data_after_a_short_run_of_empty_rows(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["a"])
        sheet["A900"] = "later"
        buffer = io.BytesIO()
        workbook.save(buffer)
        table = read(buffer.getvalue(), "register.xlsx")
        assert table.rows == [["later"]]
        assert table.row_numbers == [900]


@pytest.fixture(scope="module")
def million_empty_rows() -> bytes:
    """Two rows of data, then a million empty rows physically written, as a sheet whose
    formatting reaches far down may hold."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(["Partner", "Signed"])
    sheet.append(["Egypt", date(2019, 5, 12)])
    for _ in range(1_000_000):
        sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_stops_soon_after_a_million_empty_rows(monkeypatch, million_empty_rows):
    parsed = [0]
    rows_of = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in rows_of(self, *args, **kwargs):
            parsed[0] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    table = read(million_empty_rows, "register.xlsx")
    assert table.rows == [["Egypt", "2019-05-12"]]
    # openpyxl parsed the data and the first run of empty rows, not the million.
    assert parsed[0] == 2 + reading.EMPTY_ROWS_TO_STOP
    assert table.notes == ["Ignored 1,000,000 empty rows at the end."]


# --- real files -----------------------------------------------------------------------


def read_real(name: str, **kwargs) -> Table:
    path = DATA / name
    return read(path.read_bytes(), path.name, **kwargs)


def test_it_reads_huggo_memberships_in_mixed_encoding():
    table = read_real("huggo/HUGGO_MEM_trade_additional.csv")
    assert table.headers == [
        "manyID",
        "treatyID",
        "Title",
        "Begin",
        "stateID",
        "Signature",
        "Force",
        "End",
        "StateName",
        "gptadID",
        "StateSignature",
        "StateRatification",
        "StateForce",
        "StateEnd",
        "Rat=Notif",
        "Coder",
        "url",
        "Succession",
        "Accession",
    ]  # and not the 9 empty columns that follow them in the file
    assert len(table.rows) == 5_644
    assert {len(row) for row in table.rows} == {19}
    assert table.encoding == "utf-8+mac_roman"
    assert table.notes == [
        "The file mixes UTF-8 and Mac Roman: 3 lines were read as Mac Roman, the others as UTF-8."
    ]
    names = {row[8] for row in table.rows}
    # Mac Roman 0xCA is a no-break space, not "Ê" as cp1252 would have it.
    assert "St.\u00a0Kitts\u00a0and\u00a0Nevis" in names
    assert not any("Ê" in name for name in names)


def test_it_reads_huggo_agreements():
    table = read_real("huggo/HUGGO_clean.csv")
    assert len(table.rows) == 4_532
    assert table.headers[:6] == ["Title", "Begin", "End", "Signature", "Force", "Term"]
    assert (table.encoding, table.delimiter, table.notes) == ("utf-8", ",", [])


def test_it_reads_the_unctad_navigator_with_quoted_parties():
    table = read_real("unctad-iia/unctad_iia_navigator_scrape.csv")
    assert len(table.rows) == 3_925
    parties = table.headers.index("parties")
    assert len(table.headers) == 10
    assert any(row[parties].startswith("Korea, Republic of") for row in table.rows)
    first = table.rows[0]
    assert first[parties] == "EFTA (European Free Trade Association), Ukraine"


def test_it_reads_the_m49_standard_with_a_bom_and_semicolons():
    table = read_real("un-m49/UNSD_M49_Methodology.csv")
    assert len(table.rows) == 249
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ";"
    assert table.headers[0] == "Global Code"
    namibia = next(
        row for row in table.rows if row[table.headers.index("Country or Area")] == "Namibia"
    )
    assert namibia[table.headers.index("ISO-alpha2 Code")] == "NA"
    assert namibia[table.headers.index("M49 Code")] == "516"
