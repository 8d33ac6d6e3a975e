"""The direct reader against openpyxl, an independent reader, cell by cell.

Every workbook we have is read both ways: the fixtures, plans built here with plan_builder
(fills in rgb, theme, tint and indexed colours, dates, hidden rows, merges, formulas), and
the sample of real files in tests/corpus (saved by Excel, LibreOffice, Gnumeric, WPS and
written by other libraries; rebuilt by ``scripts/fetch_corpus.py --sample tests/corpus``).
Set CAREERS_XL_CORPUS to a folder (the ~1,000-file corpus/) to compare every file in it too.

For every worksheet the two must agree on each cell's value, the fill colour of each cell in
a row that holds something (resolved: theme and tint, the workbook's own indexed palette),
the merged ranges and the hidden rows. The differences that are right are made explicit in
``expected``:

- Excel escapes characters as ``_xHHHH_`` (``_x000D_`` is a carriage return); the reader
  shows the character, as Excel does; openpyxl keeps the escape text.
- A what-if data table's cells hold their results; openpyxl gives a DataTableFormula object
  for them, so the oracle takes their stored results (openpyxl with data_only).
- An array formula is its text, as Excel shows it; openpyxl gives an ArrayFormula object
  whose text is the same.
- Cells under a merge (all but its top-left) are empty, as Excel shows them, in both.

Files openpyxl cannot load at all are not compared (the reader may read them: that is the
point), nor are the files neither reader opens.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import EXAMPLES
from openpyxl.cell.cell import MergedCell
from openpyxl.styles.colors import Color
from openpyxl.styles.fills import PatternFill
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from plan_builder import Cell, PlanBook

from careers_xl.errors import CareersXLError
from careers_xl.model import Formula
from careers_xl.read import cells as cells_module
from careers_xl.read.book import Book, open_book
from careers_xl.read.styles import DEFAULT_PALETTE, theme_colours
from careers_xl.read.values import unescape

CORPUS_SAMPLE = Path(__file__).parent / "corpus"
# Files openpyxl cannot be the oracle for, and why (the reader is checked on them elsewhere).
OPENPYXL_CANNOT = {
    "closedxml__DrawingSizeInPx.xlsx": "a merge over a whole column (B1:B1048576): openpyxl "
                                       "makes a cell for each of its million cells (minutes)",
    # In the full corpus (CAREERS_XL_CORPUS=corpus) only:
    "spec__integration__data__test-issue-877.xlsx":
        "openpyxl gives an empty cell with a hyperlink the link's address as its value",
    "spec__integration__data__shared_string_with_escape.xlsx":
        "_x005F_ escapes an underscore (_x005F_x000D_ is the text _x000D_): openpyxl drops "
        "it, so its text differs",
    "tests__data__Reader__XLSX__issue.4724.xlsx": "_x005F_ escapes, as above",
    "test-data__spreadsheet__NewlineInFormulas.xlsx":
        "openpyxl's formula tokenizer moves a line break when it moves a shared formula; the "
        "reader moves only the references",
    "test-data__spreadsheet__testSharedFormulasRangeSetBlankBug.xlsx":
        "openpyxl's formula tokenizer drops repeated spaces in the shared formulas it moves",
}
# Strict Open XML names (openpyxl reads only the transitional ones) -> transitional names.
STRICT_NAMES = {
    b"http://purl.oclc.org/ooxml/spreadsheetml/main":
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships":
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/drawingml/main":
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
}


def renamed(src: Path, dst: Path, names: dict[bytes, bytes]) -> Path:
    """A copy of workbook ``src`` with namespace and relationship names replaced in every XML
    part (Strict to transitional, or back)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for old, new in names.items():
                    data = data.replace(old, new)
            zout.writestr(info, data)
    return dst


