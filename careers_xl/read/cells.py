"""One worksheet's cells, read in one pass over its part: the quick way (fast.py) for a sheet
written plainly, else with the XML parser a row at a time. Both give the same tokens, and one
loop keeps what they hold.

Only cells that hold something are kept, with the formats (fill, number format) of the cells
in their rows (a RAG shown only by a fill is an empty cell with a format), so reading costs
what the sheet holds, not the range it declares or the rows it formats, and a read has a bound
(Budget). Merges, hidden rows and column widths come from the same pass.

A cell's value is what Excel holds: text, a number, True/False, an error such as "#N/A", a
date or time when its number format shows one, or a :class:`~careers_xl.model.Formula`
(shared formulas moved to the cell, as Excel shows them).
"""

from __future__ import annotations

import io
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UnreadableWorkbook
from ..model import Formula
from ..package.safety import DAMAGED_XML, UNSAFE_XML
from ..package.sheet import Box, box_ref, col_number
from ..package.xml import MAIN, STRICT_MAIN
from .fast import (
    AFTER_CELL,
    ROW_END,
    ROW_START,
    USUAL,
    Token,
    Unusual,
    cell_parts,
    note_structure,
    plain_tokens,
    row_parts,
)
from .formulas import move_formula
from .styles import CellStyles
from .values import RawValue, from_iso, from_serial, number, row_number, unescape

Value = RawValue | Formula

MAX_CELLS = 1_000_000  # cells holding something, over one workbook (a 50,000-action plan: 370,000)
MAX_SHEET_XML = 256 * 2**20  # bytes of worksheet XML read for one workbook

_DIGITS = "0123456789"
_NAMESPACES = (MAIN, STRICT_MAIN)
_WANTED = tuple(f"{{*}}{tag}" for tag in ("row", "mergeCell", "col"))


class _Tags:
    """The element names of one SpreadsheetML namespace (transitional or Strict)."""

    __slots__ = ("c", "v", "f", "inline", "t", "r")

    def __init__(self, ns: str) -> None:
        self.c, self.v, self.f, self.inline, self.t, self.r = (
            f"{{{ns}}}{tag}" for tag in ("c", "v", "f", "is", "t", "r"))


_TAGS = {ns: _Tags(ns) for ns in _NAMESPACES}
_ROWS = {f"{{{ns}}}row": ns for ns in _NAMESPACES}


@dataclass
class Budget:
    """What one read may still take; hitting either bound refuses the workbook, naming the
    sheet."""

    cells: int = MAX_CELLS
    xml: int = MAX_SHEET_XML


@dataclass
class SheetCells:
    """The cells of one worksheet that hold something, and the sheet's structure."""

    name: str
    rows: dict[int, dict[int, Value]] = field(default_factory=dict)  # row -> col -> value
    styles: dict[int, dict[int, int]] = field(default_factory=dict)  # same rows: col -> format
    merges: list[Box] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)  # of the rows that hold something
    widths: dict[int, float] = field(default_factory=dict)  # first column of a <col> -> width
    state: str = "visible"  # visible, hidden or veryHidden
    width: int = 0  # the last column holding something

    @property
    def merge_refs(self) -> list[str]:
        return [box_ref(box) for box in self.merges]

    def value(self, row: int, col: int) -> Value | None:
        cells = self.rows.get(row)
        return cells.get(col) if cells else None

    def style(self, row: int, col: int) -> int | None:
        """The format of a cell in a row holding something, when it has a fill or a number
        format (None: neither, or no cell there)."""
        styles = self.styles.get(row)
        return styles.get(col) if styles else None

    def row_numbers(self, first: int = 1, last: int | None = None) -> list[int]:
        """The numbers of the rows holding something, in order, from ``first`` to ``last``."""
        return sorted(r for r in self.rows if r >= first and (last is None or r <= last))

    def values(self, row: int, width: int) -> list[Value | None]:
        """Row ``row``'s values in columns 1 to ``width`` (None where empty)."""
        out: list[Value | None] = [None] * width
        for col, value in (self.rows.get(row) or {}).items():
            if col <= width:
                out[col - 1] = value
        return out

    def shown(self, row: int, width: int) -> list[RawValue | None]:
        """Like :meth:`values`, with each formula as its text ("=SUM(A1:A3)")."""
        return [v.text if isinstance(v, Formula) else v for v in self.values(row, width)]

    def iter_shown(self, first: int = 1, last: int | None = None,
                   width: int | None = None) -> Iterator[tuple[int, list[RawValue | None]]]:
        """(row, shown values) of every row holding something, in order."""
        cols = self.width if width is None else width
        for row in self.row_numbers(first, last):
            yield row, self.shown(row, cols)


