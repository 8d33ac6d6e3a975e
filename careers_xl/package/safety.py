"""Opening untrusted workbooks safely, and writing outputs without ever leaving half a file.

Careers leaders send us whatever their PC saved: old .xls files, CSVs renamed .xlsx,
password-protected or damaged workbooks, and occasionally something hostile. Every check here
runs before any part is inflated or parsed, and every failure becomes an ``UnreadableWorkbook``
whose reason a teacher can act on, never a traceback.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import olefile
from defusedxml import DefusedXmlException

from ..errors import OutputError, UnreadableWorkbook
from .names import part_name, resolve

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # refuse zips that inflate past this total
MAX_RATIO = 200  # refuse a big member that compresses better than this: a zip bomb
BIG_MEMBER = 10 * 1024 * 1024  # the ratio check applies to members larger than this
MAX_MEMBERS = 10_000  # real workbooks hold a few hundred parts at most

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel encrypts a workbook whose structure is protected with this built-in password, and
# opens it again without asking: such a file is protected against editing, not secret.
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SAVE_AS = "open it in Excel and use File > Save As to save it as an Excel Workbook (.xlsx)"
_SNIFF = 4096  # bytes read from the start of a file or XML part to recognise it

_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# ---------------------------------------------------------------------------------------------
# Opening


def checked_zip(path: str | Path) -> zipfile.ZipFile:
    """The workbook at ``path`` as an open zip that passed every safety check."""
    p = Path(path)
    return _check_zip(p, _open_zip(p))


UNSAFE_XML = (
    "contains unsafe XML (entity definitions that could freeze this computer or expose its "
    "files), so it was not opened; ask the sender for a fresh copy saved from Excel."
)
DAMAGED_XML = (f"is damaged and could not be read ({{}} is not well-formed XML); {SAVE_AS}, "
               "or use a backup copy.")
DAMAGED = f"is damaged or incomplete (perhaps a download or copy was cut short); {SAVE_AS}."


def _open_zip(p: Path) -> zipfile.ZipFile:
    """Open ``p`` as a zip, first explaining anything that is not a zip at all."""
    if not p.exists():
        raise UnreadableWorkbook(p, "was not found; check the file name and folder.")
    if p.is_dir():
        raise UnreadableWorkbook(p, "is a folder, not an Excel workbook.")
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        raise UnreadableWorkbook(
            p, f"could not be read (is it open in another program?): {exc.strerror}."
        ) from exc
    if not head:
        raise UnreadableWorkbook(p, "is empty (0 bytes); use a saved copy of the workbook.")
    if not head.startswith((*ZIP_MAGICS, OLE_MAGIC)):
        raise UnreadableWorkbook(p, _not_zip_reason(head))
    try:
        if head.startswith(OLE_MAGIC):
            return DecryptedZip(io.BytesIO(_default_decrypted(p)))
        return zipfile.ZipFile(p)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableWorkbook(p, DAMAGED) from exc


class DecryptedZip(zipfile.ZipFile):
    """A workbook Excel encrypted with its built-in password, decrypted in memory."""


def _default_decrypted(p: Path) -> bytes:
    """The package inside OLE2 file ``p`` when Excel encrypted it with its built-in password;
    anything else (a password of the user's, an old .xls) is refused, saying what it is."""
    try:
        with olefile.OleFileIO(str(p)) as ole:
            size = ole.get_size("EncryptedPackage") if ole.exists("EncryptedPackage") else None
    except Exception:  # noqa: BLE001 - a broken OLE file is explained below
        size = None
    if size is None:
        raise UnreadableWorkbook(p, _ole_reason(p))
    if size > MAX_UNCOMPRESSED:
        raise UnreadableWorkbook(p, _bomb(f"would expand to {size / 2**20:,.0f} MB"))
    import msoffcrypto  # only ever needed here

    out = io.BytesIO()
    try:
        with p.open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            office.load_key(password=EXCEL_DEFAULT_PASSWORD, verify_password=True)
            office.decrypt(out)
    except Exception as exc:  # noqa: BLE001 - another password, or a cipher it cannot read
        raise UnreadableWorkbook(p, _ole_reason(p)) from exc
    if not out.getvalue().startswith(ZIP_MAGICS):
        raise UnreadableWorkbook(p, _ole_reason(p))
    return out.getvalue()


def _ole_reason(p: Path) -> str:
    """Explain an OLE2 (Compound File) file: an encrypted .xlsx or an old binary Office file."""
    try:
        with olefile.OleFileIO(str(p)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except Exception:  # noqa: BLE001 - a broken OLE file is still "old format"
        streams = set()
    if "EncryptedPackage" in streams:
        return (
            "is password-protected, so careers-xl cannot read it; remove the password in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password, clear it) and save again."
        )
    if streams & {"Workbook", "Book"}:
        return f"is in the old Excel 97-2003 (.xls) format; {SAVE_AS}."
    return f"is an old-format Office file, not an Excel workbook; {SAVE_AS}."


def _not_zip_reason(head: bytes) -> str:
    """Explain a file that is not a zip: a renamed CSV, a web page, or something else."""
    text = _as_text(head)
    if text is None:
        return (
            f"is not an Excel workbook (its contents are not in any spreadsheet format); {SAVE_AS}."
        )
    low = text.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return f"is an Excel 2003 XML spreadsheet; {SAVE_AS}."
    if low.startswith(("<!doctype html", "<html")) or re.search(r"<(html|table|body)\b", low):
        return f"is a web page (HTML) saved with an Excel name; {SAVE_AS}."
    return f"looks like a CSV or text file renamed .xlsx; {SAVE_AS}."


def _as_text(head: bytes) -> str | None:
    """Return ``head`` decoded if it looks like text (any common encoding), else None."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="replace")
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if printable >= 0.95 * len(text) else None


def _check_zip(p: Path, zf: zipfile.ZipFile) -> zipfile.ZipFile:
    """Refuse zip bombs, other formats and damaged packages using the directory alone.

    Python's zipfile never inflates a member past its declared ``file_size`` (and then fails
    the CRC), so the declared sizes are a safe bound on what loading can cost.
    """
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UnreadableWorkbook(p, _bomb(f"holds {len(infos):,} parts"))
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise UnreadableWorkbook(p, _bomb(f"would expand to {total / 2**20:,.0f} MB"))
        for i in infos:
            ratio = i.file_size // max(i.compress_size, 1)
            if i.file_size > BIG_MEMBER and ratio > MAX_RATIO:
                raise UnreadableWorkbook(p, _bomb(f"has a part that expands {ratio:,} times"))
        names = {part_name(i.filename) for i in infos}
        other = _other_format(zf, names)
        if other:
            raise UnreadableWorkbook(p, other)
        if any(i.flag_bits & 0x1 for i in infos):
            raise UnreadableWorkbook(
                p, "is a password-protected zip, not a normal workbook; " + SAVE_AS + "."
            )
        _refuse_dtds(p, zf, infos)
        members = {part_name(i.filename).lower(): i.filename for i in infos}  # case-blind
        main = _workbook_part(zf, members)
        if "[content_types].xml" not in members or main.lower() not in members:
            raise UnreadableWorkbook(p, DAMAGED)
    except UnreadableWorkbook:
        zf.close()
        raise
    except Exception as exc:  # noqa: BLE001 - any zip-level failure means damage
        zf.close()
        unsafe = isinstance(exc, DefusedXmlException)
        raise UnreadableWorkbook(p, UNSAFE_XML if unsafe else DAMAGED) from exc
    return zf


def _bomb(what: str) -> str:
    return (
        f"was refused because it {what}, far more than any real workbook (a 'zip bomb' that "
        "could freeze this computer); ask the sender for a fresh copy."
    )


def _other_format(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """Name a zip-based format that is not .xlsx (.xlsb, .ods, Word, PowerPoint, Numbers)."""
    if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
        kind = zf.read("mimetype")
        if b"opendocument.spreadsheet" in kind:
            return f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}."
        if b"opendocument" in kind:
            return "is an OpenDocument file (not a spreadsheet), not an Excel workbook."
    if "xl/workbook.bin" in names:
        return f"is an Excel Binary Workbook (.xlsb), which careers-xl cannot read; {SAVE_AS}."
    if "word/document.xml" in names:
        return "is a Word document, not an Excel workbook."
    if "ppt/presentation.xml" in names:
        return "is a PowerPoint presentation, not an Excel workbook."
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        return "is an Apple Numbers file; export it from Numbers as Excel (.xlsx)."
    if "[Content_Types].xml" not in names and not any(n.startswith("xl/") for n in names):
        return "is a zip archive, not an Excel workbook; unzip it and open the workbook inside."
    return None


def _workbook_part(zf: zipfile.ZipFile, members: dict[str, str]) -> str:
    """The package's main workbook part, from ``_rels/.rels`` (usually ``xl/workbook.xml``);
    ``members`` maps lower-case part names to the zip's member names."""
    if "_rels/.rels" in members:
        for rel in _parse(zf, members["_rels/.rels"]).iter(f"{{{_PKG_REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return resolve("", rel.get("Target", ""))
    return "xl/workbook.xml"


def _parse(zf: zipfile.ZipFile, part: str) -> Element:
    """Parse a small XML part with defusedxml (the package has already passed the bomb checks)."""
    root: Element = SafeET.fromstring(zf.read(part))
    return root


def _refuse_dtds(p: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse any XML part that declares a DTD: OOXML never needs one, attacks always do.

    A DTD can only stand in the prolog, before the root element, so each part is inflated
    only until its first element (comments and processing instructions are skipped, however
    long). This backs up defusedxml and covers lxml paths that leave entities unexpanded.
    """
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            with zf.open(info) as fh:
                if _prolog_declares_dtd(fh):
                    raise UnreadableWorkbook(p, UNSAFE_XML)


_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.S)


def _prolog_declares_dtd(fh: IO[bytes]) -> bool:
    """Read the part's prolog and say whether it holds <!DOCTYPE or <!ENTITY."""
    buffer = b""
    while True:
        chunk = fh.read(_SNIFF)
        buffer += chunk
        for bom in (b"\xef\xbb\xbf",):
            if buffer.startswith(bom):
                buffer = buffer[len(bom):]
        if buffer.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decode the head
            text = _as_text(buffer) or ""
            return "<!DOCTYPE" in text or "<!ENTITY" in text
        while match := _PROLOG_ITEM.match(buffer):
            buffer = buffer[match.end():]
        stripped = buffer.lstrip()
        if stripped.startswith((b"<!DOCTYPE", b"<!ENTITY")):
            return True
        if stripped.startswith(b"<") and not stripped.startswith((b"<?", b"<!")):
            return False  # the root element: the prolog is over
        if not chunk:
            return False


# ---------------------------------------------------------------------------------------------
# Writing


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds.

    The temporary name keeps the suffix (xlsxwriter insists on .xlsx/.xlsm) and starts with
    ``.~`` so it stays hidden. Nothing half-written is ever left at ``path``.
    """
    target = Path(path)
    try:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=".~careers-xl-", suffix=f".tmp{target.suffix}"
        )
    except OSError as exc:
        raise OutputError(f"cannot write in {target.parent}: {exc.strerror}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            tmp.chmod(0o666 & ~_umask())
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(
                f"{target.name} could not be replaced: close it in Excel and try again"
            ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the OS allows syncing a folder (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_copy(path: str | Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``<stem>.backup-YYYYmmdd-HHMMSS<suffix>`` beside it and return the copy.

    Never overwrites: a clash within the same second gets ``-1``, ``-2``... The copy is created
    exclusively, so two runs at once cannot clobber each other's backup.
    """
    src = Path(path)
    stamp = f"{(now or datetime.now()):%Y%m%d-%H%M%S}"
    n = 0
    while True:
        extra = f"-{n}" if n else ""
        dest = src.with_name(f"{src.stem}.backup-{stamp}{extra}{src.suffix}")
        try:
            with src.open("rb") as fin, dest.open("xb") as fout:
                shutil.copyfileobj(fin, fout)
        except FileExistsError:
            n += 1
            continue
        shutil.copystat(src, dest)
        return dest


def ensure_not_input(output: Path, inputs: Iterable[Path]) -> None:
    """Raise ``OutputError`` if ``output`` is (the same file as) one of ``inputs``."""
    out = Path(output)
    for inp in inputs:
        same = out.resolve() == Path(inp).resolve()
        if not same and out.exists() and Path(inp).exists():
            same = os.path.samefile(out, inp)
        if same:
            raise OutputError(
                f"{out.name} is also an input workbook; choose a different output name "
                "so the original is kept."
            )
