"""`careers-xl new`: the blank plan it writes, checked on its own terms.

The output is checked against the OOXML schemas and against hand-written expectations
(sheet names, cell values at their positions, dropdowns, careers-xl's own sheets), never
against an earlier output of careers-xl itself.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import loads_cleanly, requires_libreoffice, sheet_page
from ooxml_check import schema_errors

from careers_xl import read_plan
from careers_xl.cli import cli

COMPANIONS = ["Strategic Plan", "Programme by Year", "Strategy Checklist",
              "Encounter Checklist", "SWOT", "Learning Outcomes"]
BENCHMARK_SHEETS = ["BM1 Programme", "BM2 LMI", "BM3 Needs", "BM4 Curriculum",
                    "BM5 Employers", "BM6 Workplaces", "BM7 FE & HE", "BM8 Guidance"]
BENCHMARK_TITLES = [
    "A stable careers programme",
    "Learning from career and labour market information",
    "Addressing the needs of each young person",
    "Linking curriculum learning to careers",
    "Encounters with employers and employees",
    "Experiences of workplaces",
    "Encounters with further and higher education",
    "Personal guidance",
]
PERIOD_HEADINGS = {"B4": "Action Period 1 (Autumn terms 1 and 2)",
                   "I4": "Action Period 2 (Spring terms 1 & 2)",
                   "P4": "Action Period 3 (Summer terms 1 & 2)"}
FIELDS = ["Action", "Lead", "Progress", "End point", "Impact/ Evidence", "RAG",
          "Evidence list"]
RAG_LIST = '"Red,Amber,Green,Complete"'


@pytest.fixture(scope="module")
def new_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("new") / "new.xlsx"
    result = CliRunner().invoke(cli, ["new", "--school", "Huxlow Academy", "--year", "2026/27",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_new_plan_is_schema_valid(new_plan: Path) -> None:
    assert schema_errors(new_plan) == []


def test_new_plan_cells_at_their_positions(new_plan: Path) -> None:
    wb = openpyxl.load_workbook(new_plan)
    assert wb.sheetnames == ["Cover", "Dashboard", *BENCHMARK_SHEETS, *COMPANIONS, "Lists"]
    cover = wb["Cover"]
    assert [[c.value for c in row] for row in cover["A3:B4"]] == [
        ["School", "Huxlow Academy"], ["Academic year", "2026/27"]]
    for n, (name, title) in enumerate(zip(BENCHMARK_SHEETS, BENCHMARK_TITLES, strict=True),
                                      start=1):
        ws = wb[name]
        assert ws["A1"].value == f"Gatsby Benchmark {n}: {title}"
        assert ws["A2"].value.startswith(f"Compass: enter your latest Compass result for "
                                         f"Gatsby Benchmark {n}")
        for ref, heading in PERIOD_HEADINGS.items():
            assert ws[ref].value == heading, (name, ref)
        assert [ws[f"{col}4"].value for col in "GNU"] == ["Status"] * 3
        assert ws["A5"].value == "Objective"
        assert [c.value for c in ws[5][1:22]] == FIELDS * 3
        assert all(c.value is None for row in ws["A6:V156"] for c in row), name
        assert ws.freeze_panes == "B6" and ws.print_title_rows == "$4:$5"
        # Dropdowns: RAG on each period's RAG column, staff on each Lead column.
        lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
        assert lists == {"G6:G156": RAG_LIST, "N6:N156": RAG_LIST, "U6:U156": RAG_LIST,
                         "C6:C156": "StaffList", "J6:J156": "StaffList",
                         "Q6:Q156": "StaffList"}, name
    dashboard = wb["Dashboard"]
    assert dashboard["A1"].value == "Plan dashboard Huxlow Academy 2026/27"
    assert [c.value for c in dashboard[4]][:10] == [
        "Benchmark", "Title", "Red", "Amber", "Green", "Complete", "No RAG", "Actions",
        "Overdue", "Compass %"]
    assert [dashboard[f"A{r}"].value for r in range(5, 13)] == [f"BM{n}" for n in range(1, 9)]
    assert [dashboard[f"B{r}"].value for r in range(5, 13)] == BENCHMARK_TITLES
    assert "'BM1 Programme'!$G$6:$G$156" in dashboard["C5"].value
    lists_ws = wb["Lists"]
    assert lists_ws.sheet_state == "hidden"
    assert [c.value for c in lists_ws[1]][:7] == ["RAG", "Staff", "Name", "Benchmark",
                                                  "Half-term", "Ends", "Period"]
    assert [lists_ws[f"A{r}"].value for r in range(2, 6)] == ["Red", "Amber", "Green",
                                                               "Complete"]
    assert wb.defined_names["StaffList"].attr_text == "'Lists'!$B$2:$B$42"
    assert wb["Strategic Plan"]["A1"].value == "Strategic Careers Plan Huxlow Academy 2026/27"
    assert wb["Strategy Checklist"]["A1"].value == "Careers Strategy Checklist"


def test_new_plan_marks_careers_xls_own_sheets(new_plan: Path) -> None:
    wb = openpyxl.load_workbook(new_plan)
    for name, kind in (("Dashboard", "dashboard"), ("Lists", "lists")):
        marker = wb[name].defined_names["CareersXL_Sheet"]
        assert marker.hidden and marker.attr_text == f'"{kind}"'
    assert all("CareersXL_Sheet" not in wb[n].defined_names
               for n in wb.sheetnames if n not in ("Dashboard", "Lists"))
    assert read_plan(new_plan).owned_sheets == {"Dashboard": "dashboard", "Lists": "lists"}


def test_new_plan_reads_back_without_warnings(new_plan: Path) -> None:
    assert read_plan(new_plan).problems == []


def test_new_writes_every_template(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    result = CliRunner().invoke(cli, ["new", "--school", "Huxlow Academy", "--year", "2026/27",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Cover", "Dashboard"]
    assert [n for n in wb.sheetnames if n.startswith("BM")] == [
        "BM1 Programme", "BM2 LMI", "BM3 Needs", "BM4 Curriculum", "BM5 Employers",
        "BM6 Workplaces", "BM7 FE & HE", "BM8 Guidance"]
    for name in COMPANIONS:
        assert name in wb.sheetnames
    assert wb["Lists"].sheet_state == "hidden"
    plan = read_plan(out)
    assert plan.school == "Huxlow Academy" and str(plan.academic_year) == "2026/27"
    assert sorted(plan.benchmarks) == list(range(1, 9)) and plan.actions == []
    rag_lists = [dv for dv in wb["BM1 Programme"].data_validations.dataValidation
                 if dv.formula1 == '"Red,Amber,Green,Complete"']
    assert len(rag_lists) == 3


def test_new_rejects_a_bad_year(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--school", "X", "--year", "next year",
                                      "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "academic year" in result.output


@requires_libreoffice
def test_new_plan_opens_in_libreoffice(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    CliRunner().invoke(cli, ["new", "--school", "Huxlow Academy", "--year", "2026/27",
                             "-o", str(out)])
    assert loads_cleanly(out, tmp_path / "lo")
    # The Strategy Checklist as LibreOffice draws it: every numbered item on its own line,
    # its number in one column and its text beside it, in order down the page.
    page = sheet_page(out, tmp_path / "pdf", "Strategy Checklist")
    items = [(row[0].value, row[1].value)
             for row in openpyxl.load_workbook(out)["Strategy Checklist"].iter_rows()
             if isinstance(row[0].value, int)]
    assert [n for n, _ in items] == list(range(1, 23))
    [heading] = page.find("No. Checklist item")
    assert page.line_of(heading)[-2:] == ["Done?", "Evidence/Notes"]
    lines = []
    for number, text in items:
        words = text.split()
        first = next(" ".join(words[:k]) for k in range(4, len(words) + 1)
                     if len(page.find(" ".join(words[:k]))) == 1)  # as many words as tell it
        [box] = page.find(first)
        line = page.line_of(box)
        assert line[0] == str(number) and " ".join(line[1:]).startswith(first), line
        lines.append(box)
    assert [b.y0 for b in lines] == sorted(b.y0 for b in lines) and lines[0].y0 > heading.y1
    assert max(b.x0 for b in lines) - min(b.x0 for b in lines) < 1  # one column of text
