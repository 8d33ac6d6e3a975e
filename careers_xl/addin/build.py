"""The Excel add-in: careers-xl's main commands on a "Careers Plan" ribbon tab in Excel.

Most careers leaders cannot install Python on a school PC, so ``careers-xl addin`` builds
an Excel add-in (``.xlam``), or a macro-enabled copy of a plan (``.xlsm``), that gives them
Set RAG, Add action row, Check plan, Refresh dashboard and Roll over inside Excel.

Everything is built from text kept in the repo: the hand-written VBA modules and the ribbon
XML in ``careers_xl/addin/vba/``, plus one module, ``CareersRules``, generated here from
:mod:`careers_xl.rules.words` and the tables careers-xl reads plans by (column names, half-term
names, open end points, cover labels, the RAG colour rule), so the macros follow exactly the
rules the Python commands follow (tests/test_addin_parity.py holds them to it). No compiled
binary is committed.
"""

from __future__ import annotations

import colorsys
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import xlsxwriter

from ..dates import end_points as dates
from ..dates import terms
from ..errors import OutputError
from ..model import RAG_LABELS, Rag
from ..package.safety import atomic_output, ensure_not_input
from ..read import cover, headers
from ..read.book import open_book
from ..rules import words as rules
from .vba_project import build_vba_project, module_name

RULES_MODULE = "CareersRules"
RULES_HEADER = (
    "' Generated from careers_xl/rules/words.py \u2014 do not edit (rebuild the add-in instead)."
)

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLAM_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
XML_TYPE = "application/xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# The ribbon part: customUI14.xml (Excel 2010 and later) is related from the package root
# with the 2007 "ui/extensibility" relationship type (2006 is for the older customUI.xml).
CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


# --- the VBA sources ------------------------------------------------------------------------


def _vba_text(name: str) -> str:
    """A file of the ``careers_xl/addin/vba`` package data, as text."""
    return resources.files("careers_xl").joinpath("addin", "vba", name).read_text(encoding="utf-8")


def _vba_string(text: str) -> str:
    """A Python string as a VBA string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _rgb_long(hex_colour: str) -> int:
    """ "#RRGGBB" as the Long VBA's RGB() gives: red + green * 256 + blue * 65536."""
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return red + green * 256 + blue * 65536


