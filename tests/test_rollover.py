"""The yearly rollover and the termly diff."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from cells import Changed, cell_differences
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES
from libreoffice import recalculated_values, requires_libreoffice

from careers_xl import AcademicYear, Action, Objective, Plan, Rag, read_plan, write_plan
from careers_xl.cli import cli
from careers_xl.dates.end_points import parse_end_point
from careers_xl.errors import RolloverError
from careers_xl.model import PlanSheet
from careers_xl.rules.compass import compass_percent, pending_line
from careers_xl.rules.rollover import retitle, rollover
from careers_xl.workflows import rollover_workbook

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"


def roll(src: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["rollover", str(src), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output




def roll_in_place(src: Path, out: Path, **options: object) -> Changed:
    """Roll ``src`` over into ``out``; the cells the rollover changed on purpose."""
    return rollover_workbook(src, out, **options).report.changed  # type: ignore[arg-type]


ROLLED_FIELDS = ("rag", "progress", "evidence", "end_point")


def unexpected_changes(before: Path, after: Path, changed: Changed) -> list[str]:
    """Changed cells that are neither an action's RAG, progress, evidence or end point, nor a
    text naming the closed year retitled to the new one, nor a Compass result made pending."""
    plan = read_plan(before)
    layouts = {s.name: s for s in plan.sheets}
    rolled: set[tuple[str, int, int]] = set()
    for objective in plan.objectives:
        columns = layouts[objective.sheet].columns
        for action in objective.actions:
            rolled |= {(objective.sheet, action.row, columns[action.period][f])
                       for f in ROLLED_FIELDS if f in columns.get(action.period, {})}
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    year = plan.academic_year
    assert year is not None
    odd = []
    for name, cells in changed.items():
        for row, col in sorted(cells):
            if (name, row, col) in rolled:
                continue
            a, b = old[name].cell(row, col).value, new[name].cell(row, col).value
            if isinstance(a, str) and (percent := compass_percent(a)) is not None and \
                    b == pending_line(layouts[name].benchmark or 0, year.next(), percent, year):
                continue  # a Compass result: the new year is not yet evaluated
            if not (isinstance(a, str) and b == retitle(a, year, year.next()) and a != b):
                odd.append(f"{name}!{old[name].cell(row, col).coordinate}: {a!r} -> {b!r}")
    return odd


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_three_year_chain_keeps_everything(example: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "2026-27.xlsx", tmp_path / "2027-28.xlsx"
    changed1 = roll_in_place(example, first)
    changed2 = roll_in_place(first, second)
    plan0, plan1, plan2 = read_plan(example), read_plan(first), read_plan(second)
    before = {(o.text, a.period, a.text): a for o in plan0.objectives for a in o.actions}
    for action in [a for o in plan1.objectives for a in o.actions]:
        old = before[next((o.text, a.period, a.text) for o in plan1.objectives
                          for a in o.actions if a is action)]
        kind = parse_end_point(old.end_point, plan0.academic_year).kind
        if kind == "term":  # half-term names stay; their date comes from the new calendar
            assert action.end_point == old.end_point and action.due in plan1.academic_year
        elif kind == "week":  # "w/c" dates stay on the same weekday, a year on
            assert old.due is not None and action.due is not None
            assert action.due.weekday() == old.due.weekday()
            assert abs((action.due - old.due.replace(year=old.due.year + 1)).days) <= 3
        elif old.due is not None:
            assert action.due == old.due.replace(year=old.due.year + 1)
    # Every other cell stays where it was, with the same value, year after year.
    both = {name: changed1.get(name, set()) | changed2.get(name, set())
            for name in {*changed1, *changed2}}
    for src, out, changed in ((example, first, changed1), (first, second, changed2),
                              (example, second, both)):
        assert cell_differences(src, out, changed) == []
    assert unexpected_changes(example, first, changed1) == []
    assert unexpected_changes(first, second, changed2) == []
    assert all(a.rag is None for a in plan2.actions)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_three_year_chain_reads_back_as_the_next_years(example: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "2026-27.xlsx", tmp_path / "2027-28.xlsx"
    written = rollover_workbook(example, first).plan
    rollover_workbook(first, second)
    plan0, plan1, plan2 = read_plan(example), read_plan(first), read_plan(second)
    assert [str(p.academic_year) for p in (plan1, plan2)] == ["2026/27", "2027/28"]
    assert plan1.academic_year == written.academic_year
    assert {h.year for h in plan2.history} == {"2025/26", "2026/27"}
    assert len(plan2.history) == len(plan0.actions) + len(plan1.actions)
    assert all(a.rag is None and not a.evidence for a in plan1.actions + plan2.actions)
    # An evidence cell's link goes with its text: off the new year's cell, into History.
    links = evidence_links(example)
    history = {line for h in plan2.history if h.year == "2025/26" for line in h.evidence}
    assert links <= history
    assert evidence_links(first) == evidence_links(second) == set()


def evidence_links(path: Path) -> set[str]:
    """The web addresses sheets link to from evidence files (*evidence.pdf)."""
    with zipfile.ZipFile(path) as z:
        return {m.decode() for n in z.namelist() if n.startswith("xl/worksheets/_rels/")
                for m in re.findall(rb'Target="([^"]*evidence\.pdf)"', z.read(n))}


def test_rollover_rules_on_huxlow(tmp_path: Path) -> None:
    plan = read_plan(HUXLOW)
    new = rollover(plan)
    assert plan.academic_year == AcademicYear(2025)  # the input plan is untouched
    assert new.cover_title == "Huxlow Academy - Strategic Careers Plan 2026/27"
    actions = new.objectives[0].actions
    assert [a.end_point for a in actions] == ["Oct half term", "Mar-27", "17.07.27"]
    assert actions[1].due == date(2027, 3, 31)
    assert actions[0].due is not None and actions[0].due.year == 2026
    assert actions[1].progress == "Carried forward: Amber in 2025/26"
    assert actions[0].progress is None  # was Green: nothing to carry
    assert new.objectives[1].actions[0].end_point == "12/12/2026"
    assert new.compass_history["2025/26"][1] == 77
    dropped = rollover(plan, drop_complete=True)
    assert len(dropped.actions) == len(plan.actions) - 2  # two Complete actions
    assert len(dropped.history) == len(plan.actions)
    # In the workbook, a dropped action's row stays where it was, blank; nothing else moves.
    out = tmp_path / "dropped.xlsx"
    changed = roll_in_place(HUXLOW, out, drop_complete=True)
    assert cell_differences(HUXLOW, out, changed) == []
    wb = openpyxl.load_workbook(out)
    complete = [a for a in plan.actions if a.rag is Rag.BLUE]
    assert len(complete) == 2
    for action in complete:
        sheet, ref = action.cell.rsplit("!", 1)
        assert wb[sheet.strip("'")][ref].value is None
    assert len(read_plan(out).actions) == len(plan.actions) - 2


def test_leap_day_and_retitle() -> None:
    plan = Plan(academic_year=AcademicYear(2027), sheets=[PlanSheet("Plan 2027-28")],
                sheet_order=["Plan 2027-28"])
    plan.objectives.append(Objective("O", sheet="Plan 2027-28", actions=[
        Action(2, "Leap", end_point="29/02/2028", due=date(2028, 2, 29), rag=Rag.RED,
               cell="'Plan 2027-28'!B6")]))
    new = rollover(plan)
    assert new.actions[0].due == date(2029, 2, 28)
    # Sheet names are the user's: a rollover never renames them (formulas and links that
    # name the sheet keep working); only title text naming the year is retitled.
    assert new.sheets[0].name == "Plan 2027-28" and new.objectives[0].sheet == "Plan 2027-28"
    assert new.actions[0].cell == "'Plan 2027-28'!B6"
    assert retitle("Plan 2025-2026 (2025/26)", AcademicYear(2025), AcademicYear(2026)) == \
        "Plan 2026-2027 (2026/27)"


def test_refuses_same_or_earlier_year(tmp_path: Path) -> None:
    with pytest.raises(RolloverError):
        rollover(read_plan(HUXLOW), AcademicYear(2025))
    result = CliRunner().invoke(cli, ["rollover", str(HUXLOW), "--to", "2024/25",
                                      "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert "already for 2025/26" in result.output and not (tmp_path / "x.xlsx").exists()


def test_rollover_is_deterministic(tmp_path: Path) -> None:
    roll(HUXLOW, tmp_path / "a.xlsx")
    roll(HUXLOW, tmp_path / "b.xlsx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}
    assert parts(tmp_path / "a.xlsx") == parts(tmp_path / "b.xlsx")


@requires_libreoffice
def test_history_trend_on_dashboard(tmp_path: Path) -> None:
    roll(HUXLOW, tmp_path / "one.xlsx")
    roll(tmp_path / "one.xlsx", tmp_path / "two.xlsx")
    plan = read_plan(tmp_path / "two.xlsx")
    ws = recalculated_values(tmp_path / "two.xlsx", tmp_path / "lo")["Dashboard"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Year on year (from History)")
    trend = {(r[0], r[1]): list(r[2:7]) for r in rows[start + 2:] if r[0] in ("2025/26",
                                                                               "2026/27")
             and isinstance(r[1], str)}
    for (year, bm), values in trend.items():
        items = [h for h in plan.history if h.year == year and f"BM{h.benchmark}" == bm]
        assert values == [sum(1 for h in items if h.rag == r) for r in
                          (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)] + [len(items)]
    assert ("2025/26", "BM1") in trend and ("2026/27", "BM1") in trend


def test_diff_for_governors(tmp_path: Path) -> None:
    edited = tmp_path / "spring.xlsx"
    wb = openpyxl.load_workbook(HUXLOW)
    ws = wb["BM1 Programme"]
    ws["U6"] = "G"
    ws["V6"] = "Review minutes\nGovernor report March"
    ws["I7"] = "Link governor completes online governor training and careers visit"
    wb.save(edited)
    result = CliRunner().invoke(cli, ["diff", str(HUXLOW), str(edited)])
    assert result.exit_code == 0, result.output
    assert "RAG changed: none → Green (BM1 Summer: Annual review of programme with link " \
        "governor)" in result.output
    assert "Governor report March" in result.output
    assert "Action added: BM1 Spring: Link governor completes online governor training and " \
        "careers visit" in result.output
    data = json.loads(CliRunner().invoke(cli, ["diff", str(HUXLOW), str(edited),
                                               "--format", "json"]).output)
    assert len(data["added"]) == 1 and len(data["removed"]) == 1
    assert data["rag_changes"][0]["to"] == "Green"
    same = CliRunner().invoke(cli, ["diff", str(HUXLOW), str(HUXLOW)])
    assert same.output.strip() == "No changes."


def test_write_plan_with_history_reads_back(tmp_path: Path) -> None:
    new = rollover(read_plan(HUXLOW))
    back = read_plan(write_plan(new, tmp_path / "h.xlsx"))
    assert [(h.year, h.benchmark, h.action, h.rag) for h in back.history] == \
        [(h.year, h.benchmark, h.action, h.rag) for h in new.history]
    assert back.compass_history == new.compass_history


def test_carried_note_goes_in_a_carried_forward_column_when_there_is_one() -> None:
    from careers_xl.model import ExtraColumn

    sheet = PlanSheet("BM1", benchmark=1, extra_columns=[ExtraColumn("Carried forward", 2)])
    plan = Plan(academic_year=AcademicYear(2025), sheets=[sheet], sheet_order=["BM1"])
    plan.objectives.append(Objective("O", sheet="BM1", benchmark=1, actions=[
        Action(1, "Autumn", rag=Rag.RED, progress="late"),
        Action(2, "Spring", rag=Rag.AMBER, progress="half done",
               extra={"Carried forward": "old note"})]))
    autumn, spring = rollover(plan).actions
    assert autumn.progress == "Carried forward: Red in 2025/26"
    assert spring.progress is None
    assert spring.extra == {"Carried forward": "Carried forward: Amber in 2025/26"}


# -- the CLI end to end: --drop-complete, and objectives merged down their rows --------------


def test_drop_complete_from_the_cli(tmp_path: Path) -> None:
    """`careers-xl rollover --drop-complete`: a Complete action's cells are left blank where
    it stood, no row moves, and History holds the dropped action with its RAG and evidence."""
    out = tmp_path / "lean.xlsx"
    result = CliRunner().invoke(cli, ["rollover", str(HUXLOW), "--drop-complete", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "lean.xlsx: 2026/27, 25 actions (11 unfinished carried forward)" in result.output
    plan = read_plan(HUXLOW)
    layouts = {s.name: s for s in plan.sheets}
    old, new = openpyxl.load_workbook(HUXLOW), openpyxl.load_workbook(out)
    complete = [a for a in plan.actions if a.rag is Rag.BLUE]
    assert len(complete) == 2
    for objective in plan.objectives:
        sheet = layouts[objective.sheet]
        was, now = old[objective.sheet], new[objective.sheet]
        for action in objective.actions:
            cols = sheet.columns[action.period]
            if action.rag is Rag.BLUE:  # the blank action, in its own row and columns
                assert [now.cell(action.row, c).value for c in cols.values()] == \
                    [None] * len(cols), action.cell
            else:  # every other action where it was: same row, same text and lead
                for field in ("action", "lead", "impact"):
                    assert now.cell(action.row, cols[field]).value == \
                        was.cell(action.row, cols[field]).value, (action.cell, field)
            assert now.cell(action.row, sheet.objective_col or 1).value == \
                was.cell(action.row, sheet.objective_col or 1).value
    history = list(new["History"].iter_rows(min_row=2, values_only=True))
    assert len(history) == len(plan.actions)  # the whole closed year, dropped ones included
    assert [(r[0], r[4], r[5], r[8], r[9]) for r in history if r[8] == "Complete"] == \
        [("2025/26", a.text, "/".join(a.leads), "Complete", "\n".join(a.evidence))
         for a in complete]
    back = read_plan(out)
    assert len(back.actions) == len(plan.actions) - 2
    assert not {a.text for a in complete} & {a.text for a in back.actions}


def test_objectives_merged_down_their_rows_roll_over(tmp_path: Path) -> None:
    """Objective cells merged over several rows (the usual way to lay a plan out): the
    merges stay, every action stays under its objective, and History names the objective
    for the actions in the merged rows below its text too."""
    from plan_builder import Cell, PlanBook

    book = PlanBook()
    book.cover([("School", "Merged Academy"), ("Academic year", "2025/26")])
    t = book.plan_sheet("BM1 Programme", title_rows=["Gatsby Benchmark 1: A stable careers "
                                                     "programme"])
    first = t.add("Publish the programme (C1.1)", {
        1: {"Action": "Draft the page", "Lead": "ZCO", "RAG": Cell("Green")},
        2: {"Action": "Governors sign off", "Lead": "HT", "RAG": Cell("Red")}})
    t.add(None, {1: {"Action": "Parents' newsletter", "Lead": "JHO", "RAG": Cell("Complete")},
                 3: {"Action": "Annual review", "Lead": "ZCO", "End point": "17.07.26"}})
    last = t.add(None, {2: {"Action": "Student survey", "Lead": "ZCO", "RAG": Cell("Amber")}})
    t.merge_down("Objective", first, last)
    second = t.add("Careers Leader trained (C1.2)", {
        1: {"Action": "Level 6 course", "Lead": "HT", "RAG": Cell("Amber")}})
    t.add(None, {1: {"Action": "Mentor meeting", "Lead": "HT"}})
    t.merge_down("Objective", second, second + 1)
    source = book.save(tmp_path / "merged-2025-26.xlsx")
    plan = read_plan(source)
    assert [(o.text, len(o.actions)) for o in plan.objectives] == \
        [("Publish the programme (C1.1)", 5), ("Careers Leader trained (C1.2)", 2)]

    out = tmp_path / "merged-2026-27.xlsx"
    roll(source, out)
    merges = {str(r) for r in openpyxl.load_workbook(source)["BM1 Programme"].merged_cells.ranges}
    assert {str(r) for r in openpyxl.load_workbook(out)["BM1 Programme"].merged_cells.ranges} \
        == merges
    back = read_plan(out)
    assert [(o.text, [(a.period, a.text, a.row) for a in o.actions]) for o in back.objectives] \
        == [(o.text, [(a.period, a.text, a.row) for a in o.actions]) for o in plan.objectives]
    history = {(h.objective, h.period, h.action, h.rag) for h in back.history}
    assert history == {(o.text, a.period, a.text, a.rag) for o in plan.objectives
                       for a in o.actions}
    assert next(a for a in back.actions if a.text == "Governors sign off").progress == \
        "Carried forward: Red in 2025/26"
