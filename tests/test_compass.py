"""An honest Compass trend: a rolled-over year starts "not yet evaluated", only real
evaluations reach Compass History, and `careers-xl compass` enters new results."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from cells import cell_differences
from click.testing import CliRunner
from conftest import FIXTURES

from careers_xl import read_plan
from careers_xl.cli import cli
from careers_xl.workflows import rollover_workbook

HUXLOW = FIXTURES / "realistic-huxlow-2025-26.xlsx"
LAST_YEAR = {1: 77, 2: 50, 3: 62, 4: 40, 5: 88, 6: 50, 7: 33, 8: 60}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def test_two_rollovers_without_an_evaluation_record_one_year(tmp_path: Path) -> None:
    first, second = tmp_path / "2026-27.xlsx", tmp_path / "2027-28.xlsx"
    rollover_workbook(HUXLOW, first)
    rollover_workbook(first, second)
    for path in (first, second):
        plan = read_plan(path)
        assert all(b.compass_percent is None for b in plan.benchmarks.values())
        assert plan.compass_history == {"2025/26": LAST_YEAR}  # no flat copies of 2025/26
    dashboard = openpyxl.load_workbook(first)["Dashboard"]
    assert [dashboard.cell(r, 10).value for r in (4, 5)] == ["Compass %",
                                                            "not yet (77% in 2025/26)"]
    line = openpyxl.load_workbook(first)["BM1 Programme"]["A2"].value
    assert line == "Compass: Gatsby Benchmark 1 not yet evaluated for 2026/27 (2025/26: 77%)."


def _compass_years(path: Path) -> list[str]:
    """The years in the Dashboard's "Compass % per benchmark per year" table."""
    rows = list(openpyxl.load_workbook(path)["Dashboard"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Compass % per benchmark per year")
    years = []
    for row in rows[start + 2:]:
        if not row[0]:
            break
        years.append(row[0])
    return years


def test_dashboard_lists_a_year_once_it_has_results(tmp_path: Path) -> None:
    rolled, scored = tmp_path / "next.xlsx", tmp_path / "scored.xlsx"
    rollover_workbook(HUXLOW, rolled)
    assert _compass_years(rolled) == ["2025/26"]  # 2026/27 is not yet evaluated
    assert run("compass", rolled, "--bm1", "85", "-o", scored)[0] == 0
    assert _compass_years(scored) == ["2025/26", "2026/27"]


def test_new_results_are_entered_and_reach_history(tmp_path: Path) -> None:
    rolled, scored, after = (tmp_path / n for n in ("next.xlsx", "scored.xlsx", "after.xlsx"))
    rollover_workbook(HUXLOW, rolled)
    code, out = run("compass", rolled, "--bm1", "85", "--bm3", "70", "-o", scored)
    assert (code, out.strip()) == (0, f"Recorded Compass BM1 85%, BM3 70% in {scored}.")
    plan = read_plan(scored)
    assert (plan.benchmarks[1].compass_percent, plan.benchmarks[3].compass_percent) == (85, 70)
    assert plan.benchmarks[2].compass_percent is None
    assert openpyxl.load_workbook(scored)["BM1 Programme"]["A2"].value == \
        "Compass: your institution has met 85% of the assessment areas in Gatsby Benchmark 1."
    changed = {"BM1 Programme": {(2, 1)}, "BM3 Needs": {(2, 1)}}
    assert cell_differences(rolled, scored, changed) == []  # nothing else of the plan moved
    rollover_workbook(scored, after)
    history = read_plan(after).compass_history
    assert history["2025/26"] == LAST_YEAR
    assert {n: p for n, p in history["2026/27"].items() if p is not None} == {1: 85, 3: 70}


def test_compass_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    code, text = run("compass", FIXTURES / "single-sheet-plan-2025-26.xlsx", "--bm1", "85",
                     "-o", out)
    assert code == 1 and "no line states the Compass result of BM1" in text
    assert len(text.strip().splitlines()) == 1 and not out.exists()
    code, text = run("compass", HUXLOW, "--bm2", "185", "-o", out)
    assert code == 2 and "185 is not a percentage: give 0 to 100" in text and not out.exists()
    code, text = run("compass", HUXLOW, "-o", out)
    assert code == 2 and "Give at least one result, such as --bm1 85." in text


def test_years_named_in_action_text_move_only_when_asked(tmp_path: Path) -> None:
    cell = "'BM1 Programme'!B6"
    kept, moved = tmp_path / "kept.xlsx", tmp_path / "moved.xlsx"
    outcome = rollover_workbook(HUXLOW, kept)
    assert f"1 action(s) name 2025/26 in their text (e.g. {cell}): roll over with " \
        "--move-years to move them to 2026/27." in outcome.notes
    assert openpyxl.load_workbook(kept)["BM1 Programme"]["B6"].value.startswith(
        "Publish the 2025/26 careers programme")
    code, out = run("rollover", HUXLOW, "--move-years", "-o", moved)
    assert code == 0
    assert f'{cell}: "Publish the 2025/26 careers programme on the website with intended ' \
        'learning outcomes per year group" now says "Publish the 2026/27 careers programme' in out
    assert openpyxl.load_workbook(moved)["BM1 Programme"]["B6"].value.startswith(
        "Publish the 2026/27 careers programme")