def rules_module_source() -> str:
    """The ``CareersRules`` VBA module: the constants of :mod:`careers_xl.rules.words`.

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
    lines += ["", "' The same words as keys: lower case, spaces, dots, dashes and slashes removed."]
    for rag in Rag:
        keys = "|" + "|".join(_rag_key(word) for word in rules.RAG_WORDS[rag]) + "|"
        lines.append(f"Public Const RAG_KEYS_{_rag_name(rag)} As String = {_vba_string(keys)}")
    lines += [
        "",
        "' A RAG shown only by a fill colour: the colour's hue, lightness and saturation (HLS,",
        "' 0-1; hue in degrees) say which status it is, as careers_xl/rules/rag.py reads it.",
        f"Public Const RAG_MIN_SATURATION As Double = {RAG_COLOUR_LIMITS['min_saturation']}",
        f"Public Const RAG_MIN_LIGHTNESS As Double = {RAG_COLOUR_LIMITS['min_lightness']}",
        f"Public Const RAG_MAX_LIGHTNESS As Double = {RAG_COLOUR_LIMITS['max_lightness']}",
        "' Hue bands: each status up to (not including) the hue given; the last band ends at 360.",
        f"Public Const RAG_HUE_BANDS As String = {_vba_string(_hue_bands())}",
    ]
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
        f"Public Const CHECK_NO_BENCHMARK As String = {_vba_string(rules.CHECK_NO_BENCHMARK)}",
        "",
        "' End points that are no deadline (dates/end_points.py): whole texts, and first words.",
        f"Public Const OPEN_END_POINTS As String = {_vba_string(_bars(sorted(dates._OPEN)))}",
        f"Public Const OPEN_END_STARTS As String = {_vba_string(_bars(OPEN_END_STARTS))}",
        "",
        "' Cover sheets: sheet names (normalised) and the labels a cover has down column A.",
        f"Public Const COVER_NAMES As String = {_vba_string(_bars(sorted(cover.COVER_NAMES)))}",
        f"Public Const COVER_LABELS As String = {_vba_string(_bars(cover._LABELS))}",
        "",
    ]
    tables = {
        "HeaderFields": (
            "Column headings (normalised) and the column each names (careers_xl/read/headers.py).",
            headers._HEADERS,
        ),
        "TermNames": (
            "Half-term and holiday names (careers_xl/dates/terms.py) and the half-term each means.",
            terms.NAME_KEYS,
        ),
        "BenchmarkWordings": (
            "Each benchmark's wording (normalised, careers_xl/read/headers.py) and its number.",
            {wording: str(number) for wording, number in headers._WORDINGS.items()},
        ),
    }
    # Module variables come before the first procedure, as VBA wants.
    lines += [f"Private {_cache_name(name)} As String" for name in tables] + [""]
    for name, (what, table) in tables.items():
        lines += _table_function(name, what, table)
    return "\n".join(lines) + "\n"


# How careers_xl/rules/rag.py classifies a fill colour, as numbers the add-in's VBA can use: no
# status below this saturation or outside these lightnesses; else by hue band (degrees).
RAG_COLOUR_LIMITS = {"min_saturation": 0.25, "min_lightness": 0.08, "max_lightness": 0.96}
RAG_HUE_BANDS: tuple[tuple[float, Rag | None], ...] = (
    (15, Rag.RED),
    (72, Rag.AMBER),
    (170, Rag.GREEN),
    (265, Rag.BLUE),
    (325, None),
    (360, Rag.RED),
)
# dates/end_points.py: end points whose first word says there is no deadline ("Ongoing ...",
# "TBC", "Termly"), the alternatives of its _OPEN_START pattern written out.
OPEN_END_STARTS = (
    "ongoing", "on going", "on-going", "tbc", "tba", "tbd", "termly", "halftermly",
    "half termly", "half-termly", "weekly", "fortnightly", "monthly", "annual", "annually",
    "yearly", "daily", "asap", "a.s.a.p", "continuous", "continual", "n/a",
)  # fmt: skip


def rag_from_colour(red: int, green: int, blue: int) -> Rag | None:
    """The status a fill colour shows, by :data:`RAG_COLOUR_LIMITS` and :data:`RAG_HUE_BANDS`
    (the add-in's rule; a test holds it to careers_xl/rules/rag.py's)."""
    hue, light, saturation = colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)
    limits = RAG_COLOUR_LIMITS
    if saturation < limits["min_saturation"] or not (
        limits["min_lightness"] <= light <= limits["max_lightness"]
    ):
        return None
    return next(rag for top, rag in RAG_HUE_BANDS if hue * 360 < top)


def _hue_bands() -> str:
    return _bars(f"{top:g}={rag.label if rag else ''}" for top, rag in RAG_HUE_BANDS)


def _rag_key(word: str) -> str:
    """A RAG word as careers_xl/rules/rag.py compares it: no spaces, dots, dashes or slashes."""
    return re.sub(r"[\s.\-_/]+", "", word.lower())


def _bars(words: Iterable[str]) -> str:
    return "|" + "|".join(words) + "|"


def _cache_name(function: str) -> str:
    return f"{function[0].lower()}{function[1:]}Cache"


def _table_function(name: str, what: str, table: Mapping[str, str]) -> list[str]:
    """A VBA function returning a table as "|key=value|key=value|", built once.

    VBA constants cannot be that long, so the text is put together in lines of ~90 characters.
    """
    entries = [f"{key}={value}|" for key, value in table.items()]
    chunks, line = [], "|"
    for entry in entries:
        if len(line) + len(entry) > 90:
            chunks.append(line)
            line = ""
        line += entry
    chunks.append(line)
    cache = _cache_name(name)
    out = [f"' {what}", f"Public Function {name}() As String"]
    out.append(f'    If {cache} = "" Then')
    for chunk in chunks:
        out.append(f"        {cache} = {cache} & {_vba_string(chunk)}")
    out += ["    End If", f"    {name} = {cache}", "End Function", ""]
    return out


def _rag_name(rag: Rag) -> str:
    """The VBA name suffix of a status: its dropdown word in capitals (Blue is COMPLETE)."""
    return rag.label.upper()


HAND_WRITTEN_MODULES = (
    "CareersText.bas",
    "CareersSheets.bas",
    "CareersRag.bas",
    "CareersYear.bas",
    "CareersDates.bas",
    "CareersTerms.bas",
    "CareersShift.bas",
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
        package = _repackage(_addin_workbook(), XLAM_TYPE, with_vba=False)
    else:
        plan = Path(xlsm_plan)
        ensure_not_input(path, [plan])
        open_book(plan)  # refuses anything that is not a readable workbook, saying why
        package = _repackage(plan.read_bytes(), XLSM_TYPE, with_vba=True)
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


def _repackage(package: bytes, workbook_type: str, *, with_vba: bool) -> bytes:
    """A copy of a workbook package with the ribbon added, and the macros if ``with_vba``.

    ``workbook_type`` is the content type the workbook part gets (add-in or macro-enabled
    workbook). ``with_vba`` adds a vbaProject.bin to a package that has none yet, with
    ``ThisWorkbook`` and one document module per sheet (see :func:`sheet_code_names`),
    linked from the workbook as Excel links it; every sheet gets its code name.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    workbook_part = _workbook_part(parts)
    folder, workbook_name = workbook_part.rsplit("/", 1)
    vba_part = f"{folder}/vbaProject.bin"
    parts["[Content_Types].xml"] = _content_types(
        parts["[Content_Types].xml"], workbook_part, workbook_type, vba_part
    )
    parts["_rels/.rels"] = _add_relationship(parts["_rels/.rels"], CUSTOM_UI_REL, CUSTOM_UI_PART)
    parts[CUSTOM_UI_PART] = custom_ui().encode("utf-8")
    if with_vba:
        rels_part = f"{folder}/_rels/{workbook_name}.rels"
        parts[rels_part] = _add_relationship(parts[rels_part], VBA_REL, "vbaProject.bin")
        parts[workbook_part] = _with_code_name(parts[workbook_part])
        names = sheet_code_names(parts)
        for part, (code_name, _chart) in names.items():
            parts[part] = _with_sheet_code_name(parts[part], code_name)
        parts[vba_part] = build_vba_project(
            list(vba_modules().values()),
            sheet_code_names=[name for name, chart in names.values() if not chart],
            chart_code_names=[name for name, chart in names.values() if chart],
        )
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


