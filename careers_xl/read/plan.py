"""Read a master strategic-plan workbook into a :class:`~careers_xl.model.Plan`.

The reader finds the plan table on each sheet (a column-name row with Action, Lead, RAG...,
usually under merged period headers), walks its rows, and collects every problem with the
cell it is in. Sheets it does not understand are carried cell by cell so nothing is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..dates.end_points import EndPoint, parse_end_point
from ..dates.terms import school_calendar
from ..errors import NoPlanFound
from ..model import (
    BENCHMARK_TITLES,
    PERIOD_FIELDS,
    AcademicYear,
    Action,
    Benchmark,
    CarriedSheet,
    CellValue,
    ExtraColumn,
    Formula,
    Objective,
    Plan,
    PlanSheet,
    Rag,
    cell_ref,
)
from ..package.opc import Package
from ..package.sheet import col_letters, coordinate
from ..rules.compass import compass_percent
from ..rules.rag import rag_from_rgb, rag_from_text
from .book import Book, open_book
from .cells import SheetCells, Value
from .cover import looks_like_cover, read_cover
from .headers import (
    benchmark_number,
    header_field,
    objective_code,
    period_of_label,
    split_leads,
    split_lines,
    text_or_none,
    typed_benchmark_title,
)
from .owned import owned_kind, read_history_sheet, read_lists
from .styles import CellStyles

HEADER_SEARCH_ROWS = 30
_Pending = tuple[Action, Any, str | None, str]  # action, end point value, number format, cell


@dataclass
class _Layout:
    """Where things are on one plan sheet's table."""

    header_row: int
    width: int  # the sheet's last used column
    above: dict[int, str] = field(default_factory=dict)  # col -> period label over it
    objective_col: int | None = None
    benchmark_col: int | None = None
    blocks: dict[int, dict[str, int]] = field(default_factory=dict)  # period -> field -> col
    extras: dict[int, ExtraColumn] = field(default_factory=dict)  # col -> extra column


_MIDNIGHT = time()


def cell_value(value: Value | None) -> CellValue | None:
    """A cell's value as the model keeps it: blank text as empty, midnight datetimes as dates,
    times of day and durations as their text."""
    if type(value) is str:  # the usual case, quickly
        return value if value.strip() else None
    if isinstance(value, datetime):
        return value.date() if value.time() == _MIDNIGHT else value
    if value is None or isinstance(value, int | float | date | Formula):  # bool is an int
        return value
    return str(value)


def read_plan(source: str | Path | Package) -> Plan:
    """Read the workbook at ``source`` (a path, or a package the caller has open).

    Raises UnreadableWorkbook or NoPlanFound."""
    book = open_book(source)
    path = book.path
    plan = Plan(sheet_order=list(book.sheet_names))
    layouts: dict[str, tuple[SheetCells, _Layout]] = {}
    for info in book.worksheets:
        kind = owned_kind(book, info)
        if kind is not None:
            plan.owned_sheets[info.name] = kind
            continue
        cells = book.cells(info)
        layout = _find_layout(cells)
        if layout is not None:
            layouts[info.name] = cells, layout
    for info in book.worksheets:
        kind = plan.owned_sheets.get(info.name)
        if info.name in layouts or kind == "dashboard":
            continue  # careers-xl rebuilds its Dashboard from the plan
        cells = book.cells(info)
        if kind in ("history", "compass history"):
            read_history_sheet(cells, plan, kind)
        elif kind == "lists":
            read_lists(cells, plan)
        elif plan.cover_sheet is None and looks_like_cover(cells):
            read_cover(cells, plan)
            plan.cover_sheet = info.name
        else:
            plan.carried.append(_carry(cells))
    if not layouts:
        raise NoPlanFound(path, "no plan table found: careers-xl looks for a header row with "
                                "Action, Lead and RAG columns (under Autumn/Spring/Summer "
                                "periods) on at least one sheet.")

    if plan.academic_year is None:
        plan.academic_year = _after_history(_year_from_text(book, layouts, path), plan)
    pending: list[_Pending] = []
    for cells, layout in layouts.values():
        _read_sheet(cells, layout, plan, book.styles, pending)
    _resolve_end_points(plan, pending)
    for action in plan.actions:
        for lead in action.leads:
            plan.staff.setdefault(lead, lead)
    return plan


