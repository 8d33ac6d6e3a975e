"""The add-in's vbaProject.bin, record by record, against one Excel saved.

The reference is XlsxWriter's test file xlsxwriter/test/comparison/xlsx_files/
vbaProject01.bin (github.com/jmcnamara/XlsxWriter, commit cf3fe78d): a project Excel saved
with one standard module (Module1) and the document modules ThisWorkbook and Sheet1. What
Excel wrote there is copied below as data (records, PROJECT stream, PROJECTwm, the first
bytes of _VBA_PROJECT, the document modules' source), so the test needs no download.
We build the same project (Module1, ThisWorkbook, Sheet1) and compare:

- every dir-stream record, in its place, with EXPECTED_DIR_DIFFERENCES saying why each
  value left differs and why that is safe;
- the PROJECT stream line by line (and its CMG/DPB/GC decrypted: same protection state,
  no password, visible);
- PROJECTwm, _VBA_PROJECT, the document modules' source, and the streams present.

careers_xl/addin/vba_project.py's docstring lists the same differences for its readers.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

import olefile
import pytest
from oletools.olevba import decompress_stream

from careers_xl.addin.build import build_addin, vba_modules
from careers_xl.addin.vba_project import PROJECT_ID, build_vba_project, project_wm

# --- what Excel wrote (vbaProject01.bin) ------------------------------------------------------

_STDOLE = (
    "5e0000002a5c477b30303032303433302d303030302d303030302d433030302d30303030303030303030343"
    "67d23322e30233023433a5c57494e444f57535c73797374656d33325c7374646f6c65322e746c62234f4c45"
    "204175746f6d6174696f6e000000000000"
)
_OFFICE = (
    "940000002a5c477b32444638443034432d354246412d313031422d424445352d30304141303034344445353"
    "27d23322e30233023433a5c50726f6772616d2046696c65735c436f6d6d6f6e2046696c65735c4d6963726f"
    "736f6674205368617265645c4f464649434531325c4d534f2e444c4c234d6963726f736f6674204f666669"
    "63652031322e30204f626a656374204c696272617279000000000000"
)


def _module_records(name: str, offset: str, cookie: str, kind: str) -> list[tuple[str, str]]:
    ascii_, utf16 = name.encode().hex(), name.encode("utf-16-le").hex()
    return [
        ("MODULENAME", ascii_), ("MODULENAMEUNICODE", utf16), ("MODULESTREAMNAME", ascii_),
        ("MODULESTREAMNAME_U", utf16), ("MODULEDOCSTRING", ""), ("MODULEDOCSTRING_U", ""),
        ("MODULEOFFSET", offset), ("MODULEHELPCONTEXT", "00000000"), ("MODULECOOKIE", cookie),
        (kind, ""), ("MODULE_END", ""),
    ]  # fmt: skip


EXCEL_INFORMATION = [
    ("PROJECTSYSKIND", "01000000"), ("PROJECTLCID", "09040000"),
    ("PROJECTLCIDINVOKE", "09040000"), ("PROJECTCODEPAGE", "e404"),
    ("PROJECTNAME", "56424150726f6a656374"), ("PROJECTDOCSTRING", ""),
    ("PROJECTDOCSTRING_U", ""), ("PROJECTHELPFILEPATH", ""), ("PROJECTHELPFILEPATH_2", ""),
    ("PROJECTHELPCONTEXT", "00000000"), ("PROJECTLIBFLAGS", "00000000"),
    ("PROJECTVERSION", "baf6e95e0600"), ("PROJECTCONSTANTS", ""), ("PROJECTCONSTANTS_U", ""),
    ("REFERENCENAME", "7374646f6c65"), ("REFERENCENAME_U", "7300740064006f006c006500"),
    ("REFERENCEREGISTERED", _STDOLE),
    ("REFERENCENAME", "4f6666696365"), ("REFERENCENAME_U", "4f0066006600690063006500"),
    ("REFERENCEREGISTERED", _OFFICE),
    ("PROJECTMODULES", "0300"), ("PROJECTCOOKIE", "f3b6"),
]  # fmt: skip
EXCEL_MODULES = {
    "Module1": _module_records("Module1", "34040000", "db92", "MODULETYPE_PROCEDURAL"),
    "ThisWorkbook": _module_records("ThisWorkbook", "25030000", "7c2c", "MODULETYPE_DOCUMENT"),
    "Sheet1": _module_records("Sheet1", "25030000", "a1da", "MODULETYPE_DOCUMENT"),
}
EXCEL_PROJECT = (
    'ID="{5890DC02-A2E6-42E1-A051-700029FB26BD}"\r\nModule=Module1\r\n'
    "Document=ThisWorkbook/&H00000000\r\nDocument=Sheet1/&H00000000\r\n"
    'Name="VBAProject"\r\nHelpContextID="0"\r\nVersionCompatible32="393222000"\r\n'
    'CMG="DDDF6944971F9B1F9B1F9B1F9B"\r\nDPB="B4B600BD009501950195"\r\n'
    'GC="8B893FEA17EB17EBE8"\r\n\r\n[Host Extender Info]\r\n'
    "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n\r\n"
    "[Workspace]\r\nModule1=44, 58, 928, 635, \r\nThisWorkbook=88, 116, 972, 693, C\r\n"
    "Sheet1=0, 0, 0, 0, C\r\n"
)
EXCEL_VBA_PROJECT_HEADER = bytes.fromhex("cc618500000100")  # then Excel's performance cache
EXCEL_STREAMS = {
    "PROJECT", "PROJECTwm", "VBA/Module1", "VBA/Sheet1", "VBA/ThisWorkbook", "VBA/_VBA_PROJECT",
    "VBA/__SRP_0", "VBA/__SRP_1", "VBA/__SRP_2", "VBA/__SRP_3", "VBA/dir",
}  # fmt: skip
EXCEL_DOCUMENT_SOURCE = (
    'Attribute VB_Name = "{name}"\r\nAttribute VB_Base = "0{{{clsid}}}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n"
)
CLASS_IDS = {"ThisWorkbook": "00020819-0000-0000-C000-000000000046",
             "Sheet1": "00020820-0000-0000-C000-000000000046"}  # fmt: skip

# --- the differences left, and why each is safe ----------------------------------------------

EXPECTED_DIR_DIFFERENCES = {
    "PROJECTVERSION": "the project's own version number; Excel writes whatever it last "
    "counted (the XlsxWriter files have five different ones); VBA never checks it",
    "REFERENCEREGISTERED": "the library's path on the PC that saved the file (there "
    "C:\\WINDOWS\\system32 and OFFICE12); a reference is found by its GUID and version, "
    "the path is only a hint, so ours names today's Office 16 paths",
    "PROJECTCOOKIE": "MS-OVBA 2.3.4.2.3.1: ignored on read, 0xFFFF on write; Excel writes "
    "its own number",
    "MODULECOOKIE": "MS-OVBA 2.3.4.2.3.2.7: ignored on read, 0xFFFF on write",
    "MODULEOFFSET": "where the source starts in the module stream: Excel puts its compiled "
    "cache first, we write source only (offset 0), which Excel compiles on first open",
}

# --- reading a project ----------------------------------------------------------------------

_RECORDS = {
    0x01: "PROJECTSYSKIND", 0x4A: "PROJECTCOMPATVERSION", 0x02: "PROJECTLCID",
    0x14: "PROJECTLCIDINVOKE", 0x03: "PROJECTCODEPAGE", 0x04: "PROJECTNAME",
    0x05: "PROJECTDOCSTRING", 0x40: "PROJECTDOCSTRING_U", 0x06: "PROJECTHELPFILEPATH",
    0x3D: "PROJECTHELPFILEPATH_2", 0x07: "PROJECTHELPCONTEXT", 0x08: "PROJECTLIBFLAGS",
    0x09: "PROJECTVERSION", 0x0C: "PROJECTCONSTANTS", 0x3C: "PROJECTCONSTANTS_U",
    0x16: "REFERENCENAME", 0x3E: "REFERENCENAME_U", 0x0D: "REFERENCEREGISTERED",
    0x0F: "PROJECTMODULES", 0x13: "PROJECTCOOKIE", 0x19: "MODULENAME",
    0x47: "MODULENAMEUNICODE", 0x1A: "MODULESTREAMNAME", 0x32: "MODULESTREAMNAME_U",
    0x1C: "MODULEDOCSTRING", 0x48: "MODULEDOCSTRING_U", 0x31: "MODULEOFFSET",
    0x1E: "MODULEHELPCONTEXT", 0x2C: "MODULECOOKIE", 0x21: "MODULETYPE_PROCEDURAL",
    0x22: "MODULETYPE_DOCUMENT", 0x25: "MODULEREADONLY", 0x28: "MODULEPRIVATE",
    0x2B: "MODULE_END", 0x10: "DIR_END",
}  # fmt: skip


def dir_records(data: bytes) -> list[tuple[str, str]]:
    """The (decompressed) dir stream as (record name, value in hex); PROJECTVERSION's value
    is VersionMajor and VersionMinor (its size field is the constant 4)."""
    out, at = [], 0
    while at < len(data):
        record, size = struct.unpack_from("<HI", data, at)
        size = 6 if record == 0x09 else size
        out.append((_RECORDS.get(record, hex(record)), data[at + 6 : at + 6 + size].hex()))
        at += 6 + size
    return out


def split_records(records: list[tuple[str, str]]) -> tuple[list[Any], dict[str, Any]]:
    """(project information and references, {module name: its records}); DIR_END last."""
    assert records[-1] == ("DIR_END", "")
    first = next(i for i, (name, _) in enumerate(records) if name == "MODULENAME")
    modules: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for record in records[first:-1]:
        current.append(record)
        if record[0] == "MODULE_END":
            modules[bytes.fromhex(current[0][1]).decode("cp1252")] = current
            current = []
    return records[:first], modules


def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 Data Decryption: (version, project key, data)."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = data[0], data[1], data[2]
    plain1, enc1, enc2, at = seed ^ key_enc, key_enc, version_enc, 3

    def byte() -> int:
        nonlocal plain1, enc1, enc2, at
        encrypted = data[at]
        at += 1
        plain = encrypted ^ ((enc2 + plain1) & 0xFF)
        enc2, enc1, plain1 = enc1, encrypted, plain
        return plain

    for _ in range((seed & 6) >> 1):
        byte()
    length = int.from_bytes(bytes(byte() for _ in range(4)), "little")
    value = bytes(byte() for _ in range(length))
    assert at == len(data)
    return seed ^ version_enc, seed ^ key_enc, value


def _project_key(project_text: str) -> int:
    project_id = re.search(r'^ID="(\{[^"]+\})"', project_text, re.M)
    assert project_id is not None
    return sum(project_id.group(1).encode("cp1252")) & 0xFF


MODULE1 = 'Attribute VB_Name = "Module1"\nSub Macro1()\n    Range("A1").Select\nEnd Sub\n'


@pytest.fixture(scope="module")
def ours() -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(build_vba_project([MODULE1], ["Sheet1"])))


def _stream(ole: olefile.OleFileIO, name: str) -> bytes:
    return bytes(ole.openstream(name).read())


# --- the comparison -------------------------------------------------------------------------


def test_dir_stream_record_by_record(ours: olefile.OleFileIO) -> None:
    records = dir_records(bytes(decompress_stream(bytearray(_stream(ours, "VBA/dir")))))
    information, modules = split_records(records)
    differences: dict[str, str] = {}
    assert [name for name, _ in information] == [name for name, _ in EXCEL_INFORMATION]
    for (name, value), (_, excel) in zip(information, EXCEL_INFORMATION, strict=True):
        if value != excel:
            assert name in EXPECTED_DIR_DIFFERENCES, (name, value, excel)
            differences[name] = value
    assert set(modules) == set(EXCEL_MODULES)
    for module, module_records in modules.items():
        excel_records = EXCEL_MODULES[module]
        assert [n for n, _ in module_records] == [n for n, _ in excel_records], module
        for (name, value), (_, excel) in zip(module_records, excel_records, strict=True):
            if value != excel:
                assert name in EXPECTED_DIR_DIFFERENCES, (module, name, value, excel)
                differences[name] = value
    assert differences["MODULECOOKIE"] == "ffff" and differences["PROJECTCOOKIE"] == "ffff"
    assert differences["MODULEOFFSET"] == "00000000"
    assert set(differences) == set(EXPECTED_DIR_DIFFERENCES)  # nothing else differs


def test_project_stream_line_by_line(ours: olefile.OleFileIO) -> None:
    text = _stream(ours, "PROJECT").decode("cp1252")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    ours_lines, excel_lines = text.split("\r\n"), EXCEL_PROJECT.split("\r\n")
    assert ours_lines[0] == f'ID="{PROJECT_ID}"'  # a project id of its own, as every project
    # The same modules (in our order: documents first), then the same properties.
    assert sorted(ours_lines[1:4]) == sorted(excel_lines[1:4])
    assert ours_lines[4:7] == excel_lines[4:7]  # Name, HelpContextID, VersionCompatible32
    for ours_line, excel_line in zip(ours_lines[7:10], excel_lines[7:10], strict=True):
        name = ours_line.split("=")[0]
        assert name == excel_line.split("=")[0]
        ours_value = decrypt(ours_line.split('"')[1])
        excel_value = decrypt(excel_line.split('"')[1])
        assert ours_value[0] == excel_value[0] == 2  # the encryption version
        assert ours_value[1] == _project_key(text)  # keyed to our project id, as Excel's is
        assert excel_value[1] == _project_key(EXCEL_PROJECT)
        assert ours_value[2] == excel_value[2]  # unprotected, no password, visible
    assert ours_lines[10:14] == excel_lines[10:14]  # [Host Extender Info]
    assert ours_lines[14] == excel_lines[14] == "[Workspace]"
    workspace = dict(line.split("=") for line in ours_lines[15:] if line)
    excel_workspace = dict(line.split("=") for line in excel_lines[15:] if line)
    assert set(workspace) == set(excel_workspace)
    # Window positions: Excel remembers where its code windows were; ours were never open.
    assert set(workspace.values()) == {"0, 0, 0, 0, C"}
    assert excel_workspace["Sheet1"] == "0, 0, 0, 0, C"


def test_project_wm_vba_project_and_streams(ours: olefile.OleFileIO) -> None:
    names = {"/".join(entry) for entry in ours.listdir()}
    # Excel's __SRP_ streams are its compiled cache: MS-OVBA 2.3.4 says they MUST be ignored.
    assert names == {n for n in EXCEL_STREAMS if not n.startswith("VBA/__SRP_")}
    excel_wm = project_wm(["Module1", "ThisWorkbook", "Sheet1"])  # Excel's, byte for byte
    assert len(excel_wm) == 86  # the size of Excel's PROJECTwm stream
    assert _stream(ours, "PROJECTwm") == project_wm(["ThisWorkbook", "Sheet1", "Module1"])
    header = _stream(ours, "VBA/_VBA_PROJECT")
    # Reserved1, Version, Reserved2, Reserved3: all Excel's but Version, which MS-OVBA
    # 2.3.4.1 says MUST be 0xFFFF on write (so Excel ignores any cache); no cache follows.
    assert header == EXCEL_VBA_PROJECT_HEADER[:2] + b"\xff\xff" + EXCEL_VBA_PROJECT_HEADER[4:]


def test_document_modules_are_excels(ours: olefile.OleFileIO) -> None:
    for name, clsid in CLASS_IDS.items():
        source = bytes(decompress_stream(bytearray(_stream(ours, f"VBA/{name}"))))
        assert source.decode("cp1252") == EXCEL_DOCUMENT_SOURCE.format(name=name, clsid=clsid)


def test_builds_are_the_same_bytes(tmp_path: Path) -> None:
    modules = list(vba_modules().values())
    assert build_vba_project(modules, ["Sheet1"]) == build_vba_project(modules, ["Sheet1"])
    a = build_addin(tmp_path / "a.xlam")
    b = build_addin(tmp_path / "b.xlam")
    with olefile.OleFileIO(io.BytesIO(_zip_part(a, "xl/vbaProject.bin"))) as first:
        with olefile.OleFileIO(io.BytesIO(_zip_part(b, "xl/vbaProject.bin"))) as second:
            assert _stream(first, "PROJECT") == _stream(second, "PROJECT")


def _zip_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


# --- the compound file ------------------------------------------------------------------------


RED, BLACK = 0, 1  # a directory entry's colour (MS-CFB 2.6.1)


def _rb_tree_ok(ole: olefile.OleFileIO, sid: int, key: Any) -> int:
    """Check the red-black sibling tree under ``sid``; its black height."""
    if sid == olefile.NOSTREAM:
        return 1
    entry = ole.direntries[sid]
    left, right = entry.sid_left, entry.sid_right
    for child, smaller in ((left, True), (right, False)):
        if child != olefile.NOSTREAM:
            other = ole.direntries[child]
            assert (key(other) < key(entry)) == smaller  # MS-CFB's order
            if entry.color == RED:
                assert other.color == BLACK  # no red node has a red child
    heights = {_rb_tree_ok(ole, left, key), _rb_tree_ok(ole, right, key)}
    assert len(heights) == 1  # every path passes as many black nodes
    return heights.pop() + (entry.color == BLACK)


@pytest.mark.parametrize("modules", [1, 12, 60])
def test_compound_file_is_valid_at_any_size(modules: int) -> None:
    """ms-cfb wrote a wrong FAT past 128 sectors (64 KB), which LibreOffice could not read:
    the add-in's project is past that size. Every size is now valid to olefile's strictest
    checks, with a proper red-black directory tree, and reads back what was written."""
    sources = [
        f'Attribute VB_Name = "Module{n}"\nOption Explicit\n'
        + "".join(
            f"Public Function F{n}_{i}() As Long\n    F{n}_{i} = {i * n}\nEnd Function\n"
            for i in range(150)
        )
        for n in range(modules)
    ]
    sheets = [f"Sheet{n}" for n in range(1, 14)]
    data = build_vba_project(sources, sheets)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_POTENTIAL)
    if modules == 60:
        assert len(data) > 2 * 128 * 512  # needs three FAT sectors (128 sectors each)
    key = lambda entry: (len(entry.name), entry.name.upper())  # noqa: E731
    for entry in ole.direntries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            root = entry.sid_child
            assert ole.direntries[root].color == BLACK
            _rb_tree_ok(ole, root, key)
    for n, source in enumerate(sources):
        stored = bytes(decompress_stream(bytearray(_stream(ole, f"VBA/Module{n}"))))
        assert stored == source.replace("\n", "\r\n").encode("cp1252")
    assert {"/".join(e) for e in ole.listdir()} >= {"PROJECT", "PROJECTwm", "VBA/dir"}
