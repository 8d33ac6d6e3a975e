"""Refreshed workbooks opened in a real office suite: LibreOffice loads, recalculates, renders."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES
from libreoffice import convert, recalculated_values, render_png, requires_libreoffice

from careers_xl import Rag, read_plan, write_plan
from careers_xl.dashboard import is_overdue

WORDS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.BLUE: "Complete"}


def python_counts(plan, today: date) -> dict[str, list[int]]:
    """What the Dashboard should say, counted in Python from the plan."""
    counts = {}
    for number in sorted(plan.benchmarks):
        actions = [a for o in plan.objectives if o.benchmark == number for a in o.actions
                   if a.text]
        counts[f"BM{number}"] = [sum(1 for a in actions if a.rag == r) for r in WORDS] + [
            sum(1 for a in actions if a.rag is None), len(actions),
            sum(1 for a in actions if is_overdue(a, today))]
    return counts


@requires_libreoffice
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_dashboard_recalculated_by_libreoffice_matches_python(example: Path,
                                                              tmp_path: Path) -> None:
    plan = read_plan(example)
    out = write_plan(plan, tmp_path / "refreshed.xlsx")
    wb = recalculated_values(out, tmp_path / "lo")
    ws = wb["Dashboard"]
    rows = {r[0]: list(r[2:9]) for r in ws.iter_rows(min_row=5, max_row=12, values_only=True)
            if isinstance(r[0], str) and r[0].startswith("BM")}
    expected = python_counts(plan, date.today())
    # benchmarks of objectives on a shared sheet without a code cannot be counted by benchmark
    for key, values in expected.items():
        assert rows[key] == values, key
    compass = {r[0]: r[9] for r in ws.iter_rows(min_row=5, max_row=12, values_only=True)
               if isinstance(r[0], str) and r[0].startswith("BM")}
    assert compass == {f"BM{n}": b.compass_percent for n, b in plan.benchmarks.items()}


@requires_libreoffice
def test_libreoffice_keeps_dropdowns_and_conditional_formats(tmp_path: Path) -> None:
    out = write_plan(read_plan(EXAMPLES[0]), tmp_path / "refreshed.xlsx")
    resaved = convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    with zipfile.ZipFile(resaved) as package:
        names = {n for n in package.namelist() if n.startswith("xl/worksheets/sheet")}
        xml = "".join(package.read(n).decode() for n in names)
    assert xml.count("<dataValidation ") >= 8 * 3 * 2  # RAG + Lead per period per sheet
    assert "&quot;Red,Amber,Green,Complete&quot;" in xml and "StaffList" in xml
    assert "conditionalFormatting" in xml and "TODAY()" in xml


@requires_libreoffice
def test_rendered_pages_of_plan_and_dashboard(tmp_path: Path) -> None:
    out = write_plan(read_plan(EXAMPLES[0]), tmp_path / "refreshed.xlsx")
    for sheet in ("Dashboard", "BM1 Programme"):
        pages = render_png(out, tmp_path / sheet.replace(" ", "_"), sheet=sheet, dpi=50)
        assert pages and all(p.stat().st_size > 5_000 for p in pages)
