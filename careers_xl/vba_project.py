"""Build a ``vbaProject.bin`` (the VBA part of an .xlsm/.xlam) from VBA source text.

Excel keeps macros in an OLE compound file. The ``ms-ovba`` package writes one from module
source; we drive it here so the add-in is built from the ``.bas`` text kept in the repo and
never from a committed binary. The project carries no compiled cache, so Excel compiles the
source the first time it opens the file.

``ms-ovba`` works with files in the current directory (it writes ``dir.bin``,
``project.bin`` ... and then ``vbaProject.bin``), so the build runs in a private temporary
directory. Module text is encoded in Windows-1252, the code page the project declares.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.module_base import ModuleBase
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Views.project_ole_file import ProjectOleFile

CODEPAGE = "cp1252"
# A fixed project id keeps builds reproducible.
PROJECT_ID = "{5C8E2F4B-1D0A-4C1E-9A57-CA12EE250001}"
# Excel's class ids for the workbook ("ThisWorkbook") and worksheet document modules.
WORKBOOK_CLASS = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_CLASS = uuid.UUID("00020820-0000-0000-C000-000000000046")

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


def _stage(module: ModuleBase, folder: Path, source: str) -> ModuleBase:
    """Write a module's text where ms-ovba expects its normalised copy (``<file>.new``).

    We write that copy ourselves, with CRLF line ends and in the project's code page,
    instead of calling ms-ovba's ``normalize_file`` (which appends and uses the locale's
    encoding).
    """
    path = folder / f"{module.name}.src"
    text = source.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        data = text.encode(CODEPAGE)
    except UnicodeEncodeError as exc:
        raise ValueError(f"VBA module {module.name} has a character outside {CODEPAGE}") from exc
    Path(f"{path}.new").write_bytes(data)
    module.add_file(str(path))
    return module


def build_vba_project(modules: Sequence[str], sheet_code_names: Sequence[str] = ()) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (``.bas`` texts).

    ``sheet_code_names`` are the worksheets' code names (``Sheet1`` ...) that get an empty
    document module each, next to ``ThisWorkbook``, as Excel would have them.
    """
    project = VbaProject()
    project.project_id = PROJECT_ID
    for ref_name, guid, path, description in _REFERENCES:
        libid = LibidReference(uuid.UUID(guid), "2.0", "0", path, description)
        project.add_reference(Reference(ReferenceRegistered(libid), ref_name))
    documents: Mapping[str, uuid.UUID] = {
        "ThisWorkbook": WORKBOOK_CLASS,
        **{name: WORKSHEET_CLASS for name in sheet_code_names},
    }
    with tempfile.TemporaryDirectory(prefix="careers-xl-vba-") as tmp:
        folder = Path(tmp)
        for name, class_id in documents.items():
            doc = DocModule(name)
            project.add_module(_stage(doc, folder, document_module_source(name, class_id)))
        for source in modules:
            std = StdModule(module_name(source))
            project.add_module(_stage(std, folder, source))
        with contextlib.chdir(folder):
            ProjectOleFile.write_file(project)
        return (folder / "vbaProject.bin").read_bytes()
