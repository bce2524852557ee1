"""What an uploaded file really is: its size, its type by content (never by name), archive
bomb checks for the ZIP-based Office formats, its SHA-256 and its text.

Nothing here touches the database or the storage: `inspect` reads the upload and either
returns what it found or raises ValidationError on the "file" field.
"""

import hashlib
import logging
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"

# The accepted types: the extension a stored file gets, the extensions a user's file name may
# have, and the name shown in messages.
TYPES = {
    PDF: ("pdf", {"pdf"}, _("PDF")),
    DOCX: ("docx", {"docx"}, _("Word (DOCX)")),
    XLSX: ("xlsx", {"xlsx"}, _("Excel (XLSX)")),
    PNG: ("png", {"png"}, _("PNG")),
    JPEG: ("jpg", {"jpg", "jpeg", "jpe"}, _("JPEG")),
    TIFF: ("tif", {"tif", "tiff"}, _("TIFF")),
}
ACCEPT = ",".join(sorted(f".{ext}" for _stored, names, _label in TYPES.values() for ext in names))

# Archive bomb limits for DOCX and XLSX (read from the ZIP directory, nothing is extracted).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small entries compress well legitimately (XML boilerplate)
MAX_XML_PART = 64 * 1024 * 1024  # the XML parsers hold a part in memory
ARCHIVE_EXTENSIONS = {
    "zip", "jar", "docx", "docm", "xlsx", "xlsm", "pptx", "odt", "ods", "odp",
    "7z", "rar", "gz", "tgz", "bz2", "xz", "tar", "cab", "zst",
}  # fmt: skip
ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ")

# Extracted text is for search: a cap keeps a huge file from filling the database.
MAX_TEXT = 1_000_000
CHUNK = 64 * 1024


def extension_for(mime_type: str) -> str:
    """The extension a stored file of this type gets."""
    return TYPES.get(mime_type, ("bin",))[0]


def label_for(mime_type: str) -> str:
    return TYPES.get(mime_type, (None, None, mime_type))[2]


@dataclass
class Inspection:
    """What `inspect` found in an upload."""

    mime_type: str
    size: int
    sha256: str
    text: str = ""
    pages: int | None = None


def refuse(message, code, **params):
    raise ValidationError({"file": ValidationError(message, code=code, params=params or None)})


def max_upload_bytes() -> int:
    return settings.ACCORD_MAX_UPLOAD_MB * 1024 * 1024


def inspect(upload, name: str) -> Inspection:
    """Check `upload` (a Django File) and read what it holds. `name` is the user's file name.

    Raises ValidationError on "file" when the file is empty or too large, is not one of the
    accepted types (by content), has a name that contradicts its content, is an archive
    bomb, or is damaged.
    """
    size = upload.size
    if not size:
        refuse(_("The file is empty."), "empty")
    if size > max_upload_bytes():
        refuse(
            _("The file is %(size)s; the largest accepted is %(max)s MB."),
            "too_large",
            size=filesizeformat(size),
            max=settings.ACCORD_MAX_UPLOAD_MB,
        )
    upload.seek(0)
    head = upload.read(8192)
    mime_type = sniff(head)
    if mime_type in (DOCX, XLSX):
        mime_type = office_type(upload)
    check_extension(name, mime_type)
    result = Inspection(mime_type=mime_type, size=size, sha256=digest(upload))
    if mime_type == PDF:
        result.text, result.pages = pdf_text(upload)
    elif mime_type == DOCX:
        result.text = docx_text(upload)
    elif mime_type == XLSX:
        result.text = xlsx_text(upload)
    result.text = clean_text(result.text)
    upload.seek(0)
    return result


def sniff(head: bytes) -> str:
    """The accepted type that the file's first bytes announce (ZIP: DOCX until proven)."""
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # some ZIP: office_type() opens it to say which, if any
    guess = filetype.guess(head)
    if guess is not None and guess.mime in TYPES:
        return guess.mime
    found = guess.extension.upper() if guess is not None else _("unrecognised content")
    refuse(
        _(
            "This type of file is not accepted (%(found)s). Upload a PDF, Word (DOCX), "
            "Excel (XLSX), PNG, JPEG or TIFF file."
        ),
        "type",
        found=found,
    )


