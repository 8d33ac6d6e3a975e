"""The Excel add-in: built from the repo's VBA text, packaged as Excel expects (ECMA-376 and
customUI schemas, content types, code names), and its buttons' macros run in LibreOffice.

Each numbered defect of issue 13 has a test here that failed before it was fixed: 1 the
ribbon schema, 2 content types beside printerSettings, 4 Add action row's RAG colour, 5
ShiftEndText("  26"), 6 RefreshDashboard in LibreOffice, 7 Roll over's prompt. Defect 3
(the macros follow careers-xl's rules) is tests/test_addin_parity.py.
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET
from oletools.olevba import VBA_Parser, decompress_stream
from ooxml_check import schema_errors
from test_addin_lo import run_macros

from careers_xl.addin.build import (
    CUSTOM_UI_PART,
    CUSTOM_UI_REL,
    HAND_WRITTEN_MODULES,
    VBA_REL,
    VBA_TYPE,
    XLAM_TYPE,
    XLSM_TYPE,
    build_addin,
    custom_ui,
    sheet_code_names,
    vba_modules,
)
from careers_xl.addin.vba_project import compress
from careers_xl.addin.vba_rules import rules_module_source
from careers_xl.errors import OutputError
from careers_xl.model import RAG_LABELS, Rag
from careers_xl.rules import words as rules

FIXTURES = Path(__file__).parent / "fixtures"
HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
REALISTIC = FIXTURES / "realistic-huxlow-2025-26.xlsx"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI = "{http://schemas.microsoft.com/office/2009/07/customui}"


def _code(text: str) -> str:
    """VBA text without Attribute lines, with one kind of line end and no trailing blanks."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()


