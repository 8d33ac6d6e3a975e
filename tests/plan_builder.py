"""Build variant master-plan workbooks with openpyxl, the way careers leaders lay them out.

A test describes only what it varies: sheet names, title rows, a Cover, the period labels
merged over the column names, the column names and their order, extra columns, merged
objectives, hidden rows, fills, dates and formulas. Everything else is the usual layout.

    book = PlanBook()
    book.cover([("School", "Huxlow Academy"), ("Academic year", "2025/26")])
    bm1 = book.plan_sheet("BM1 Programme", title_rows=["Gatsby Benchmark 1: ..."])
    row = bm1.add("Objective text", {1: {"Action": "Careers fair", "RAG": Cell(fill="00B050")}})
    path = book.save(tmp_path / "plan.xlsx")
    bm1.ref("RAG", row, period=1)  # -> "G6"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

COLUMNS: tuple[str, ...] = (
    "Action", "Lead", "Progress", "End point", "Impact/ Evidence", "RAG", "Evidence list")
PERIOD_LABELS: tuple[str, ...] = (
    "Action Period 1 (Autumn terms 1 and 2)",
    "Action Period 2 (Spring terms 1 & 2)",
    "Action Period 3 (Summer terms 1 & 2)",
)


@dataclass(frozen=True)
class Cell:
    """A cell value with the trimmings a person adds.

    ``fill`` is an RRGGBB string or an openpyxl ``Color`` (theme or indexed colours);
    ``text`` stores the value as a string cell even when it starts with "=" (typed text,
    not a formula); ``number_format`` is how Excel shows it (dates).
    """

    value: Any = None
    fill: str | Color | None = None
    text: bool = False
    number_format: str | None = None


def write_cell(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Put a plain value or a :class:`Cell` at (row, col)."""
    spec = value if isinstance(value, Cell) else Cell(value)
    cell = ws.cell(row=row, column=col)
    cell.value = spec.value
    if spec.text:
        cell.data_type = "s"
    if spec.number_format:
        cell.number_format = spec.number_format
    if spec.fill is not None:
        colour = spec.fill if isinstance(spec.fill, Color) else Color(rgb="FF" + spec.fill[-6:])
        cell.fill = PatternFill(fill_type="solid", fgColor=colour)


class PlanTable:
    """One plan table on a sheet: where each column is, and rows added under the header."""

    def __init__(self, ws: Worksheet, header_row: int,
                 columns: dict[tuple[int | None, str], int]) -> None:
        self.ws = ws
        self.header_row = header_row
        self.columns = columns  # (period or None for row-level, header) -> column number
        self.next_row = header_row + 1

    def column(self, header: str, period: int | None = None) -> int:
        """The column number of ``header`` (in ``period``, or a row-level column)."""
        return self.columns[(period, header)]

    def ref(self, header: str, row: int, period: int | None = None) -> str:
        """The cell's coordinate, e.g. "G6"."""
        return f"{get_column_letter(self.column(header, period))}{row}"

    def put(self, row: int, header: str, value: Any, period: int | None = None) -> None:
        write_cell(self.ws, row, self.column(header, period), value)

    def add(self, objective: Any = None, periods: Mapping[int, Mapping[str, Any]] | None = None,
            *, row_level: Mapping[str, Any] | None = None, hidden: bool = False) -> int:
        """Add a row: the objective, each period's cells by header, and row-level cells by
        header (Notes, Benchmark...). Returns the row number."""
        row = self.next_row
        self.next_row += 1
        if objective is not None:
            self.put(row, "Objective", objective)
        for period, cells in (periods or {}).items():
            for header, value in cells.items():
                self.put(row, header, value, period)
        for header, value in (row_level or {}).items():
            self.put(row, header, value)
        if hidden:
            self.ws.row_dimensions[row].hidden = True
        return row

    def blank(self, rows: int = 1) -> None:
        """Leave spacer rows."""
        self.next_row += rows

    def merge_down(self, header: str, first: int, last: int, period: int | None = None) -> None:
        """Merge a column over rows ``first``..``last`` (an objective over its actions)."""
        letter = get_column_letter(self.column(header, period))
        self.ws.merge_cells(f"{letter}{first}:{letter}{last}")


class PlanBook:
    """A workbook being built: a Cover, plan sheets and any other sheets, in order."""

    def __init__(self) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.worksheets[0])

    def cover(self, fields: Iterable[tuple[str, Any]], *, name: str = "Cover",
              title: str | None = None) -> Worksheet:
        """A label/value cover sheet, optionally with a title row and a blank row under it."""
        ws = self.wb.create_sheet(name)
        row = 1
        if title is not None:
            ws.cell(row=1, column=1, value=title)
            row = 3
        for label, value in fields:
            ws.cell(row=row, column=1, value=label)
            write_cell(ws, row, 2, value)
            row += 1
        return ws

    def sheet(self, name: str, rows: Iterable[Sequence[Any]] = ()) -> Worksheet:
        """A free-form sheet (Notes, SWOT...), rows written from A1."""
        ws = self.wb.create_sheet(name)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    write_cell(ws, r, c, value)
        return ws

    def plan_sheet(self, name: str, *, title_rows: Sequence[Any] = (),
                   periods: Sequence[str | None] = PERIOD_LABELS,
                   columns: Sequence[str] = COLUMNS,
                   period_columns: Sequence[Sequence[str]] | None = None,
                   before: Sequence[str] = ("Objective",), after: Sequence[str] = (),
                   status_from: str | None = None, gap: int = 1) -> PlanTable:
        """A plan table: title rows, ``gap`` blank rows, the merged period labels (one row,
        left out when every label is None), then the column names.

        ``columns`` are every period's column names, unless ``period_columns`` gives one
        list per period. ``before`` and
        ``after`` are row-level columns left and right of the periods. ``status_from``
        names the column where a second "Status" label starts, as in many templates.
        """
        ws = self.wb.create_sheet(name)
        for r, text in enumerate(title_rows, start=1):
            write_cell(ws, r, 1, text)
        per_period = period_columns or [columns] * len(periods)
        label_row = len(title_rows) + (gap if title_rows else 0) + 1
        has_labels = any(label is not None for label in periods)
        header_row = label_row + int(has_labels)
        layout: dict[tuple[int | None, str], int] = {}
        col = 1
        for header in before:
            layout[(None, header)] = col
            col += 1
        for period, (label, names) in enumerate(zip(periods, per_period, strict=True), 1):
            first = col
            for header in names:
                layout[(period, header)] = col
                col += 1
            if label is not None:
                split = first + list(names).index(status_from) \
                    if status_from is not None and status_from in names else col
                self._merge_label(ws, label_row, first, split - 1, label)
                if split < col:
                    self._merge_label(ws, label_row, split, col - 1, "Status")
        for header in after:
            layout[(None, header)] = col
            col += 1
        for (_, header), number in layout.items():
            ws.cell(row=header_row, column=number, value=header)
        return PlanTable(ws, header_row, layout)

    @staticmethod
    def _merge_label(ws: Worksheet, row: int, first: int, last: int, label: str) -> None:
        ws.cell(row=row, column=first, value=label)
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path