def _find_layout(cells: SheetCells) -> _Layout | None:
    """Locate the column-name row and map every column of the table."""
    width = cells.width
    for header_row in cells.row_numbers(1, HEADER_SEARCH_ROWS):
        fields = [header_field(v) if isinstance(v, str) else None
                  for v in cells.shown(header_row, width)]
        known = {f for f in fields if f}
        if "action" in known and len(known) >= 3:
            above = _period_labels(cells, header_row - 1, width) if header_row > 1 else {}
            # A plan table has a RAG column or Autumn/Spring/Summer periods; a strategic
            # plan's Objective/Actions/Responsible table has neither and is carried as is.
            if "rag" in known or any(period_of_label(v) for v in above.values()):
                return _map_columns(cells, header_row, fields, width, above)
    return None


def _period_labels(cells: SheetCells, period_row: int, width: int) -> dict[int, str]:
    """Column -> label of the merged period header row (every column of a merge)."""
    labels: dict[int, str] = {}
    for col, value in enumerate(cells.shown(period_row, width), start=1):
        if value is not None and str(value).strip():
            labels[col] = str(value).strip()
    for top, left, bottom, right in cells.merges:
        if top <= period_row <= bottom and left in labels:
            for col in range(left, right + 1):
                labels[col] = labels[left]
    return labels


def _map_columns(cells: SheetCells, header_row: int, fields: list[str | None], width: int,
                 above: dict[int, str]) -> _Layout:
    layout = _Layout(header_row, width, above)
    headers = cells.shown(header_row, width)
    period = 0
    block: dict[str, int] = {}
    used: set[int] = set()
    for index, name in enumerate(fields):
        col = index + 1
        # A period starts at the first column under its merged label (its columns may come
        # in any order), or, without labels, at each Action column.
        labelled = None if name in ("objective", "benchmark") else period_of_label(above.get(col))
        if (labelled and labelled not in used) or (
                name == "action" and (period == 0 or "action" in block)):
            period = labelled if labelled and labelled not in used else period + 1
            while period in used:
                period += 1
            used.add(period)
            block = layout.blocks.setdefault(period, {})
        if period == 0 and name in ("objective", "benchmark"):
            setattr(layout, f"{name}_col", col)
        elif period and name in PERIOD_FIELDS and name not in block:
            block[name] = col
        else:
            header = headers[index]
            text = str(header).strip() if header is not None and str(header).strip() else ""
            layout.extras[col] = ExtraColumn(text or f"Column {col_letters(col)}",
                                             period or None, col)
    # An extra column right of the last period's seven columns belongs to the whole row,
    # unless the period's merged label spans it.
    if layout.blocks:
        last = max(layout.blocks)
        last_col = max(layout.blocks[last].values())
        for col, extra in layout.extras.items():
            if extra.period == last and col > last_col and period_of_label(above.get(col)) != last:
                extra.period = None
    return layout


