"""The first check of an uploaded programme workbook: is the file safe to open at all?

`inspect(content, filename, max_bytes)` looks at the bytes only, before openpyxl parses anything,
and returns the reasons to refuse the file (an empty list: safe to pass to reading.read). The
file's type is sniffed from its content, never from its extension or from the name the client
sent: the name only appears, shortened and cleaned, as the value of file-level problems.

What it refuses, each with a reason saying what to do:
- an empty file, or one larger than `max_bytes` (sizes are shown in MB of 1,000,000 bytes,
  the unit of MIGDASH_UPLOAD_MAX_MB);
- anything that is not an Excel .xlsx workbook: a legacy .xls, a password-protected workbook
  (both are OLE2 compound files), a CSV or other text file (its encoding is named), a PDF, an
  image, an OpenDocument or other ZIP archive, a damaged ZIP;
- a macro-enabled workbook;
- more sheets than reading.read reads (counted from the ZIP's directory, before the ZIP bomb
  checks, so that a workbook of 1,000 sheets is told so);
- a ZIP bomb: too many parts, too large once unpacked, or a part compressed far more than a
  workbook ever is. Sizes come from the ZIP's directory and nothing is unpacked to check them
  (zipfile never yields more bytes than a part's declared size, so the directory cannot lie
  to the parser later);
- XML parts with a DOCTYPE or ENTITY declaration (billion laughs, external entities), or that
  start in a way Excel never writes; only the first PROLOG_BYTES of each part are unpacked;
- merged cells in a data sheet (each value must be in its own cell).

The reasons are messages marked with N_ and the values that fill them (see programme.problems),
so that the problem report shows them in the user's language.
"""

from __future__ import annotations

import codecs
import posixpath
import re
import unicodedata
import zipfile
from io import BytesIO

from defusedxml import ElementTree as SafeElementTree

from i18n import N_
from programme.problems import Phrase, Problem
from programme.schema import SHEETS, SHEETS_BY_NAME
from programme.workbook.reading import MAX_SHEETS, TOO_MANY_SHEETS

KB, MB = 1000, 1000 * 1000  # the units of every size shown, and of MIGDASH_UPLOAD_MAX_MB
MAX_ENTRIES = 500  # parts in the ZIP; the programme workbook has about 50
MAX_UNPACKED = 200 * MB  # all parts unpacked, in bytes
UNPACKED_FACTOR = 100  # ... and at most this many times the upload limit
MAX_RATIO = 200  # unpacked / packed size of one part (workbooks compress 3-20 times)
RATIO_MIN_BYTES = 1024 * 1024  # parts smaller than this unpacked are harmless whatever their ratio
PROLOG_BYTES = 8 * 1024  # unpacked from each XML part to look for DOCTYPE / ENTITY declarations
SMALL_PART_BYTES = 4 * 1024 * 1024  # [Content_Types].xml, xl/workbook.xml and its rels are read whole below this
CHUNK_BYTES = 1024 * 1024  # sheets are scanned for merged cells in chunks of this size
MERGED_SHOWN = 20  # merged ranges listed per sheet (then one line for the rest)
NAME_SHOWN = 80  # characters of a file or part name shown in a message

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
XML_SUFFIXES = (".xml", ".rels", ".vml")
SHEET_PART = re.compile(r"xl/(?:work|chart|dialog|macro)sheets/[^/]+\.xml", re.IGNORECASE)

