"""The Excel add-in: built from the repo's VBA text, packaged as Excel expects, and (where
LibreOffice can) its check and rollover macros run on a real plan."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET
from oletools.olevba import VBA_Parser, decompress_stream

from careers_xl import rules
from careers_xl.addin import (
    CUSTOM_UI_PART,
    CUSTOM_UI_REL,
    HAND_WRITTEN_MODULES,
    VBA_REL,
    XLAM_TYPE,
    XLSM_TYPE,
    build_addin,
    custom_ui,
    rules_module_source,
    vba_modules,
)
from careers_xl.errors import OutputError
from careers_xl.model import RAG_LABELS, Rag
from careers_xl.vba_project import compress

FIXTURES = Path(__file__).parent / "fixtures"
HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
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
    assert "generated from careers_xl/rules.py \u2014 do not edit" in lines[1].lower()
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
    documents = {"ThisWorkbook.cls"} | ({"Sheet1.cls"} if kind == "xlam" else set())
    assert set(macros) == {f"{name}.bas" for name in sources} | documents
    joined = "\n".join(macros.values())
    assert not re.search(r"\bShell\b|WScript|URLDownload|Auto_Open|Workbook_Open", joined)


def test_hand_written_modules_are_all_in_the_package() -> None:
    on_disk = {p.name for p in (Path(__file__).parents[1] / "careers_xl" / "vba").glob("*.bas")}
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
    assert [b.get("tag") for b in rag_menu.iter(f"{UI}button")] == rules.RAG_DROPDOWN + [""]
    labels = {b.get("label") for b in root.iter(f"{UI}button")}
    assert {"Add action row", "Check plan", "Refresh dashboard", "Roll over to next year"} <= labels
    ribbon = vba_modules()["CareersRibbon"]
    everything = "\n".join(vba_modules().values())
    for action in {b.get("onAction") for b in root.iter(f"{UI}button")}:
        assert f"Public Sub {action}(control As IRibbonControl)" in ribbon
    for plain in ("SetRag", "AddActionRow", "CheckPlan", "RefreshDashboard", "RolloverPlan"):
        assert re.search(rf"^Public Sub {plain}\(", everything, re.M), plain


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _check_package(parts: dict[str, bytes], workbook_type: str) -> None:
    types = SafeET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert overrides["/xl/workbook.xml"] == workbook_type
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"
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
        if name not in changed:
            assert parts[name] == data, name
    before = openpyxl.load_workbook(built["plan"])
    after = openpyxl.load_workbook(built["xlsm"], keep_vba=True)
    assert after.sheetnames == before.sheetnames
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert after[ws.title][cell.coordinate].value == cell.value


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
# LibreOffice's own Python, which has the UNO bridge (the project's Python has not).
UNO_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


# Runs in LibreOffice's Python: open a workbook with macros allowed, call Basic functions in
# its (imported VBA) library through the document's script provider, save it as .xlsx.
UNO_RUNNER = r"""
import json, os, subprocess, sys, time, uuid
import uno
from com.sun.star.beans import PropertyValue