def _plan_sheet(cells: SheetCells, layout: _Layout, plan: Plan) -> PlanSheet:
    sheet = PlanSheet(name=cells.name, benchmark_column=layout.benchmark_col is not None,
                      header_row=layout.header_row, objective_col=layout.objective_col,
                      benchmark_col=layout.benchmark_col,
                      columns={p: dict(cols) for p, cols in layout.blocks.items()})
    header_row = layout.header_row
    has_period_row = any(period_of_label(v) for v in layout.above.values())
    last_preamble = header_row - 1 - int(has_period_row)
    for _, row in cells.iter_shown(1, last_preamble) if last_preamble else ():
        sheet.preamble.extend(str(v).strip() for v in row if v is not None and str(v).strip())
    if has_period_row:
        for period, cols in layout.blocks.items():
            label = layout.above.get(cols.get("action", 0))
            if label:
                sheet.period_labels[period] = label
    header_cells = cells.shown(header_row, layout.width)
    for cols in layout.blocks.values():
        for name, col in cols.items():
            sheet.column_labels.setdefault(name, str(header_cells[col - 1]).strip())
    if layout.objective_col:
        sheet.column_labels["objective"] = str(header_cells[layout.objective_col - 1])
    sheet.extra_columns = list(layout.extras.values())
    sheet.benchmark = benchmark_number(cells.name)
    for line in sheet.preamble:
        sheet.benchmark = sheet.benchmark or benchmark_number(line)
    if sheet.benchmark:
        bench = _benchmark(plan, sheet.benchmark)
        titled = False
        for line in sheet.preamble:
            percent = compass_percent(line)
            if percent is not None:
                bench.compass_percent = percent
            elif not titled and benchmark_number(line) == sheet.benchmark and \
                    (title := typed_benchmark_title(line)):
                bench.title = title
                titled = True
    return sheet


def _benchmark(plan: Plan, number: int) -> Benchmark:
    """The plan's benchmark ``number``, added with its standard wording when new."""
    return plan.benchmarks.setdefault(number, Benchmark(number, BENCHMARK_TITLES[number]))


_NOTHING = (None,) * len(PERIOD_FIELDS)


@dataclass
class _Period:
    """One period's columns on a plan sheet, ready for reading row after row."""

    number: int
    cols: dict[str, int]  # field -> column (1-based)
    refs: dict[str, str]  # field -> where its problems are reported, less the row number
    extras: list[tuple[int, str]]  # (index, header) of the period's extra columns
    # A row's values (with one None past its last column) -> the period's fields, in
    # PERIOD_FIELDS order.
    fields: Callable[[list[CellValue | None]], tuple[CellValue | None, ...]]


def _periods(name: str, layout: _Layout) -> list[_Period]:
    prefix = _sheet_prefix(name)
    periods = []
    for number, cols in sorted(layout.blocks.items()):
        fallback = cols.get("action") or min(cols.values())
        refs = {field: prefix + col_letters(cols.get(field) or fallback)
                for field in PERIOD_FIELDS}
        extras = [(col - 1, e.header) for col, e in layout.extras.items() if e.period == number]
        at = [cols[field] - 1 if field in cols else layout.width for field in PERIOD_FIELDS]
        periods.append(_Period(number, cols, refs, extras, itemgetter(*at)))
    return periods


def _read_sheet(cells: SheetCells, layout: _Layout, plan: Plan, styles: CellStyles,
                pending: list[_Pending]) -> None:
    sheet = _plan_sheet(cells, layout, plan)
    plan.sheets.append(sheet)
    name, width = cells.name, layout.width
    periods = _periods(name, layout)
    row_extras_at = [(col - 1, e.header) for col, e in layout.extras.items() if e.period is None]
    col = layout.objective_col
    merged_objectives = {top for top, left, bottom, right in cells.merges
                         if col and left <= col <= right and bottom > top}
    current: Objective | None = None
    for row in cells.row_numbers(layout.header_row + 1):
        values: list[CellValue | None] = [None] * (width + 1)
        for col, raw in cells.rows[row].items():
            if col <= width:
                if type(raw) is str:  # the usual case, quickly
                    values[col - 1] = raw if raw and not raw.isspace() else None
                else:
                    values[col - 1] = cell_value(raw)
        if values.count(None) > width:
            continue
        current = _objective_for_row(name, row, values, layout, sheet, plan, current,
                                     row in merged_objectives)
        row_extras = _present(values, row_extras_at) if row_extras_at else {}
        hidden = row in cells.hidden_rows
        formats = cells.styles.get(row, {})
        found = False
        for period in periods:
            period_extras = _present(values, period.extras) if period.extras else {}
            fields = period.fields(values)
            if not period_extras and fields == _NOTHING:
                continue
            action = _read_action(row, fields, period, plan, styles, formats, pending)
            action.extra = {**period_extras, **row_extras}
            action.hidden = hidden
            current.actions.append(action)
            found = True
        if row_extras and not found:
            plan.warn(cell_ref(name, f"A{row}"),
                      f"Row {row} has notes but no action; add an action to keep them.")
        if hidden:
            plan.warn(cell_ref(name, f"A{row}"),
                      f"Row {row} is hidden in Excel; careers-xl read it anyway.")


