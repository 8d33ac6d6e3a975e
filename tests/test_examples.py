"""The two shared example workbooks, read fact by fact."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from careers_xl import Rag, read_plan
from careers_xl.cli import cli

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SINGLE = FIXTURES / "single-sheet-plan-2025-26.xlsx"

R, A, G, B = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE


@pytest.fixture(scope="module")
def huxlow():
    return read_plan(HUXLOW)


@pytest.fixture(scope="module")
def single():
    return read_plan(SINGLE)


def test_cover(huxlow):
    assert huxlow.school == "Huxlow Academy"
    assert str(huxlow.academic_year) == "2025/26"
    assert huxlow.careers_leader == "Zoe Correa (ZCO)"
    assert huxlow.link_governor == "J. Holt (JHO)"
    assert huxlow.institution_vision.startswith("Ambition, Respect, Pride")
    assert huxlow.careers_vision.startswith("Careers provision will support")
    assert len(huxlow.priorities) == 4
    assert huxlow.priorities[1] == ("To embed a sustainable and strategic approach to "
                                    "leadership of careers")
    assert huxlow.staff["ZCO"] == "Zoe Correa"
    assert huxlow.staff["JHO"] == "J. Holt"


def test_benchmarks_and_compass(huxlow):
    assert sorted(huxlow.benchmarks) == list(range(1, 9))
    compass = {n: b.compass_percent for n, b in huxlow.benchmarks.items()}
    assert compass == {1: 77, 2: 50, 3: 62, 4: 40, 5: 88, 6: 50, 7: 33, 8: 60}
    assert huxlow.benchmarks[1].title == "A stable careers programme"
    assert huxlow.benchmarks[3].title == "Addressing the needs of each student"


def test_objectives_and_codes(huxlow):
    codes = [(o.benchmark, o.code) for o in huxlow.objectives]
    assert codes == [(1, "C1.1"), (1, "C1.2"), (2, "C2.1"), (3, "C3.4"), (3, "C3.5"),
                     (4, "C4.1"), (5, "C5.1"), (6, None), (7, "C7.1"), (8, "C8.1")]
    assert huxlow.objectives[3].sheet == "BM3 Needs"
    assert huxlow.objectives[3].cell == "'BM3 Needs'!A6"
    assert len(huxlow.actions) == 27


def test_every_rag_including_fill_only(huxlow):
    rags = {o.code or o.text[:20]: [(a.period, a.rag) for a in o.actions]
            for o in huxlow.objectives}
    assert rags == {
        "C1.1": [(1, G), (2, A), (3, None)],
        "C1.2": [(1, G), (2, R)],  # G7 is green only by fill
        "C2.1": [(1, G), (2, A), (3, None)],  # N6 amber by fill
        "C3.4": [(1, G), (2, A), (3, None)],
        "C3.5": [(1, A), (2, R)],
        "C4.1": [(1, A), (2, None), (3, None)],
        "C5.1": [(1, B), (2, G), (3, None)],  # G6 blue fill = complete
        "Leaders have establi": [(1, A), (2, A)],
        "C7.1": [(1, G), (2, G), (3, R)],
        "C8.1": [(1, B), (2, A), (3, None)],
    }


def test_leads_due_dates_and_evidence(huxlow):
    bm1 = huxlow.objectives[0].actions
    assert bm1[1].leads == ["ZCO", "JHO"]
    assert bm1[1].end_point == "Mar-26" and bm1[1].due == date(2026, 3, 31)
    assert bm1[2].end_point == "17.07.26" and bm1[2].due == date(2026, 7, 17)
    assert bm1[0].end_point == "Oct half term" and bm1[0].due is not None
    assert bm1[0].due.month == 10 and bm1[0].due.year == 2025
    assert bm1[0].evidence == ["Website page", "Parent newsletter Sept"]
    c12 = huxlow.objectives[1].actions
    assert c12[0].due == date(2025, 12, 12) and c12[0].leads == ["HT"]
    assert c12[1].due == date(2026, 2, 28)
    assert huxlow.objectives[5].actions[0].leads == ["Heads of Dept"]
    c34 = huxlow.objectives[3].actions
    assert c34[2].leads == ["ZCO", "SENCO"] and c34[2].end_point == "Summer 2"
    assert c34[2].due is not None and c34[2].due.month == 7
    assert c34[0].cell == "'BM3 Needs'!B6"
    assert c34[0].impact.startswith("Positive impact on student outcomes\nAll students")


def test_out_of_year_due_date_is_a_warning_naming_the_cell(huxlow):
    c35 = huxlow.objectives[4].actions[0]
    assert c35.end_point == "07.10.26" and c35.due == date(2026, 10, 7)
    warnings = [p for p in huxlow.problems if p.cell == "'BM3 Needs'!E7"]
    assert len(warnings) == 1 and warnings[0].level == "warning"
    assert "outside the plan's academic year 2025/26" in warnings[0].message


def test_notes_sheet_is_carried(huxlow):
    assert [c.name for c in huxlow.carried] == ["Notes"]
    assert huxlow.carried[0].cells[(1, 1)] == "SWOT from June cluster meeting"
    assert len(huxlow.carried[0].cells) == 5


def test_single_sheet_plan(single):
    assert str(single.academic_year) == "2025/26"  # from the sheet name "Plan 2025-26"
    assert single.school is None
    assert [(o.code, o.benchmark) for o in single.objectives] == [
        ("C3.4", 3), ("C3.5", 3), (None, None), ("C5.1", 5)]
    assert len(single.actions) == 10
    assert [a.rag for a in single.objectives[2].actions] == [A, A]
    assert single.objectives[3].actions[0].rag == B
    assert single.objectives[1].actions[1].cell == "'Plan 2025-26'!I4"
    assert any(p.cell == "'Plan 2025-26'!E4" and "outside" in p.message
               for p in single.problems)


def test_read_json_contract(huxlow):
    result = CliRunner().invoke(cli, ["read", str(HUXLOW), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"school", "academic_year", "benchmarks", "objectives", "history",
                         "problems"}
    assert data["benchmarks"]["1"] == {"title": "A stable careers programme",
                                       "compass_percent": 77}
    action = data["objectives"][0]["actions"][1]
    assert action == {
        "period": 2, "text": "Gather feedback on the programme from students, parents, "
                             "staff and employers",
        "leads": ["ZCO", "JHO"], "progress": "Survey written", "end_point": "Mar-26",
        "due": "2026-03-31", "impact": "Feedback from all four groups informs review",
        "rag": "amber", "evidence": ["Survey results", "Governor report"],
        "cell": "'BM1 Programme'!I6", "extra": {}}
    assert {p["level"] for p in data["problems"]} <= {"warning", "error"}


def test_read_table_and_check_exit_codes():
    runner = CliRunner()
    result = runner.invoke(cli, ["read", str(HUXLOW)])
    assert result.exit_code == 0
    assert "Huxlow Academy" in result.output and "BM1 A stable careers programme" in result.output
    result = runner.invoke(cli, ["check", str(HUXLOW), "--today", "2026-01-15"])
    assert result.exit_code == 1
    assert "'BM3 Needs'!E7" in result.output
    assert "has passed" in result.output  # e.g. Oct half term, not complete