class SheetScan:
    """Reads worksheet parts with one workbook's shared strings, formats and date system."""

    def __init__(self, path: Path, strings: list[str], styles: CellStyles, date1904: bool,
                 budget: Budget | None = None) -> None:
        self.path = path
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.budget = budget or Budget()
        self._columns: dict[str, int] = {}  # column letters -> number, as met
        self._formats: dict[str | None, tuple[int, bool, bool]] = {}  # s -> _format(s)
        self._shared: dict[str, tuple[str, int, int]] = {}

    def _too_big(self, name: str, what: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(self.path, (
            f"sheet '{name}' {what}, far more than any careers plan; careers-xl stopped "
            "reading it. Copy the plan's sheets into a new workbook and use that."))

    def scan(self, name: str, data: bytes) -> SheetCells:
        """The cells of sheet ``name`` from its part's bytes."""
        self.budget.xml -= len(data)
        if self.budget.xml < 0:
            raise self._too_big(name, f"holds {len(data) / 2**20:,.0f} MB of cells")
        cells_left = self.budget.cells
        sheet = SheetCells(name)
        self._shared = {}
        tokens = plain_tokens(self.path, sheet, data)
        if tokens is not None:
            try:
                self._read(sheet, tokens)
            except Unusual:
                tokens = None
        if tokens is None:  # cells written in a way only the XML parser reads
            sheet, self._shared, self.budget.cells = SheetCells(name), {}, cells_left
            try:
                self._read(sheet, self._parsed(sheet, data))
            except etree.XMLSyntaxError as exc:
                raise UnreadableWorkbook(self.path, DAMAGED_XML.format(f"sheet '{name}'")
                                         ) from exc
        _clear_merged(sheet)
        sheet.width = max((max(cells) for cells in sheet.rows.values()), default=0)
        return sheet

    def _parsed(self, sheet: SheetCells, data: bytes) -> Iterator[Token]:
        """The tokens of ``data`` read with the XML parser, a row at a time (merges and
        column widths go straight to ``sheet``)."""
        events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_WANTED,
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
        for _, element in events:
            ns = _ROWS.get(element.tag)
            if ns is not None:
                tags = _TAGS[ns]
                yield ROW_START + ((element.get("r"), element.get("hidden")), None, None, None)
                for cell in element.iterchildren(tags.c):
                    stored = formula = f_kind = f_group = f_text = inline = None
                    for child in cell:
                        tag = child.tag
                        if tag == tags.v:
                            stored = child.text
                        elif tag == tags.f:
                            formula, f_kind, f_group = "", child.get("t"), child.get("si")
                            f_text = child.text
                        elif tag == tags.inline:
                            inline = rich_text(child, tags)
                    yield USUAL + ((cell.get("r"), cell.get("s"), cell.get("t"), formula,
                                    f_kind, f_group, f_text, stored, inline),) + AFTER_CELL
                yield ROW_END
            else:
                note_structure(element, sheet)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if events.root is not None and events.root.getroottree().docinfo.internalDTD is not None:
            raise UnreadableWorkbook(self.path, UNSAFE_XML)

    def _read(self, sheet: SheetCells, tokens: Iterable[Token]) -> None:
        """Keep the values (and the formats that matter) of the cells ``tokens`` give."""
        strings, count = self.strings, len(self.strings)
        columns, formats_of = self._columns, self._formats
        number_, col, given, hidden = 0, 0, None, False
        values: dict[int, Value] | None = None
        formats: dict[int, int] = {}
        elsewhere: list[tuple[int, int, Value | None, int]] = []  # cells naming another row
        value: Value | None
        for usual, ref, s, kind, f_text, stored, other, row_start, row_end, space, _ in tokens:
            if usual is not None:
                formula = f_text
                f_kind = f_group = inline = None
            elif other is not None:
                ref, s, kind, formula, f_kind, f_group, f_text, stored, inline = (
                    other if type(other) is tuple else cell_parts(other))
            elif row_start is not None:
                if values is not None:
                    raise Unusual  # a row inside a row
                given, hidden_attr = (row_start if type(row_start) is tuple
                                      else row_parts(row_start))
                number_ = row_number(given) if given else number_ + 1
                col, hidden = 0, hidden_attr in ("1", "true")
                values, formats, elsewhere = {}, {}, []
                if type(row_start) is str and row_start.endswith("/>"):
                    values = None  # an empty row
                continue
            elif row_end is not None:
                if values is None:
                    raise Unusual  # the end of a row never started
                self._keep(sheet, number_, values, formats, hidden)
                for row, at, value, style in elsewhere:
                    self._keep(sheet, row, {at: value} if value is not None else {},
                               {at: style} if style in self.styles.kept else {}, False)
                values = None
                continue
            elif space is not None:
                continue
            else:
                raise Unusual  # something no token reads
            if values is None:
                raise Unusual  # a cell outside any row
            row = number_
            if ref:
                letters = ref.rstrip(_DIGITS)
                if letters:
                    col = columns.get(letters) or self._column(letters)
                    if len(letters) < len(ref) and ref[len(letters):] != given:
                        row = row_number(ref[len(letters):])
                else:
                    col += 1
            else:
                col += 1
            style, kept, dated = formats_of.get(s) or self._format(s)
            if formula is not None and f_kind != "dataTable":
                value = self._formula(f_text or "", f_kind, f_group or "", row, col)
            elif kind == "s" and stored and stored.isdigit():
                index = int(stored)
                value = strings[index] if index < count else None
            elif kind is None and stored and not dated:
                value = number(stored)
            elif kind == "inlineStr":
                value = inline
            else:  # a what-if table's cell counts as its result
                value = self._stored(kind, stored, style)
            if row != number_:
                elsewhere.append((row, col, value, style))
            else:
                if value is not None:
                    values[col] = value
                if kept:
                    formats[col] = style
        if values is not None:
            raise Unusual  # a row never ended

    def _format(self, s: str | None) -> tuple[int, bool, bool]:
        """A cell's format index as written in ``s``: (index, worth keeping, shows dates)."""
        index = int(s) if s and s.isdigit() else 0
        found = (index, index in self.styles.kept, index in self.styles.date_styles)
        self._formats[s] = found
        return found

    def _column(self, letters: str) -> int:
        col = self._columns[letters] = col_number(letters)
        return col

    def _keep(self, sheet: SheetCells, row: int, values: dict[int, Value],
              formats: dict[int, int], hidden: bool) -> None:
        """Add one row's values (and the formats of its cells) to ``sheet``."""
        if row in sheet.rows:  # a row given twice: its cells add up, the later win
            sheet.rows[row].update(values)
            sheet.styles.setdefault(row, {}).update(formats)
        elif values:
            sheet.rows[row] = values
            if formats:
                sheet.styles[row] = formats
        else:
            return
        if hidden:
            sheet.hidden_rows.add(row)
        self.budget.cells -= len(values)
        if self.budget.cells < 0:
            raise self._too_big(sheet.name, f"holds more than {MAX_CELLS:,} filled cells")

    def _stored(self, kind: str | None, text: str | None, style: int) -> Value | None:
        """The value of a cell of type ``kind`` whose <v> holds ``text``."""
        if not text:
            return None
        if kind is None or kind == "n":
            value = number(text)
            if style in self.styles.date_styles and not isinstance(value, str):
                try:
                    return from_serial(value, self.date1904,
                                       style in self.styles.elapsed_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # a date Excel cannot show either
            return value
        if kind == "s":
            return None  # a shared string that is not there
        if kind == "b":
            return text.strip() not in ("0", "false")
        if kind == "d":
            return from_iso(text) or text
        return text  # str (a formula's text result), e (an error such as #N/A)

    def _formula(self, text: str, kind: str | None, group: str, row: int, col: int) -> Formula:
        """A formula cell; a shared formula's followers get the master moved to them."""
        if kind == "shared":
            master = self._shared.get(group)
            if master is not None:
                first, at_row, at_col = master
                return Formula("=" + move_formula(first, row - at_row, col - at_col))
            if text:
                self._shared[group] = (text, row, col)
        return Formula("=" + text)


def rich_text(item: etree._Element, tags: _Tags) -> str:
    """The text of a string item (<si> or <is>): its runs joined, phonetic guides left out."""
    if len(item) == 1 and item[0].tag == tags.t:
        return unescape(item[0].text or "")
    parts = []
    for child in item:
        if child.tag == tags.t:
            parts.append(child.text or "")
        elif child.tag == tags.r:
            parts.extend(t.text or "" for t in child.iterchildren(tags.t))
    return unescape("".join(parts))


def string_tags(root: etree._Element) -> _Tags:
    """The element names of the namespace ``root`` (a shared-strings part) is in."""
    return _TAGS.get(etree.QName(root).namespace or "", _TAGS[MAIN])


def _clear_merged(sheet: SheetCells) -> None:
    """Empty the cells a merge hides (all but its top-left), as Excel shows them: only the
    rows that hold something are visited, however tall the merge (B1:B1048576)."""
    if not sheet.merges:
        return
    rows = sorted(sheet.rows)
    for top, left, bottom, right in sheet.merges:
        for row in rows[bisect_left(rows, top):bisect_right(rows, bottom)]:
            values = sheet.rows.get(row)
            if values is None:
                continue
            for store in (values, sheet.styles.get(row, {})):
                for col in [c for c in store if left <= c <= right and (row, c) != (top, left)]:
                    del store[col]
            if not values:
                del sheet.rows[row]
                sheet.styles.pop(row, None)
                sheet.hidden_rows.discard(row)