def _present(values: list[CellValue | None], columns: list[tuple[int, str]]
             ) -> dict[str, CellValue]:
    """header -> value of the columns (index, header) holding something."""
    found: dict[str, CellValue] = {}
    for index, header in columns:
        value = values[index]
        if value is not None:
            found[header] = value
    return found


def _objective_for_row(name: str, row: int, values: list[CellValue | None],
                       layout: _Layout, sheet: PlanSheet, plan: Plan,
                       current: Objective | None, merge_starts: bool = False) -> Objective:
    """The objective a row belongs to: its own, or the one merged or left blank above it.

    A text typed again is the same objective, unless its cell starts a merge of its own
    (``merge_starts``): then it is a second objective that happens to say the same."""
    col = layout.objective_col
    text = text_or_none(values[col - 1]) if col else None
    benchmark = sheet.benchmark
    if layout.benchmark_col:
        benchmark = benchmark_number(values[layout.benchmark_col - 1]) or benchmark
    if current is not None and current.sheet == name and (
            text is None or text == current.text and not merge_starts):
        return current  # merged down, left blank, or typed again: the same objective
    where = cell_ref(name, coordinate(row, col) if col else f"A{row}")
    if text is None:
        plan.warn(where, "Actions with no objective: careers-xl filed them under an empty "
                         "objective.")
        text = ""
    code = objective_code(text)
    if benchmark is None and code:
        benchmark = int(code[1])
    objective = Objective(text=text, code=code, benchmark=benchmark, sheet=name, cell=where)
    if benchmark is not None:
        _benchmark(plan, benchmark)
    plan.objectives.append(objective)
    return objective


def _read_action(row: int, fields: tuple[CellValue | None, ...], period: _Period, plan: Plan,
                 styles: CellStyles, formats: dict[int, int], pending: list[_Pending]) -> Action:
    """One period's action on one row; ``formats`` are the row's cell formats by column."""
    action_value, lead, progress, end_point, impact, rag, evidence = fields
    refs = period.refs
    text = text_or_none(action_value)
    if text is None:
        plan.warn(f"{refs['action']}{row}", "This period has details but no action text.")
    action = Action(period.number, text or "", list(_leads(lead)), text_or_none(progress),
                    impact=text_or_none(impact), evidence=list(_lines(evidence)),
                    cell=f"{refs['action']}{row}", row=row)
    for name, value in (("action", action_value), ("progress", progress), ("impact", impact)):
        if type(value) is Formula:
            plan.warn(f"{refs[name]}{row}", "A formula here was kept as its text.")
    cols = period.cols
    if "rag" in cols:
        fill = styles.fill(formats.get(cols["rag"]))
        action.rag = _read_rag(fill, rag, refs["rag"], row, plan, action)
    if "end_point" in cols:
        number_format = styles.number_format(formats.get(cols["end_point"]))
        pending.append((action, end_point, number_format, f"{refs['end_point']}{row}"))
    return action


@lru_cache(maxsize=4096)
def _leads(value: CellValue | None) -> tuple[str, ...]:
    """Leads as split_leads gives them, for values that repeat from action to action."""
    return tuple(split_leads(value))


@lru_cache(maxsize=4096)
def _lines(value: CellValue | None) -> tuple[str, ...]:
    """Evidence items as split_lines gives them, for values that repeat."""
    return tuple(split_lines(value))