def _content_types(data: bytes, workbook_part: str, workbook_type: str, vba_part: str) -> bytes:
    """[Content_Types].xml saying the workbook holds macros, and what the new parts are.

    The VBA project gets an Override of its own, never the ``bin`` Default: a plan whose page
    setup left a printerSettings ``.bin`` behind already has ``bin`` taken by that type (a
    package can give an extension only one Default). The ribbon part is ``application/xml``,
    by the ``xml`` Default when that is what it says, else by an Override.
    """
    root = SafeET.fromstring(data)
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType")
        for d in root.iter(f"{{{CT_NS}}}Default")
    }
    if "xml" not in defaults:
        default = ET.Element(f"{{{CT_NS}}}Default", Extension="xml", ContentType=XML_TYPE)
        root.insert(0, default)  # Defaults first, as Excel writes them
    overrides = {o.get("PartName", "").lower(): o for o in root.iter(f"{{{CT_NS}}}Override")}
    wanted = {f"/{workbook_part}": workbook_type, f"/{vba_part}": VBA_TYPE}
    if defaults.get("xml", XML_TYPE) != XML_TYPE:
        wanted[f"/{CUSTOM_UI_PART}"] = XML_TYPE
    for part_name, content_type in wanted.items():
        override = overrides.get(part_name.lower())
        if override is None:
            override = ET.SubElement(root, f"{{{CT_NS}}}Override", PartName=part_name)
        override.set("ContentType", content_type)
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


WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
CHARTSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
_SHEET_ROOT = re.compile(rb"<(?:\w+:)?(?:worksheet|chartsheet)\b[^>]*>")
_SHEET_PR = re.compile(rb"<(?:\w+:)?sheetPr\b[^>]*?(/?)>")
_CODE_NAME = re.compile(rb'\bcodeName="([^"]*)"')
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")


def sheet_code_names(parts: dict[str, bytes]) -> dict[str, tuple[str, bool]]:
    """Each worksheet and chart sheet part -> (its code name, whether it is a chart sheet).

    A sheet keeps a code name it already has (if it is a usable VBA name); the others get
    Excel's own names, Sheet1, Sheet2 ... (Chart1 ... for chart sheets) in workbook order,
    skipping names already taken, so each has a document module of the same name.
    """
    workbook_part = _workbook_part(parts)
    folder, workbook_name = workbook_part.rsplit("/", 1)
    book = SafeET.fromstring(parts[f"{folder}/_rels/{workbook_name}.rels"])
    targets = {
        rel.get("Id"): (rel.get("Target", ""), rel.get("Type"))
        for rel in book.iter(f"{{{REL_NS}}}Relationship")
    }
    root = SafeET.fromstring(parts[workbook_part])
    order: list[tuple[str, bool, str | None]] = []
    for sheet in root.iter(f"{{{SHEET_NS}}}sheet"):
        target, kind = targets.get(sheet.get(f"{{{DOC_REL_NS}}}id"), ("", None))
        if kind not in (WORKSHEET_REL, CHARTSHEET_REL):
            continue
        part = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        if part not in parts:
            continue
        head = _SHEET_PR.search(parts[part])
        found = _CODE_NAME.search(head.group(0)) if head else None
        name = found.group(1).decode("utf-8") if found else None
        order.append((part, kind == CHARTSHEET_REL, name))
    taken = {name.lower() for name in vba_modules()} | {"thisworkbook"}
    names: dict[str, tuple[str, bool]] = {}
    for part, chart, name in order:
        if name and _IDENTIFIER.fullmatch(name) and name.lower() not in taken:
            names[part] = (name, chart)
            taken.add(name.lower())
    for part, chart, _name in order:
        if part in names:
            continue
        number = 1
        while f"{'Chart' if chart else 'Sheet'}{number}".lower() in taken:
            number += 1
        names[part] = (f"{'Chart' if chart else 'Sheet'}{number}", chart)
        taken.add(names[part][0].lower())
    return names


def _with_sheet_code_name(data: bytes, code_name: str) -> bytes:
    """A worksheet or chart sheet part whose ``sheetPr`` names ``code_name``.

    Edited as text, as workbook.xml is: only the ``codeName`` attribute changes (or a
    ``<sheetPr codeName=".."/>`` is added as the sheet's first element, where the schema
    wants it).
    """
    attribute = f'codeName="{code_name}"'.encode()
    head = _SHEET_PR.search(data)
    if head is not None and _SHEET_ROOT.search(data[: head.start()]) is not None:
        element = head.group(0)
        if _CODE_NAME.search(element):
            new = _CODE_NAME.sub(attribute, element, count=1)
        else:
            at = element.index(b"sheetPr") + len(b"sheetPr")
            new = element[:at] + b" " + attribute + element[at:]
        return data[: head.start()] + new + data[head.end() :]
    root = _SHEET_ROOT.search(data)
    if root is None:
        raise OutputError("a sheet of the plan has no <worksheet> element")
    prefix = re.match(rb"<(\w+:)?", root.group(0))
    tag = (prefix.group(1) or b"") if prefix else b""
    return data[: root.end()] + b"<" + tag + b"sheetPr " + attribute + b"/>" + data[root.end() :]
