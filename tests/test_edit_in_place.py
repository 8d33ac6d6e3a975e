"""Edit, never rebuild: update and rollover keep every part, element and cell of the user's.

Checked independently of careers-xl's own package code: parts are compared straight from the
zip, sheet XML element by element, cells with openpyxl, the schema with tests/ooxml_check,
stored formula results against the plan and against LibreOffice's recalculation.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES
from libreoffice import convert, recalculated_values, requires_libreoffice
from lxml import etree
from ooxml_check import schema_errors

from careers_xl import Rag, read_plan
from careers_xl.hub.refresh import refresh_one
from careers_xl.templates import load_template
from careers_xl.workflows import Outcome, rollover_workbook, update_workbook

REALISTIC = FIXTURES / "realistic-huxlow-2025-26.xlsx"
PLANS = [REALISTIC, FIXTURES / "huxlow-master-plan-2025-26.xlsx",
         FIXTURES / "single-sheet-plan-2025-26.xlsx",
         FIXTURES / "single-sheet-rich-2025-26.xlsx"]  # scripts/build_fixtures.py
TODAY = date(2026, 1, 15)
HUB_TEMPLATE = "gatsby-2018"  # worded unlike the fixtures, so headings really change
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Attributes careers-xl may legitimately restate on an element it adds children to.
BOOKKEEPING = {"count", "spans"}
# Print-layout attributes careers-xl sets on a sheet whose layout was never chosen
# (test_realistic_specifics shows a chosen layout is left alone).
LAYOUT = {"fitToPage", "paperSize", "fitToWidth", "fitToHeight", "orientation", "scale"}

warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _keyed(root: etree._Element) -> dict[tuple[str, ...], etree._Element]:
    """Every element by a path of (tag, r attribute or index among same-tag siblings)."""
    out: dict[tuple[str, ...], etree._Element] = {}

    def walk(element: etree._Element, path: tuple[str, ...]) -> None:
        out[path] = element
        seen: dict[str, int] = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            n = seen[child.tag] = seen.get(child.tag, -1) + 1
            key = child.get("r") if child.tag in (MAIN + "row", MAIN + "c") and child.get("r") \
                else str(n)
            walk(child, (*path, f"{child.tag}#{key}"))

    walk(root, ())
    return out


def lost_elements(before: bytes, after: bytes, changed: set[str]) -> list[str]:
    """Original elements or attributes missing or altered in ``after``, outside ``changed``
    cells (given as their r attribute)."""
    old, new = _keyed(etree.fromstring(before)), _keyed(etree.fromstring(after))
    lost = []
    def cleared_link(element: etree._Element) -> bool:  # a link taken off a cleared cell
        return element.tag == MAIN + "hyperlink" and element.get("ref") in changed

    for path, element in old.items():
        if any(p.startswith(f"{MAIN}c#") and p.split("#")[1] in changed for p in path):
            continue
        if cleared_link(element) or element.tag == MAIN + "hyperlinks" and \
                all(cleared_link(link) for link in element):
            continue
        if path and path[-1].startswith(f"{MAIN}hyperlink#"):  # the rest, matched by ref
            other = next((h for h in new.values() if h.tag == element.tag
                          and h.get("ref") == element.get("ref")), None)
            if other is None or dict(other.attrib) != dict(element.attrib):
                lost.append(f"hyperlink {element.get('ref')} lost or changed")
            continue
        other = new.get(path)
        if other is None:
            lost.append(f"{'/'.join(path)} missing")
            continue
        for key, value in element.attrib.items():
            if key not in BOOKKEEPING | LAYOUT and other.get(key) != value:
                lost.append(f"{'/'.join(path)} @{key}: {value!r} -> {other.get(key)!r}")
        if (element.text or "").strip() != (other.text or "").strip():
            lost.append(f"{'/'.join(path)} text changed")
    return lost


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> worksheet part, read straight from the zip."""
    data = parts(path)
    book = etree.fromstring(data["xl/workbook.xml"])
    rels = etree.fromstring(data["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target").lstrip("/").removeprefix("xl/") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {s.get("name"): "xl/" + targets[s.get(rid)] for s in book.iter(MAIN + "sheet")}


def content_types(data: dict[str, bytes], skip: set[str]) -> set[tuple[str, str]]:
    """Every Default and Override as (extension or part name, content type), less ``skip``."""
    root = etree.fromstring(data["[Content_Types].xml"])
    return {(e.get("Extension") or e.get("PartName"), e.get("ContentType")) for e in root
            if e.get("PartName") not in skip}


def look(cell: object) -> tuple[object, ...]:
    """A cell's value, type and every part of its style, as openpyxl resolves them."""
    return tuple(repr(getattr(cell, a)) for a in ("value", "data_type", "font", "fill",
                                                  "border", "number_format", "alignment",
                                                  "protection"))


def workbook_entries(data: bytes, owned: set[str]) -> set[tuple[str, ...]]:
    """The workbook part's sheets, names and settings, with sheet indices as sheet names."""
    root = etree.fromstring(data)
    sheets = [s.get("name") for s in root.iter(MAIN + "sheet")]
    entries: set[tuple[str, ...]] = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in (MAIN + "sheets",
                                                              MAIN + "definedNames"):
            continue
        attrs = dict(element.attrib)
        if element.tag == MAIN + "definedName" and "localSheetId" in attrs:
            attrs["localSheetId"] = sheets[int(attrs["localSheetId"])]
            if attrs["localSheetId"] in owned:
                continue
        if element.tag == MAIN + "sheet" and attrs.get("name") in owned:
            continue
        if element.tag == MAIN + "calcPr":
            attrs.pop("fullCalcOnLoad", None)  # careers-xl asks Excel to recalculate on load
        if element.tag == MAIN + "workbookView":
            attrs.pop("activeTab", None)
            attrs.pop("firstSheet", None)
        entries.add((element.tag, *sorted(f"{k}={v}" for k, v in attrs.items()),
                     (element.text or "").strip()))
    return entries


def check_kept(source: Path, outcome: Outcome) -> None:
    """Every part, element, attribute and cell of the user's is where it was."""
    before, after = parts(source), parts(outcome.output)
    names_before, names_after = sheet_parts(source), sheet_parts(outcome.output)
    owned = set(read_plan(source).owned_sheets)
    owned_parts = {names_before[n] for n in owned}
    for part in list(owned_parts):  # their drawings and charts are careers-xl's too
        folder, _, file = part.rpartition("/")
        rels = before.get(f"{folder}/_rels/{file}.rels")
        for target in etree.fromstring(rels).iter() if rels else ():
            if target.get("Target", "").startswith("../drawings/"):
                drawing = "xl/drawings/" + target.get("Target").rsplit("/", 1)[1]
                owned_parts.add(drawing)
                drawing_rels = f"xl/drawings/_rels/{drawing.rsplit('/', 1)[1]}.rels"
                owned_parts.add(drawing_rels)
                chart_rels = before.get(drawing_rels)
                owned_parts |= {"xl/charts/" + t.get("Target").rsplit("/", 1)[1]
                                for t in etree.fromstring(chart_rels).iter()
                                if t.get("Target")} if chart_rels else set()
    bookkeeping = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                   "xl/styles.xml"}
    for name, data in before.items():
        if name in owned_parts or name in bookkeeping or name.startswith(("xl/worksheets/",)):
            continue
        if name.startswith(("xl/drawings/", "xl/charts/")) and name not in after:
            continue  # careers-xl's own Dashboard chart from an earlier update
        assert after[name] == data, f"{name} changed"
    for sheet, part in names_before.items():
        if sheet in owned:
            continue
        changed = {c.split("!")[-1] for c in outcome.report.changed_refs()
                   if c.split("!")[0].strip("'").replace("''", "'") == sheet}
        assert names_after[sheet] == part
        if not changed and before[part] == after[part]:
            continue
        assert lost_elements(before[part], after[part], changed) == [], sheet
    assert lost_elements(before["xl/styles.xml"], after["xl/styles.xml"], set()) == []
    owned_names = {"/" + p for p in owned_parts} | {"/" + names_before[n] for n in owned}
    assert content_types(before, owned_names) <= content_types(after, set())
    assert workbook_entries(before["xl/workbook.xml"], owned) <= \
        workbook_entries(after["xl/workbook.xml"], set())
    # The same cells at the same positions, as openpyxl (an independent reader) sees them.
    wb_before = openpyxl.load_workbook(source)
    wb_after = openpyxl.load_workbook(outcome.output)
    for ws in wb_before.worksheets:
        if ws.title in owned:
            continue
        other = wb_after[ws.title]
        changed = {c.split("!")[-1] for c in outcome.report.changed_refs()
                   if c.split("!")[0].strip("'").replace("''", "'") == ws.title}
        for row in ws.iter_rows():
            for cell in row:
                if cell.coordinate in changed:
                    continue
                twin = other[cell.coordinate]
                assert look(twin) == look(cell), f"{ws.title}!{cell.coordinate}"
    assert schema_errors(outcome.output) == []


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_update_keeps_everything(source: Path, tmp_path: Path) -> None:
    outcome = update_workbook(source, tmp_path / "out.xlsx", today=TODAY)
    check_kept(source, outcome)


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_hub_refresh_in_a_templates_wording_keeps_everything(source: Path,
                                                             tmp_path: Path) -> None:
    """The hub's refresh is update in a template's wording: reworded headings are the only
    cells changed, companion sheets are added, and everything else is kept."""
    outcome = update_workbook(source, tmp_path / "out.xlsx", today=TODAY,
                              template=load_template(HUB_TEMPLATE))
    check_kept(source, outcome)
    result = refresh_one(source, tmp_path / "hub" / source.name, Path(source.name),
                         template=HUB_TEMPLATE)
    assert result.error is None and result.output is not None
    assert parts(result.output).keys() == parts(outcome.output).keys()


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_rollover_keeps_everything_and_history(source: Path, tmp_path: Path) -> None:
    updated = update_workbook(source, tmp_path / "updated.xlsx", today=TODAY).output
    outcome = rollover_workbook(updated, tmp_path / "next.xlsx", today=TODAY)
    check_kept(updated, outcome)
    again = rollover_workbook(outcome.output, tmp_path / "after.xlsx", today=TODAY)
    check_kept(outcome.output, again)
    back = read_plan(again.output)
    plan = read_plan(source)
    assert sorted({h.year for h in back.history}) == ["2025/26", "2026/27"]
    closed = [h for h in back.history if h.year == "2025/26"]
    assert [(h.action, h.rag) for h in closed] == [(a.text, a.rag) for a in plan.actions]
    assert all(a.rag is None for a in back.actions)


