"""Nothing is written that was not read exactly: array and data-table formulas, 17-digit
numbers and dates at the very start of Excel's calendar stay as they were, on the plan sheet
careers-xl edits and on sheets it does not interpret (issue 11, points 5 and 6)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from conftest import FIXTURES
from lxml import etree
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from careers_xl import read_plan
from careers_xl.workflows import rollover_workbook, update_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Cells outside the plan table: (sheet, cell) -> what goes in, with a number format.
EDGES = {
    "X3": ArrayFormula("X3:X4", "=B3:B4&\"!\""),
    "Y3": 116.87999999999998,
    "Z3": 1,  # 1 January 1900, Excel's day 1
    "Z4": 60,  # Excel's 29 February 1900, a day that never was
}


def build(path: Path) -> Path:
    wb = openpyxl.load_workbook(FIXTURES / "single-sheet-plan-2025-26.xlsx")
    plan = wb["Plan 2025-26"]
    for ref, value in EDGES.items():
        plan[ref] = value
    plan["Z3"].number_format = plan["Z4"].number_format = "d mmm yyyy"
    other = wb.create_sheet("Sums")
    other["A1"], other["A2"] = 2, 3
    other["B1"] = ArrayFormula("B1:B2", "=A1:A2*10")
    other["C1"] = DataTableFormula("C1:C2", dt2D=False, dtr=False, r1="A1")
    other["D1"] = 116.87999999999998
    other["E1"] = 1
    other["E1"].number_format = "dd/mm/yyyy"
    wb.save(tmp := path.with_suffix(".tmp.xlsx"))
    # openpyxl writes 16 significant digits; Excel writes 17 where they are needed.
    with zipfile.ZipFile(tmp) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                assert data.count(b"<v>116.88</v>") == 1
                data = data.replace(b"<v>116.88</v>", b"<v>116.87999999999998</v>")
            target.writestr(info, data)
    return path


def cells(path: Path) -> dict[tuple[str, str], bytes]:
    """Every cell element of every worksheet part, serialised, by (part, cell)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                for c in etree.fromstring(z.read(name)).iter(MAIN + "c"):
                    out[(name, c.get("r"))] = etree.tostring(c)
    return out


def test_formulas_numbers_and_dates_come_out_as_they_went_in(tmp_path: Path) -> None:
    source = build(tmp_path / "plan.xlsx")
    before = cells(source)
    plan = read_plan(source)
    assert not any("openpyxl" in repr(value) for a in plan.actions for value in vars(a).values())
    updated = update_workbook(source, tmp_path / "out.xlsx", today=date(2026, 1, 15))
    rolled = rollover_workbook(updated.output, tmp_path / "next.xlsx", today=date(2026, 1, 15))
    for outcome in (updated, rolled):
        after = cells(outcome.output)
        for part, ref in [("xl/worksheets/sheet1.xml", r) for r in EDGES] + \
                [("xl/worksheets/sheet2.xml", r) for r in ("B1", "C1", "D1", "E1")]:
            assert after[(part, ref)] == before[(part, ref)], (outcome.output.name, part, ref)
    wb = openpyxl.load_workbook(rolled.output)
    assert isinstance(wb["Sums"]["B1"].value, ArrayFormula)
    assert wb["Sums"]["D1"].value == 116.87999999999998
    assert wb["Plan 2025-26"]["Z3"].number_format == "d mmm yyyy"
