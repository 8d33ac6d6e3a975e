"""The direct reader on workbooks written here part by part: what real files hold (cells
without references, prefixed and Strict namespaces, inline and rich strings, every date
system, shared and array formulas, custom palettes), what only bad files hold (a merge over
a whole column, a used range to the last cell), and the bounds that keep a read small."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
import time as clock
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_reader_differential import STRICT_NAMES, renamed

from careers_xl import read_plan
from careers_xl.errors import UnreadableWorkbook
from careers_xl.model import Formula
from careers_xl.package.opc import Package
from careers_xl.read.book import open_book
from careers_xl.read.cells import Budget, SheetCells
from careers_xl.workflows import StrictWorkbook, rollover_workbook, update_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"


def workbook(path: Path, sheets: dict[str, str], *, styles: str = "", strings: str = "",
             workbook_pr: str = "") -> Path:
    """A workbook from hand-written parts: each sheet's XML (whole), and the styles and
    shared strings parts' XML when given."""
    types = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxml'
             'formats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels, entries, parts = [], [], {}
    for n, (name, xml) in enumerate(sheets.items(), start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = xml
        rels.append(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>')
        entries.append(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>')
    for kind, xml in (("styles", styles), ("sharedStrings", strings)):
        if xml:
            parts[f"xl/{kind}.xml"] = xml
            rels.append(f'<Relationship Id="rId{kind}" Type="{REL}/{kind}" '
                        f'Target="{kind}.xml"/>')
    parts["[Content_Types].xml"] = ('<Types xmlns="http://schemas.openxmlformats.org/package/'
                                    f'2006/content-types">{"".join(types)}</Types>')
    parts["_rels/.rels"] = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                            f'2006/relationships"><Relationship Id="rId1" Type="{REL}/'
                            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = ('<Relationships xmlns="http://schemas.openxml'
                                           'formats.org/package/2006/relationships">'
                                           f'{"".join(rels)}</Relationships>')
    parts["xl/workbook.xml"] = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
                                f'<sheets>{"".join(entries)}</sheets></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return path


def sheet(rows: str, *, prefix: str = "", after: str = "", before: str = "") -> str:
    """A worksheet part around ``rows`` (its sheetData content), in ``prefix``'s namespace."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (f'<{p}worksheet {xmlns} xmlns:r="{REL}">{before}<{p}sheetData>{rows}'
            f'</{p}sheetData>{after}</{p}worksheet>')


def styles(*xfs: str, fills: str = "", num_fmts: str = "", colors: str = "") -> str:
    """A styles part with cell formats ``xfs`` (format 0, no fill, comes first)."""
    fills = '<fill><patternFill patternType="none"/></fill>' \
            '<fill><patternFill patternType="gray125"/></fill>' + fills
    return (f'<styleSheet xmlns="{MAIN}"><numFmts>{num_fmts}</numFmts>'
            f'<fonts><font/></fonts><fills>{fills}</fills><borders><border/></borders>'
            f'<cellXfs><xf numFmtId="0" fillId="0"/>{"".join(xfs)}</cellXfs>{colors}'
            '</styleSheet>')


def read(path: Path, name: str | None = None, budget: Budget | None = None) -> SheetCells:
    book = open_book(path, budget)
    info = next(i for i in book.worksheets if name in (None, i.name))
    return book.cells(info)


# --- what real files hold ----------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "x"])
def test_cells_and_rows_without_references(tmp_path: Path, prefix: str) -> None:
    p = f"{prefix}:" if prefix else ""
    rows = (f'<{p}row><{p}c t="inlineStr"><{p}is><{p}t>A1</{p}t></{p}is></{p}c>'
            f'<{p}c><{p}v>2</{p}v></{p}c></{p}row>'
            f'<{p}row r="4"><{p}c r="C4"><{p}v>3.5</{p}v></{p}c><{p}c><{p}v>4</{p}v></{p}c>'
            f'</{p}row><{p}row><{p}c><{p}v>5</{p}v></{p}c></{p}row>')
    cells = read(workbook(tmp_path / "plain.xlsx", {"S": sheet(rows, prefix=prefix)}))
    assert cells.rows == {1: {1: "A1", 2: 2}, 4: {3: 3.5, 4: 4}, 5: {1: 5}}
    assert cells.width == 4


def test_rich_and_escaped_strings(tmp_path: Path) -> None:
    strings = (f'<sst xmlns="{MAIN}"><si><t>plain</t></si>'
               '<si><r><t>Red</t></r><r><rPr><b/></rPr><t xml:space="preserve"> alert</t></r>'
               '<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>'
               '<si><t>Line_x000D_\nnext_x005F_x000D_</t></si></sst>')
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><r><t>in</t></r>'
            '<r><t>line &amp; rich</t></r></is></c><c r="E1" t="str"><v>x &lt; y</v></c></row>')
    cells = read(workbook(tmp_path / "text.xlsx", {"S": sheet(rows)}, strings=strings))
    assert cells.rows[1] == {1: "plain", 2: "Red alert", 3: "Line\r\nnext_x000D_",
                             4: "inline & rich", 5: "x < y"}


def test_dates_times_and_durations(tmp_path: Path) -> None:
    book_styles = styles('<xf numFmtId="14"/>', '<xf numFmtId="164"/>', '<xf numFmtId="46"/>',
                         '<xf numFmtId="165"/>',
                         num_fmts='<numFmt numFmtId="164" formatCode="hh:mm"/>'
                                  '<numFmt numFmtId="165" formatCode="&quot;day&quot; 0"/>')
    rows = ('<row r="1"><c r="A1" s="1"><v>46000</v></c><c r="B1" s="2"><v>0.5</v></c>'
            '<c r="C1" s="3"><v>1.25</v></c><c r="D1" s="4"><v>7</v></c>'
            '<c r="E1" s="1"><v>1</v></c><c r="F1" s="1"><v>61</v></c></row>'
            '<row r="2"><c r="A2" t="d"><v>2026-02-06</v></c>'
            '<c r="B2" t="d"><v>2026-02-06T09:30:00</v></c><c r="C2" t="e"><v>#N/A</v></c>'
            '<c r="D2" t="b"><v>1</v></c><c r="E2" s="1"><v>1e10</v></c></row>')
    path = workbook(tmp_path / "dates.xlsx", {"S": sheet(rows)}, styles=book_styles)
    cells = read(path)
    assert cells.rows[1] == {1: datetime(2025, 12, 9), 2: time(12), 3: timedelta(hours=30),
                             4: 7, 5: datetime(1900, 1, 1), 6: datetime(1900, 3, 1)}
    assert cells.rows[2] == {1: date(2026, 2, 6), 2: datetime(2026, 2, 6, 9, 30), 3: "#N/A",
                             4: True, 5: "#VALUE!"}
    in_1904 = workbook(tmp_path / "1904.xlsx", {"S": sheet(rows)}, styles=book_styles,
                       workbook_pr='<workbookPr date1904="1"/>')
    assert read(in_1904).rows[1][1] == datetime(2029, 12, 10)  # 1,462 days later


def test_shared_array_and_data_table_formulas(tmp_path: Path) -> None:
    rows = ('<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2+$C$1</f><v>1</v></c>'
            '<c r="B1"><f t="array" ref="B1:B2">SUM(C1:C2*D1:D2)</f><v>3</v></c>'
            '<c r="D1"><f t="dataTable" ref="D1:D2" dt2D="0" dtr="0" r1="E1"/><v>42</v></c>'
            '</row><row r="2"><c r="A2"><f t="shared" si="0"/><v>2</v></c></row>'
            "<row r=\"3\"><c r=\"A3\"><f t=\"shared\" si=\"0\"/><v>3</v></c>"
            "<c r=\"B3\"><f>'My sheet'!A1&amp;\"A1\"</f><v>x</v></c></row>")
    cells = read(workbook(tmp_path / "formulas.xlsx", {"S": sheet(rows)}))
    assert cells.rows[1] == {1: Formula("=B1*2+$C$1"), 2: Formula("=SUM(C1:C2*D1:D2)"), 4: 42}
    assert cells.rows[2] == {1: Formula("=B2*2+$C$1")}
    assert cells.rows[3] == {1: Formula("=B3*2+$C$1"), 2: Formula("='My sheet'!A1&\"A1\"")}


def test_fills_theme_tint_indexed_and_custom_palette(tmp_path: Path) -> None:
    fills = ''.join(f'<fill><patternFill patternType="solid">{fg}</patternFill></fill>' for fg in (
        '<fgColor rgb="FF00B050"/>', '<fgColor theme="5" tint="-0.25"/>',
        '<fgColor indexed="10"/>', '<fgColor auto="1"/>', '<fgColor indexed="64"/>'))
    fills += ('<fill><gradientFill><stop position="0"><color rgb="FFFF0000"/></stop>'
              '</gradientFill></fill>')
    xfs = [f'<xf numFmtId="0" fillId="{n}"/>' for n in range(2, 8)]
    palette = '<colors><indexedColors>' + '<rgbColor rgb="FF123456"/>' * 11 + \
              '</indexedColors></colors>'
    rows = '<row r="1">' + "".join(f'<c r="{c}1" s="{n}"/>' for n, c in enumerate("ABCDEF", 1)) \
        + '<c r="G1"><v>1</v></c></row>'
    book = open_book(workbook(tmp_path / "fills.xlsx", {"S": sheet(rows)},
                              styles=styles(*xfs, fills=fills, colors=palette)))
    cells = book.cells(book.worksheets[0])
    assert [book.styles.fill(cells.style(1, col)) for col in range(1, 7)] == [
        ("00B050", 0.0), ("ED7D31", -0.25), ("123456", 0.0), None, None, None]


def test_strict_open_xml_reads_like_transitional(tmp_path: Path) -> None:
    back = {new: old for old, new in STRICT_NAMES.items()}
    strict = renamed(HUXLOW, tmp_path / "strict.xlsx", back)
    assert open_book(strict).strict
    assert dataclasses.asdict(read_plan(strict)) == dataclasses.asdict(read_plan(HUXLOW))
    for edit in (lambda: update_workbook(strict, tmp_path / "out.xlsx"),
                 lambda: rollover_workbook(strict, tmp_path / "next.xlsx")):
        with pytest.raises(StrictWorkbook, match=r"Strict Open XML.*File > Save As > Excel "
                                                 r"Workbook \(\*\.xlsx\)"):
            edit()
    assert not (tmp_path / "out.xlsx").exists()


def test_read_plan_takes_an_open_package() -> None:
    assert read_plan(Package.open(HUXLOW)) == read_plan(HUXLOW)


# --- what bad files hold, at a cost in proportion to what they hold -----------------------


def test_a_merge_over_a_whole_column_costs_nothing(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>v{r}</t></is></c></row>'
                   for r in (1, 2, 500_000))
    merges = '<mergeCells count="1"><mergeCell ref="B1:B1048576"/></mergeCells>'
    path = workbook(tmp_path / "column.xlsx", {"S": sheet(rows, after=merges)})
    start = clock.process_time()
    cells = read(path)
    assert clock.process_time() - start < 1
    assert cells.rows == {1: {2: "v1"}} and cells.merge_refs == ["B1:B1048576"]


def test_a_used_range_to_the_last_cell_costs_what_the_sheet_holds(tmp_path: Path) -> None:
    """The declared range, formatted rows and a formatted last cell are not read as cells."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Objective</t></is></c></row>'
            + "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(2, 200_000))
            + '<row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>')
    path = workbook(tmp_path / "range.xlsx", {"S": sheet(
        rows, before='<dimension ref="A1:XFD1048576"/>',
        after='<cols><col min="1" max="16384" width="9" style="1"/></cols>')},
        styles=styles('<xf numFmtId="0" fillId="2"/>',
                      fills='<fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/>'
                            '</patternFill></fill>'))
    assert path.stat().st_size < 1_000_000
    start = clock.process_time()
    cells = read(path)
    assert clock.process_time() - start < 10
    assert cells.rows == {1: {1: "Objective"}} and cells.width == 1


def test_a_read_has_a_bound_and_names_the_sheet(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDE")
                   + "</row>" for r in range(1, 41))
    path = workbook(tmp_path / "big.xlsx", {"Notes": sheet("<row/>"), "Huge log": sheet(rows)})
    assert read(path, "Huge log", Budget(cells=200)).width == 5
    with pytest.raises(UnreadableWorkbook) as info:
        read(path, "Huge log", Budget(cells=199))
    assert str(info.value).startswith("big.xlsx: sheet 'Huge log' holds more than")
    with pytest.raises(UnreadableWorkbook, match="sheet 'Huge log' holds .* MB of cells"):
        read(path, "Huge log", Budget(xml=100))


def test_a_sheet_that_is_not_xml_is_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "broken.xlsx", {"Plan": sheet("<row><c><v>1</v></row>")})
    with pytest.raises(UnreadableWorkbook, match=r"broken.xlsx: is damaged.*sheet 'Plan' is "
                                                 r"not well-formed XML"):
        read(path)


# --- what a read costs to start ------------------------------------------------------------


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh Python process has loaded after running ``code``."""
    code += f"\nimport sys\nprint(sorted(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_read_and_help_load_no_pandas_or_numpy() -> None:
    code = ("from click.testing import CliRunner\nfrom careers_xl.cli import cli\n"
            f"for args in (['--help'], ['read', {str(HUXLOW)!r}]):\n"
            "    assert CliRunner().invoke(cli, args).exit_code == 0")
    assert _loaded_after(code, ("pandas", "numpy", "openpyxl")) == []


def test_a_hub_refresh_loads_no_pandas_or_numpy(tmp_path: Path) -> None:
    """pandas is for hub summaries: a refresh's worker processes start without it."""
    code = ("from pathlib import Path\nfrom careers_xl.hub.refresh import refresh_one\n"
            f"result = refresh_one(Path({str(HUXLOW)!r}), Path({str(tmp_path / 'out.xlsx')!r}), "
            "Path('plan.xlsx'))\nassert result.ok, result.status")
    assert _loaded_after(code, ("pandas", "numpy")) == []
