"""read_plan on hand-made variants of the master plan: every shape listed in issue 2."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.styles.colors import Color
from plan_builder import COLUMNS, Cell, PlanBook, PlanTable

from careers_xl import Plan, Rag, read_plan, write_plan
from careers_xl.cli import cli
from careers_xl.model import Formula

R, A, G, B = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE
COVER = [("School", "Test Academy"), ("Academic year", "2025/26")]
SHEET = "BM1 Programme"


def read(book: PlanBook, tmp_path: Path) -> Plan:
    return read_plan(book.save(tmp_path / "plan.xlsx"))


def problems_at(plan: Plan, cell: str) -> list[str]:
    return [p.message for p in plan.problems if p.cell == cell]


def one_row(tmp_path: Path, period_cells: dict[str, Any], *,
            objective: str = "Every student has a careers plan") -> tuple[Plan, PlanTable, int]:
    """A plan with a Cover (2025/26) and one BM1 row holding ``period_cells`` in period 1."""
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, title_rows=["Gatsby Benchmark 1: A stable careers programme"])
    row = table.add(objective, {1: {"Action": "Careers fair", **period_cells}})
    return read(book, tmp_path), table, row


def where(table: PlanTable, header: str, row: int, period: int = 1) -> str:
    return f"'{table.ws.title}'!{table.ref(header, row, period)}"


# --- sheets, titles, cover, benchmarks ---------------------------------------------------------


def test_one_sheet_per_benchmark(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    for number, name in ((1, "BM1 Programme"), (5, "BM5 Employers"), (8, "BM8 Guidance")):
        table = book.plan_sheet(name, title_rows=[f"Gatsby Benchmark {number}: as typed"])
        table.add(f"Objective for {number}", {1: {"Action": f"Action {number}a"},
                                              2: {"Action": f"Action {number}b"}})
    book.sheet("Notes", [["Our own notes"]])
    plan = read(book, tmp_path)
    assert [(o.benchmark, o.sheet, len(o.actions)) for o in plan.objectives] == [
        (1, "BM1 Programme", 2), (5, "BM5 Employers", 2), (8, "BM8 Guidance", 2)]
    assert sorted(plan.benchmarks) == [1, 5, 8]
    assert plan.benchmarks[5].title == "as typed"
    assert [s.name for s in plan.carried] == ["Notes"]
    assert plan.problems == []


def test_everything_on_one_sheet_with_a_benchmark_column(tmp_path: Path) -> None:
    book = PlanBook()
    table = book.plan_sheet("Careers plan 2025-26", before=("Benchmark", "Objective"))
    for bench, objective in (("BM3", "Needs"), ("Gatsby 5", "Employers"), ("8", "Guidance"),
                             (None, "Tracking (C7.1)")):
        table.add(objective, {1: {"Action": f"Do {objective}"}},
                  row_level={"Benchmark": bench} if bench else None)
    plan = read(book, tmp_path)
    assert [(o.text, o.benchmark) for o in plan.objectives] == [
        ("Needs", 3), ("Employers", 5), ("Guidance", 8), ("Tracking (C7.1)", 7)]
    assert str(plan.academic_year) == "2025/26"  # from the sheet name
    assert plan.sheets[0].benchmark_column


def test_everything_on_one_sheet_benchmarks_from_codes(tmp_path: Path) -> None:
    book = PlanBook()
    table = book.plan_sheet("Plan", title_rows=["Strategic careers plan 2025/26"])
    table.add("Impartial advice for all (C3.4)", {1: {"Action": "Interviews"}})
    table.add("Employer encounters every year (5.1)", {2: {"Action": "Careers fair"}})
    table.add("No code here", {3: {"Action": "Review"}})
    plan = read(book, tmp_path)
    assert [(o.code, o.benchmark) for o in plan.objectives] == [
        ("C3.4", 3), ("C5.1", 5), (None, None)]
    assert str(plan.academic_year) == "2025/26"  # from the title row


def test_title_rows_above_the_table(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet("Employers", title_rows=[
        "Test Academy careers plan", None, "Gatsby Benchmark 5: Encounters with employers",
        "Your institution has met 88% of the 6 assessment areas in Gatsby Benchmark 5",
        "Reviewed termly with SLT"], gap=2)
    table.add("Every student meets employers", {1: {"Action": "Careers fair"}})
    plan = read(book, tmp_path)
    assert table.header_row == 9
    assert plan.objectives[0].benchmark == 5
    assert plan.benchmarks[5].title == "Encounters with employers"
    assert plan.benchmarks[5].compass_percent == 88
    assert plan.sheets[0].preamble[-1] == "Reviewed termly with SLT"
    assert plan.objectives[0].cell == "Employers!A10"


def test_cover_sheet(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover([
        ("School name", "Test Academy"), ("Academic Year", "2025-2026"),
        ("Careers Lead", "Zoe Correa (ZCO)"), ("Link Governor", "J. Holt (JHO)"),
        ("School vision", "Ambition for all"), ("Careers vision statement", "Informed choices"),
        ("Priority 1", "Tackle stereotypes"), ("Strategic priority 2", "Embed leadership"),
        ("Key priority 3", "Work experience for all"), ("Budget", 1500)],
        name="Front page", title="Strategic Careers Plan")
    book.plan_sheet(SHEET).add("Objective", {1: {"Action": "Act"}})
    plan = read(book, tmp_path)
    assert plan.school == "Test Academy"
    assert str(plan.academic_year) == "2025/26"
    assert plan.careers_leader == "Zoe Correa (ZCO)" and plan.staff["ZCO"] == "Zoe Correa"
    assert plan.link_governor == "J. Holt (JHO)"
    assert plan.institution_vision == "Ambition for all"
    assert plan.careers_vision == "Informed choices"
    assert plan.priorities == ["Tackle stereotypes", "Embed leadership",
                               "Work experience for all"]
    assert plan.cover_title == "Strategic Careers Plan"
    assert ("Budget", 1500) in plan.cover_extra
    assert plan.carried == []


@pytest.mark.parametrize("sheet_name", [
    "BM3", "BM 3", "GB3", "GB3 Needs", "Gatsby Benchmark 3", "Benchmark 3", "Gatsby 3",
    "bm3 needs"])
def test_benchmark_from_sheet_name(tmp_path: Path, sheet_name: str) -> None:
    book = PlanBook()
    book.cover(COVER)
    book.plan_sheet(sheet_name).add("Objective", {1: {"Action": "Act"}})
    plan = read(book, tmp_path)
    assert plan.objectives[0].benchmark == 3
    assert plan.benchmarks[3].title == "Addressing the needs of each young person"


@pytest.mark.parametrize("title", [
    "Gatsby Benchmark 3: Addressing the needs of each pupil",
    "Gatsby Benchmark 3: Addressing the needs of each young person",
    "GB3 - Addressing the needs of each pupil",
    "Benchmark 3: Addressing the needs of each young person",
    "Gatsby 3: Addressing the needs of each pupil"])
def test_benchmark_from_title_in_either_wording(tmp_path: Path, title: str) -> None:
    book = PlanBook()
    book.cover(COVER)
    book.plan_sheet("Needs", title_rows=[title]).add("Objective", {1: {"Action": "Act"}})
    plan = read(book, tmp_path)
    assert plan.objectives[0].benchmark == 3
    assert plan.benchmarks[3].title == title.split(":")[-1].split(" - ")[-1].strip()


@pytest.mark.parametrize("title", [
    "Addressing the needs of each pupil", "Addressing the needs of each young person"])
def test_benchmark_from_its_wording_alone(tmp_path: Path, title: str) -> None:
    book = PlanBook()
    book.cover(COVER)
    book.plan_sheet("Needs", title_rows=[title]).add("Objective", {1: {"Action": "Act"}})
    assert read(book, tmp_path).objectives[0].benchmark == 3


@pytest.mark.parametrize(("line", "percent"), [
    ("Your institution has met 77% of the 8 assessment areas in Gatsby Benchmark 1", 77),
    ("Compass: your institution has met 0% of the assessment areas", 0),
    ("Compass score: met 100%", 100),
    ("Compass - achieved 50 % of assessment areas", 50)])
def test_compass_line(tmp_path: Path, line: str, percent: int) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet("BM1", title_rows=["Gatsby Benchmark 1: A stable programme", line])
    table.add("Objective", {1: {"Action": "Act"}})
    plan = read(book, tmp_path)
    assert plan.benchmarks[1].compass_percent == percent
    assert plan.benchmarks[1].title == "A stable programme"


# --- the two-row header --------------------------------------------------------------------------


@pytest.mark.parametrize("labels", [
    ("Action Period 1 (Autumn terms 1 and 2)", "Action Period 2 (Spring terms 1 & 2)",
     "Action Period 3 (Summer terms 1 & 2)"),
    ("Autumn Term", "Spring Term", "Summer Term"),
    ("Term 1", "Term 2", "Term 3"),
    ("Autumn 1 & 2", "Spring 1 & 2", "Summer 1 & 2"),
    ("AUTUMN", "spring", "Summer term (Apr-Jul)")])
def test_merged_period_labels(tmp_path: Path, labels: tuple[str, ...]) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, periods=labels, status_from="RAG")
    table.add("Objective", {p: {"Action": f"Act {p}", "RAG": "G"} for p in (1, 2, 3)})
    plan = read(book, tmp_path)
    assert [(a.period, a.text, a.rag) for a in plan.actions] == [
        (1, "Act 1", G), (2, "Act 2", G), (3, "Act 3", G)]
    assert plan.sheets[0].period_labels == dict(enumerate(labels, start=1))
    assert len(table.ws.merged_cells.ranges) == 6  # a period and a Status label each


def test_period_labels_decide_the_period(tmp_path: Path) -> None:
    """A plan that starts in Spring: its two periods are 2 and 3, not 1 and 2."""
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, periods=("Spring Term", "Summer Term"))
    table.add("Objective", {1: {"Action": "In spring"}, 2: {"Action": "In summer"}})
    plan = read(book, tmp_path)
    assert [(a.period, a.text) for a in plan.actions] == [(2, "In spring"), (3, "In summer")]


def test_no_period_row_numbers_periods_in_order(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, title_rows=["Gatsby Benchmark 1"], periods=(None, None, None))
    table.add("Objective", {1: {"Action": "First"}, 3: {"Action": "Third"}})
    plan = read(book, tmp_path)
    assert [(a.period, a.text) for a in plan.actions] == [(1, "First"), (3, "Third")]


TYPO_COLUMNS = ("Actions", "Lead(s)", "Progress update", "End Point", "Impact / Evidence",
                "R.A.G", "Evidance list")


def test_column_name_variants_and_typos(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, columns=TYPO_COLUMNS, before=("Objectives",))
    table.add(None, {1: {"Actions": "Careers fair", "Lead(s)": "ZCO/JHO",
                         "Progress update": "Booked", "End Point": "Mar-26",
                         "Impact / Evidence": "Students meet employers", "R.A.G": "amber",
                         "Evidance list": "Register\nFeedback"}},
              row_level={"Objectives": "Every student meets employers"})
    plan = read(book, tmp_path)
    action = plan.actions[0]
    assert (action.text, action.leads, action.progress, action.end_point, action.due,
            action.impact, action.rag, action.evidence) == (
        "Careers fair", ["ZCO", "JHO"], "Booked", "Mar-26", date(2026, 3, 31),
        "Students meet employers", A, ["Register", "Feedback"])
    assert plan.objectives[0].text == "Every student meets employers"
    assert plan.sheets[0].column_labels["lead"] == "Lead(s)"
    assert plan.sheets[0].column_labels["evidence"] == "Evidance list"
    assert plan.sheets[0].extra_columns == []


SHUFFLED = ("RAG", "End point", "Action", "Evidence list", "Lead", "Impact/ Evidence", "Progress")


def test_columns_in_a_different_order(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, columns=SHUFFLED)
    cells = {"Action": "Careers fair", "Lead": "ZCO", "Progress": "Booked",
             "End point": "Mar-26", "Impact/ Evidence": "Meets employers", "RAG": "Green",
             "Evidence list": "Register"}
    row = table.add("Objective", {1: cells, 2: {**cells, "Action": "Spring fair", "RAG": "R"}})
    plan = read(book, tmp_path)
    assert [(a.period, a.text, a.leads, a.rag, a.due, a.evidence, a.progress, a.impact)
            for a in plan.actions] == [
        (1, "Careers fair", ["ZCO"], G, date(2026, 3, 31), ["Register"], "Booked",
         "Meets employers"),
        (2, "Spring fair", ["ZCO"], R, date(2026, 3, 31), ["Register"], "Booked",
         "Meets employers")]
    assert plan.actions[1].cell == where(table, "Action", row, 2)
    assert plan.sheets[0].extra_columns == []


def test_each_period_with_its_own_column_order(tmp_path: Path) -> None:
    """Per-period columns in a different order in each period."""
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, period_columns=[COLUMNS, tuple(reversed(COLUMNS)), COLUMNS])
    table.add("Objective", {p: {"Action": f"Act {p}", "Lead": f"L{p}", "RAG": "A"}
                            for p in (1, 2, 3)})
    plan = read(book, tmp_path)
    assert [(a.period, a.text, a.leads, a.rag) for a in plan.actions] == [
        (1, "Act 1", ["L1"], A), (2, "Act 2", ["L2"], A), (3, "Act 3", ["L3"], A)]


def test_extra_columns_are_kept_by_header(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    with_cost = (*COLUMNS, "Cost")
    table = book.plan_sheet(SHEET, columns=with_cost, after=("Notes", "Owner email"))
    table.add("Objective", {1: {"Action": "Careers fair", "Cost": 150},
                            2: {"Action": "Mock interviews", "Cost": "£80"}},
              row_level={"Notes": "Ask PTA", "Owner email": "zco@school.example"})
    table.add("Second objective", {3: {"Action": "Review"}})
    table.add("Notes only", row_level={"Notes": "Nothing planned yet"})
    plan = read(book, tmp_path)
    first, second, third = plan.actions
    assert first.extra == {"Cost": 150, "Notes": "Ask PTA", "Owner email": "zco@school.example"}
    assert second.extra == {"Cost": "£80", "Notes": "Ask PTA",
                            "Owner email": "zco@school.example"}
    assert third.extra == {}
    extras = {(e.header, e.period) for e in plan.sheets[0].extra_columns}
    assert extras == {("Cost", 1), ("Cost", 2), ("Cost", 3), ("Notes", None),
                      ("Owner email", None)}
    row = table.next_row - 1
    assert any("notes but no action" in m for m in problems_at(plan, f"'{SHEET}'!A{row}"))


def test_extras_appear_in_the_json_contract(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, columns=(*COLUMNS, "Cost"), after=("Notes",))
    row = table.add("Objective", {1: {"Action": "Fair", "Cost": 150,
                                      "End point": datetime(2026, 2, 6)}},
                    row_level={"Notes": "Ask PTA"})
    path = book.save(tmp_path / "plan.xlsx")
    result = CliRunner().invoke(cli, ["read", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    action = json.loads(result.output)["objectives"][0]["actions"][0]
    assert action["extra"] == {"Cost": 150, "Notes": "Ask PTA"}
    assert action["due"] == "2026-02-06"
    assert action["cell"] == where(table, "Action", row) == f"'{SHEET}'!B3"


# --- rows ----------------------------------------------------------------------------------------


def test_objective_merged_down_spacers_hidden_rows_and_empty_periods(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET)
    first = table.add("Merged objective (C1.1)", {1: {"Action": "One"}, 3: {"Action": "Three"}})
    table.add(None, {2: {"Action": "Two"}})
    last = table.add(None, {1: {"Action": "Four"}}, hidden=True)
    table.merge_down("Objective", first, last)
    table.blank(2)
    table.add("Blank objective cell below", {1: {"Action": "Five"}})
    table.add(None, {2: {"Action": "Six"}})
    table.blank()
    table.add("Nothing planned in any period")
    plan = read(book, tmp_path)
    assert [(o.text, o.code, [(a.period, a.text) for a in o.actions]) for o in plan.objectives] == [
        ("Merged objective (C1.1)", "C1.1", [(1, "One"), (3, "Three"), (2, "Two"), (1, "Four")]),
        ("Blank objective cell below", None, [(1, "Five"), (2, "Six")]),
        ("Nothing planned in any period", None, [])]
    hidden = [a for a in plan.actions if a.hidden]
    assert [a.text for a in hidden] == ["Four"]
    assert any("hidden" in m for m in problems_at(plan, f"'{SHEET}'!A{last}"))
    assert [p.cell for p in plan.problems] == [f"'{SHEET}'!A{last}"]


def test_actions_before_any_objective_are_reported(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET)
    row = table.add(None, {1: {"Action": "Orphan"}})
    plan = read(book, tmp_path)
    assert plan.objectives[0].text == "" and plan.actions[0].text == "Orphan"
    assert any("no objective" in m for m in problems_at(plan, f"'{SHEET}'!A{row}"))


def test_period_details_without_action_text(tmp_path: Path) -> None:
    plan, table, row = one_row(tmp_path, {"Action": None, "Lead": "ZCO", "RAG": "G"})
    assert plan.actions[0].text == "" and plan.actions[0].leads == ["ZCO"]
    assert any("no action text" in m for m in problems_at(plan, where(table, "Action", row)))


# --- RAG -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "rag"), [
    ("G", G), ("g", G), ("Green", G), ("GREEN", G), ("Amber", A), ("a", A), ("red", R),
    ("R", R), ("Complete", B), ("completed", B), ("Blue", B), ("Green - on track", G),
    (" amber ", A), ("In progress", A), ("Not started", R)])
def test_rag_text_in_any_case(tmp_path: Path, typed: str, rag: Rag) -> None:
    plan, _, _ = one_row(tmp_path, {"RAG": typed})
    assert plan.actions[0].rag == rag
    assert plan.problems == []


FILLS = [
    ("FF0000", R), ("C00000", R), ("FFC7CE", R), ("FFC000", A), ("FFA500", A), ("FFFF00", A),
    ("FFEB9C", A), ("00B050", G), ("92D050", G), ("C6EFCE", G), ("00FF00", G), ("0070C0", B),
    ("00B0F0", B), ("FFFFFF", None), ("D9D9D9", None), ("000000", None)]


@pytest.mark.parametrize(("rgb", "rag"), FILLS, ids=[f[0] for f in FILLS])
def test_rag_from_fill_only(tmp_path: Path, rgb: str, rag: Rag | None) -> None:
    plan, _, _ = one_row(tmp_path, {"RAG": Cell(fill=rgb)})
    assert plan.actions[0].rag == rag
    assert plan.problems == []


@pytest.mark.parametrize(("colour", "rag"), [
    # openpyxl saves the Office 2007 theme: accent2 C0504D (red), accent3 9BBB59 (green),
    # accent6 F79646 (orange). The workbook's own theme decides, not Office 2013's.
    (Color(theme=5), R), (Color(theme=6), G), (Color(theme=9), A),
    (Color(theme=6, tint=0.3999), G), (Color(theme=0), None),
    # Excel's legacy palette: 10 red, 13 yellow, 17 green, 12 blue; 64 is "no colour".
    (Color(indexed=10), R), (Color(indexed=13), A), (Color(indexed=17), G),
    (Color(indexed=12), B), (Color(indexed=64), None)],
    ids=["theme5", "theme6", "theme9", "theme6-tint", "theme0", "indexed10", "indexed13",
         "indexed17", "indexed12", "indexed64"])
def test_rag_from_theme_and_indexed_fill(tmp_path: Path, colour: Color, rag: Rag | None) -> None:
    plan, _, _ = one_row(tmp_path, {"RAG": Cell(fill=colour)})
    assert plan.actions[0].rag == rag


def test_rag_text_and_fill_agreeing_is_quiet(tmp_path: Path) -> None:
    plan, _, _ = one_row(tmp_path, {"RAG": Cell("Amber", fill="FFC000")})
    assert plan.actions[0].rag == A and plan.problems == []


def test_rag_text_and_fill_disagreeing_is_a_warning_naming_the_cell(tmp_path: Path) -> None:
    plan, table, row = one_row(tmp_path, {"RAG": Cell("G", fill="FF0000")})
    assert plan.actions[0].rag == G  # the text wins
    [problem] = plan.problems
    assert problem.level == "warning"
    assert problem.cell == where(table, "RAG", row) == f"'{SHEET}'!G5"
    assert "Green" in problem.message and "red" in problem.message


def test_unknown_rag_text_falls_back_to_the_fill(tmp_path: Path) -> None:
    plan, table, row = one_row(tmp_path, {"RAG": Cell("Purple", fill="00B050")})
    assert plan.actions[0].rag == G
    [message] = problems_at(plan, where(table, "RAG", row))
    assert "'Purple'" in message and "Green" in message


# --- end points ----------------------------------------------------------------------------------

END_POINTS: list[tuple[Any, date | None, str | None]] = [
    (Cell(datetime(2026, 2, 6), number_format="dd/mm/yyyy"), date(2026, 2, 6), "06/02/2026"),
    (Cell(datetime(2025, 11, 14), number_format="d mmm yy"), date(2025, 11, 14), "14 Nov 25"),
    ("Mar-26", date(2026, 3, 31), "Mar-26"),
    ("07.10.25", date(2025, 10, 7), "07.10.25"),
    ("31/03/2026", date(2026, 3, 31), "31/03/2026"),
    ("2026-02-06", date(2026, 2, 6), "2026-02-06"),
    ("July 2026", date(2026, 7, 31), "July 2026"),
    ("w/c 13/1/26", date(2026, 1, 13), "w/c 13/1/26"),
    ("Autumn 2", date(2025, 12, 19), "Autumn 2"),
    ("Oct half term", date(2025, 10, 24), "Oct half term"),
    ("Easter", date(2026, 3, 27), "Easter"),
    ("Summer 2", date(2026, 7, 22), "Summer 2"),
    ("Ongoing", None, "Ongoing"),
    ("TBC", None, "TBC"),
    ("tbc", None, "tbc"),
    (None, None, None),
]


@pytest.mark.parametrize(("typed", "due", "shown"), END_POINTS,
                         ids=[str(getattr(e[0], "value", e[0])) for e in END_POINTS])
def test_end_points(tmp_path: Path, typed: Any, due: date | None, shown: str | None) -> None:
    plan, _, _ = one_row(tmp_path, {"End point": typed})
    action = plan.actions[0]
    assert (action.end_point, action.due) == (shown, due)
    assert plan.problems == []


@pytest.mark.parametrize("typed", ["07.10.26", "31/03/2027", Cell(datetime(2024, 6, 1))])
def test_end_point_outside_the_academic_year_is_a_warning(tmp_path: Path, typed: Any) -> None:
    plan, table, row = one_row(tmp_path, {"End point": typed})
    assert plan.actions[0].due is not None
    [problem] = plan.problems
    assert problem.level == "warning" and problem.cell == where(table, "End point", row)
    assert "outside the plan's academic year 2025/26" in problem.message


@pytest.mark.parametrize("typed", ["sometime soon", "31/02/2026", "Spring 7"])
def test_unreadable_end_point_is_a_warning(tmp_path: Path, typed: str) -> None:
    plan, table, row = one_row(tmp_path, {"End point": typed})
    assert plan.actions[0].end_point == typed and plan.actions[0].due is None
    [problem] = plan.problems
    assert problem.level == "warning" and problem.cell == where(table, "End point", row)
    assert f"'{typed}'" in problem.message and "no due date" in problem.message


# --- leads and evidence --------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "leads"), [
    ("ZCO", ["ZCO"]), ("ZCO/JHO", ["ZCO", "JHO"]), ("ZCO, GOCA", ["ZCO", "GOCA"]),
    ("ZCO & JH", ["ZCO", "JH"]), ("ZCO and GOCA", ["ZCO", "GOCA"]),
    ("ZCO / JHO, GOCA & HT", ["ZCO", "JHO", "GOCA", "HT"]), ("Heads of Dept", ["Heads of Dept"]),
    (" ZCO/ ", ["ZCO"])])
def test_leads_split(tmp_path: Path, typed: str, leads: list[str]) -> None:
    plan, _, _ = one_row(tmp_path, {"Lead": typed})
    assert plan.actions[0].leads == leads
    assert set(leads) <= set(plan.staff)


def test_evidence_one_item_per_line(tmp_path: Path) -> None:
    plan, _, _ = one_row(tmp_path, {"Evidence list": "Website page\n\n• Parent newsletter\r\n"
                                                     "- Survey results  \n"})
    assert plan.actions[0].evidence == ["Website page", "Parent newsletter", "Survey results"]


# --- text that looks like a formula, and real formulas -------------------------------------------


def test_typed_text_stays_text_and_formulas_stay_formulas(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet(SHEET, columns=(*COLUMNS, "Cost"))
    row = table.add("Objective", {1: {
        "Action": Cell("=Year 10 assembly", text=True),
        "Progress": Cell("+2 employers booked", text=True),
        "Impact/ Evidence": Cell("-ve feedback addressed", text=True),
        "Evidence list": Cell("@careers posts\nRegister", text=True),
        "Cost": "=2*75"}})
    plan = read(book, tmp_path)
    action = plan.actions[0]
    assert action.text == "=Year 10 assembly"
    assert action.progress == "+2 employers booked"
    assert action.impact == "-ve feedback addressed"
    assert action.evidence == ["@careers posts", "Register"]
    assert action.extra == {"Cost": Formula("=2*75")}
    assert plan.problems == []

    out = write_plan(plan, tmp_path / "out.xlsx")
    cells = {c.value: c.data_type for ws in openpyxl.load_workbook(out).worksheets
             for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    for text in ("=Year 10 assembly", "+2 employers booked", "-ve feedback addressed"):
        assert cells[text] == "s", text
    assert any(v.startswith("@careers posts") and t == "s" for v, t in cells.items())
    assert cells["=2*75"] == "f"
    assert table.ref("Cost", row, 1) == "I3"
    again = read_plan(out).actions[0]
    assert again.text == "=Year 10 assembly" and again.extra["Cost"] == Formula("=2*75")


def test_formula_in_an_action_column_is_kept_as_text_with_a_warning(tmp_path: Path) -> None:
    plan, table, row = one_row(tmp_path, {"Progress": '="Booked "&TEXT(TODAY(),"d mmm")'})
    assert plan.actions[0].progress == '="Booked "&TEXT(TODAY(),"d mmm")'
    assert any("formula" in m for m in problems_at(plan, where(table, "Progress", row)))


# --- problems ------------------------------------------------------------------------------------


def test_problems_carry_level_cell_and_a_sentence(tmp_path: Path) -> None:
    book = PlanBook()
    book.cover(COVER)
    table = book.plan_sheet("BM3 Needs", status_from="RAG")
    row = table.add("Objective", {1: {"Action": "One", "End point": "07.10.26",
                                      "RAG": "Purple"}})
    assert (table.ref("End point", row, 1), table.ref("RAG", row, 1)) == ("E3", "G3")
    path = book.save(tmp_path / "plan.xlsx")
    plan = read_plan(path)
    assert {(p.level, p.cell) for p in plan.problems} == {
        ("warning", "'BM3 Needs'!E3"), ("warning", "'BM3 Needs'!G3")}
    for problem in plan.problems:
        assert problem.message[0].isupper() and problem.message.rstrip().endswith((".", "?"))
        assert str(problem).startswith(f"warning: {problem.cell}: ")
    result = CliRunner().invoke(cli, ["check", str(path), "--today", "2025-09-10"])
    assert result.exit_code == 1
    assert "'BM3 Needs'!E3" in result.output and "'BM3 Needs'!G3" in result.output
