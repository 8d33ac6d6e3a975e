"""package.safety: bad files become plain-words UnreadableWorkbook errors; outputs are atomic."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from careers_xl.errors import OutputError, UnreadableWorkbook
from careers_xl.package import safety
from careers_xl.package.opc import Package
from careers_xl.package.safety import atomic_output, backup_copy, ensure_not_input
from careers_xl.read.book import open_book

FIXTURES = Path(__file__).parent / "fixtures" / "bad"

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""


def make_xlsx(path: Path, sheets: tuple[str, ...] = ("Plan",)) -> Path:
    """A small real workbook, one cell per sheet."""
    with xlsxwriter.Workbook(path) as wb:
        for name in sheets:
            wb.add_worksheet(name).write("A1", "Objective")
    return path


def rewrite(src: Path, dst: Path, changes: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (bytes) or dropping (None) the named members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in changes:
                zout.writestr(info.filename, zin.read(info))
        for name, data in changes.items():
            if data is not None:
                zout.writestr(name, data)
    return dst


def truncated(tmp_path: Path) -> Path:
    """A real workbook cut in half."""
    data = make_xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt(tmp_path: Path) -> Path:
    """A real workbook with the bytes of its compressed sheet flipped."""
    src = make_xlsx(tmp_path / "whole.xlsx")
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(src.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2, start + info.compress_size - 2):
        data[i] ^= 0x55
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    return path


def password_protected(tmp_path: Path) -> Path:
    """A real workbook encrypted with a password (skips without msoffcrypto)."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    src = make_xlsx(tmp_path / "open.xlsx")
    path = tmp_path / "locked.xlsx"
    with src.open("rb") as fin, path.open("wb") as fout:
        ooxml.OOXMLFile(fin).encrypt("secret", fout)
    return path