def pv(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

src, out, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
tag = uuid.uuid4().hex
profile, pipe = f"/tmp/lo-{tag}", f"careersxl{tag}"
proc = subprocess.Popen(
    ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
     "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       (pv("Hidden", True), pv("MacroExecutionMode", 4)))
    provider = doc.getScriptProvider()
    results = []
    for macro, args in calls:
        script = provider.getScript(
            f"vnd.sun.star.script:VBAProject.{macro}?language=Basic&location=document")
        results.append(script.invoke(tuple(args), (), ())[0])
    doc.storeToURL(uno.systemPathToFileUrl(out), (pv("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    print(json.dumps(results))
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    subprocess.run(["rm", "-rf", profile])
"""

TEXT_SHIFTS = {
    "Mar-26": "Mar-27",
    "07.10.26": "07.10.27",
    "31/03/2026": "31/03/2027",
    "July 2026": "July 2027",
    "w/c 13/1/26": "w/c 13/1/27",
    "29.02.28": "28.02.29",
    "Autumn 2": "Autumn 2",
    "Oct half term": "Oct half term",
    "Year 11": "Year 11",
    "Ongoing": "Ongoing",
}
# Numbers are passed as text: LibreOffice's script provider hands Python ints to Basic
# Long parameters as 0, while it converts text to the number.
PURE_CALLS: list[tuple[str, list[Any]]] = [
    *(("CareersRollover.ShiftDateText", [text, "1"]) for text in TEXT_SHIFTS),
    ("CareersSheets.AcademicYearStart", ["Plan 2025-2026"]),
    ("CareersSheets.AcademicYearStart", ["2025/27"]),
    ("CareersSheets.RenameYear", ["Plan 2025-26 (2025/2026)", "2025", "2026"]),
    ("CareersSheets.RagLabel", ["g"]),
    ("CareersSheets.RagLabel", ["R.A.G"]),
    ("CareersSheets.RagLabel", ["On track"]),
    ("CareersSheets.BenchmarkNumber", ["BM7 FE & HE"]),
]


@pytest.fixture(scope="module")
def libreoffice_run(built: dict[str, Path]) -> tuple[list[Any], openpyxl.Workbook]:
    """Check, then roll over, a copy of the Huxlow plan inside LibreOffice (one session)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not _has_uno():
        pytest.skip(f"{UNO_PYTHON} cannot import uno, so LibreOffice cannot be scripted")
    folder = built["xlsm"].parent
    runner = folder / f"uno_runner_{uuid.uuid4().hex}.py"
    runner.write_text(UNO_RUNNER)
    out = folder / "after-macros.xlsx"
    calls = PURE_CALLS + [
        ("CareersCheck.CheckWorkbook", []),
        ("CareersRollover.RolloverWorkbook", []),
    ]
    done = subprocess.run(
        [UNO_PYTHON, str(runner), str(built["xlsm"]), str(out), json.dumps(calls)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), openpyxl.load_workbook(out)


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_libreoffice_imports_the_modules(built: dict[str, Path], kind: str) -> None:
    """LibreOffice imports the VBA project; an .xlam needs the filter named, as LibreOffice
    does not recognise the add-in content type by itself."""
    folder = built[kind].parent / f"ods-{kind}"
    profile = folder / f"lo-profile-{uuid.uuid4().hex}"  # a throwaway profile, cleaned with tmp
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--headless", "--infilter=Calc MS Excel 2007 VBA XML"]
    command += ["--convert-to", "ods", "--outdir", str(folder), str(built[kind])]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    ods = folder / f"{built[kind].stem}.ods"
    with zipfile.ZipFile(ods) as zf:
        basic = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("Basic/")}
    for name in vba_modules():
        module = basic[f"Basic/VBAProject/{name}.xml"]
        assert "Option VBASupport 1" in module
        assert "Option Explicit" in module and "End " in module


@pytest.mark.libreoffice
def test_libreoffice_helper_functions(libreoffice_run: tuple[list[Any], Any]) -> None:
    results = libreoffice_run[0][: len(PURE_CALLS)]
    assert results[: len(TEXT_SHIFTS)] == list(TEXT_SHIFTS.values())
    assert results[len(TEXT_SHIFTS) :] == [
        2025,
        0,
        "Plan 2026-27 (2026/2027)",
        "Green",
        "",
        "Green",
        7,
    ]


def _actions(wb: openpyxl.Workbook) -> list[tuple[str, int, int, dict[str, Any]]]:
    """(sheet, row, period, {column name: cell}) for every action of a plan shaped like Huxlow."""
    found = []
    for ws in wb.worksheets:
        if ws["A5"].value != "Objective":
            continue
        for row in range(6, ws.max_row + 1):
            for period in range(3):
                start = 2 + 7 * period
                names = ("action", "lead", "progress", "end", "impact", "rag", "evidence")
                cells = {n: ws.cell(row, start + i) for i, n in enumerate(names)}
                if cells["action"].value:
                    found.append((ws.title, row, period + 1, cells))
    return found


def _rag(text: Any) -> str | None:
    key = str(text or "").strip().lower().replace(".", "")
    return next((RAG_LABELS[r] for r, words in rules.RAG_WORDS.items() if key in words), None)


@pytest.mark.libreoffice
def test_libreoffice_check_matches_the_rules(
    libreoffice_run: tuple[list[Any], Any], built: dict[str, Path]
) -> None:
    results, after = libreoffice_run
    expected = []
    for sheet, _row, _period, c in _actions(openpyxl.load_workbook(built["plan"])):
        rag = _rag(c["rag"].value)
        if not c["lead"].value:
            expected.append((sheet, c["lead"].coordinate, rules.CHECK_EMPTY_LEAD))
        end = c["end"].value
        if isinstance(end, datetime) and end.date() < date.today() and rag != "Complete":
            expected.append((sheet, c["end"].coordinate, rules.CHECK_OVERDUE))
        if rag in ("Green", "Complete") and not c["evidence"].value:
            message = rules.CHECK_GREEN_NO_EVIDENCE.format(rag=rag)
            expected.append((sheet, c["evidence"].coordinate, message))
    report = after["Check results"]
    rows = list(report.iter_rows(min_row=4, values_only=True))
    assert results[len(PURE_CALLS)] == len(expected) == len(rows)
    assert [(r[3], r[4], r[1]) for r in rows] == expected
    for row in report.iter_rows(min_row=4):
        where = f"'{row[3].value}'!{row[4].value}"
        assert row[0].value == f'=HYPERLINK("#{where}","{where}")'


def _shift_text(text: str) -> str:
    match = re.fullmatch(r"(.*(?:[A-Za-z]{3}|\d))([-./ ])(\d\d)", text)
    if match is None:
        return text
    return f"{match[1]}{match[2]}{(int(match[3]) + 1) % 100:02d}"


@pytest.mark.libreoffice
def test_libreoffice_rollover_follows_the_rules(
    libreoffice_run: tuple[list[Any], Any], built: dict[str, Path]
) -> None:
    results, after = libreoffice_run
    assert results[-1] == ""
    before = openpyxl.load_workbook(built["plan"])
    assert after["Cover"]["B4"].value == "2026/27"
    assert after["Cover"]["A1"].value == "Huxlow Academy - Strategic Careers Plan 2026/27"
    old = _actions(before)
    new = {(s, r, p): c for s, r, p, c in _actions(after)}
    history = list(after["History"].iter_rows(values_only=True))
    assert history[0] == (
        "Year", "Benchmark", "Objective", "Period", "Action", "Leads",
        "Progress", "End point", "RAG", "Evidence", "Impact",
    )  # fmt: skip
    assert len(history) - 1 == len(old)
    for (sheet, row, period, was), logged in zip(old, history[1:], strict=True):
        now = new[(sheet, row, period)]
        rag = _rag(was["rag"].value)
        assert logged[:6] == (
            "2025/26", int(sheet[2]), before[sheet].cell(row, 1).value, period,
            was["action"].value, was["lead"].value,
        )  # fmt: skip
        assert logged[8] == rag and logged[9] == was["evidence"].value
        assert now["action"].value == was["action"].value
        assert now["rag"].value is None and now["evidence"].value is None
        note = (
            rules.CARRIED_NOTE.format(rag=rag, year="2025/26") if rag in ("Red", "Amber") else None
        )
        assert now["progress"].value == note
        end = was["end"].value
        if isinstance(end, datetime):
            assert now["end"].value == end.replace(year=end.year + rules.ROLLOVER_YEARS)
        else:
            assert now["end"].value == _shift_text(end)
    assert after["Notes"]["A1"].value == before["Notes"]["A1"].value
