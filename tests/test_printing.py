"""Printed pages, as LibreOffice prints them: one action period a page, readable text, rows
that hold their text, History and Compass History on landscape pages, a one-page Dashboard.

Sizes are measured on the PDF with ``pdftotext -bbox``: a word's box is 1.3 times its font
size (measured on LibreOffice's PDFs, whatever the font), so 8 pt text is 10.4 pt tall.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from libreoffice import convert, requires_libreoffice
from pdf_words import Page, Word, pdf_pages

from careers_xl import read_plan, write_plan
from careers_xl.workflows import rollover_workbook, update_workbook

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
BOX_PER_POINT = 1.3
READABLE = 8.0  # points on paper


def points(page: Page) -> float:
    """The body text size on a page: the median word's font size, in points."""
    return page.median_height() / BOX_PER_POINT


def overlapping(page: Page) -> list[tuple[Word, Word]]:
    """Pairs of words printed on top of each other (rows too short for their text)."""
    words = sorted(page.words, key=lambda w: w.y0)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.y0 >= a.y1:
                break
            # Lines of one cell sit closer than their boxes are tall: half a line is a clash.
            tall = min(a.height, b.height) / 2
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > tall:
                found.append((a, b))
    return found


def sheet_pages(pages: list[Page], marker: str) -> list[Page]:
    return [p for p in pages if marker in p.text]


@pytest.fixture(scope="module")
def updated_pdf(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    tmp = tmp_path_factory.mktemp("printed")
    out = update_workbook(HUXLOW, tmp / "huxlow.xlsx").output
    return pdf_pages(convert(out, "pdf", tmp))


@pytest.fixture(scope="module")
def written_pdf(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """The example plan written afresh by careers-xl (the `new` layout, full of text)."""
    tmp = tmp_path_factory.mktemp("written")
    path = write_plan(read_plan(HUXLOW), tmp / "written.xlsx")
    return pdf_pages(convert(path, "pdf", tmp))


@requires_libreoffice
def test_update_prints_each_period_on_its_own_readable_pages(updated_pdf: list[Page]) -> None:
    pages = sheet_pages(updated_pdf, "Gatsby Benchmark 1:")
    assert len(pages) >= 3
    periods = []
    for page in pages:
        assert page.width > page.height, "landscape"
        assert "Objective" in page.text.split(), "the Objective column repeats on every page"
        shown = {n for n, word in ((1, "(Autumn"), (2, "(Spring"), (3, "(Summer"))
                 if word in page.text.split()}
        assert len(shown) <= 1, f"two periods on one page: {page.text[:200]}"
        periods += sorted(shown)
        assert points(page) >= READABLE, f"body text {points(page):.1f} pt"
    assert periods == sorted(periods) and set(periods) == {1, 2, 3}


@requires_libreoffice
def test_written_plan_one_page_a_period_with_rows_that_hold_their_text(
        written_pdf: list[Page]) -> None:
    plan = read_plan(HUXLOW)
    pages = sheet_pages(written_pdf, "BM1 Programme")
    assert len(pages) == 3, "Autumn, Spring, Summer: one page each"
    for period, page in enumerate(pages, start=1):
        assert page.width > page.height
        assert points(page) >= READABLE, f"body text {points(page):.1f} pt"
        assert overlapping(page) == []
        words = page.text.split()
        for action in (a for o in plan.objectives if o.sheet == "BM1 Programme"
                       for a in o.actions if a.period == period):
            missing = [w for w in action.text.split() if w not in words]
            assert not missing, f"{action.cell}: {missing} cut off"


@requires_libreoffice
def test_written_cover_rows_do_not_overprint(written_pdf: list[Page]) -> None:
    cover = sheet_pages(written_pdf, "Careers vision statement")
    assert len(cover) == 1
    assert overlapping(cover[0]) == []
    plan = read_plan(HUXLOW)
    for text in [plan.careers_vision or "", *plan.priorities]:
        assert all(w in cover[0].text.split() for w in text.split()), text


@requires_libreoffice
def test_dashboard_prints_as_one_readable_page(updated_pdf: list[Page]) -> None:
    pages = sheet_pages(updated_pdf, "Plan dashboard")
    assert len(pages) == 1
    page = pages[0]
    assert "Actions per lead" in page.text and "ZCO" in page.text.split()
    assert points(page) >= READABLE, f"Dashboard text {points(page):.1f} pt"
    assert page.lowest() > 0.5, "the Dashboard fills the page, not its top third"


@pytest.fixture(scope="module")
def rolled_pdf(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    tmp = tmp_path_factory.mktemp("rolled")
    out = rollover_workbook(HUXLOW, tmp / "next.xlsx").output
    return pdf_pages(convert(out, "pdf", tmp))


@requires_libreoffice
def test_a_dashboard_with_history_prints_its_trend_on_a_second_page(
        rolled_pdf: list[Page]) -> None:
    start = next(i for i, p in enumerate(rolled_pdf) if p.text.startswith("Plan dashboard"))
    first, trend, after = rolled_pdf[start:start + 3]
    assert "Actions per lead" in first.text and "Year on year" not in first.text
    assert trend.text.startswith("Year on year (from History)")
    assert not after.text.startswith(("Plan dashboard", "Year on year", "RAG by benchmark",
                                      "Compass")), "the Dashboard is two pages, no more"
    for page in (first, trend):
        assert points(page) >= READABLE, f"Dashboard text {points(page):.1f} pt"


@requires_libreoffice
def test_history_and_compass_history_print_landscape(rolled_pdf: list[Page]) -> None:
    pages = rolled_pdf
    history = [p for p in pages if p.words and p.words[0].text == "Year"
               and "Objective" in p.text.split()]
    assert 1 <= len(history) <= 4, "History: landscape pages, one page wide"
    for page in history:
        assert page.width > page.height
        assert overlapping(page) == []
    compass = [p for p in pages if "BM8" in p.text.split() and p.words[0].text == "Year"
               and "Objective" not in p.text.split()
               and not p.text.startswith("Year on year")]  # the Dashboard's second page
    assert len(compass) == 1 and "BM1" in compass[0].text.split(), "BM1-BM8 on one page"


def test_period_page_breaks_in_schema_order_and_kept_on_a_second_update(tmp_path: Path) -> None:
    from lxml import etree

    from careers_xl.package.opc import Package
    from careers_xl.package.sheet import SHEET_ORDER
    from careers_xl.package.workbook import Workbook

    first = update_workbook(HUXLOW, tmp_path / "once.xlsx")
    again = update_workbook(first.output, tmp_path / "twice.xlsx")
    assert not any("print layout" in n for n in first.notes + again.notes)
    book = Workbook(Package.open(again.output))
    root = book.package.xml(book.sheet("BM1 Programme").part)
    tags = [etree.QName(c).localname for c in root]
    assert tags == sorted(tags, key=SHEET_ORDER.index)
    breaks = [int(b.get("id")) for b in root.iter("{*}brk")]
    assert breaks == [8, 15], "before Spring's and Summer's Action columns (I, P)"
    assert root.find("{*}pageSetup").get("orientation") == "landscape"
    index = book.index("BM1 Programme")
    titles = [r for n, i, r in book.defined_names() if n == "_xlnm.Print_Titles" and i == index]
    assert titles == ["'BM1 Programme'!$A:$A,'BM1 Programme'!$4:$5"]
    kept = update_workbook(FIXTURES / "realistic-huxlow-2025-26.xlsx", tmp_path / "r.xlsx")
    assert any("kept your own print layout" in n for n in kept.notes)