def test_realistic_specifics(tmp_path: Path) -> None:
    """The shared realistic fixture: its own dropdowns and rules stay, "G" stays "G", the
    colour-only RAG is written in words its dropdown offers, and rollover clears that fill."""
    outcome = update_workbook(REALISTIC, tmp_path / "out.xlsx", today=TODAY)
    assert any("kept your own RAG dropdown on 8 sheet(s)" in n for n in outcome.notes)
    ws = openpyxl.load_workbook(outcome.output)["BM1 Programme"]
    ws_before = openpyxl.load_workbook(REALISTIC)["BM1 Programme"]
    assert [str(d.sqref) for d in ws.data_validations.dataValidation] == \
        [str(d.sqref) for d in ws_before.data_validations.dataValidation]
    assert ws["G6"].value == ws_before["G6"].value  # typed text is never rewritten
    assert (ws.page_setup.orientation, ws.print_title_rows) == \
        (ws_before.page_setup.orientation, ws_before.print_title_rows)  # their own layout
    colour_only = [a for a in read_plan(REALISTIC).actions if a.rag and a.rag_text is None]
    assert len(colour_only) >= 7
    back = {a.cell: a for a in read_plan(outcome.output).actions}
    for action in colour_only:
        assert back[action.cell].rag == action.rag
        assert back[action.cell].rag_text in ("R", "A", "G", "Complete")
    rolled = rollover_workbook(REALISTIC, tmp_path / "next.xlsx", today=TODAY)
    assert rolled.carried == 11
    after = {a.cell: a for a in read_plan(rolled.output).actions}
    assert all(after[a.cell].rag is None and after[a.cell].rag_fill is None for a in colour_only)


