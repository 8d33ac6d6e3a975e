"""Companion sheets: what one holds, and how it is drawn into an xlsxwriter workbook.

A companion sheet (Strategic Plan, Programme by Year, checklists, SWOT, Learning Outcomes)
is a title, intro lines and blocks (headings, notes, fields, tables) read from a template by
``templates``; this module holds those blocks and paints one sheet row by row with shared
formats, print set-up and dropdowns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Plan

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


@dataclass
class Heading:
    """A bold section heading across the sheet."""

    text: str


@dataclass
class Note:
    """Lines of guidance in italics, one a row."""

    lines: list[str]


@dataclass
class Field:
    """A label (with an optional hint under it) beside a box the school writes in."""

    label: str
    hint: str = ""
    answer: str = ""
    lines: int = 2  # height of the box in lines of text


Cell = str | int | float


@dataclass
class Group:
    """Rows of a table under a bold label spanning the table ("Careers Leaders")."""

    label: str
    rows: list[list[Cell]]


@dataclass
class Table:
    """A table with a shaded header row, optional prompts under it, rows and blank rows."""

    headers: list[str]
    prompts: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # an unlabelled group holds plain rows
    blank_rows: int = 0
    row_height: float = 15
    dropdowns: dict[str, list[str]] = field(default_factory=dict)  # header -> choices
    lead_in: Field | None = None  # a field row written just above the table
    learning_outcomes_column: str | None = None

    @property
    def rows(self) -> list[list[Cell]]:
        """Every pre-filled row, groups flattened in order."""
        return [row for group in self.groups for row in group.rows]


Block = Heading | Note | Field | Table


@dataclass
class CompanionSheet:
    """One extra sheet of the template: a title, intro lines and blocks, top to bottom."""

    name: str
    title: str
    intro: list[str] = field(default_factory=list)
    column_widths: list[float] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def fill_placeholders(pattern: str, **values: object) -> str:
    """Put values into {name} placeholders; plain replacement so other braces are harmless."""
    for key, value in values.items():
        pattern = pattern.replace("{" + key + "}", str(value))
    return pattern


# ----------------------------------------------------------------------------- rendering

_LINE_HEIGHT = 15.0  # points per line of 11pt text
_DEFAULT_WIDTH = 18.0


def _lines_needed(text: str, width: float) -> int:
    """Roughly how many wrapped lines a text takes in a column ``width`` characters wide."""
    per_line = max(width * 1.15, 1.0)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


class _Painter:
    """Writes one companion sheet's blocks row by row with the shared formats."""

    def __init__(self, workbook: Workbook, ws: Worksheet, sheet: CompanionSheet) -> None:
        widths = list(sheet.column_widths)
        columns = max([len(widths), *(len(t.headers) for t in sheet.tables), 2])
        self.widths = widths + [_DEFAULT_WIDTH] * (columns - len(widths))
        self.ws = ws
        self.row = 0
        add = workbook.add_format
        base = {"text_wrap": True, "valign": "top"}
        box = {**base, "border": 1, "border_color": "#8EA9DB"}
        grey = {"italic": True, "font_color": "#595959"}
        self.title = add({"bold": True, "font_size": 14})
        self.intro = add({**base, **grey})
        self.heading = add({"bold": True, "font_size": 12, "bottom": 2, "bottom_color": "#2F5597"})
        self.header = add({**box, "bold": True, "bg_color": "#D9E1F2"})
        self.prompt = add({**box, **grey, "bg_color": "#EEF2F9"})
        self.group = add({**box, "bold": True, "bg_color": "#F2F2F2"})
        self.cell = add(box)
        self.number = add({**box, "align": "center"})
        self.bold = add({"bold": True})
        self.italic = add(grey)

    def span(self, first: int = 0, last: int | None = None) -> float:
        return sum(self.widths[first : (len(self.widths) if last is None else last + 1)])

    def text(self, col: int, value: Cell, fmt: Any) -> None:
        if isinstance(value, str):
            self.ws.write_string(self.row, col, value, fmt)
        else:
            self.ws.write_number(self.row, col, value, self.number if fmt is self.cell else fmt)

    def merged(self, value: str, fmt: Any, first: int = 0, last: int | None = None) -> None:
        """Text across columns first..last (written with write_string, never as a formula)."""
        last = len(self.widths) - 1 if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, "", fmt)
        self.ws.write_string(self.row, first, value, fmt)

    def height(self, lines: int, minimum: float = _LINE_HEIGHT) -> None:
        self.ws.set_row(self.row, max(minimum, lines * _LINE_HEIGHT + 2))

    def line(self, value: str, fmt: Any, lines: int | None = None) -> None:
        if value:
            self.merged(value, fmt)
            self.height(lines or _lines_needed(value, self.span()))
        self.row += 1

    def field(self, item: Field, last: int | None = None) -> None:
        label_fmt = self.header
        if item.hint:
            self.ws.write_rich_string(
                self.row, 0, self.bold, item.label, "\n", self.italic, item.hint, label_fmt
            )
        else:
            self.ws.write_string(self.row, 0, item.label, label_fmt)
        self.merged(item.answer, self.cell, 1, last)
        label_lines = _lines_needed(item.label, self.widths[0])
        if item.hint:
            label_lines += _lines_needed(item.hint, self.widths[0])
        answer_lines = _lines_needed(item.answer, self.span(1, last)) if item.answer else 0
        self.height(max(item.lines, label_lines, answer_lines))
        self.row += 1

    def table(self, table: Table) -> tuple[int, int]:
        """Write a table; returns the first and last of its header rows (for printing)."""
        last_col = len(table.headers) - 1
        if table.lead_in is not None:
            self.field(table.lead_in, last_col)
        first_header = self.row
        for col, header in enumerate(table.headers):
            self.text(col, header, self.header)
        self.height(max(_lines_needed(h, self.widths[c]) for c, h in enumerate(table.headers)))
        self.row += 1
        if table.prompts:
            for col, prompt in enumerate(table.prompts):
                self.text(col, prompt, self.prompt)
            self.height(max(_lines_needed(p, self.widths[c]) for c, p in enumerate(table.prompts)))
            self.row += 1
        last_header = self.row - 1
        first_body = self.row
        for group in table.groups:
            if group.label:
                self.merged(group.label, self.group, 0, last_col)
                self.row += 1
            for row in group.rows:
                self.body_row(row, table)
        for _ in range(table.blank_rows):
            self.body_row([], table)
        for header, choices in table.dropdowns.items():
            col = table.headers.index(header)
            last_body = max(first_body, self.row - 1)
            rule = {"validate": "list", "source": choices}
            self.ws.data_validation(first_body, col, last_body, col, rule)
        return first_header, last_header

    def body_row(self, row: list[Cell], table: Table) -> None:
        lines = 1
        for col in range(len(table.headers)):
            value: Cell = row[col] if col < len(row) else ""
            self.text(col, value, self.cell)
            if isinstance(value, str) and value:
                lines = max(lines, _lines_needed(value, self.widths[col]))
        self.height(lines, table.row_height)
        self.row += 1