def built_plans(folder: Path) -> list[Path]:
    """Plans written with openpyxl the ways careers leaders make them."""
    book = PlanBook()
    book.cover([("School", "Differential Academy"), ("Academic year", "2025/26"),
                ("Start", datetime(2025, 9, 1)), ("Break", time(10, 30))])
    bm1 = book.plan_sheet("BM1 Programme", title_rows=["Gatsby Benchmark 1: A stable programme"])
    fills: list[Any] = ["FF0000", "00B050", "FFC000", Color(theme=5), Color(theme=6, tint=0.4),
                        Color(theme=9, tint=-0.25), Color(indexed=10), Color(indexed=13),
                        Color(indexed=64), Color(theme=0)]
    for n, fill in enumerate(fills):
        bm1.add(f"Objective {n}", {1: {"Action": f"Action {n}", "RAG": Cell(fill=fill),
                                       "End point": Cell(datetime(2026, 2, n + 1),
                                                         number_format="dd/mm/yyyy")},
                                   2: {"Action": "=CONCATENATE(\"a\",\"b\")",
                                       "Lead": "ZCO/JHO", "RAG": "Green"}},
                hidden=n % 4 == 1)
    first = bm1.add("Merged objective", {3: {"Action": "Fair", "End point": 45000.5,
                                             "Progress": Cell("=A1", text=True)}})
    bm1.add("Under the merge", {3: {"Action": "Second"}})
    bm1.merge_down("Objective", first, first + 1)
    book.sheet("Notes", [["Text", "Number", "Date", "Bool", "Time"],
                         ["x_x000D_y", 116.87999999999998, datetime(1900, 1, 1), True,
                          time(23, 59, 59)],
                         ["=1+2", -0.0, datetime(2026, 7, 20, 13, 45), False, None]])
    return [book.save(folder / "built-plan.xlsx")]


def corpus_files() -> list[Path]:
    found = sorted(p for p in CORPUS_SAMPLE.glob("*.xls[xm]"))
    extra = os.environ.get("CAREERS_XL_CORPUS")
    if extra:
        found += sorted(Path(extra).rglob("*.xls[xm]"))
    return found


def _theme(wb: Any) -> tuple[str, ...]:
    from lxml import etree

    raw = getattr(wb, "loaded_theme", None)
    return theme_colours(etree.fromstring(raw) if raw else None)


def _oracle_fill(fill: Any, theme: tuple[str, ...], palette: tuple[str, ...]
                 ) -> tuple[str, float] | None:
    """A cell's fill colour by openpyxl's reading of the styles: the rule Excel applies."""
    if fill is None or fill.tagname != PatternFill.tagname or fill.fill_type in (None, "none"):
        return None  # no fill, or a gradient
    color = fill.fgColor
    if color.type == "indexed":
        index = color.indexed
        return (palette[index][-6:].upper(), 0.0) if index < min(len(palette), 64) else None
    if color.type == "theme":
        return (theme[color.theme], float(color.tint or 0.0)) if color.theme < len(theme) \
            else None
    if color.type == "rgb":
        return color.rgb[-6:].upper(), 0.0
    return None


def _oracle_value(cell: Any, stored: Any) -> Any:
    """A cell's value as the reader gives it, from openpyxl's cell (and its stored result)."""
    value = cell.value
    if isinstance(value, DataTableFormula):
        return stored
    if isinstance(value, ArrayFormula):
        return Formula(value.text or "=")
    if cell.data_type == "f":
        return Formula(str(value))
    if isinstance(value, str):
        return unescape(value)
    return value


