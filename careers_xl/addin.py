"""The Excel add-in: careers-xl's main commands on a "Careers Plan" ribbon tab in Excel.

Most careers leaders cannot install Python on a school PC, so ``careers-xl addin`` builds
an Excel add-in (``.xlam``), or a macro-enabled copy of a plan (``.xlsm``), that gives them
Set RAG, Add action row, Check plan, Refresh dashboard and Roll over inside Excel.

Everything is built from text kept in the repo: the hand-written VBA modules and the ribbon
XML in ``careers_xl/vba/``, plus one module, ``CareersRules``, generated here from
:mod:`careers_xl.rules` so the macros and the Python commands share one set of RAG words,
colours, rollover and check rules. No compiled binary is committed.
"""

from __future__ import annotations

import io
import re
import zipfile
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import xlsxwriter

from . import rules
from .errors import OutputError
from .model import RAG_LABELS, Rag
from .safety import atomic_output, ensure_not_input, open_workbook
from .vba_project import build_vba_project, module_name

RULES_MODULE = "CareersRules"
RULES_HEADER = (
    "' Generated from careers_xl/rules.py \u2014 do not edit (rebuild the add-in instead)."
)

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLAM_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# The ribbon part: customUI14.xml (Excel 2010 and later) is related from the package root
# with the 2007 "ui/extensibility" relationship type (2006 is for the older customUI.xml).
CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


# --- the VBA sources ------------------------------------------------------------------------


def _vba_text(name: str) -> str:
    """A file of the ``careers_xl/vba`` package data, as text."""
    return resources.files("careers_xl").joinpath("vba", name).read_text(encoding="utf-8")


def _vba_string(text: str) -> str:
    """A Python string as a VBA string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _rgb_long(hex_colour: str) -> int:
    """ "#RRGGBB" as the Long VBA's RGB() gives: red + green * 256 + blue * 65536."""
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return red + green * 256 + blue * 65536


def rules_module_source() -> str:
    """The ``CareersRules`` VBA module: the constants of :mod:`careers_xl.rules`.

    RAG words are named by their dropdown label (``RAG_COMPLETE`` for Blue). Word lists are
    ``|``-separated strings ("|r|red|...|") because VBA constants cannot be arrays.
    """
    lines = [
        f'Attribute VB_Name = "{RULES_MODULE}"',
        RULES_HEADER,
        "' The RAG words and colours, rollover and check rules the other modules use; the",
        "' careers-xl command line uses the same values, so Excel and Python agree.",
        "Option Explicit",
        "",
        "' RAG words, as offered in every RAG dropdown.",
    ]
    for rag in Rag:
        lines.append(f"Public Const RAG_{_rag_name(rag)} As String = {_vba_string(rag.label)}")
    dropdown = ",".join(rules.RAG_DROPDOWN)
    lines.append(f"Public Const RAG_DROPDOWN As String = {_vba_string(dropdown)}")
    lines += ["", "' Fill and font colours of each RAG status (RGB values as Excel stores them)."]
    for rag in Rag:
        fill, font = rules.RAG_FILL[rag], rules.RAG_FONT[rag]
        lines.append(f"Public Const RAG_FILL_{_rag_name(rag)} As Long = {_rgb_long(fill)} ' {fill}")
        lines.append(f"Public Const RAG_FONT_{_rag_name(rag)} As Long = {_rgb_long(font)} ' {font}")
    lines += ["", "' What a person may type for each status (lower case, dots removed)."]
    for rag in Rag:
        words = "|" + "|".join(rules.RAG_WORDS[rag]) + "|"
        lines.append(f"Public Const RAG_WORDS_{_rag_name(rag)} As String = {_vba_string(words)}")
    unfinished = "|" + "|".join(RAG_LABELS[rag] for rag in rules.UNFINISHED) + "|"
    lines += [
        "",
        "' Rollover: statuses carried forward with a note, the note ({rag} and {year} are",
        "' filled in), the column that holds it, and how many years dates move.",
        f"Public Const UNFINISHED_RAGS As String = {_vba_string(unfinished)}",
        f"Public Const CARRIED_NOTE As String = {_vba_string(rules.CARRIED_NOTE)}",
        f"Public Const CARRIED_NOTE_COLUMN As String = {_vba_string(rules.CARRIED_NOTE_COLUMN)}",
        f"Public Const ROLLOVER_YEARS As Long = {rules.ROLLOVER_YEARS}",
        "",
        "' Check plan: the wording of each problem ({rag} is filled in).",
        f"Public Const CHECK_EMPTY_LEAD As String = {_vba_string(rules.CHECK_EMPTY_LEAD)}",
        f"Public Const CHECK_OVERDUE As String = {_vba_string(rules.CHECK_OVERDUE)}",
        "Public Const CHECK_GREEN_NO_EVIDENCE As String = "
        + _vba_string(rules.CHECK_GREEN_NO_EVIDENCE),
    ]
    return "\n".join(lines) + "\n"


