"""Build a ``vbaProject.bin`` (the VBA part of an .xlsm/.xlam) from VBA source text.

Excel keeps macros in an OLE compound file. We describe the project with the ``ms-ovba``
package's model (modules, references, the ``dir`` and ``PROJECT`` records), so the add-in is
built from the ``.bas`` text kept in the repo and never from a committed binary. The
project carries no compiled cache, so Excel compiles the source the first time it opens
the file. Module text is encoded in Windows-1252, the code page the project declares.

Things we do ourselves: ms-ovba's compressor (``ms-ovba-compression`` 1.0.1) produces
streams that do not decompress back to the input for most module sizes, so ``compress``
below implements MS-OVBA 2.4.1 compression; ms-cfb (ms-ovba's compound-file writer) writes
a wrong FAT once a file passes 128 sectors (64 KB), which the add-in's project does, so
``compound_file`` below writes MS-CFB version 3 itself (checked with olefile's strictest
reading, a balanced red-black directory tree); and where ms-ovba's choice differs from
Excel's and the spec leaves the choice open, we take Excel's (below).

Compared record by record with a project Excel saved (XlsxWriter's test file
vbaProject01.bin: Module1, ThisWorkbook, Sheet1; tests/test_addin_vba_bin.py) and with what
NetOfficeFw/vbamc writes:

======================  ==========================  =======================================
Record / stream         Excel / vbamc               Ours, and why it is safe
======================  ==========================  =======================================
PROJECTSYSKIND          1 (Win32) / 1               1, as Excel (ms-ovba writes 3, Win64)
PROJECTCOMPATVERSION    absent / 2                  absent, as Excel (optional record)
PROJECTVERSION          per project / 0x645BE109.11  0x65BE0257.17 (ms-ovba's): the
                                                    project's own counter, never checked
REFERENCEREGISTERED     paths of the saving PC      Office 16 paths; references are found
                                                    by GUID and version, the path is a hint
PROJECTCOOKIE,          Excel's numbers / 0xFFFF    0xFFFF: MS-OVBA says ignored on read,
MODULECOOKIE                                        0xFFFF on write
MODULEOFFSET            after Excel's cache / 0     0: source only, no cache before it
module order            creation order / by type    documents first (order is not meaning)
PROJECT: ID             its own GUID                our fixed GUID (one project, every build)
PROJECT: CMG/DPB/GC     random seed / random        seed fixed from the project id, so builds
                                                    are the same bytes; decrypt to Excel's
                                                    values (unprotected, no password, shown)
PROJECT: VersionCompatible32  "393222000" / same    "393222000", as Excel
PROJECT: [Workspace]    window positions / absent   every module "0, 0, 0, 0, C" (closed),
                                                    as Excel writes a module never opened
PROJECTwm               present / present           present, as Excel
_VBA_PROJECT            version 0x85, Reserved3 1,  version 0xFFFF (MS-OVBA: MUST on write,
                        performance cache / 0xFFFF  so Excel ignores caches), Reserved3 1 as
                                                    Excel, no cache (MUST NOT on write)
__SRP_n streams         Excel's compiled cache      absent: MS-OVBA 2.3.4 says ignore them
document modules        ThisWorkbook, Sheet1 ...    ThisWorkbook and one per sheet code name,
                                                    source identical to Excel's
compound file           storage times set           times 0 (MS-CFB allows it; same bytes
                                                    every build); version 3, 512-byte sectors
                                                    as Excel; our own writer, valid at any
                                                    size (ms-cfb's FAT broke past 64 KB)
======================  ==========================  =======================================

The upstream library's issues (Beakerboy/MS-OVBA) were read for causes that could apply:
its compressor bug is avoided (``compress`` here, round-trip tested); its SysKind (Win64)
and _VBA_PROJECT Reserved3 (3) are replaced by Excel's; PROJECTwm, which it leaves out by
default, is written; the CMG/DPB/GC values are checked to decrypt with this project's own
id (values keyed to another id reportedly make Excel call the project unviewable). Upstream
also reports an add-in built with it that Excel opened and showed the source of, but whose
macro did not run, cause not found; nothing here settles that, since no Excel runs here: LibreOffice
imports and runs these macros (tests/test_addin*.py), and the structure matches Excel's
record by record except as listed above.
"""

from __future__ import annotations

import random
import struct
import uuid
from collections.abc import Mapping, Sequence

from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.module_base import ModuleBase
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Views.dirStream import DirStream
from ms_ovba.Views.project import Project
from ms_ovba.Views.project_view import ProjectView

