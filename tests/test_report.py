"""The governors' one-page report (``careers-xl report``), read back with ``pdftotext -bbox``.

No LibreOffice here: reportlab draws the page. A Helvetica word's box is 0.925 times its
font size (ascender plus descender), so 9 pt text is 8.3 pt tall.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from pdf_words import Page, pdf_pages

from careers_xl import read_plan
from careers_xl.cli import cli
from careers_xl.errors import OutputError
from careers_xl.model import Action, Objective, Rag
from careers_xl.report.content import governors_report
from careers_xl.report.pdf import write_report
from careers_xl.workflows import rollover_workbook

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SINGLE = FIXTURES / "single-sheet-plan-2025-26.xlsx"
TODAY = date(2026, 1, 15)
BOX_PER_POINT = 0.925
SMALLEST = 9.0  # points: readable at arm's length


def only_page(pdf: Path) -> Page:
    pages = pdf_pages(pdf)
    assert len(pages) == 1, f"{len(pages)} pages"
    page = pages[0]
    assert (round(page.width), round(page.height)) == (595, 842), "A4 portrait"
    smallest = min(w.height for w in page.words) / BOX_PER_POINT
    assert smallest >= SMALLEST - 0.05, f"text as small as {smallest:.1f} pt"
    return page


def line_of(page: Page, text: str) -> str:
    """The words printed on the same line as the first word of ``text`` (left to right)."""
    first = text.split()[0]
    word = next(w for w in page.words if w.text == first and text in " ".join(
        x.text for x in page.words if abs(x.y0 - w.y0) < 1))
    return " ".join(x.text for x in sorted(page.words, key=lambda x: x.x0)
                    if abs(x.y0 - word.y0) < 1)


def test_cli_report_on_the_example(tmp_path: Path) -> None:
    out = tmp_path / "governors.pdf"
    result = CliRunner().invoke(cli, ["report", str(HUXLOW), "-o", str(out),
                                      "--today", "15/01/2026"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "Huxlow Academy" in result.output
    page = only_page(out)
    text = page.text
    assert "Huxlow Academy" in text and "2025/26" in text
    assert "Careers Leader: Zoe Correa (ZCO)" in text and "Link governor: J. Holt (JHO)" in text
    assert "BM5 Employers 88% not recorded" in line_of(page, "BM5 Employers")
    chart = [w.text for w in page.words if w.x0 > 350 and w.text.startswith("BM")]
    assert chart == [f"BM{n}" for n in range(1, 9)], "a bar a benchmark in the RAG chart"
    assert {"Red", "Amber", "Green", "Complete"} <= set(text.split())
    assert "Overdue actions (5)" in text and "Red actions (3)" in text
    row = line_of(page, "BM1 Careers Leader to begin funded Level 6 training")
    assert row.endswith("HT 12/12/2025"), row
    row = line_of(page, "BM1 Link governor completes online governor training")
    assert row.endswith("Governors Feb-26"), row
    assert "History holds no closed year yet" in text


def test_trend_and_last_years_compass_after_a_rollover(tmp_path: Path) -> None:
    rolled = rollover_workbook(HUXLOW, tmp_path / "next.xlsx").output
    plan = read_plan(rolled)
    report = governors_report(plan, TODAY)
    assert report.last_year == "2025/26"
    assert [r.last_year for r in report.compass] == [77, 50, 62, 40, 88, 50, 33, 60]
    assert [y.year for y in report.years] == ["2025/26", "2026/27"]
    page = only_page(write_report(plan, tmp_path / "r.pdf", TODAY))
    assert "2025/26 27 3 8 7 2 58%" in page.text, "last year's RAG and average Compass"
    assert "Compass % (average)" in page.text, "the trend chart's legend"


def test_long_lists_are_cut_and_the_page_stays_one(tmp_path: Path) -> None:
    plan = read_plan(HUXLOW)
    extra = copy.deepcopy(plan.objectives[0])
    extra.actions = [Action(1, f"Extra overdue action number {n} with a long description "
                               "that would never fit on one line of the report at all",
                            leads=["ZCO"], end_point="01/10/2025", due=date(2025, 10, 1),
                            rag=Rag.RED) for n in range(30)]
    plan.objectives.append(extra)
    page = only_page(write_report(plan, tmp_path / "long.pdf", TODAY))
    assert "and 29 more" in page.text and "and 29 more" in page.text.split("Red actions")[1]
    assert "Overdue actions (35)" in page.text and "Red actions (33)" in page.text
    assert "..." in page.text, "long action texts are shortened"
    assert max(w.x1 for w in page.words) <= 595 - 39, "nothing runs off the page"


def test_no_benchmark_row_and_unnamed_school(tmp_path: Path) -> None:
    plan = read_plan(SINGLE)
    plan.objectives.append(Objective("Loose objective", actions=[Action(1, "x")]))
    report = governors_report(plan, TODAY)
    assert None in report.rag and sum(report.rag[None].values()) == 3
    page = only_page(write_report(plan, tmp_path / "s.pdf", TODAY))
    assert "School not named" in page.text and "None" in page.text.split()


def test_report_must_be_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="name it report.pdf"):
        write_report(read_plan(HUXLOW), tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()