def _rag_name(rag: Rag) -> str:
    """The VBA name suffix of a status: its dropdown word in capitals (Blue is COMPLETE)."""
    return rag.label.upper()


HAND_WRITTEN_MODULES = (
    "CareersSheets.bas",
    "CareersActions.bas",
    "CareersCheck.bas",
    "CareersRollover.bas",
    "CareersRibbon.bas",
)


def vba_modules() -> dict[str, str]:
    """Every standard module of the add-in, by module name: the generated rules first."""
    sources = [rules_module_source()] + [_vba_text(name) for name in HAND_WRITTEN_MODULES]
    return {module_name(source): source for source in sources}


def custom_ui() -> str:
    """The ribbon definition (customUI XML) of the "Careers Plan" tab."""
    return _vba_text("customUI.xml")


# --- building -------------------------------------------------------------------------------


def build_addin(path: Path, *, xlsm_plan: Path | None = None) -> Path:
    """Write the add-in to ``path`` and return it.

    Without ``xlsm_plan``: a ``.xlam`` Excel add-in holding only the macros and the ribbon.
    With ``xlsm_plan`` (a plan ``.xlsx``): a macro-enabled copy of that plan (``.xlsm``) with
    the macros and ribbon inside, every sheet and cell unchanged. The file appears at
    ``path`` only once complete; an existing file there is replaced.
    """
    path = Path(path)
    want = ".xlsm" if xlsm_plan is not None else ".xlam"
    if path.suffix.lower() != want:
        raise OutputError(f"{path.name}: the output should end in {want}")
    if xlsm_plan is None:
        package = _repackage(_addin_workbook(), XLAM_TYPE)
    else:
        plan = Path(xlsm_plan)
        ensure_not_input(path, [plan])
        open_workbook(plan)  # refuses anything that is not a readable workbook, saying why
        vba = build_vba_project(list(vba_modules().values()))
        package = _repackage(plan.read_bytes(), XLSM_TYPE, vba)
    with atomic_output(path) as tmp:
        tmp.write_bytes(package)
    return path


