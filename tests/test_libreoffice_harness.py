"""The LibreOffice test helpers really recalculate formulas and really render pages."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from libreoffice import loads_cleanly, recalculated_values, render_png, requires_libreoffice

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _sum_workbook(path: Path) -> Path:
    """Two sheets; 'Plan' holds =SUM(A1:A2) whose cached result xlsxwriter leaves at 0."""
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Plan")
        ws.write_number("A1", 2)
        ws.write_number("A2", 3)
        ws.write_formula("A3", "=SUM(A1:A2)")
        wb.add_worksheet("Notes").write("A1", "Our own notes")
    return path


@requires_libreoffice
def test_recalculated_values_computes_uncached_formula(tmp_path: Path) -> None:
    src = _sum_workbook(tmp_path / "plan.xlsx")
    assert recalculated_values(src, tmp_path)["Plan"]["A3"].value == 5


@requires_libreoffice
def test_render_png_gives_pages(tmp_path: Path) -> None:
    src = _sum_workbook(tmp_path / "plan.xlsx")
    pages = render_png(src, tmp_path)
    assert len(pages) == 2
    for page in pages:
        assert page.read_bytes().startswith(PNG_MAGIC) and page.stat().st_size > 100


@requires_libreoffice
def test_render_png_one_sheet(tmp_path: Path) -> None:
    src = _sum_workbook(tmp_path / "plan.xlsx")
    [page] = render_png(src, tmp_path, sheet="Notes")
    assert page.read_bytes().startswith(PNG_MAGIC)


@requires_libreoffice
def test_loads_cleanly(tmp_path: Path) -> None:
    assert loads_cleanly(_sum_workbook(tmp_path / "plan.xlsx"), tmp_path)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    assert not loads_cleanly(garbage, tmp_path)