# Reasons, in plain words: what is wrong, then what to do.
EMPTY = N_("the file is empty (0 bytes): choose the filled-in workbook and upload it again")
TOO_LARGE = N_(
    "the file is larger than the limit of {limit} (it is {size}): check that it is the programme "
    "workbook, and delete pictures and sheets that are not part of the template"
)
NOT_XLSX = N_(
    "not an Excel workbook (.xlsx): upload the programme workbook, filled in and saved in Excel as "
    "Excel Workbook (.xlsx)"
)
NOT_XLSX_BUT = N_(
    "not an Excel workbook (.xlsx) but {kind}: upload the programme workbook, filled in and saved in "
    "Excel as Excel Workbook (.xlsx)"
)
LEGACY_XLS = N_(
    "an old Excel 97-2003 file (.xls), which cannot be read: open it in Excel and save it as Excel "
    "Workbook (.xlsx) (File > Save As), then upload that file"
)
ENCRYPTED = N_(
    "the workbook is password-protected, so it cannot be read: open it in Excel, remove the password "
    "(File > Info > Protect Workbook > Encrypt with Password, clear the password), then save it and "
    "upload it again"
)
CSV = N_(
    "a CSV file (text in {encoding}), not an Excel workbook: upload the Excel template; CSV files are not "
    "accepted. Copy the values into the template and save it as Excel Workbook (.xlsx)"
)
TEXT = N_(
    "not an Excel workbook (.xlsx) but a text file (in {encoding}): upload the Excel template, filled in "
    "and saved as Excel Workbook (.xlsx)"
)
ODS = N_(
    "not an Excel workbook (.xlsx) but an OpenDocument spreadsheet (.ods): in LibreOffice use File > Save As "
    "and choose Excel 2007-365 (.xlsx), then upload that file"
)
XLSB = N_(
    "not an Excel workbook (.xlsx) but an Excel binary workbook (.xlsb): in Excel use File > Save As and "
    "choose Excel Workbook (.xlsx), then upload that file"
)
DAMAGED = N_(
    "the file is damaged and cannot be opened (it may have been cut short while copying or "
    "downloading): open it in Excel, save it again as Excel Workbook (.xlsx) and upload the new copy"
)
MACROS = N_(
    "the workbook contains macros, which are not accepted: in Excel use File > Save As and choose Excel "
    "Workbook (.xlsx), which saves it without macros, then upload that file"
)
TOO_MANY_PARTS = N_(
    "the file is refused as a possible zip bomb: it holds {count} parts, more than any workbook "
    "({limit} at most). Save the workbook again from Excel as Excel Workbook (.xlsx) and upload "
    "that copy"
)
TOO_MUCH_UNPACKED = N_(
    "the file is refused as a possible zip bomb: it would unpack to {size}, more than the "
    "{limit} allowed. Save the workbook again from Excel as Excel Workbook (.xlsx) and upload "
    "that copy"
)
RATIO = N_(
    "the file is refused as a possible zip bomb: its part {part} is compressed {ratio:,} times, far more "
    "than any workbook. Save the workbook again from Excel as Excel Workbook (.xlsx) and upload that copy"
)
DOCTYPE = N_(
    "the file is refused for safety: its part {part} contains a DOCTYPE or ENTITY declaration, which "
    "Excel never writes. Save the workbook again from Excel as Excel Workbook (.xlsx) and upload that "
    "copy"
)
ODD_XML = N_(
    "the file is refused for safety: its part {part} starts in a way Excel never writes (an unusual "
    "text encoding or a long preamble). Save the workbook again from Excel as Excel Workbook (.xlsx) "
    "and upload that copy"
)
MERGED = N_("merged cells ({range}): unmerge these cells (Home > Merge & Center) so that each value is in its own cell")
# The count after a colon reads right for 1 as for 40 in every language (no plural form needed).
MORE_MERGED = N_(
    "merged ranges in this sheet not listed above: {count}. Unmerge them all, so that each value is in its own cell"
)

# Other files people pick by mistake, by their first bytes.
SIGNATURES = (
    (b"%PDF-", Phrase(N_("a PDF document"))),
    (b"\x89PNG\r\n\x1a\n", Phrase(N_("a PNG image"))),
    (b"\xff\xd8\xff", Phrase(N_("a JPEG image"))),
    (b"GIF87a", Phrase(N_("a GIF image"))),
    (b"GIF89a", Phrase(N_("a GIF image"))),
    (b"{\\rtf", Phrase(N_("an RTF document"))),
    (b"Rar!\x1a\x07", Phrase(N_("a RAR archive"))),
    (b"7z\xbc\xaf\x27\x1c", Phrase(N_("a 7-Zip archive"))),
    (b"\x1f\x8b", Phrase(N_("a gzip archive"))),
)
# ... and other ZIP archives, by the part that makes them what they are.
WORD, POWERPOINT = Phrase(N_("a Word document")), Phrase(N_("a PowerPoint presentation"))
OTHER_ARCHIVE = Phrase(N_("another kind of archive"))