def differences(path: Path, oracle_path: Path | None = None) -> Iterator[str]:
    """Every way the direct reader and openpyxl disagree about ``path`` (openpyxl reads
    ``oracle_path`` instead when given: the same workbook in names it knows)."""
    if path.name in OPENPYXL_CANNOT:
        pytest.skip(OPENPYXL_CANNOT[path.name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(oracle_path or path, rich_text=False)
            results = openpyxl.load_workbook(oracle_path or path, data_only=True,
                                             rich_text=False)
        except Exception as exc:  # noqa: BLE001 - openpyxl cannot read it: nothing to compare
            pytest.skip(f"openpyxl cannot load it ({type(exc).__name__})")
    try:
        book = open_book(path)
    except CareersXLError as exc:
        if wb.worksheets or "no worksheets" not in str(exc):
            yield f"the reader refused a workbook openpyxl loads: {exc}"
        return
    theme = _theme(wb)
    palette = tuple(wb._colors) if getattr(wb, "_colors", None) else DEFAULT_PALETTE
    infos = {info.name: info for info in book.worksheets}
    names = [ws.title for ws in wb.worksheets]
    if names != list(infos):
        yield f"worksheets {list(infos)} != openpyxl's {names}"
    for ws in wb.worksheets:
        if ws.title not in infos:
            continue
        yield from _sheet_differences(book, infos[ws.title], ws, results[ws.title], theme,
                                      palette)


def _sheet_differences(book: Book, info: Any, ws: Any, stored: Any, theme: tuple[str, ...],
                       palette: tuple[str, ...]) -> Iterator[str]:
    cells = book.cells(info)
    expected: dict[tuple[int, int], Any] = {}
    for (row, col), cell in ws._cells.items():
        if isinstance(cell, MergedCell) or cell.value is None:
            continue
        expected[(row, col)] = _oracle_value(cell, stored.cell(row, col).value)
    found = {(row, col): value for row, values in cells.rows.items()
             for col, value in values.items()}
    for position in sorted(set(expected) | set(found)):
        want, got = expected.get(position), found.get(position)
        if not _same(want, got):
            yield f"{ws.title}!{position}: {got!r} != openpyxl's {want!r}"
    for row in cells.rows:
        for col in range(1, cells.width + 1):
            cell = ws._cells.get((row, col))
            want = _oracle_fill(cell.fill, theme, palette) if cell is not None and \
                not isinstance(cell, MergedCell) else None
            got = book.styles.fill(cells.style(row, col))
            if want != got:
                yield f"{ws.title}!{(row, col)} fill: {got} != openpyxl's {want}"
    merges = {str(r) for r in ws.merged_cells.ranges}
    if set(cells.merge_refs) != merges:
        yield f"{ws.title} merges: {sorted(cells.merge_refs)} != openpyxl's {sorted(merges)}"
    hidden = {r for r, dim in ws.row_dimensions.items() if dim.hidden} & set(cells.rows)
    if cells.hidden_rows != hidden:
        yield f"{ws.title} hidden rows: {sorted(cells.hidden_rows)} != {sorted(hidden)}"
    if cells.state != ws.sheet_state:
        yield f"{ws.title} state: {cells.state} != {ws.sheet_state}"


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        return want == got or (want != want and got != got)  # NaN
    if type(want) is not type(got) and not (isinstance(want, int | float) and
                                            isinstance(got, int | float)):
        return False
    if isinstance(want, timedelta | time | datetime):
        return want == got
    return bool(want == got)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    built_plans(folder)
    return folder


WORKBOOKS = [*EXAMPLES, *corpus_files()]


def _id(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("path", WORKBOOKS, ids=_id)
def test_same_cells_as_openpyxl(path: Path, tmp_path: Path) -> None:
    strict = open_book(path).strict if zipfile.is_zipfile(path) and _opens(path) else False
    oracle = renamed(path, tmp_path / path.name, STRICT_NAMES) if strict else None
    found = list(differences(path, oracle))
    assert not found, "\n".join(found[:20])


def _opens(path: Path) -> bool:
    try:
        open_book(path)
    except CareersXLError:
        return False
    return True


def test_same_cells_as_openpyxl_on_built_plans(built: Path) -> None:
    for path in sorted(built.glob("*.xlsx")):
        found = list(differences(path))
        assert not found, "\n".join(found[:20])


def _all_cells(path: Path) -> list[tuple[Any, ...]]:
    book = open_book(path)
    return [(c.name, c.rows, c.styles, c.merges, c.hidden_rows, c.widths, c.width)
            for c in map(book.cells, book.worksheets)]


@pytest.mark.parametrize("path", WORKBOOKS, ids=_id)
def test_quick_way_and_xml_parser_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plainly written sheet's cells read by the regular expression are what the XML parser
    reads from it."""
    try:
        quick = _all_cells(path)
    except CareersXLError:
        return  # refused either way (checked by the bad-input tests)
    monkeypatch.setattr(cells_module, "plain_tokens", lambda *args: None)
    assert _all_cells(path) == quick


def test_the_sample_is_there() -> None:
    """The corpus sample is committed (tests/corpus/README.md): every file SOURCES.tsv lists
    is there, so the differential test covers real files on a fresh clone."""
    listed = [line.split("\t", 1)[0] for line in
              (CORPUS_SAMPLE / "SOURCES.tsv").read_text().splitlines()[1:] if line]
    missing = [name for name in listed if not (CORPUS_SAMPLE / name).exists()]
    assert not missing, "rebuild with python scripts/fetch_corpus.py --sample tests/corpus"
    assert all(zipfile.is_zipfile(CORPUS_SAMPLE / n) or (CORPUS_SAMPLE / n).stat().st_size < 20_000
               for n in listed)