def office_type(upload) -> str:
    """DOCX or XLSX, judged from the ZIP's directory, after the archive bomb checks."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        refuse(_("The file is a damaged ZIP archive and cannot be read."), "corrupt")
    if len(entries) > MAX_ENTRIES:
        refuse(
            _("The file holds more than %(max)s parts: it is refused as a possible archive bomb."),
            "archive_bomb",
            max=MAX_ENTRIES,
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_UNCOMPRESSED:
            refuse(
                _(
                    "The file expands to more than %(max)s MB: it is refused as a possible "
                    "archive bomb."
                ),
                "archive_bomb",
                max=MAX_UNCOMPRESSED // (1024 * 1024),
            )
        if entry.file_size > RATIO_FLOOR and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > MAX_RATIO
        ):
            refuse(
                _(
                    "A part of the file is compressed more than %(ratio)s to 1: it is refused "
                    "as a possible archive bomb."
                ),
                "archive_bomb",
                ratio=MAX_RATIO,
            )
        if entry.filename.lower().endswith(".xml") and entry.file_size > MAX_XML_PART:
            refuse(
                _("A part of the file is too large to be read (more than %(max)s MB)."),
                "archive_bomb",
                max=MAX_XML_PART // (1024 * 1024),
            )
        if entry.flag_bits & 0x1:
            refuse(_("The file holds encrypted parts and cannot be checked."), "encrypted")
    for entry in entries:
        if is_archive(archive, entry):
            refuse(
                _(
                    "The file holds another archive (%(name)s): nested archives are refused. "
                    "Upload the embedded file on its own."
                ),
                "nested_archive",
                name=os.path.basename(entry.filename)[:80],
            )
    names = {entry.filename for entry in entries}
    is_docx = "word/document.xml" in names
    is_xlsx = "xl/workbook.xml" in names
    if "[Content_Types].xml" in names and is_docx != is_xlsx:
        return DOCX if is_docx else XLSX
    refuse(
        _(
            "This type of file is not accepted (a ZIP archive that is neither a Word nor an "
            "Excel file). Upload a PDF, Word (DOCX), Excel (XLSX), PNG, JPEG or TIFF file."
        ),
        "type",
    )


def is_archive(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """An archive inside the archive, by its name or by its first bytes (a few bytes are
    decompressed; the sizes were checked first)."""
    if entry.is_dir():
        return False
    if entry.filename.rsplit(".", 1)[-1].lower() in ARCHIVE_EXTENSIONS:
        return True
    if entry.file_size < 4:
        return False
    try:
        with archive.open(entry) as stream:
            head = stream.read(8)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        refuse(_("The file is a damaged ZIP archive and cannot be read."), "corrupt")
    return head.startswith(ARCHIVE_MAGIC)


def check_extension(name: str, mime_type: str) -> None:
    """A file name may leave out the extension, but not contradict the content."""
    _base, dot, extension = (name or "").rpartition(".")
    if not dot or not extension:
        return
    if extension.lower() not in TYPES[mime_type][1]:
        refuse(
            _(
                "The file name ends in .%(extension)s but the file is %(type)s. Upload the "
                "right file, or correct its name."
            ),
            "extension",
            extension=extension[:20],
            type=label_for(mime_type),
        )


def digest(upload) -> str:
    upload.seek(0)
    sha = hashlib.sha256()
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        sha.update(chunk)
    return sha.hexdigest()


def corrupt(mime_type: str):
    refuse(
        _("This %(type)s file is damaged and cannot be read."), "corrupt", type=label_for(mime_type)
    )


def pdf_text(upload) -> tuple[str, int | None]:
    """The PDF's text (up to MAX_TEXT) and page count. A PDF that does not parse is refused;
    a page whose text cannot be extracted is skipped; a password-protected PDF is kept
    without its text."""
    import pypdf

    upload.seek(0)
    try:
        reader = pypdf.PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "", None
        pages = len(reader.pages)
    except Exception as error:  # pypdf raises many kinds of errors on a damaged file
        logger.info("refused a PDF that does not parse: %r", error)
        corrupt(PDF)
    if not pages:
        corrupt(PDF)
    parts, length = [], 0
    for number in range(pages):
        try:
            text = reader.pages[number].extract_text() or ""
        except Exception as error:
            logger.info("could not extract the text of page %s: %r", number + 1, error)
            continue
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT:
            break
    return "\n".join(parts), pages


def docx_text(upload) -> str:
    """The text of a DOCX's paragraphs and tables (up to MAX_TEXT)."""
    import docx

    upload.seek(0)
    try:
        document = docx.Document(upload)
    except Exception as error:
        logger.info("refused a DOCX that does not parse: %r", error)
        corrupt(DOCX)
    parts, length = [], 0

    def add(text):
        nonlocal length
        if text:
            parts.append(text)
            length += len(text)
        return length < MAX_TEXT

    for paragraph in document.paragraphs:
        if not add(paragraph.text):
            return "\n".join(parts)
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                # A merged cell repeats in each column it spans.
                if not cells or cell.text != cells[-1]:
                    cells.append(cell.text)
            if not add("\t".join(cells).strip()):
                return "\n".join(parts)
    return "\n".join(parts)


def xlsx_text(upload) -> str:
    """The values of an XLSX's cells, sheet by sheet (up to MAX_TEXT)."""
    import openpyxl

    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:
        logger.info("refused an XLSX that does not parse: %r", error)
        corrupt(XLSX)
    parts, length = [], 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = "\t".join(str(value) for value in row if value is not None)
                if line:
                    parts.append(line)
                    length += len(line)
                if length >= MAX_TEXT:
                    return "\n".join(parts)
    except Exception as error:
        logger.info("refused an XLSX whose sheets do not parse: %r", error)
        corrupt(XLSX)
    finally:
        workbook.close()
    return "\n".join(parts)


def clean_text(text: str) -> str:
    """Text that every database stores: capped, no NUL characters, no lone surrogates."""
    text = text[:MAX_TEXT].encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\x00", "")
    return unicodedata.normalize("NFC", text).strip()


def safe_name(name: str) -> str:
    """The user's file name as it is kept for display and download: no folders, no control
    characters, at most 255 characters (keeping the extension)."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (
            stem[: 254 - len(extension)] + dot + extension
            if dot and len(extension) < 20
            else name[:255]
        )
    return name or "document"