def inspect(content: bytes, filename: str, max_bytes: int) -> list[Problem]:
    """The reasons to refuse this upload before parsing it; [] when it is safe to pass to reading.read."""
    name = shown_name(filename)

    def refuse(template: str, **params) -> list[Problem]:
        return [Problem.of("", None, None, name, template, **params)]

    if not content:
        return refuse(EMPTY)
    if len(content) > max_bytes:
        return too_large(len(content), max_bytes, filename)
    if content.startswith(ZIP_MAGIC):
        return _inspect_zip(content, max_bytes, refuse)
    if content.startswith(OLE_MAGIC):
        return refuse(ENCRYPTED if ENCRYPTED_PACKAGE in content else LEGACY_XLS)
    for magic, kind in SIGNATURES:
        if content.startswith(magic):
            return refuse(NOT_XLSX_BUT, kind=kind)
    text = _as_text(content)
    if text is not None:
        encoding, sample = text
        return refuse(CSV if _looks_like_csv(sample) else TEXT, encoding=encoding)
    return refuse(NOT_XLSX)


# ---------------------------------------------------------------------------------------------
# Names and sizes in messages


def shown_name(filename) -> str | None:
    """The client's file name for messages: its last part, without control or formatting
    characters (such as right-to-left overrides), shortened. Never used as a path."""
    name = re.split(r"[\\/]", str(filename or ""))[-1]
    return _clean(name) or None


def _clean(text: str) -> str:
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CZ" or ch == " ").strip()
    return text if len(text) <= NAME_SHOWN else text[: NAME_SHOWN - 1] + "…"


def too_large(size: int, max_bytes: int, filename: str = "") -> list[Problem]:
    """The refusal of a file of `size` bytes over the limit, with both sizes in the same unit
    (also for a request too large to be read at all: its length is the file's, give or take
    the few hundred bytes of the form around it)."""
    return [Problem.of("", None, None, shown_name(filename), TOO_LARGE, limit=_size(max_bytes), size=_size(size))]