def _macros(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {filename: code for _, _, filename, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("addin")
    plan = folder / "plan.xlsx"
    shutil.copy(HUXLOW, plan)
    return {
        "xlam": build_addin(folder / "CareersPlan.xlam"),
        "xlsm": build_addin(folder / "plan.xlsm", xlsm_plan=plan),
        "plan": plan,
    }


# --- the generated rules module ---------------------------------------------------------------


def _constants() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, kind, value in re.findall(
        r'^Public Const (\w+) As (String|Long) = ("(?:[^"]|"")*"|\d+)', rules_module_source(), re.M
    ):
        found[name] = value[1:-1].replace('""', '"') if kind == "String" else int(value)
    return found


def test_rules_module_says_it_is_generated() -> None:
    lines = rules_module_source().splitlines()
    assert lines[0] == 'Attribute VB_Name = "CareersRules"'
    assert "generated from careers_xl/rules/words.py \u2014 do not edit" in lines[1].lower()
    assert "Option Explicit" in lines


def test_rules_constants_equal_rules_py() -> None:
    constants = _constants()
    for rag in Rag:
        name = rag.label.upper()
        assert constants[f"RAG_{name}"] == RAG_LABELS[rag]
        fill = int(rules.RAG_FILL[rag][1:], 16)  # 0xRRGGBB; VBA's Long is 0xBBGGRR
        assert constants[f"RAG_FILL_{name}"] == int.from_bytes(fill.to_bytes(3, "big"), "little")
        font = int(rules.RAG_FONT[rag][1:], 16)
        assert constants[f"RAG_FONT_{name}"] == int.from_bytes(font.to_bytes(3, "big"), "little")
        assert constants[f"RAG_WORDS_{name}"].strip("|").split("|") == list(rules.RAG_WORDS[rag])
    assert constants["RAG_FILL_RED"] == 255  # RGB(255, 0, 0)
    assert constants["RAG_DROPDOWN"].split(",") == rules.RAG_DROPDOWN
    assert constants["UNFINISHED_RAGS"].strip("|").split("|") == [
        RAG_LABELS[r] for r in rules.UNFINISHED
    ]
    assert constants["CARRIED_NOTE"] == rules.CARRIED_NOTE
    assert constants["CARRIED_NOTE_COLUMN"] == rules.CARRIED_NOTE_COLUMN
    assert constants["ROLLOVER_YEARS"] == rules.ROLLOVER_YEARS
    assert constants["CHECK_EMPTY_LEAD"] == rules.CHECK_EMPTY_LEAD
    assert constants["CHECK_OVERDUE"] == rules.CHECK_OVERDUE
    assert constants["CHECK_GREEN_NO_EVIDENCE"] == rules.CHECK_GREEN_NO_EVIDENCE
    assert constants["CHECK_NO_BENCHMARK"] == rules.CHECK_NO_BENCHMARK


# --- the VBA code ---------------------------------------------------------------------------


def test_every_module_is_option_explicit_and_safe() -> None:
    forbidden = re.compile(
        r"\bShell\b|CreateObject\(\s*\"WScript|URLDownload|Auto_Open|Workbook_Open|"
        r"\bDeclare\b|MSXML|WinHttp|\bKill\b",
        re.IGNORECASE,
    )
    for name, source in vba_modules().items():
        assert "Option Explicit" in source.splitlines(), name
        assert not forbidden.search(source), name
        source.encode("cp1252")  # the project's code page


@pytest.mark.parametrize("kind", ["xlam", "xlsm"])
def test_vba_read_back_equals_sources(built: dict[str, Path], kind: str) -> None:
    macros = _macros(built[kind])
    sources = vba_modules()
    for name, source in sources.items():
        assert _code(macros[f"{name}.bas"]) == _code(source), name
    sheets = 1 if kind == "xlam" else len(openpyxl.load_workbook(built["plan"]).sheetnames)
    documents = {"ThisWorkbook.cls"} | {f"Sheet{n}.cls" for n in range(1, sheets + 1)}
    assert set(macros) == {f"{name}.bas" for name in sources} | documents
    joined = "\n".join(macros.values())
    assert not re.search(r"\bShell\b|WScript|URLDownload|Auto_Open|Workbook_Open", joined)


def test_vba_would_compile_in_excel() -> None:
    """What Excel's compiler refuses and LibreOffice may not notice until a line runs: a
    variable assigned without being declared (Option Explicit), and a public name two
    modules define (ambiguous when called without the module's name)."""
    modules = vba_modules()
    public: dict[str, str] = {}
    module_level: set[str] = set()
    for name, source in modules.items():
        for found in re.finditer(r"^Public (?:Function |Sub |Const )?(\w+)", source, re.M):
            key = found.group(1).lower()
            assert key not in public, f"{found.group(1)} in {name} and {public.get(key)}"
            public[key] = name
        for line in re.findall(r"^(?:Public|Private|Dim) (?!Sub|Function)(.+)$", source, re.M):
            module_level |= {w.lower() for w in re.findall(r"(?:^|,)\s*(?:Const )?(\w+)", line)}
    procedure = re.compile(
        r"^(?:Public |Private )?(Sub|Function) (\w+)\((.*?)\)[^\n]*\n(.*?)^End \1", re.M | re.S
    )
    for name, source in modules.items():
        for _kind, proc, params, body in procedure.findall(source):
            declared = {proc.lower()} | module_level | set(public)
            declared |= {p.lower() for p in re.findall(r"(\w+)(?:\(\))? As ", params)}
            for dims in re.findall(r"^\s*Dim (.+)$", body, re.M):
                declared |= {w.lower() for w in re.findall(r"(?:^|,)\s*(\w+)", dims)}
            assigned = re.findall(r"^\s*(?:Set\s+)?(\w+)(?:\([^)]*\))?\s*=[^=]", body, re.M)
            assigned += re.findall(r"\bFor (?:Each )?(\w+)\b", body)
            for variable in assigned:
                assert variable.lower() in declared, f"{name}.{proc}: {variable} not declared"


def test_hand_written_modules_are_all_in_the_package() -> None:
    folder = Path(__file__).parents[1] / "careers_xl" / "addin" / "vba"
    on_disk = {p.name for p in folder.glob("*.bas")}
    assert on_disk == set(HAND_WRITTEN_MODULES)


def test_compression_round_trips() -> None:
    rng = random.Random(6)
    samples = [b"", b"a", b"abc" * 2000, bytes(rng.randrange(256) for _ in range(8192))]
    samples += [s.replace("\n", "\r\n").encode("cp1252") for s in vba_modules().values()]
    samples += [bytes(rng.choice(b"Dim x  \r\n") for _ in range(n)) for n in (4095, 4096, 4097)]
    for data in samples:
        assert bytes(decompress_stream(bytearray(compress(data)))) == data


# --- the ribbon and the package -----------------------------------------------------------------


def test_ribbon_buttons_call_existing_callbacks() -> None:
    root = SafeET.fromstring(custom_ui().encode("utf-8"))
    tab = root.find(f"{UI}ribbon/{UI}tabs/{UI}tab")
    assert tab is not None and tab.get("label") == "Careers Plan"
    rag_menu = next(m for m in root.iter(f"{UI}menu") if m.get("label") == "Set RAG")
    buttons = list(rag_menu.iter(f"{UI}button"))
    assert [b.get("tag") for b in buttons] == rules.RAG_DROPDOWN + [None]
    assert (buttons[-1].get("label"), buttons[-1].get("onAction")) == ("Clear", "OnClearRag")
    labels = {b.get("label") for b in root.iter(f"{UI}button")}
    assert {"Add action row", "Check plan", "Refresh dashboard", "Roll over to next year"} <= labels
    ribbon = vba_modules()["CareersRibbon"]
    everything = "\n".join(vba_modules().values())
    for action in {b.get("onAction") for b in root.iter(f"{UI}button")}:
        assert f"Public Sub {action}(control As IRibbonControl)" in ribbon
    for plain in ("SetRag", "AddActionRow", "CheckPlan", "RefreshDashboard", "RolloverPlan"):
        assert re.search(rf"^Public Sub {plain}\(", everything, re.M), plain


def test_ribbon_attributes_are_never_empty() -> None:
    """Defect 1: customUI14's ST_String attributes (tag, label ...) need a character; an
    empty tag made Office drop the whole ribbon."""
    root = SafeET.fromstring(custom_ui().encode("utf-8"))
    for element in root.iter():
        for name, value in element.attrib.items():
            assert value.strip(), f"{element.tag} {name}"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _content_type(types: Any, part: str) -> str | None:
    """The content type a part has by [Content_Types].xml: its Override, else its Default."""
    for override in types.iter(f"{CT}Override"):
        if override.get("PartName", "").lower() == f"/{part}".lower():
            return str(override.get("ContentType"))
    extension = part.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{CT}Default"):
        if default.get("Extension", "").lower() == extension:
            return str(default.get("ContentType"))
    return None


def _check_package(parts: dict[str, bytes], workbook_type: str) -> None:
    types = SafeET.fromstring(parts["[Content_Types].xml"])
    assert _content_type(types, "xl/workbook.xml") == workbook_type
    assert _content_type(types, "xl/vbaProject.bin") == VBA_TYPE
    assert _content_type(types, CUSTOM_UI_PART) == "application/xml"
    for part in parts:
        if part != "[Content_Types].xml" and not part.endswith("/"):
            assert _content_type(types, part) is not None, part
    root_rels = SafeET.fromstring(parts["_rels/.rels"])
    ui = [r for r in root_rels.iter(f"{REL}Relationship") if r.get("Type") == CUSTOM_UI_REL]
    assert [r.get("Target") for r in ui] == [CUSTOM_UI_PART]
    assert (
        CUSTOM_UI_REL == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    )
    assert parts[CUSTOM_UI_PART].decode("utf-8") == custom_ui()
    book_rels = SafeET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    vba = [
        r.get("Target") for r in book_rels.iter(f"{REL}Relationship") if r.get("Type") == VBA_REL
    ]
    assert vba == ["vbaProject.bin"]
    assert parts["xl/vbaProject.bin"].startswith(b"\xd0\xcf\x11\xe0")
    assert b'codeName="ThisWorkbook"' in parts["xl/workbook.xml"]
    ids = [r.get("Id") for r in root_rels.iter(f"{REL}Relationship")]
    assert len(ids) == len(set(ids))


def test_xlam_package(built: dict[str, Path]) -> None:
    _check_package(_parts(built["xlam"]), XLAM_TYPE)


_CODE_NAME_ATTRIBUTE = re.compile(rb' codeName="Sheet\d+"')


def test_xlsm_package_keeps_the_plan(built: dict[str, Path]) -> None:
    parts, original = _parts(built["xlsm"]), _parts(built["plan"])
    _check_package(parts, XLSM_TYPE)
    changed = {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
    }
    for name, data in original.items():
        assert name in parts
        if name.startswith("xl/worksheets/sheet"):  # only the code name is new
            assert _CODE_NAME_ATTRIBUTE.sub(b"", parts[name]) == data, name
        elif name not in changed:
            assert parts[name] == data, name
    before = openpyxl.load_workbook(built["plan"])
    after = openpyxl.load_workbook(built["xlsm"], keep_vba=True)
    assert after.sheetnames == before.sheetnames
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert after[ws.title][cell.coordinate].value == cell.value


@pytest.mark.parametrize("kind", ["xlam", "xlsm"])
def test_every_sheet_has_a_code_name_and_a_document_module(
    built: dict[str, Path], kind: str
) -> None:
    """As Excel saves a macro workbook: ThisWorkbook and each sheet's code name (sheetPr
    codeName) has a document module of the same name, and nothing else is a document."""
    parts = _parts(built[kind])
    names = sheet_code_names(parts)
    sheets = 1 if kind == "xlam" else len(openpyxl.load_workbook(built["plan"]).sheetnames)
    assert len(names) == sheets
    for part, (code_name, chart) in names.items():
        assert not chart
        assert re.search(rb"<sheetPr\b[^>]*\bcodeName=\"" + code_name.encode() + rb'"', parts[part])
    documents = {name[:-4] for name in _macros(built[kind]) if name.endswith(".cls")}
    assert documents == {"ThisWorkbook"} | {code for code, _ in names.values()}


def test_code_names_already_there_are_kept(tmp_path: Path) -> None:
    plan = tmp_path / "named.xlsx"
    wb = openpyxl.load_workbook(HUXLOW)
    wb["Notes"].sheet_properties.codeName = "NotesSheet"
    wb["Cover"].sheet_properties.codeName = "CareersRules"  # a module's name: not usable
    wb.save(plan)
    out = build_addin(tmp_path / "named.xlsm", xlsm_plan=plan)
    names = {code for code, _ in sheet_code_names(_parts(out)).values()}
    assert "NotesSheet" in names and "CareersRules" not in names
    assert len(names) == 10
    assert schema_errors(out) == []


def test_chart_sheets_get_chart_code_names(tmp_path: Path) -> None:
    """A chart sheet gets Excel's Chart1 ... and a Chart document module."""
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(HUXLOW)
    chart = BarChart()
    chart.add_data(Reference(wb["Notes"], min_col=1, min_row=1, max_row=3))
    wb.create_chartsheet("Chart view").add_chart(chart)
    wb.save(tmp_path / "chart.xlsx")
    out = build_addin(tmp_path / "chart.xlsm", xlsm_plan=tmp_path / "chart.xlsx")
    names = sheet_code_names(_parts(out))
    assert names["xl/chartsheets/sheet1.xml"] == ("Chart1", True)
    chart_module = _macros(out)["Chart1.cls"]
    assert 'Attribute VB_Base = "0{00020821-0000-0000-C000-000000000046}"' in chart_module
    assert schema_errors(out) == []


def _with_printer_settings(plan: Path, out: Path) -> Path:
    """The plan as Excel leaves it after a page setup: a printerSettings .bin part, and
    [Content_Types].xml giving the bin extension to printerSettings."""
    parts = _parts(plan)
    printer = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "<Default ", f'<Default Extension="bin" ContentType="{printer}"/><Default ', 1
    ).encode()
    parts["xl/printerSettings/printerSettings1.bin"] = bytes(range(256)) * 4
    sheet_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/printerSettings" Target="../printerSettings/printerSettings1.bin"/>'
        "</Relationships>"
    )
    parts["xl/worksheets/_rels/sheet2.xml.rels"] = sheet_rels.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def test_xlsm_content_types_beside_printer_settings(tmp_path: Path) -> None:
    """Defect 2: the project part gets an Override of its own, so a plan whose bin Default
    is printerSettings keeps it and still labels vbaProject.bin a VBA project."""
    plan = _with_printer_settings(HUXLOW, tmp_path / "printed.xlsx")
    out = build_addin(tmp_path / "printed.xlsm", xlsm_plan=plan)
    parts = _parts(out)
    _check_package(parts, XLSM_TYPE)
    types = SafeET.fromstring(parts["[Content_Types].xml"])
    printer = _content_type(types, "xl/printerSettings/printerSettings1.bin")
    assert printer is not None and printer.endswith("spreadsheetml.printerSettings")
    assert parts["xl/printerSettings/printerSettings1.bin"] == bytes(range(256)) * 4
    assert schema_errors(out) == []