@lru_cache(maxsize=1024)
def _sheet_prefix(sheet: str) -> str:
    """How every cell reference on ``sheet`` starts: 'BM3 Needs'!"""
    return cell_ref(sheet, "")


def _read_rag(fill: tuple[str, float] | None, value: CellValue | None, ref: str, row: int,
              plan: Plan, action: Action) -> Rag | None:
    typed = rag_from_text(value)
    filled = rag_from_rgb(*fill) if fill is not None else None
    action.rag_text = text_or_none(value)
    action.rag_fill = filled
    if typed is None:
        return filled
    where = f"{ref}{row}"
    if not isinstance(typed, Rag):
        plan.warn(where, f"RAG '{typed}' is not Red, Amber, Green or Complete"
                         + (f"; the cell's colour says {filled.label}, so careers-xl used that."
                            if filled else "; left blank."))
        return filled
    if filled is not None and typed != filled:
        plan.warn(where, f"RAG says {typed.label} but the cell is coloured "
                         f"{filled.label.lower()}; careers-xl used the text ({typed.label}).")
    return typed


def _resolve_end_points(plan: Plan, pending: list[_Pending]) -> None:
    """Turn end points into due dates once the plan's academic year is known, half-term
    names by the school's own dates where its Lists sheet gives them."""
    year = plan.academic_year
    if year is None:
        years = Counter(AcademicYear.containing(e.due) for _, v, f, _ in pending
                        if (e := parse_end_point(v, None, None, f)).due is not None)
        if years:
            year = plan.academic_year = years.most_common(1)[0][0]
            plan.warn(None, f"No academic year found on a Cover sheet or in a title; "
                            f"careers-xl assumed {year} from the end point dates.")
        else:
            plan.warn(None, "No academic year found: half-term end points have no due date.")
    calendar = school_calendar(year, plan.terms) if plan.terms and year is not None else None
    for action, value, number_format, where in pending:
        end: EndPoint = parse_end_point(value, year, calendar, number_format)
        action.end_point, action.due = end.text, end.due
        if end.kind == "unknown":
            plan.warn(where, f"End point '{end.text}' is not a date careers-xl understands, "
                             "so it has no due date.")
        elif end.due is not None and year is not None and end.due not in year:
            plan.warn(where,
                      f"End point {end.text} ({end.due:%d %B %Y}) is outside the plan's "
                      f"academic year {year}: is it a typo?")


def _year_from_text(book: Book, layouts: dict[str, tuple[SheetCells, _Layout]],
                    path: Path) -> AcademicYear | None:
    """The academic year named in a title row, a sheet name or the file name."""
    for cells, layout in layouts.values():
        for _, row in cells.iter_shown(1, layout.header_row):
            for value in row:
                if isinstance(value, str) and (year := AcademicYear.find(value)):
                    return year
    for name in book.sheet_names:
        if year := AcademicYear.find(name):
            return year
    return AcademicYear.find(path.stem)


def _after_history(year: AcademicYear | None, plan: Plan) -> AcademicYear | None:
    """A year named only by a sheet, title or file is after every year History has closed:
    rollover keeps sheet names, so "Plan 2025-26" holds 2026/27 once 2025/26 is in History."""
    closed = [y for h in plan.history if (y := AcademicYear.find(h.year))]
    if closed and (year is None or year <= max(closed)):
        return max(closed).next()
    return year


def _carry(cells: SheetCells) -> CarriedSheet:
    """Keep a sheet careers-xl does not interpret: its values, merges, widths and visibility."""
    sheet = CarriedSheet(name=cells.name, hidden=cells.state != "visible")
    for row, values in sorted(cells.rows.items()):
        for col, raw in sorted(values.items()):
            value = cell_value(raw)
            if value is not None:
                sheet.cells[(row, col)] = value
    sheet.merged = cells.merge_refs
    sheet.column_widths = dict(cells.widths)
    return sheet
