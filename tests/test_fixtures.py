"""The machine-made realistic fixture really holds what it claims, and its script remakes it."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from conftest import FIXTURES
from lxml import etree

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_fixtures.py"
RICH = FIXTURES / "single-sheet-rich-2025-26.xlsx"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main",
      "xm": "http://schemas.microsoft.com/office/excel/2006/main",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_fixtures", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_remakes_the_committed_fixture(tmp_path: Path) -> None:
    rebuilt = _builder().build_rich(tmp_path / RICH.name)
    with zipfile.ZipFile(RICH) as a, zipfile.ZipFile(rebuilt) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())


def test_the_rich_fixture_holds_what_it_claims() -> None:
    with zipfile.ZipFile(RICH) as z:
        names = z.namelist()

        def xml(name: str) -> etree._Element:
            return etree.fromstring(z.read(name))

        book = xml("xl/workbook.xml")
        assert [s.get("name") for s in book.iterfind(".//m:sheet", NS)] == \
            ["Plan 2025-26", "Staff", "Summary"]
        plan, summary = xml("xl/worksheets/sheet1.xml"), xml("xl/worksheets/sheet3.xml")
        # One plan sheet, no Benchmark column: column A is the Objective.
        assert plan.find(".//m:c[@r='A2']", NS) is not None
        # A picture with its PNG, and a text box, in the plan sheet's drawing.
        drawing = xml("xl/drawings/drawing1.xml")
        assert drawing.find(".//xdr:pic", NS) is not None
        assert any(n.startswith("xl/media/") and z.read(n).startswith(b"\x89PNG")
                   for n in names)
        box = drawing.find(".//xdr:sp/xdr:txBody", NS)
        assert box is not None and "Notes for SLT" in "".join(box.itertext())
        # A note and a hyperlink.
        assert any(n.startswith("xl/comments") for n in names)
        assert plan.find(".//m:hyperlink[@ref='H6']", NS) is not None
        # Lead dropdowns whose list is on another sheet.
        lists = [f.text for f in plan.iterfind(".//m:dataValidation/m:formula1", NS)]
        assert lists and all(f == "Staff!$A$2:$A$6" for f in lists)
        # The user's formulas over the plan's column B, and a 2010-only icon set.
        formulas = [f.text for f in summary.iterfind(".//m:f", NS)]
        assert "COUNTA('Plan 2025-26'!B3:B6)" in formulas
        icons = summary.find(".//x14:conditionalFormatting/x14:cfRule/x14:iconSet", NS)
        assert icons is not None and icons.get("iconSet") == "3Stars"
        assert summary.find(".//x14:conditionalFormatting/xm:sqref", NS).text == "C2:C5"