CODEPAGE = "cp1252"
# A fixed project id: every build of the add-in is the same project to Excel.
PROJECT_ID = "{5C8E2F4B-1D0A-4C1E-9A57-CA12EE250001}"
# What Excel writes where the spec leaves a choice (see the module docstring).
SYSKIND_WIN32 = 1
VERSION_COMPATIBLE32 = "393222000"
VBA_PROJECT_RESERVED3 = 0x0001
# Excel's class ids for the workbook ("ThisWorkbook") and worksheet document modules.
WORKBOOK_CLASS = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_CLASS = uuid.UUID("00020820-0000-0000-C000-000000000046")
CHART_CLASS = uuid.UUID("00020821-0000-0000-C000-000000000046")

# Type libraries every project refers to: OLE Automation, and the Office library that
# defines IRibbonControl (the ribbon callbacks' argument type).
_REFERENCES = (
    (
        "stdole",
        "00020430-0000-0000-C000-000000000046",
        r"C:\Windows\System32\stdole2.tlb",
        "OLE Automation",
    ),
    (
        "Office",
        "2DF8D04C-5BFA-101B-BDE5-00AA0044DE52",
        r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
        "Microsoft Office 16.0 Object Library",
    ),
)


def module_name(source: str) -> str:
    """The name a ``.bas`` text gives itself on its ``Attribute VB_Name = "..."`` line."""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("Attribute VB_Name"):
            return stripped.split("=", 1)[1].strip().strip('"')
    raise ValueError("VBA module source has no 'Attribute VB_Name = \"...\"' line")


def document_module_source(name: str, class_id: uuid.UUID) -> str:
    """The (empty) code of a workbook or worksheet module, as Excel itself stores it."""
    return "".join(
        [
            f'Attribute VB_Name = "{name}"\n',
            f'Attribute VB_Base = "0{{{str(class_id).upper()}}}"\n',
            "Attribute VB_GlobalNameSpace = False\n",
            "Attribute VB_Creatable = False\n",
            "Attribute VB_PredeclaredId = True\n",
            "Attribute VB_Exposed = True\n",
            "Attribute VB_TemplateDerived = False\n",
            "Attribute VB_Customizable = True\n",
        ]
    )


def _encode(name: str, source: str) -> bytes:
    """Module text as the project stores it: CRLF line ends, Windows-1252."""
    text = source.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        return text.encode(CODEPAGE)
    except UnicodeEncodeError as exc:
        raise ValueError(f"VBA module {name} has a character outside {CODEPAGE}") from exc