def png_bytes() -> bytes:
    """A valid 1x1 red PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def refused(path: Path, *words: str) -> str:
    """Assert open_book refuses ``path`` with a message naming it and containing ``words``."""
    with pytest.raises(UnreadableWorkbook) as info:
        book = open_book(path)
        for sheet in book.worksheets:
            book.cells(sheet)
    message = str(info.value)
    assert message.startswith(f"{path.name}: "), message
    for word in words:
        assert word.lower() in message.lower(), message
    assert "Traceback" not in message and "BadZipFile" not in message
    return message


# --- files that open ---------------------------------------------------------------------------


def test_opens_a_real_workbook(tmp_path: Path) -> None:
    book = open_book(make_xlsx(tmp_path / "plan.xlsx", ("Plan", "Notes")))
    assert book.sheet_names == ["Plan", "Notes"]
    assert book.cells(book.worksheets[0]).value(1, 1) == "Objective"


def test_opens_a_real_workbook_with_the_wrong_extension(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    misnamed = src.rename(tmp_path / "plan.xls")
    assert open_book(misnamed).sheet_names == ["Plan"]


def test_defusedxml_is_active() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


# --- files that are refused --------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.xlsx", "not found")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plans.xlsx"
    folder.mkdir()
    refused(folder, "folder")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.touch()
    refused(empty, "empty")


def test_truncated_zip(tmp_path: Path) -> None:
    refused(truncated(tmp_path), "damaged or incomplete", "Save As")


def test_corrupt_member(tmp_path: Path) -> None:
    """A flipped byte inside the compressed sheet: a CRC or inflate error during loading."""
    refused(corrupt(tmp_path), "damaged")


def test_random_bytes(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(bytes(range(256)) * 8)
    refused(junk, "not an Excel workbook")


def test_csv_renamed(tmp_path: Path) -> None:
    csv = tmp_path / "plan.xlsx"
    csv.write_text("Objective,Action,Lead,RAG\nRaise aspirations,Careers fair,ZCO,Green\n")
    refused(csv, "CSV", "Save As")


def test_html_renamed(tmp_path: Path) -> None:
    html = tmp_path / "export.xlsx"
    html.write_text("<!DOCTYPE html><html><body><table><tr><td>RAG</td></tr></table></body></html>")
    refused(html, "web page")


def test_old_xls(tmp_path: Path) -> None:
    refused(FIXTURES / "old-format.xls", "97-2003", "Save As")


def test_password_protected(tmp_path: Path) -> None:
    refused(password_protected(tmp_path), "password", "File > Info > Protect Workbook")


def test_ods_and_xlsb(tmp_path: Path) -> None:
    ods = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    refused(ods, ".ods")
    xlsb = rewrite(
        make_xlsx(tmp_path / "b.xlsx"), tmp_path / "plan.xlsb", {"xl/workbook.bin": b"x"}
    )
    refused(xlsb, ".xlsb")


def test_missing_parts(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    refused(
        rewrite(src, tmp_path / "a.xlsx", {"[Content_Types].xml": None}), "damaged or incomplete"
    )
    refused(rewrite(src, tmp_path / "b.xlsx", {"xl/workbook.xml": None}), "damaged or incomplete")


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    bomb = rewrite(
        make_xlsx(tmp_path / "plan.xlsx"),
        tmp_path / "bomb.xlsx",
        {"xl/media/x.bin": bytes(20 << 20)},
    )
    refused(bomb, "zip bomb")


def test_zip_bomb_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 1 << 20)
    big = rewrite(
        make_xlsx(tmp_path / "plan.xlsx"),
        tmp_path / "big.xlsx",
        {"xl/media/x.bin": os.urandom(2 << 20)},
    )
    refused(big, "zip bomb", "MB")


def test_zip_bomb_member_count(tmp_path: Path) -> None:
    many = rewrite(
        make_xlsx(tmp_path / "plan.xlsx"),
        tmp_path / "many.xlsx",
        {f"xl/junk/{i}.xml": b"" for i in range(safety.MAX_MEMBERS + 1)},
    )
    refused(many, "zip bomb", "parts")


def _bomb_sheet(src: Path) -> bytes:
    with zipfile.ZipFile(src) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1].replace(b"Objective", b"&lol4;")
    return BILLION_LAUGHS + body.replace(
        b'<c r="A1" t="s"><v>0</v></c>', b'<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c>'
    )


def test_xml_bomb_in_workbook(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(src) as zf:
        body = zf.read("xl/workbook.xml").split(b"?>", 1)[1]
    bomb = rewrite(src, tmp_path / "laughs.xlsx", {"xl/workbook.xml": BILLION_LAUGHS + body})
    refused(bomb, "unsafe XML")


@pytest.mark.parametrize("prescan", [True, False], ids=["prescan", "parser"])
def test_xml_bomb_in_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prescan: bool) -> None:
    """Both layers refuse it: our DTD prescan, and (without it) the sheet reader itself."""
    if not prescan:
        monkeypatch.setattr(safety, "_refuse_dtds", lambda *args: None)
    src = make_xlsx(tmp_path / "plan.xlsx")
    bomb = rewrite(src, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": _bomb_sheet(src)})
    refused(bomb, "unsafe XML")


def test_external_entity_after_padding(tmp_path: Path) -> None:
    """A DTD pushed past the prescan window by a long comment is still refused."""
    src = make_xlsx(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(src) as zf:
        body = zf.read("xl/workbook.xml").split(b"?>", 1)[1]
    xxe = (
        b'<?xml version="1.0"?><!--' + b" " * 10_000 + b"-->"
        b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
    )
    refused(rewrite(src, tmp_path / "xxe.xlsx", {"xl/workbook.xml": xxe}), "unsafe XML")


def test_no_sheets(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("xl/workbook.xml")
    start, end = xml.index(b"<sheets>"), xml.index(b"</sheets>") + len(b"</sheets>")
    empty = rewrite(
        src, tmp_path / "empty.xlsx", {"xl/workbook.xml": xml[:start] + b"<sheets/>" + xml[end:]}
    )
    refused(empty, "no worksheets")


def test_garbled_xml_is_damaged_not_a_traceback(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    bad = rewrite(src, tmp_path / "garbled.xlsx", {"xl/styles.xml": b"<styleSheet><oops"})
    refused(bad, "damaged")


# --- writing -----------------------------------------------------------------------------------


def test_atomic_output_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".~careers-xl-")
        assert tmp.name.endswith(".tmp.xlsx")
        make_xlsx(tmp)
    assert open_book(target).sheet_names == ["Plan"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_atomic_output_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    fresh = tmp_path / "new.xlsx"
    with pytest.raises(RuntimeError), atomic_output(fresh):
        raise RuntimeError("writer crashed")
    assert not fresh.exists()


def test_atomic_output_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError), atomic_output(tmp_path / "no" / "out.xlsx"):
        pass


def test_backup_copy_names_and_never_overwrites(tmp_path: Path) -> None:
    src = tmp_path / "plan.xlsx"
    src.write_bytes(b"mine")
    when = datetime(2026, 7, 20, 9, 5, 3)
    first, second, third = (backup_copy(src, when) for _ in range(3))
    assert first.name == "plan.backup-20260720-090503.xlsx"
    assert second.name == "plan.backup-20260720-090503-1.xlsx"
    assert third.name == "plan.backup-20260720-090503-2.xlsx"
    assert all(p.read_bytes() == b"mine" for p in (first, second, third))


def test_ensure_not_input(tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    link = tmp_path / "link.xlsx"
    link.symlink_to(plan)
    ensure_not_input(tmp_path / "out.xlsx", [plan])
    for output in (plan, tmp_path / "." / "plan.xlsx", link):
        with pytest.raises(OutputError, match="input"):
            ensure_not_input(output, [tmp_path / "other.xlsx", plan])


def test_unsafe_xml_past_the_prescan_is_refused(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(src) as zf:
        body = zf.read("_rels/.rels").split(b"?>", 1)[1]
    padded = (
        b'<?xml version="1.0"?><!--'
        + b" " * 10_000
        + b"-->"
        + BILLION_LAUGHS.split(b"?>", 1)[1]
        + body
    )
    bad = rewrite(src, tmp_path / "laughs.xlsx", {"_rels/.rels": padded})
    with pytest.raises(UnreadableWorkbook, match="unsafe XML"):
        Package.open(bad)
