"""Real files made in the tests (nothing checked in): well-formed ones that must be accepted
and hostile ones that must be refused."""

import io
import os
import struct
import zipfile
import zlib

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.content import DOCX, JPEG, PDF, PNG, TIFF, XLSX

ARABIC = "مذكرة تفاهم بشأن التعاون في مجال تكنولوجيا المعلومات"
ARABIC_CELL = "الجهاز القومي لتنظيم الاتصالات"


def upload(name: str, data: bytes, content_type="application/octet-stream"):
    """What a browser sends: the user's name, the bytes, a content type we do not trust."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_bytes(*pages: str) -> bytes:
    """A valid PDF, written by hand: one page per text, in Helvetica, with a correct xref."""
    pages = pages or ("Memorandum of Understanding on digital cooperation",)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_bytes(*paragraphs: str, table=((ARABIC_CELL, "NTRA"),)) -> bytes:
    """A real DOCX made with python-docx: paragraphs (Arabic by default) and a table."""
    document = docx.Document()
    for text in paragraphs or ("Memorandum of Understanding", ARABIC):
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    """A real XLSX made with openpyxl: an action plan with an Arabic cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet.append(["Action", "Owner", "Due"])
    sheet.append(["Joint working group on 5G", ARABIC_CELL, "2026-03-31"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes(width=4, height=4, noise=False) -> bytes:
    """A valid PNG, chunk by chunk: grey, or random noise (which does not compress)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00" + (os.urandom(width) if noise else b"\x80" * width) for _ in range(height)
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """The start of a JFIF JPEG (SOI and APP0): what a type check by content reads."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def docx_with_picture(picture: bytes) -> bytes:
    """A real DOCX carrying a picture (python-docx reads the PNG's header itself)."""
    document = docx.Document()
    document.add_paragraph("Signed copy, scanned")
    document.add_picture(io.BytesIO(picture))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tiff_bytes() -> bytes:
    """A valid 1x1 grey TIFF (little-endian, uncompressed)."""
    entries = [  # tag, type (3 SHORT, 4 LONG), count, value
        (256, 3, 1, 1),  # width
        (257, 3, 1, 1),  # height
        (258, 3, 1, 8),  # bits per sample
        (259, 3, 1, 1),  # no compression
        (262, 3, 1, 1),  # black is zero
        (273, 4, 1, 8 + 2 + 12 * 8 + 4),  # strip offset: right after the IFD
        (278, 3, 1, 1),  # rows per strip
        (279, 4, 1, 1),  # strip byte count
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + b"\x80"


def exe_bytes() -> bytes:
    """The start of a Windows executable (DOS header and stub)."""
    header = bytearray(b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(46))
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    stub = b"This program cannot be run in DOS mode.\r\r\n$"
    return bytes(header) + bytes(0x40 - len(header) % 0x40) + stub + bytes(64) + b"PE\x00\x00"


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _office_zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"/>',
        )
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(megabytes=12) -> bytes:
    """A "DOCX" whose document part is megabytes of one repeated byte (ratio ~1000:1)."""
    return _office_zip({"word/document.xml": b" " * (megabytes * 1024 * 1024)})


def many_entries_docx(count=10_050) -> bytes:
    """A "DOCX" of more than ten thousand tiny parts."""
    entries = {"word/document.xml": b"<w:document/>"}
    entries.update({f"word/media/part{i}.xml": b"x" for i in range(count)})
    return _office_zip(entries, zipfile.ZIP_STORED)


def nested_archive_docx(disguised=False) -> bytes:
    """A "DOCX" carrying another ZIP, by name or disguised as an image."""
    inner = _office_zip({"word/document.xml": b"<w:document/>"})
    name = "word/media/image1.png" if disguised else "word/embeddings/package.zip"
    return _office_zip({"word/document.xml": b"<w:document/>", name: inner})


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


MIME = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "png": PNG, "jpeg": JPEG, "tiff": TIFF}