def build_vba_project(
    modules: Sequence[str],
    sheet_code_names: Sequence[str] = (),
    chart_code_names: Sequence[str] = (),
) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (``.bas`` texts).

    ``sheet_code_names`` and ``chart_code_names`` are the worksheets' and chart sheets' code
    names (``Sheet1``, ``Chart1`` ...) that get an empty document module each, next to
    ``ThisWorkbook``, as Excel would have them.
    """
    project = VbaProject()
    project.project_id = PROJECT_ID
    for ref_name, guid, path, description in _REFERENCES:
        libid = LibidReference(uuid.UUID(guid), "2.0", "0", path, description)
        project.add_reference(Reference(ReferenceRegistered(libid), ref_name))
    documents: Mapping[str, uuid.UUID] = {
        "ThisWorkbook": WORKBOOK_CLASS,
        **{name: WORKSHEET_CLASS for name in sheet_code_names},
        **{name: CHART_CLASS for name in chart_code_names},
    }
    sources: list[tuple[ModuleBase, str]] = [
        (DocModule(name), document_module_source(name, class_id))
        for name, class_id in documents.items()
    ]
    sources += [(StdModule(module_name(source)), source) for source in modules]
    # As Excel writes the PROJECT stream: VersionCompatible32 after HelpContextID, and a
    # [Workspace] line per module (window position; "0, 0, 0, 0, C": not open, as Excel
    # writes a module nobody has opened).
    project.add_attribute("VersionCompatible32", VERSION_COMPATIBLE32)
    streams: dict[str, bytes] = {}
    for module, source in sources:
        module.add_workspace(0, 0, 0, 0, "C")
        project.add_module(module)
        streams[f"VBA/{module.name}"] = compress(_encode(module.name, source))
    streams["VBA/dir"] = compress(_dir_stream(project))
    streams["VBA/_VBA_PROJECT"] = ProjectView(project, reserved=VBA_PROJECT_RESERVED3).to_bytes()
    streams["PROJECT"] = _project_stream(project)
    streams["PROJECTwm"] = project_wm([module.name for module, _ in sources])
    return compound_file(streams)


def _project_stream(project: VbaProject) -> bytes:
    """The PROJECT stream. Its CMG, DPB and GC values are encrypted (MS-OVBA 2.4.3) with a
    random seed byte each; ms-ovba draws it from Python's random module, seeded here from
    the project id for the call, so every build of the add-in is the same bytes."""
    state = random.getstate()
    random.seed(PROJECT_ID)
    try:
        return bytes(Project(project).to_bytes())
    finally:
        random.setstate(state)


def _dir_stream(project: VbaProject) -> bytes:
    """The dir stream (uncompressed) as ms-ovba writes it, with Excel's SysKind (Win32).

    ms-ovba always writes SysKind 3 (Win64); Excel and vbamc write 1 (Win32), which every
    Excel, 32- or 64-bit, opens (the project holds source only, compiled on first open).
    """
    data = DirStream(project).to_bytes()
    win64, win32 = struct.pack("<HII", 0x0001, 4, 3), struct.pack("<HII", 0x0001, 4, SYSKIND_WIN32)
    if not data.startswith(win64):
        raise ValueError("ms-ovba's dir stream no longer starts with PROJECTSYSKIND")
    return win32 + data[len(win64) :]


def project_wm(names: Sequence[str]) -> bytes:
    """The PROJECTwm stream (MS-OVBA 2.3.3): each module's name in the code page and in
    UTF-16, as Excel writes it, and a terminator."""
    out = b""
    for name in names:
        out += name.encode(CODEPAGE) + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    return out + b"\x00\x00"


# --- MS-OVBA compression (section 2.4.1) ------------------------------------------------------

CHUNK = 4096  # bytes of source per compressed chunk
_MAX_CANDIDATES = 64  # earlier positions tried per match: plenty for VBA source


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer, the form of every VBA stream but one."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK:
            out += (0xB000 | (len(body) - 1)).to_bytes(2, "little") + body
        elif len(chunk) == CHUNK:
            out += (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + chunk  # stored raw
        else:
            # Only a full chunk may be stored raw; VBA source text always compresses.
            raise ValueError("data too random to store in a VBA stream")
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """One chunk as tokens: flag bytes, each for up to eight literals or copy tokens."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(chunk):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(chunk):
                break
            offset, length = _longest_match(chunk, pos, seen)
            if length >= 3:
                bit_count = max((pos - 1).bit_length(), 4)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                out[flag_at] |= 1 << bit
            else:
                out.append(chunk[pos])
                length = 1
            for i in range(pos, pos + length):
                seen.setdefault(chunk[i : i + 3], []).append(i)
            pos += length
    return bytes(out)


