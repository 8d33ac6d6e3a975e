"""Build a ``vbaProject.bin`` (the VBA part of an .xlsm/.xlam) from VBA source text.

Excel keeps macros in an OLE compound file. We describe the project with the ``ms-ovba``
package's model (modules, references, the ``dir`` and ``PROJECT`` records) and let its
``ms-cfb`` dependency write the compound file, so the add-in is built from the ``.bas`` text
kept in the repo and never from a committed binary. The project carries no compiled cache, so
Excel compiles the source the first time it opens the file.

Two things we do ourselves: ms-ovba's compressor (``ms-ovba-compression`` 1.0.1) produces
streams that do not decompress back to the input for most module sizes, so ``compress`` below
implements MS-OVBA 2.4.1 compression; and ms-ovba's and ms-cfb's writers use fixed file names
in the current directory, so the file is put together in a private temporary directory.
Module text is encoded in Windows-1252, the code page the project declares.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from ms_cfb.Models.Directories.root_directory import RootDirectory
from ms_cfb.Models.Directories.storage_directory import StorageDirectory
from ms_cfb.Models.Directories.stream_directory import StreamDirectory
from ms_cfb.ole_file import OleFile
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
    with tempfile.TemporaryDirectory(prefix="careers-xl-vba-") as tmp:
        folder = Path(tmp)

        def stream(name: str, data: bytes) -> StreamDirectory:
            path = folder / f"{len(list(folder.iterdir()))}.stream"
            path.write_bytes(data)
            return StreamDirectory(name, str(path))

        storage = StorageDirectory("VBA")
        storage.set_created(project.default_date)  # a fixed time, not the build's
        storage.set_modified(project.default_date)
        for module, source in sources:
            project.add_module(module)
            storage.add_directory(stream(module.name, compress(_encode(module.name, source))))
        storage.add_directory(stream("dir", compress(DirStream(project).to_bytes())))
        storage.add_directory(stream("_VBA_PROJECT", ProjectView(project).to_bytes()))
        root = RootDirectory()
        root.set_modified(project.default_date)
        root.add_directory(storage)
        root.add_directory(stream("PROJECT", Project(project).to_bytes()))
        ole = OleFile()
        ole.root_directory = root
        with contextlib.chdir(folder):  # ms-cfb writes scratch files to the current folder
            ole.create_file("vbaProject.bin")
        return (folder / "vbaProject.bin").read_bytes()


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