def test_dashboard_stores_the_plans_counts(tmp_path: Path) -> None:
    outcome = update_workbook(REALISTIC, tmp_path / "out.xlsx", today=TODAY)
    plan = read_plan(REALISTIC)
    ws = openpyxl.load_workbook(outcome.output, data_only=True)["Dashboard"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, max_row=13, values_only=True)}
    for number in range(1, 9):
        actions = [a for o in plan.objectives if o.benchmark == number for a in o.actions
                   if a.text]
        expected = [sum(1 for a in actions if a.rag == rag)
                    for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)]
        assert list(rows[f"BM{number}"][2:6]) == expected
        assert rows[f"BM{number}"][7] == len(actions)


@requires_libreoffice
def test_libreoffice_agrees_and_keeps_our_additions(tmp_path: Path) -> None:
    """LibreOffice recalculates the Dashboard to the stored values, and a file re-saved by
    LibreOffice keeps careers-xl's dropdowns and colours."""
    source = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
    outcome = update_workbook(source, tmp_path / "out.xlsx", today=date.today())
    stored = openpyxl.load_workbook(outcome.output, data_only=True)["Dashboard"]
    recalc = recalculated_values(outcome.output, tmp_path / "lo")["Dashboard"]
    for row in stored.iter_rows():
        for cell in row:
            if isinstance(cell.value, int | float):
                assert recalc[cell.coordinate].value == cell.value, cell.coordinate
    resaved = openpyxl.load_workbook(convert(outcome.output, "xlsx", tmp_path / "resaved"))
    ws = resaved["BM1 Programme"]
    assert any(d.formula1 == '"Red,Amber,Green,Complete"'
               for d in ws.data_validations.dataValidation)
    assert any("TODAY()" in (r.formula or [""])[0] for cf in ws.conditional_formatting
               for r in cf.rules)