@pytest.mark.parametrize("plan", [HUXLOW, REALISTIC, FIXTURES / "single-sheet-plan-2025-26.xlsx"])
def test_every_generated_workbook_passes_the_schemas(plan: Path, tmp_path: Path) -> None:
    """Defect 1: every part, ribbon included, is valid by ECMA-376 and customUI14."""
    assert schema_errors(build_addin(tmp_path / "CareersPlan.xlam")) == []
    assert schema_errors(build_addin(tmp_path / f"{plan.stem}.xlsm", xlsm_plan=plan)) == []


def test_the_old_ribbon_fails_the_schema(tmp_path: Path) -> None:
    """The check that catches defect 1 does catch it: the ribbon with tag="" fails."""
    parts = _parts(build_addin(tmp_path / "CareersPlan.xlam"))
    old = custom_ui().replace('onAction="OnClearRag"', 'tag="" onAction="OnSetRag"')
    parts[CUSTOM_UI_PART] = old.encode()
    bad = tmp_path / "bad.xlam"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert any("customUI14.xml" in line and "tag" in line for line in schema_errors(bad))


def test_build_refuses_bad_outputs(built: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        build_addin(tmp_path / "CareersPlan.xlsm")
    with pytest.raises(OutputError):
        build_addin(tmp_path / "plan.xlam", xlsm_plan=built["plan"])
    same = tmp_path / "same.xlsm"
    shutil.copy(built["xlsm"], same)
    with pytest.raises(OutputError):
        build_addin(same, xlsm_plan=same)
    assert not list(tmp_path.glob(".~*"))  # no half-written temporary file left behind


# --- LibreOffice ------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_libreoffice_imports_the_modules(built: dict[str, Path], kind: str, tmp_path: Path) -> None:
    """LibreOffice imports the VBA project; an .xlam needs the filter named, as LibreOffice
    does not recognise the add-in content type by itself."""
    import subprocess

    profile = tmp_path / "lo-profile"  # a throwaway profile
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--headless", "--infilter=Calc MS Excel 2007 VBA XML"]
    command += ["--convert-to", "ods", "--outdir", str(tmp_path), str(built[kind])]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    ods = tmp_path / f"{built[kind].stem}.ods"
    with zipfile.ZipFile(ods) as zf:
        basic = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("Basic/")}
    for name in vba_modules():
        module = basic[f"Basic/VBAProject/{name}.xml"]
        assert "Option VBASupport 1" in module
        assert "Option Explicit" in module and "End " in module


