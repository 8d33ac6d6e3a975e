"""Writing plans: `new`'s round trips, and the `update` command on the user's own workbook."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers_xl import AcademicYear, Action, Objective, Plan, Rag, read_plan, write_plan
from careers_xl.cli import cli
from careers_xl.dates.end_points import parse_end_point
from careers_xl.model import Benchmark, ExtraColumn, Formula, PlanSheet
from careers_xl.package.opc import Package
from careers_xl.package.verify import lost_content
from careers_xl.read.headers import split_leads
from careers_xl.workflows import update_workbook


def canon(plan: Plan) -> list[tuple]:
    """A plan's content, independent of row layout: what a round trip must keep."""
    result = []
    for o in plan.objectives:
        actions = sorted(((a.period, i, a.text, tuple(a.leads), a.progress, a.end_point, a.due,
                           a.impact, a.rag, tuple(a.evidence),
                           tuple(sorted((k, str(v)) for k, v in a.extra.items())))
                          for i, a in enumerate(o.actions)), key=lambda t: (t[0], t[1]))
        result.append((o.sheet, o.text, o.code, o.benchmark,
                       [t[:1] + t[2:] for t in actions]))
    return result


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_update_keeps_every_cell_and_round_trips(example: Path, tmp_path: Path) -> None:
    source = tmp_path / example.name
    shutil.copy(example, source)
    before = source.read_bytes()
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["update", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before  # the input is never touched
    assert canon(read_plan(out)) == canon(read_plan(source))
    again = tmp_path / "again.xlsx"
    update_workbook(out, again)  # a second update adds nothing twice and loses nothing
    assert canon(read_plan(again)) == canon(read_plan(source))
    dv = [len(ws.data_validations.dataValidation)
          for ws in openpyxl.load_workbook(again).worksheets]
    assert dv == [len(ws.data_validations.dataValidation)
                  for ws in openpyxl.load_workbook(out).worksheets]


def test_lost_content_reports_a_lost_cell_and_a_changed_part(tmp_path: Path) -> None:
    source = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
    out = tmp_path / "out.xlsx"
    outcome = update_workbook(source, out)
    package = Package.open(out)
    notes = next(s.part for s in __import__("careers_xl.package.workbook", fromlist=["W"])
                 .Workbook(package).sheets if s.name == "Notes")
    package.xml(notes, edit=True)  # rewritten, same content: compared cell by cell
    sheet = __import__("careers_xl.package.sheet", fromlist=["Sheet"]).Sheet(package, notes)
    sheet.set_value(3, 1, None)
    package.add_part("docProps/app.xml", b"<x/>")
    losses = lost_content(Package.open(source), Package.from_bytes(package.to_bytes()),
                          owned=read_plan(source).owned_sheets,
                          changed=outcome.report.changed, touched=package.touched())
    assert "part docProps/app.xml was changed" in losses
    assert any(line.startswith("Notes!A3: 'Weaknesses: time;") and "became nothing" not in line
               or line.startswith("Notes!A3:") for line in losses)


def test_verification_is_position_aware(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two actions swapped, and a Green turned Red, behind careers-xl's back: every value is
    still somewhere on the sheet, but not where it was. Verification names each cell, and
    nothing is written."""
    from careers_xl import workflows
    from careers_xl.package.sheet import Sheet, parse_ref
    from careers_xl.package.workbook import Workbook

    refresh, found = workflows.refresh_package, []

    def behind_our_back(package: Package, plan: Plan, today: object, report: object = None):
        report = refresh(package, plan, today, report)  # type: ignore[arg-type]
        sheet = Sheet(package, Workbook(package).sheet("BM1 Programme").part)  # type: ignore
        sheet.edit()
        b6, b7, g6, n7 = (sheet.cell(*parse_ref(ref)) for ref in ("B6", "B7", "G6", "N7"))
        index = {ref: cell.find(sheet.q("v")) for ref, cell in
                 (("B6", b6), ("B7", b7), ("G6", g6), ("N7", n7))}
        assert {cell.get("t") for cell in (b6, b7, g6, n7)} == {"s"}  # shared strings
        index["B6"].text, index["B7"].text = index["B7"].text, index["B6"].text
        index["G6"].text = index["N7"].text  # "G" becomes "R"
        return report

    def lost(*args: object, **kwargs: object) -> list[str]:
        found.extend(lost_content(*args, **kwargs))  # type: ignore[arg-type]
        return found

    monkeypatch.setattr(workflows, "refresh_package", behind_our_back)
    monkeypatch.setattr(workflows, "lost_content", lost)
    out = tmp_path / "out.xlsx"
    with pytest.raises(workflows.VerificationError, match="stopped before writing"):
        update_workbook(FIXTURES / "huxlow-master-plan-2025-26.xlsx", out)
    assert not out.exists()
    assert sorted(line.split(":")[0] for line in found) == \
        ["'BM1 Programme'!B6", "'BM1 Programme'!B7", "'BM1 Programme'!G6"]
    assert any("'R'" in line for line in found if line.startswith("'BM1 Programme'!G6"))


def test_dropdowns_and_conditional_formats(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    update_workbook(FIXTURES / "huxlow-master-plan-2025-26.xlsx", out)
    wb = openpyxl.load_workbook(out)
    ws = wb["BM1 Programme"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    rag_ranges = [r for r, f in lists.items() if f == '"Red,Amber,Green,Complete"']
    assert len(rag_ranges) == 3  # one per period
    assert "StaffList" in lists.values()
    assert ws.print_title_rows == "$4:$5"  # the fixture had no print layout of its own
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws["G6"].value == "G" and ws["N7"].value == "R"  # RAG text is never rewritten
    formulas = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules if r.formula]
    assert any("TODAY()" in f for f in formulas)  # overdue end points
    assert any("LEN(TRIM(" in f for f in formulas)  # green without evidence
    assert any("=\"g\"" in f.lower() for f in formulas)  # colours follow "G" and "Green"
    assert wb["Lists"].sheet_state == "hidden"
    assert ws["L6"].value.year == 2026 and ws["L6"].number_format == "mmm-yy"  # typed Mar-26
    assert ws["E6"].value == "Oct half term"


def test_person_text_stays_text_and_formula_stays_formula(tmp_path: Path) -> None:
    plan = Plan(academic_year=AcademicYear(2025),
                sheets=[PlanSheet("BM1", benchmark=1,
                                  extra_columns=[ExtraColumn("Cost", None)])],
                benchmarks={1: Benchmark(1, "A stable careers programme")})
    plan.objectives.append(Objective(text="=Year 10 to have work experience", sheet="BM1",
                                     benchmark=1, actions=[
        Action(1, "+1 employer per tutor group", leads=["ZCO"], progress="-see notes",
               impact="@SLT aware", extra={"Cost": Formula("=2*150")})]))
    out = tmp_path / "out.xlsx"
    write_plan(plan, out)
    ws = openpyxl.load_workbook(out)["BM1"]
    cells = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value}
    for text in ("=Year 10 to have work experience", "+1 employer per tutor group",
                 "-see notes", "@SLT aware"):
        assert cells[text] == "s"
    assert cells["=2*150"] == "f"
    back = read_plan(out)
    assert back.objectives[0].text == "=Year 10 to have work experience"
    assert back.actions[0].extra == {"Cost": Formula("=2*150")}


def test_update_in_place_keeps_a_backup(tmp_path: Path) -> None:
    source = tmp_path / "plan.xlsx"
    shutil.copy(FIXTURES / "single-sheet-plan-2025-26.xlsx", source)
    result = CliRunner().invoke(cli, ["update", str(source), "--in-place"])
    assert result.exit_code == 0, result.output
    backups = list(tmp_path.glob("plan.backup-*.xlsx"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == (FIXTURES / "single-sheet-plan-2025-26.xlsx").read_bytes()
    assert "Dashboard" in openpyxl.load_workbook(source).sheetnames


def test_update_refuses_an_output_that_is_not_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(cli, ["update", str(FIXTURES / "single-sheet-plan-2025-26.xlsx"),
                                      "-o", str(out)])
    assert result.exit_code == 1 and "must be an Excel workbook ending in .xlsx" in result.output
    assert not out.exists()


def test_update_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "plan.xlsx"
    shutil.copy(FIXTURES / "single-sheet-plan-2025-26.xlsx", source)
    result = CliRunner().invoke(cli, ["update", str(source), "-o", str(source)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


# -- round trip over generated plans ---------------------------------------------------
# Text as people type it: starting with "-", "*", "=", "+" or "@" too ("- minus 5", "=A1 is
# not a formula here", "@SLT"), which Excel and a careless writer treat specially.
_words = st.text(alphabet=string.ascii_letters + string.digits + " ,.'&()=+-*@%•",
                 min_size=1, max_size=40).map(str.strip).filter(bool)
_texts = st.one_of(_words, st.sampled_from(["- minus 5", "-5 students", "* starred", "=A1",
                                            "+44 1234", "@SLT", "• bullet"]))
# Leads as schools write them, one person or role each; "Head of Year 7 and 8" is one lead.
_leads = st.lists(st.sampled_from(["ZCO", "JHO", "GOCA", "SENCO", "Heads of Dept",
                                   "Head of Year 7 and 8", "Years 10 and 11 tutors"]),
                  max_size=3, unique=True)
_ends = st.sampled_from([None, "Mar-26", "07.10.25", "31/03/2026", "2026-02-06", "July 2026",
                         "Autumn 2", "Oct half term", "Easter", "Ongoing", "TBC", "soon-ish"])
# Two objectives of one sheet may say the same thing (say, one per key stage).
_objective_texts = st.one_of(_texts, st.just("Same objective"))


@st.composite
def _action(draw: st.DrawFn, period: int) -> Action:
    end = draw(_ends)
    due = parse_end_point(end, AcademicYear(2025)).due
    extra: dict[str, object] = {}
    if period == 2:  # Cost belongs to the Spring period; Notes (below) to the whole row
        cost = draw(st.one_of(st.none(), st.integers(0, 5000), _texts))
        extra = {} if cost is None else {"Cost": cost}
    return Action(period, draw(_texts), leads=draw(_leads),
                  progress=draw(st.one_of(st.none(), _texts)), end_point=end, due=due,
                  impact=draw(st.one_of(st.none(), _texts)),
                  rag=draw(st.one_of(st.none(), st.sampled_from(list(Rag)))),
                  evidence=draw(st.lists(_texts, max_size=3)), extra=extra)  # type: ignore


@st.composite
def _plan(draw: st.DrawFn) -> Plan:
    plan = Plan(school=draw(_words), academic_year=AcademicYear(2025))
    for number in draw(st.lists(st.integers(1, 8), min_size=1, max_size=3, unique=True)):
        name = f"BM{number} Sheet"
        plan.benchmarks[number] = Benchmark(number, f"Benchmark title {number}",
                                            draw(st.one_of(st.none(), st.integers(0, 100))))
        plan.sheets.append(PlanSheet(name, benchmark=number, preamble=[
            f"Gatsby Benchmark {number}: Benchmark title {number}"],
            extra_columns=[ExtraColumn("Cost", 2), ExtraColumn("Notes", None)]))
        for text in draw(st.lists(_objective_texts, min_size=1, max_size=4)):
            per_period = {p: [draw(_action(p)) for _ in range(draw(st.integers(0, 2)))]
                          for p in (1, 2, 3)}
            # Row i holds the i-th action of each period, and that row's Notes, which every
            # action on the row shares when read back.
            for i in range(max(len(a) for a in per_period.values())):
                note = draw(st.one_of(st.none(), _texts))
                for actions in per_period.values():
                    if i < len(actions) and note is not None:
                        actions[i].extra["Notes"] = note
            plan.objectives.append(Objective(text, benchmark=number, sheet=name, actions=[
                a for p in (1, 2, 3) for a in per_period[p]]))
    return plan


def _one_sheet_plan(*objectives: Objective) -> Plan:
    plan = Plan(school="Huxlow Academy", academic_year=AcademicYear(2025))
    plan.benchmarks[1] = Benchmark(1, "A stable careers programme")
    plan.sheets.append(PlanSheet("BM1 Programme", benchmark=1,
                                 preamble=["Gatsby Benchmark 1: A stable careers programme"]))
    plan.objectives += objectives
    return plan


@pytest.mark.parametrize("case", ["same text", "leading dash", "lead with and"])
def test_round_trip_keeps_what_easy_data_hid(case: str, tmp_path: Path) -> None:
    """Three losses the generated plans below found once their data got realistic."""
    def objective(text: str, *actions: Action) -> Objective:
        return Objective(text, benchmark=1, sheet="BM1 Programme", actions=list(actions))

    plan = {
        # two objectives that say the same thing stay two (with one action each)
        "same text": _one_sheet_plan(objective("Same objective", Action(1, "Fair")),
                                     objective("Same objective", Action(1, "Talks"))),
        # an evidence item that starts with a dash keeps it
        "leading dash": _one_sheet_plan(objective("O", Action(1, "Budget", evidence=[
            "- minus 5", "-5 students", "Register"]))),
        # "Head of Year 7 and 8" is one lead, "ZCO and JHO" two
        "lead with and": _one_sheet_plan(objective("O", Action(1, "Assembly", leads=[
            "Head of Year 7 and 8", "ZCO"]))),
    }[case]
    back = read_plan(write_plan(plan, tmp_path / "plan.xlsx"))
    assert canon(back) == canon(plan)
    assert split_leads("ZCO and JHO") == ["ZCO", "JHO"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(plan=_plan())
def test_round_trip_of_generated_plans(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "gen.xlsx"
    write_plan(plan, out)
    back = read_plan(out)
    assert canon(back) == canon(plan)
    assert {n: b.compass_percent for n, b in back.benchmarks.items()} == \
        {n: b.compass_percent for n, b in plan.benchmarks.items()}