def _addin_workbook() -> bytes:
    """A one-sheet macro workbook saying what the add-in is (Excel never shows its sheet).

    xlsxwriter embeds the VBA project and sets the code names Excel expects
    (``ThisWorkbook``, ``Sheet1``); the project has a document module for each.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": "Careers Plan add-in", "comments": "Built by careers-xl"})
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write(0, 0, "Careers Plan add-in, built by careers-xl.")
    sheet.write(1, 0, "Its commands are on the Careers Plan tab of the ribbon.")
    vba = build_vba_project(list(vba_modules().values()), sheet_code_names=["Sheet1"])
    workbook.add_vba_project(io.BytesIO(vba), is_stream=True)
    workbook.set_vba_name("ThisWorkbook")
    sheet.set_vba_name("Sheet1")
    workbook.close()
    return buffer.getvalue()


def _repackage(package: bytes, workbook_type: str, vba: bytes | None = None) -> bytes:
    """A copy of a workbook package with the ribbon added, and ``vba`` if given.

    ``workbook_type`` is the content type the workbook part gets (add-in or macro-enabled
    workbook). ``vba`` is a vbaProject.bin for a package that has none yet; it is linked
    from the workbook as xlsxwriter would link it.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    workbook_part = _workbook_part(parts)
    folder, workbook_name = workbook_part.rsplit("/", 1)
    parts["[Content_Types].xml"] = _content_types(
        parts["[Content_Types].xml"], workbook_part, workbook_type
    )
    parts["_rels/.rels"] = _add_relationship(parts["_rels/.rels"], CUSTOM_UI_REL, CUSTOM_UI_PART)
    parts[CUSTOM_UI_PART] = custom_ui().encode("utf-8")
    if vba is not None:
        rels_part = f"{folder}/_rels/{workbook_name}.rels"
        parts[rels_part] = _add_relationship(parts[rels_part], VBA_REL, "vbaProject.bin")
        parts[workbook_part] = _with_code_name(parts[workbook_part])
        parts[f"{folder}/vbaProject.bin"] = vba
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _workbook_part(parts: dict[str, bytes]) -> str:
    """The workbook part's name (normally xl/workbook.xml), from the package relationships."""
    root = SafeET.fromstring(parts["_rels/.rels"])
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT_REL:
            return str(rel.get("Target", "")).lstrip("/")
    raise OutputError("the plan workbook has no workbook part")


def _xml(root: ET.Element, namespace: str) -> bytes:
    """Serialise a single-namespace package part with that namespace as the default."""
    ET.register_namespace("", namespace)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _content_types(data: bytes, workbook_part: str, workbook_type: str) -> bytes:
    """[Content_Types].xml saying the workbook holds macros, with .bin and .xml known."""
    root = SafeET.fromstring(data)
    defaults = {d.get("Extension", "").lower() for d in root.iter(f"{{{CT_NS}}}Default")}
    for extension, kind in (("bin", VBA_TYPE), ("xml", "application/xml")):
        if extension not in defaults:
            default = ET.Element(f"{{{CT_NS}}}Default", Extension=extension, ContentType=kind)
            root.insert(0, default)  # Defaults first, as Excel writes them
    overrides = [o for o in root.iter(f"{{{CT_NS}}}Override")]
    workbook = next((o for o in overrides if o.get("PartName") == f"/{workbook_part}"), None)
    if workbook is None:
        workbook = ET.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{workbook_part}")
    workbook.set("ContentType", workbook_type)
    return _xml(root, CT_NS)


def _add_relationship(data: bytes, rel_type: str, target: str) -> bytes:
    """A relationships part with one more relationship (replacing any of the same type)."""
    root = SafeET.fromstring(data)
    ids = set()
    for rel in list(root):
        if rel.get("Type") == rel_type:
            root.remove(rel)
        else:
            ids.add(rel.get("Id"))
    number = 1
    while f"rId{number}" in ids:
        number += 1
    ET.SubElement(
        root, f"{{{REL_NS}}}Relationship", Id=f"rId{number}", Type=rel_type, Target=target
    )
    return _xml(root, REL_NS)


def _with_code_name(data: bytes) -> bytes:
    """workbook.xml with ``codeName="ThisWorkbook"`` on workbookPr, as Excel writes it.

    Edited as text: workbook.xml mixes namespaces and ``mc:Ignorable`` prefixes that a
    round trip through ElementTree would rename.
    """
    text = data.decode("utf-8")
    if re.search(r"<workbookPr\b[^>]*\bcodeName=", text):
        return data
    if re.search(r"<workbookPr\b", text):
        text = re.sub(r"<workbookPr\b", '<workbookPr codeName="ThisWorkbook"', text, count=1)
    else:
        # workbookPr follows fileVersion and fileSharing when they are there.
        for pattern in (r"<fileSharing\b[^>]*/>", r"<fileVersion\b[^>]*/>", r"<workbook\b[^>]*>"):
            anchor = re.search(pattern, text)
            if anchor is not None:
                break
        else:
            raise OutputError("the plan's workbook.xml has no <workbook> element")
        at = anchor.end()
        text = text[:at] + '<workbookPr codeName="ThisWorkbook"/>' + text[at:]
    return text.encode("utf-8")