TEXT_SHIFTS = {
    "Mar-26": "Mar-27",
    "07.10.26": "07.10.27",
    "31/03/2026": "31/03/2027",
    "July 2026": "July 2027",
    "w/c 13/1/26": "w/c 12/1/27",  # a Tuesday stays a Tuesday (careers_xl/dates/end_points.py)
    "29.02.28": "28.02.29",
    "Summer 2026": "Summer 2027",
    "Autumn 2": "Autumn 2",
    "Oct half term": "Oct half term",
    "Year 11": "Year 11",
    "Ongoing": "Ongoing",
    "  26": "  26",  # defect 5: stopped with runtime error 9 (Split of an empty string)
    "26": "26",
    " ": " ",
}
# Numbers are passed as text: LibreOffice's script provider hands Python ints to Basic
# Long parameters as 0, while it converts text to the number.
PURE_CALLS: list[tuple[str, list[Any]]] = [
    *(("CareersShift.ShiftEndText", [text, "1", "2025"]) for text in TEXT_SHIFTS),
    ("CareersYear.AcademicYearStart", ["Plan 2025-2026"]),
    ("CareersYear.AcademicYearStart", ["2025/27"]),
    ("CareersYear.RenameYear", ["Plan 2025-26 (2025/2026)", "2025", "2026"]),
    ("CareersYear.RenameYear", ["2025/260 and 2025/26", "2025", "2026"]),
    ("CareersRag.RagLabel", ["g"]),
    ("CareersRag.RagLabel", ["R.A.G"]),
    ("CareersRag.RagLabel", ["On track"]),
    ("CareersRag.RagLabel", ["Green - on track"]),
    ("CareersYear.BenchmarkNumber", ["BM7 FE & HE"]),
    ("CareersYear.BenchmarkNumber", ["Personal guidance"]),
    ("CareersSheets.ColumnRole", ["Evidance list"]),
    ("CareersSheets.ColumnRole", ["R.A.G"]),
    ("CareersText.LeadList", ["ZCO, GOCA and JH"]),
    ("CareersText.LeadList", ["Head of Year 7 and 8, ZCO and JH"]),
]
PURE_RESULTS = [
    *TEXT_SHIFTS.values(),
    2025, 0, "Plan 2026-27 (2026/2027)", "2025/260 and 2026/27",
    "Green", "", "Green", "Green", 7, 8, "evidence", "rag", "ZCO/GOCA/JH",
    "Head of Year 7 and 8/ZCO/JH",
]  # fmt: skip