def _longest_match(chunk: bytes, pos: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy of the bytes at ``pos`` (length 0: none)."""
    bit_count = max((pos - 1).bit_length(), 4)
    max_length = min((0xFFFF >> bit_count) + 3, len(chunk) - pos)
    best_offset, best_length = 0, 0
    for candidate in reversed(seen.get(chunk[pos : pos + 3], [])[-_MAX_CANDIDATES:]):
        length = 0
        while length < max_length and chunk[candidate + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - candidate, length
            if length == max_length:
                break
    return best_offset, best_length


# --- the compound file (MS-CFB version 3) ------------------------------------------------------

SECTOR = 512  # MS-CFB version 3 sectors
MINI_SECTOR = 64
MINI_CUTOFF = 4096  # smaller streams live in the mini stream
_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_CFB_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


class _Entry:
    """One directory entry: the root, a storage or a stream."""

    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data  # kind: 1 storage, 2 stream, 5 root
        self.children: list[_Entry] = []
        self.left = self.right = self.child = _NO_STREAM
        self.black = True
        self.start, self.size = (_END if kind == 5 else 0), 0  # storages: zeroes


def _cfb_key(entry: _Entry) -> tuple[int, str]:
    """MS-CFB's order of siblings: shorter names first, then by upper-case letters."""
    return (len(entry.name), entry.name.upper())


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding ``streams`` ("VBA/dir" is stream dir in storage VBA).

    Written here, not with ms-cfb: ms-cfb's FAT is wrong once a file passes 128 sectors
    (64 KB): it counts one FAT sector but lists a second whose sector holds stream data, so
    LibreOffice (and Excel) cannot read the project. This is MS-CFB version 3 with 512-byte
    sectors; streams under 4096 bytes go in the mini stream; siblings form a balanced
    red-black tree; every time stamp is zero, so a build is the same bytes every time.
    """
    root = _Entry("Root Entry", 5)
    storages = {"": root}
    for path in sorted(streams):
        parent = root
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in storages:
                storages[folder] = _Entry(parts[depth - 1], 1)
                parent.children.append(storages[folder])
            parent = storages[folder]
        parent.children.append(_Entry(parts[-1], 2, streams[path]))
    entries: list[_Entry] = []
    _number(root, entries)

    sectors: list[bytes] = []  # every sector after the header, in order
    fat: list[int] = []

    def allocate(data: bytes) -> int:
        """Put data in new consecutive sectors, chained in the FAT; its first sector."""
        count = max(1, -(-len(data) // SECTOR))
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\x00"))
            fat.append(first + i + 1 if i + 1 < count else _END)
        return first

    mini, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if not entry.size:
            entry.start = _END
        elif entry.size >= MINI_CUTOFF:
            entry.start = allocate(entry.data)
        elif entry.size:
            entry.start = len(mini) // MINI_SECTOR
            count = -(-entry.size // MINI_SECTOR)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\x00")
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [_END]
    if mini:
        root.start, root.size = allocate(bytes(mini)), len(mini)
    mini_fat_start, mini_fat_count = _END, 0
    if mini_fat:
        packed = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
        mini_fat_count = -(-len(packed) // SECTOR)
        mini_fat_start = allocate(packed.ljust(mini_fat_count * SECTOR, b"\xff"))
    directory = b"".join(_directory_entry(entry) for entry in entries)
    directory += _directory_entry(None) * (-len(entries) % (SECTOR // 128))
    directory_start = allocate(directory)
    # The FAT covers every sector, its own included.
    fat_count = 1
    while fat_count * (SECTOR // 4) < len(sectors) + fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("VBA project too large for a compound file without DIFAT sectors")
    fat_first = len(sectors)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * (SECTOR // 4) - len(fat))
    packed_fat = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [packed_fat[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_count)]
    difat = [fat_first + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        _CFB_SIGNATURE, bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, directory_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_count,
        _END, 0, *difat,
    )  # fmt: skip
    return header + b"".join(sectors)


def _number(storage: _Entry, entries: list[_Entry]) -> None:
    """Give every entry its place in ``entries`` (the root first) and link the tree."""
    entries.append(storage)
    for child in storage.children:
        if child.kind == 2:
            entries.append(child)
    for child in storage.children:
        if child.kind != 2:
            _number(child, entries)
    ordered = sorted(storage.children, key=_cfb_key)
    depth = _balance(ordered, 0)
    top = _tree(ordered, entries, 0, depth)
    storage.child = top


def _balance(ordered: list[_Entry], depth: int) -> int:
    """The depth of the deepest node when ``ordered`` is built into a balanced tree."""
    if not ordered:
        return depth - 1
    middle = len(ordered) // 2
    return max(_balance(ordered[:middle], depth + 1), _balance(ordered[middle + 1 :], depth + 1))


def _tree(ordered: list[_Entry], entries: list[_Entry], depth: int, deepest: int) -> int:
    """Build a balanced red-black tree of ``ordered``; its root's number (or none).

    Nodes on the deepest level are red, the others black: in a tree this balanced every
    path then passes the same number of black nodes and no red node has a red child.
    """
    if not ordered:
        return _NO_STREAM
    middle = len(ordered) // 2
    node = ordered[middle]
    node.black = depth < deepest or deepest == 0
    node.left = _tree(ordered[:middle], entries, depth + 1, deepest)
    node.right = _tree(ordered[middle + 1 :], entries, depth + 1, deepest)
    return entries.index(node)


def _directory_entry(entry: _Entry | None) -> bytes:
    """An entry's 128 bytes (an unused one for None)."""
    if entry is None:
        return struct.pack("<64sHBBIII16sI8s8sIII", b"", 0, 0, 0, _NO_STREAM, _NO_STREAM,
                           _NO_STREAM, bytes(16), 0, bytes(8), bytes(8), 0, 0, 0)  # fmt: skip
    name = entry.name.encode("utf-16-le")
    if len(name) > 62:
        raise ValueError(f"{entry.name}: a compound file name has at most 31 characters")
    return struct.pack(
        "<64sHBBIII16sI8s8sIII",
        name, len(name) + 2, entry.kind, 1 if entry.black else 0, entry.left, entry.right,
        entry.child, bytes(16), 0, bytes(8), bytes(8), entry.start, entry.size, 0,
    )  # fmt: skip