def _size(count: int) -> str:
    """A size for people, in MB of 1,000,000 bytes as the limit is: whole megabytes when exact,
    else rounded up to a tenth (a file just over a 10 MB limit is 10.1 MB, never "10 MB")."""
    if count < MB:
        return f"{-(-count // KB)} KB" if count >= KB else f"{count} bytes"
    if count % MB == 0:
        return f"{count // MB:,} MB"
    if count >= 100 * MB:
        return f"{-(-count // MB):,} MB"
    tenths = -(-count * 10 // MB)
    return f"{tenths // 10}.{tenths % 10} MB"


# ---------------------------------------------------------------------------------------------
# Text files (CSV and others)


def _as_text(content: bytes) -> tuple[str, str] | None:
    """(encoding, the first characters) when the file is text, else None. The encoding is named
    as messages show it (a Phrase when it has words to translate)."""
    head = content[: 64 * 1024]
    final = len(content) <= len(head)
    candidates: list[tuple[str, str, bytes]]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = [(Phrase(N_("UTF-32 with BOM")), "utf-32", head)]
    elif head.startswith(codecs.BOM_UTF8):
        candidates = [(Phrase(N_("UTF-8 with BOM")), "utf-8", head[3:])]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [(Phrase(N_("UTF-16 with BOM")), "utf-16", head)]
    elif b"\x00" in head:  # UTF-16 without a BOM: one byte in two is zero (for Latin text)
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        candidates = (
            [(Phrase(N_("UTF-16 without BOM")), "utf-16-le" if odd > even else "utf-16-be", head)]
            if max(even, odd) >= 0.8 * half and min(even, odd) <= 0.05 * half
            else []
        )
    else:
        candidates = [("UTF-8", "utf-8", head), ("Windows-1252", "cp1252", head)]
    for label, encoding, data in candidates:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=final)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text):  # control characters: binary data
            return label, text
    return None


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:50] if line.strip()]
    if not lines or lines[0].lstrip().startswith("<"):  # a web page or an XML file
        return False
    return any(sum(separator in line for line in lines) >= max(1, len(lines) // 2) for separator in ",;\t|")


# ---------------------------------------------------------------------------------------------
# ZIP archives: the workbook itself, or something else


def _inspect_zip(content: bytes, max_bytes: int, refuse) -> list[Problem]:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        entries = archive.infolist()
    except Exception:  # noqa: BLE001 - zipfile raises several kinds for a broken archive
        return refuse(DAMAGED)
    with archive:
        sheets = sum(1 for entry in entries if SHEET_PART.fullmatch(entry.filename))
        if sheets > MAX_SHEETS:  # told as such, not as the zip bomb the parts count would call it
            return refuse(TOO_MANY_SHEETS, count=sheets, limit=MAX_SHEETS, sheets=", ".join(s.name for s in SHEETS))
        if len(entries) > MAX_ENTRIES:
            return refuse(TOO_MANY_PARTS, count=len(entries), limit=MAX_ENTRIES)
        for entry in entries:
            if entry.file_size >= RATIO_MIN_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                ratio = entry.file_size // max(entry.compress_size, 1)
                return refuse(RATIO, part=_clean(entry.filename), ratio=ratio)
        unpacked, limit = sum(entry.file_size for entry in entries), min(MAX_UNPACKED, UNPACKED_FACTOR * max_bytes)
        if unpacked > limit:
            return refuse(TOO_MUCH_UNPACKED, size=_size(unpacked), limit=_size(limit))
        try:
            return _inspect_package(archive, entries, refuse)
        except Exception:  # noqa: BLE001 - a part that cannot be unpacked (bad data, encrypted, unknown method)
            return refuse(DAMAGED)


def _inspect_package(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], refuse) -> list[Problem]:
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "mimetype" in names and _head(archive, "mimetype", 200).startswith(b"application/vnd.oasis."):
            return refuse(ODS)
        if "xl/workbook.bin" in names:
            return refuse(XLSB)
        kind = (
            WORD if "word/document.xml" in names else POWERPOINT if "ppt/presentation.xml" in names else OTHER_ARCHIVE
        )
        return refuse(NOT_XLSX_BUT, kind=kind)
    problems: list[Problem] = []
    content_types = _head(archive, "[Content_Types].xml", SMALL_PART_BYTES).lower()
    if (
        "xl/vbaproject.bin" in {name.lower() for name in names}
        or b"macroenabled" in content_types
        or b"vbaproject" in content_types
    ):
        problems += refuse(MACROS)
    unsafe = False
    for entry in entries:
        if entry.is_dir():
            continue
        reason = _prolog_problem(_head(archive, entry, PROLOG_BYTES), entry.filename.lower().endswith(XML_SUFFIXES))
        if reason is not None:
            problems += refuse(reason, part=_clean(entry.filename))
            unsafe = True
    if not unsafe:  # parse the workbook's own XML only when no part declares entities
        problems += _merged_cells(archive, names)
    return problems


def _head(archive: zipfile.ZipFile, entry, limit: int) -> bytes:
    """The first `limit` unpacked bytes of a part (streamed: never more is unpacked)."""
    with archive.open(entry) as part:
        return part.read(limit)


_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _prolog_problem(head: bytes, xml_part: bool) -> str | None:
    """DOCTYPE or ODD_XML (messages with a {part} to fill) when the start of a part is not what Excel writes, else None.

    `xml_part`: the part is named .xml, .rels or .vml, so it must be XML in UTF-8 or UTF-16.
    Other parts (pictures, vbaProject.bin...) are checked only if they look like XML.
    """
    text = _xml_text(head)
    if text is None:
        return ODD_XML if xml_part else None
    if _DECLARATION.search(text):
        return DOCTYPE
    position = len(text) - len(text.lstrip())
    while position < len(text):  # skip the XML declaration, processing instructions and comments
        if text.startswith("<?", position) or text.startswith("<!--", position):
            end = text.find("?>" if text[position + 1] == "?" else "-->", position)
            if end < 0:
                break
            position = end + (2 if text[position + 1] == "?" else 3)
            position += len(text[position:]) - len(text[position:].lstrip())
            continue
        if text.startswith("<!", position):
            return DOCTYPE
        if text.startswith("<", position) or not xml_part:
            return None  # the root element: the prolog is over
        return ODD_XML  # an XML part that does not start with markup
    # The prolog did not end within the bytes read: a long preamble (or a part cut short)
    return ODD_XML if len(head) >= PROLOG_BYTES or (xml_part and head.strip()) else None


def _xml_text(head: bytes) -> str | None:
    """The start of a part as text, if it is in an encoding an XML parser detects that Excel
    uses: UTF-8 (or ASCII) or UTF-16; None for anything else (UTF-32, EBCDIC, binary)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b"\x00\x00\x00<", b"<\x00\x00\x00")):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head[:2] in (b"<\x00", b"\x00<") or head.lstrip(b" \t\r\n")[:1] == b"\x00":
        encoding = "utf-16-le" if head[:1] != b"\x00" else "utf-16-be"
    else:
        body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
        stripped = body.lstrip(b" \t\r\n")
        return body.decode("latin-1") if stripped[:1] in (b"<", b"") else None
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    return text if text.lstrip()[:1] in ("<", "") else None


# ---------------------------------------------------------------------------------------------
# Merged cells in the data sheets

_MERGE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]{0,400}?\bref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}"
    rb"(?::[A-Za-z]{1,3}[0-9]{1,7})?)[\"']"
)
_OVERLAP = 512  # bytes kept between chunks, so that a tag cut in two is still found


def _merged_cells(archive: zipfile.ZipFile, names: set[str]) -> list[Problem]:
    parts = _sheet_parts(archive, names)
    if parts is None:  # the workbook's sheet list could not be read simply: report the parts instead
        parts = {name: name for name in sorted(names) if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)}
    problems = []
    order = {sheet.name: index for index, sheet in enumerate(SHEETS)}
    for sheet_name in sorted(parts, key=lambda name: (order.get(name, len(order)), name)):
        ranges = _merged_ranges(archive, parts[sheet_name])
        for cell_range in ranges[:MERGED_SHOWN]:
            row = int(re.search(r"[0-9]+", cell_range).group())
            problems.append(Problem.of(_clean(sheet_name), row, None, cell_range, MERGED, range=cell_range))
        if len(ranges) > MERGED_SHOWN:
            problems.append(
                Problem.of(_clean(sheet_name), None, None, None, MORE_MERGED, count=len(ranges) - MERGED_SHOWN)
            )
    return problems


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str] | None:
    """Data sheet name -> its part in the archive, from xl/workbook.xml and its relationships;
    None when they cannot be read simply."""
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in names or any(
        archive.getinfo(name).file_size > SMALL_PART_BYTES for name in ("xl/workbook.xml", rels_name)
    ):
        return None
    try:
        book = SafeElementTree.fromstring(_head(archive, "xl/workbook.xml", SMALL_PART_BYTES))
        rels = SafeElementTree.fromstring(_head(archive, rels_name, SMALL_PART_BYTES))
    except Exception:  # noqa: BLE001 - malformed XML: reading.read reports it
        return None
    targets = {}
    for relationship in rels.iter():
        if _local(relationship.tag) == "Relationship" and relationship.get("Id") and relationship.get("Target"):
            target = relationship.get("Target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[relationship.get("Id")] = path
    parts = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet" or sheet.get("name") not in SHEETS_BY_NAME:
            continue
        relation = next(
            (value for key, value in sheet.attrib.items() if key.startswith("{") and _local(key) == "id"), None
        )
        if targets.get(relation) in names:
            parts[sheet.get("name")] = targets[relation]
    return parts


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The ref of every <mergeCell> in a sheet part, streamed in chunks (the part's size is
    bounded by the ZIP checks above)."""
    ranges: list[str] = []
    pending = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            data = pending + chunk
            limit = len(data) if not chunk else max(len(data) - _OVERLAP, 0)
            for match in _MERGE_CELL.finditer(data) if b"mergeCell" in data else ():
                if match.start() >= limit:
                    break
                ranges.append(match.group(1).decode("ascii").upper())
            pending = data[limit:]
            if not chunk:
                return ranges