@pytest.mark.libreoffice
def test_libreoffice_helper_functions(built: dict[str, Path], tmp_path: Path) -> None:
    results = run_macros(built["xlsm"], PURE_CALLS, tmp_path / "after.xlsx")
    assert results == PURE_RESULTS


def _fill(cell: Any) -> str | None:
    return str(cell.fill.fgColor.rgb) if cell.fill.fill_type == "solid" else None


@pytest.mark.libreoffice
def test_add_action_row_starts_without_a_rag_colour(built: dict[str, Path], tmp_path: Path) -> None:
    """Defect 4: the row under a Red action (N7 "R" on red, G7 green with no word) had red
    and green RAG cells with no text; now they start blank and uncoloured."""
    out = tmp_path / "added.xlsx"
    calls: list[tuple[str, list[Any]]] = [("CareersActions.AddActionRowAt", ["BM1 Programme", "7"])]
    assert run_macros(built["xlsm"], calls, out) == [8]
    ws = openpyxl.load_workbook(out)["BM1 Programme"]
    assert (_fill(ws["N7"]), ws["N7"].value, _fill(ws["G7"])) == ("FFFF0000", "R", "FF00B050")
    for cell in (ws["G8"], ws["N8"], ws["U8"]):
        assert (cell.value, _fill(cell)) == (None, None), cell.coordinate
    assert ws["A8"].value == ws["A7"].value  # still under the same objective
    assert ws["B8"].value is None and ws["B9"].value is None


