"""One worksheet's cells, read in a single streaming pass over its part.

Only cells that hold something are kept, with the format index of the cells beside them
(a RAG shown only by a fill is an empty cell with a format), so reading costs what the sheet
holds, not the range it declares or the rows it formats. Each row is dropped from memory as
soon as it is read. Merges, hidden rows and column widths come from the same pass.

A cell's value is what Excel holds: text, a number, True/False, an error such as "#N/A", a
date or time when its number format shows one, or a :class:`~careers_xl.model.Formula`
(shared formulas moved to the cell, as Excel shows them).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UnreadableWorkbook
from ..model import Formula
from ..package.sheet import Box, box_ref, boxes
from ..package.xml import MAIN, STRICT_MAIN
from ..safety import DAMAGED_XML, UNSAFE_XML
from .formulas import move_formula
from .styles import CellStyles
from .values import RawValue, from_iso, from_serial, number, unescape

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
_MERGES = {f"{{{ns}}}mergeCell" for ns in _NAMESPACES}
_COLS = {f"{{{ns}}}col" for ns in _NAMESPACES}


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

    @property
    def width(self) -> int:
        """The last column holding something (0 for an empty sheet)."""
        return max((max(cells) for cells in self.rows.values() if cells), default=0)

    @property
    def merge_refs(self) -> list[str]:
        return [box_ref(box) for box in self.merges]

    def value(self, row: int, col: int) -> Value | None:
        cells = self.rows.get(row)
        return cells.get(col) if cells else None

    def style(self, row: int, col: int) -> int:
        styles = self.styles.get(row)
        return styles.get(col, 0) if styles else 0

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
        self._columns: dict[str, int] = {}

    def _too_big(self, name: str, what: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(self.path, (
            f"sheet '{name}' {what}, far more than any careers plan; careers-xl stopped "
            "reading it. Copy the plan's sheets into a new workbook and use that."))

    def scan(self, name: str, data: bytes) -> SheetCells:
        """The cells of sheet ``name`` from its part's bytes."""
        self.budget.xml -= len(data)
        if self.budget.xml < 0:
            raise self._too_big(name, f"holds {len(data) / 2**20:,.0f} MB of cells")
        sheet = SheetCells(name)
        self._shared: dict[str, tuple[str, int, int]] = {}
        events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_WANTED,
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
        row_number = 0
        try:
            for _, element in events:
                tag = element.tag
                if tag in _ROWS:
                    row_number = self._row(element, _TAGS[_ROWS[tag]], row_number, sheet)
                    if self.budget.cells < 0:
                        raise self._too_big(name, f"holds more than {MAX_CELLS:,} filled cells")
                elif tag in _MERGES:
                    sheet.merges += boxes(element.get("ref", ""))
                elif tag in _COLS:
                    width, first = element.get("width"), element.get("min")
                    if width and first and first.isdigit():
                        sheet.widths[int(first)] = float(width)
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
            root = events.root
        except etree.XMLSyntaxError as exc:
            raise UnreadableWorkbook(self.path, DAMAGED_XML.format(f"sheet '{name}'")) from exc
        if root is not None and root.getroottree().docinfo.internalDTD is not None:
            raise UnreadableWorkbook(self.path, UNSAFE_XML)
        _clear_merged(sheet)
        return sheet

    def _column(self, letters: str) -> int:
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        self._columns[letters] = col
        return col

    def _row(self, element: etree._Element, tags: _Tags, previous: int,
             sheet: SheetCells) -> int:
        """Read one <row>: keep its values, and the formats of its cells if it has any."""
        given = element.get("r")
        number_ = _row_number(given) if given else previous + 1
        values: dict[int, Value] = {}
        formats: dict[int, int] = {}
        elsewhere: list[tuple[int, int, Value | None, int]] = []  # cells naming another row
        col = 0
        v_tag, columns, strings = tags.v, self._columns, self.strings
        kept_styles, date_styles = self.styles.kept, self.styles.date_styles
        for cell in element.iterchildren(tags.c):
            ref = cell.get("r")
            row = number_
            if ref:
                letters = ref.rstrip(_DIGITS)
                if letters:
                    col = columns.get(letters) or self._column(letters)
                    if ref[len(letters):] != given and len(letters) < len(ref):
                        row = _row_number(ref[len(letters):])
                else:
                    col += 1
            else:
                col += 1
            s = cell.get("s")
            style = int(s) if s and s.isdigit() else 0
            children = len(cell)
            if children == 1 and (first := cell[0]).tag == v_tag:
                text, kind = first.text, cell.get("t")
                if kind == "s" and text and text.isdigit() and int(text) < len(strings):
                    value: Value | None = strings[int(text)]
                elif kind is None and text and style not in date_styles:
                    value = number(text)
                else:
                    value = self._stored(kind, text, style)
            elif children:
                value = self._cell(cell, tags, style, row, col)
            else:
                value = None
            if row != number_:
                elsewhere.append((row, col, value, style))
                continue
            if value is not None:
                values[col] = value
            if style in kept_styles:
                formats[col] = style
        if values:
            self._keep(sheet, number_, values, formats, element.get("hidden") in ("1", "true"))
        for row, col, value, style in elsewhere:
            self._keep(sheet, row, {col: value} if value is not None else {},
                       {col: style} if style in kept_styles else {}, False)
        return number_

    def _keep(self, sheet: SheetCells, row: int, values: dict[int, Value],
              formats: dict[int, int], hidden: bool) -> None:
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

    def _cell(self, cell: etree._Element, tags: _Tags, style: int, row: int,
              col: int) -> Value | None:
        """A cell with a formula, an inline string or anything but a lone <v>."""
        stored = formula = inline = None
        for child in cell:
            tag = child.tag
            if tag == tags.v:
                stored = child.text
            elif tag == tags.f:
                formula = child
            elif tag == tags.inline:
                inline = child
        kind = cell.get("t")
        if formula is not None and formula.get("t") != "dataTable":
            return self._formula(formula, row, col)
        if kind == "inlineStr":
            return rich_text(inline, tags) if inline is not None else None
        return self._stored(kind, stored, style)  # a what-if table's cell: its result

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
            index = int(text) if text.isdigit() else -1
            return self.strings[index] if 0 <= index < len(self.strings) else None
        if kind == "b":
            return text.strip() not in ("0", "false")
        if kind == "d":
            return from_iso(text) or text
        return text  # str (a formula's text result), e (an error such as #N/A)

    def _formula(self, element: etree._Element, row: int, col: int) -> Formula:
        """A formula cell; a shared formula's followers get the master moved to them."""
        text = element.text or ""
        if element.get("t") == "shared":
            group = element.get("si", "")
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


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return int(float(text)) if text.replace(".", "", 1).isdigit() else 0


def _clear_merged(sheet: SheetCells) -> None:
    """Empty the cells a merge hides (all but its top-left), as Excel shows them."""
    for top, left, bottom, right in sheet.merges:
        if bottom - top < len(sheet.rows):
            rows = [r for r in range(top, bottom + 1) if r in sheet.rows]
        else:  # a tall merge (B1:B1048576): walk the rows that exist instead
            rows = [r for r in sheet.rows if top <= r <= bottom]
        for row in rows:
            for store in (sheet.rows[row], sheet.styles.get(row, {})):
                for col in [c for c in store if left <= c <= right]:
                    if (row, col) != (top, left):
                        del store[col]
            if not sheet.rows[row]:
                del sheet.rows[row]
                sheet.styles.pop(row, None)
                sheet.hidden_rows.discard(row)