@requires_libreoffice
def test_a_libreoffice_saved_workbook_and_its_cover(tmp_path: Path) -> None:
    """The realistic workbook round-tripped through LibreOffice goes through update and
    rollover keeping everything, and its Cover prints exactly as before."""
    lo_saved = convert(REALISTIC, "xlsx", tmp_path / "lo", recalc=False)
    source = tmp_path / "lo-saved.xlsx"
    shutil.copy(lo_saved, source)
    outcome = update_workbook(source, tmp_path / "out.xlsx", today=TODAY)
    check_kept(source, outcome)
    check_kept(outcome.output, rollover_workbook(outcome.output, tmp_path / "next.xlsx",
                                                 today=TODAY))

    def cover_words(path: Path, where: Path) -> str:
        pdf = convert(path, "pdf", where)
        html = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        return html[html.index("<page "):]  # the words and their boxes, not the timestamp

    (tmp_path / "after").mkdir()
    assert cover_words(REALISTIC, tmp_path / "pdf-before") == \
        cover_words(update_workbook(REALISTIC, tmp_path / "after" / REALISTIC.name,  # footer
                                    today=TODAY).output, tmp_path / "pdf-after")  # has &F


def test_a_users_sheets_named_like_careers_xls_are_theirs(tmp_path: Path) -> None:
    source = tmp_path / "plan.xlsx"
    wb = openpyxl.load_workbook(FIXTURES / "single-sheet-plan-2025-26.xlsx")
    for name in ("History", "Lists", "Dashboard"):
        wb.create_sheet(name)["A1"] = f"my own {name} notes"
    wb.save(source)
    outcome = update_workbook(source, tmp_path / "out.xlsx", today=TODAY)
    check_kept(source, outcome)
    out = openpyxl.load_workbook(outcome.output)
    assert out["History"]["A1"].value == "my own History notes"
    assert {"Lists (careers-xl)", "Dashboard (careers-xl)"} <= set(out.sheetnames)
    assert "your own sheet 'Lists' is left as it is; careers-xl's Lists sheet is called " \
        "'Lists (careers-xl)'." in outcome.notes
    rolled = rollover_workbook(outcome.output, tmp_path / "next.xlsx", today=TODAY)
    check_kept(outcome.output, rolled)
    assert read_plan(rolled.output).owned_sheets["History (careers-xl)"] == "history"