@pytest.mark.libreoffice
def test_set_rag_writes_the_word_and_its_colour(built: dict[str, Path], tmp_path: Path) -> None:
    """Set RAG on actions (any of their cells, one or several rows), and Clear."""
    out = tmp_path / "rag.xlsx"
    calls: list[tuple[str, list[Any]]] = [
        ("CareersActions.SetRagAt", ["BM2 LMI", "J6", "Red"]),  # a lead cell: period 2
        ("CareersActions.SetRagAt", ["BM1 Programme", "A6:C7", "Complete"]),  # from Objective
        ("CareersActions.SetRagAt", ["BM1 Programme", "S6", ""]),  # Clear, period 3
        ("CareersActions.SetRagAt", ["Notes", "A1", "Red"]),  # not a plan sheet
    ]
    assert run_macros(built["xlsm"], calls, out) == [1, 2, 1, 0]
    wb = openpyxl.load_workbook(out)
    fill = {rag.label: rules.RAG_FILL[rag][1:] for rag in Rag}
    assert (wb["BM2 LMI"]["N6"].value, _fill(wb["BM2 LMI"]["N6"])) == ("Red", "FF" + fill["Red"])
    for cell in ("G6", "G7"):
        complete = wb["BM1 Programme"][cell]
        assert (complete.value, _fill(complete)) == ("Complete", "FF" + fill["Complete"])
    assert wb["BM1 Programme"]["U6"].value is None and _fill(wb["BM1 Programme"]["U6"]) is None
    assert wb["Notes"]["A1"].value == openpyxl.load_workbook(HUXLOW)["Notes"]["A1"].value


@pytest.mark.libreoffice
def test_refresh_dashboard_runs_in_libreoffice(built: dict[str, Path], tmp_path: Path) -> None:
    """Defect 6: RefreshDashboard stopped with error 423 (no CalculateFull in LibreOffice);
    it now falls back to Calculate, and says so when neither exists."""
    calls: list[tuple[str, list[Any]]] = [
        ("CareersActions.RefreshWorkbook", []),
        ("CareersActions.RefreshDashboard", []),
    ]
    assert run_macros(built["xlsm"], calls, tmp_path / "refreshed.xlsx") == ["", None]


@pytest.mark.libreoffice
def test_roll_over_button_with_prompts_answered(built: dict[str, Path], tmp_path: Path) -> None:
    """Defect 7: the button's macro asks Yes/No first, which nobody answers headless. With
    AnswerPromptsYes it goes ahead (and without, it still asks and does nothing)."""
    asked = tmp_path / "asked.xlsx"
    assert run_macros(built["xlsm"], [("CareersRollover.RolloverPlan", [])], asked) == [None]
    assert openpyxl.load_workbook(asked)["Cover"]["B4"].value == "2025/26"
    answered = tmp_path / "answered.xlsx"
    calls: list[tuple[str, list[Any]]] = [
        ("CareersSheets.AnswerPromptsYes", []),
        ("CareersRollover.RolloverPlan", []),
    ]
    assert run_macros(built["xlsm"], calls, answered) == [None, None]
    wb = openpyxl.load_workbook(answered)
    assert wb["Cover"]["B4"].value == "2026/27"
    assert wb["BM1 Programme"]["K7"].value == "Carried forward: Red in 2025/26"
    assert "History" in wb.sheetnames
