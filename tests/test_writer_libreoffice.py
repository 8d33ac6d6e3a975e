"""Refreshed workbooks opened in a real office suite: LibreOffice loads, recalculates, renders."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES
from libreoffice import convert, recalculated_values, requires_libreoffice, sheet_page

from careers_xl import Rag, read_plan, write_plan
from careers_xl.rules.checks import is_overdue

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
    """What LibreOffice draws (pdftotext words and their boxes): the Dashboard's row for
    each benchmark shows its title, its counts and Compass %; the plan sheet shows each
    action under its own period, in row order, and each RAG word once per action."""
    plan = read_plan(EXAMPLES[0])
    out = write_plan(plan, tmp_path / "refreshed.xlsx")

    dashboard = sheet_page(out, tmp_path / "dashboard", "Dashboard")
    assert dashboard.find(f"{plan.school} {plan.academic_year}")
    expected = python_counts(plan, date(2026, 1, 15))  # overdue is not compared below
    for number, benchmark in plan.benchmarks.items():
        # The table's first column (the chart's axis says BM1... too, further right).
        label = min(dashboard.find(f"BM{number}"), key=lambda w: w.x0)
        line = dashboard.line_of(label)
        heading = f"BM{number} {benchmark.title}".split()
        assert line[:len(heading)] == heading, line
        numbers = line[len(heading):]
        # Red, Amber, Green, Complete, no RAG, actions (then overdue, which follows the real
        # TODAY() in LibreOffice) and the Compass %.
        assert numbers[:6] == [str(n) for n in expected[f"BM{number}"][:6]], line
        assert numbers[-1] == f"{benchmark.compass_percent}%", line

    sheet = plan.sheets[0]
    page = sheet_page(out, tmp_path / "plan", sheet.name)
    [title] = page.find(sheet.preamble[0])
    periods = [page.find(sheet.period_labels[p])[0] for p in (1, 2, 3)]
    assert title.y1 < min(w.y0 for w in periods)
    assert periods[0].x0 < periods[1].x0 < periods[2].x0
    actions = [a for o in plan.objectives if o.sheet == sheet.name for a in o.actions]
    assert actions
    seen: dict[int, list[tuple[int, float, float]]] = {1: [], 2: [], 3: []}
    for action in actions:
        [box] = page.find(" ".join(action.text.split()[:3]))
        assert box.y0 > title.y1
        seen[action.period].append((action.row, box.x0, box.y0))
    lefts = []
    for boxes in seen.values():
        # One column a period: its actions start at the same x, in the sheet's row order.
        assert max(x for _, x, _ in boxes) - min(x for _, x, _ in boxes) < 1, boxes
        assert [y for _, _, y in sorted(boxes)] == sorted(y for _, _, y in boxes)
        lefts.append(boxes[0][1])
    assert lefts == sorted(lefts)  # Autumn, Spring, Summer from left to right
    words = page.text.split()
    for rag, word in WORDS.items():
        assert words.count(word) == sum(1 for a in actions if a.rag is rag), word