def _page_setup(ws: Worksheet, name: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L" + name.replace("&", "&&") + "&RPage &P of &N")
    ws.hide_gridlines(2)


def render_companion_sheet(workbook: Workbook, sheet: CompanionSheet, plan: Plan) -> None:
    """Add ``sheet`` to the workbook as a new worksheet, its title filled from the plan."""
    ws = workbook.add_worksheet(sheet.name)
    painter = _Painter(workbook, ws, sheet)
    for col, width in enumerate(painter.widths):
        ws.set_column(col, col, width)
    title = fill_placeholders(sheet.title, school=plan.school or "", year=plan.academic_year or "")
    painter.line(re.sub(r"\s{2,}", " ", title).strip(" -–—:"), painter.title, 1)
    for text in sheet.intro:
        painter.line(text, painter.intro)
    painter.row += 1
    header_rows: list[tuple[int, int]] = []
    for block in sheet.blocks:
        if isinstance(block, Heading):
            painter.line(block.text, painter.heading, 1)
        elif isinstance(block, Note):
            for text in block.lines:
                painter.line(text, painter.intro)
        elif isinstance(block, Field):
            painter.field(block)
        else:
            header_rows.append(painter.table(block))
            painter.row += 1
    _page_setup(ws, sheet.name)
    if len(header_rows) == 1:
        first, last = header_rows[0]
        ws.repeat_rows(first, last)
        ws.freeze_panes(last + 1, 0)
