"""Changing the user's own cells where they stand: a rollover's new year, a template's wording.

Values change in place and keep their cell's style. A cell holding a formula is never
overwritten (it is reported instead), so nothing the user calculates is lost.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from ..dates.formats import display_date, is_date_format
from ..model import AcademicYear, Action, HistoryRow, Plan, PlanSheet, cell_ref
from ..package.opc import Package
from ..package.sheet import Sheet, coordinate, excel_serial
from ..package.strings import shared_strings, stored_value
from ..package.styles import Styles
from ..package.workbook import Workbook
from ..read.headers import split_lines
from ..read.values import from_serial, number
from ..rules.compass import compass_percent, is_compass_line, result_line
from ..rules.rollover import retitle
from ..rules.words import CARRIED_NOTE_COLUMN
from .plan_sheet import EditReport

Value = str | float | None


class CellWriter:
    """Sets cells of one workbook in place, recording each change in ``report``."""

    def __init__(self, package: Package, report: EditReport) -> None:
        self.package = package
        self.workbook = Workbook(package)
        self.report = report
        self.strings = shared_strings(package, self.workbook.part)
        self._sheets: dict[str, Sheet] = {}
        from .refresh import styles_of

        self.styles: Styles = styles_of(package, self.workbook)

    def sheet(self, name: str) -> Sheet | None:
        if name not in self._sheets:
            entry = self.workbook.sheet(name)
            if entry is None:
                return None
            self._sheets[name] = Sheet(self.package, entry.part)
        return self._sheets[name]

    def text(self, sheet: Sheet, row: int, col: int) -> str | None:
        cell = sheet.cell(row, col)
        if cell is None:
            return None
        kind, value, _ = stored_value(cell, self.strings)
        return value if kind == "str" else None

    def set(self, name: str, row: int, col: int, value: Value, *, no_fill: bool = False) -> None:
        sheet = self.sheet(name)
        if sheet is None:
            return
        cell = sheet.cell(row, col)
        if cell is not None and cell.find(sheet.q("f")) is not None:
            self.report.notes.append(f"kept the formula in {cell_ref(name, coordinate(row, col))}"
                                     " (careers-xl never overwrites a formula).")
            return
        if cell is None and value is None:
            return
        style = self.styles.clone(sheet.style(row, col), no_fill=True) if no_fill else None
        sheet.set_value(row, col, value, style)
        self.report.change(name, row, col)

    def unlink(self, name: str, row: int, col: int) -> str | None:
        """Take a hyperlink off a cell being cleared; returns where it pointed."""
        sheet = self.sheet(name)
        target = sheet.remove_hyperlink(row, col) if sheet is not None else None
        if target is not None:
            self.report.change(name, row, col)
        return target

    def texts(self, name: str, above: int | None = None) -> list[tuple[int, int, str]]:
        """The text cells of a sheet (only rows above row ``above``, when given) as
        (row, column, text), taken before any of them is changed."""
        sheet = self.sheet(name)
        if sheet is None:
            return []
        return [(row, col, text) for (row, col), _ in list(sheet.cells())
                if (above is None or row < above) and (text := self.text(sheet, row, col))]

    def retitle_cells(self, name: str, above: int | None, old: AcademicYear,
                      new: AcademicYear) -> None:
        """Move the academic year named in text cells (all, or those above row ``above``)."""
        for row, col, text in self.texts(name, above):
            if (moved := retitle(text, old, new)) != text:
                self.set(name, row, col, moved)


def roll_cells(package: Package, plan: Plan, new: Plan, drop_complete: bool,
               report: EditReport) -> None:
    """Write the rolled-over plan ``new`` into the cells ``plan`` was read from."""
    writer = CellWriter(package, report)
    date1904 = writer.workbook.date1904()
    rolled = {a.cell: a for a in new.actions}
    # This year's History rows, one per action in order (history.history_rows).
    closed = dict(zip((a.cell for a in plan.actions), new.history[len(plan.history):],
                      strict=True))
    for sheet in plan.sheets:
        if not sheet.header_row:
            continue
        notes = {e.period: e.column for e in sheet.extra_columns
                 if e.header == CARRIED_NOTE_COLUMN and e.column}
        for objective in (o for o in plan.objectives if o.sheet == sheet.name):
            for action in objective.actions:
                if not action.row:
                    continue
                cols = sheet.columns.get(action.period, {})
                history = closed[action.cell]
                _formula_results(writer, sheet.name, action.row, cols, history, date1904)
                after = rolled.get(action.cell)
                if after is None:
                    links = _clear_action(writer, sheet, action)
                else:
                    links = _roll_action(writer, sheet.name, action, after, cols,
                                         notes.get(action.period), date1904)
                history.evidence += [link for link in links if link not in history.evidence]
        if plan.academic_year and new.academic_year:
            writer.retitle_cells(sheet.name, sheet.header_row, plan.academic_year,
                                 new.academic_year)
        _roll_preamble(writer, sheet, new, plan.academic_year)
    if plan.cover_sheet and plan.academic_year and new.academic_year:
        writer.retitle_cells(plan.cover_sheet, None, plan.academic_year, new.academic_year)


def _formula_results(writer: CellWriter, name: str, row: int, cols: dict[str, int],
                     history: HistoryRow, date1904: bool) -> None:
    """History keeps what a formula in an action's cells showed when the year closed (its
    saved result), never the formula's text."""
    sheet = writer.sheet(name)
    for field in ("action", "progress", "end_point", "impact", "evidence"):
        cell = sheet.cell(row, cols[field]) if sheet is not None and field in cols else None
        if sheet is None or cell is None or cell.find(sheet.q("f")) is None:
            continue
        shown = _shown(writer, cell, date1904)
        if shown is None:
            where = cell_ref(name, coordinate(row, cols[field]))
            writer.report.notes.append(
                f"History leaves the {field.replace('_', ' ')} of {where} empty: its formula "
                "has no saved result (open and save the workbook in Excel, then roll over "
                "again to record it).")
        if field == "evidence":
            history.evidence = split_lines(shown)
        else:
            setattr(history, field, shown or ("" if field == "action" else None))


def _shown(writer: CellWriter, cell: etree._Element, date1904: bool) -> str | None:
    """The result a formula cell was saved with, as Excel shows it (a date in the cell's
    format); None when it was saved without one."""
    kind, value, _ = stored_value(cell, writer.strings)
    if not value:
        return None
    if kind == "b":
        return "TRUE" if value.strip() in ("1", "true") else "FALSE"
    amount = number(value) if kind == "n" else value
    if isinstance(amount, str):
        return amount
    code = writer.styles.number_format(int(cell.get("s", "0")))
    if amount >= 1 and is_date_format(code):
        try:
            day = from_serial(amount, date1904)
        except (OverflowError, ValueError):
            return str(amount)
        if isinstance(day, datetime):
            return display_date(day.date(), code)
    return str(amount)


def _roll_preamble(writer: CellWriter, before: PlanSheet, new: Plan,
                   plan_year: AcademicYear | None) -> None:
    """Lines above the table that rollover rewrites (a Compass result becomes "not yet
    evaluated"), written into the cells that held them."""
    after, new_year = new.sheet(before.name), new.academic_year
    if after is None:
        return
    lines = {text: line for old, line in zip(before.preamble, after.preamble, strict=True)
             if old != line and compass_percent(old) is not None
             for text in (old, retitle(old, plan_year, new_year) if plan_year and new_year
                          else old)}  # as it stands after the year in titles moved on
    for row, col, text in writer.texts(before.name, before.header_row) if lines else ():
        if text.strip() in lines:
            writer.set(before.name, row, col, lines[text.strip()])


def _roll_action(writer: CellWriter, name: str, before: Action, after: Action,
                 cols: dict[str, int], note_col: int | None, date1904: bool) -> list[str]:
    """Clear one action's status for the new year; returns the evidence links taken off
    (they go to History with the rest of the year's evidence)."""
    row = before.row
    links = []
    if "action" in cols and after.text != before.text:
        writer.set(name, row, cols["action"], after.text)
    if "rag" in cols and (before.rag_text or before.rag_fill):
        writer.set(name, row, cols["rag"], None, no_fill=before.rag_fill is not None)
    if "evidence" in cols:
        if before.evidence:
            writer.set(name, row, cols["evidence"], None)
        if link := writer.unlink(name, row, cols["evidence"]):
            links.append(link)
    note = after.extra.get(CARRIED_NOTE_COLUMN) if note_col else after.progress
    if note_col:
        writer.set(name, row, note_col, str(note) if note else None)
    if "progress" in cols and (before.progress or after.progress):
        writer.set(name, row, cols["progress"], after.progress)
    if "end_point" in cols and after.end_point and after.end_point != before.end_point:
        sheet = writer.sheet(name)
        cell = sheet.cell(row, cols["end_point"]) if sheet is not None else None
        dated = sheet is not None and cell is not None and cell.get("t", "n") == "n" and \
            cell.find(sheet.q("v")) is not None
        value: Value = after.end_point
        if dated and after.due is not None:
            value = excel_serial(after.due, date1904)
        writer.set(name, row, cols["end_point"], value)
    return links


def _clear_action(writer: CellWriter, sheet: PlanSheet, action: Action) -> list[str]:
    """Leave a blank action where a dropped (Complete) one was: no row is ever deleted.
    Returns the links taken off its cells."""
    columns = list(sheet.columns.get(action.period, {}).values())
    columns += [e.column for e in sheet.extra_columns if e.period == action.period and e.column]
    links = []
    for col in columns:
        writer.set(sheet.name, action.row, col, None,
                   no_fill=col == sheet.columns[action.period].get("rag") and
                   action.rag_fill is not None)
        if link := writer.unlink(sheet.name, action.row, col):
            links.append(link)
    return links


def reword(package: Package, before: Plan, after: Plan, report: EditReport) -> None:
    """Write a template's wording (title line, period labels, column names) in place."""
    writer = CellWriter(package, report)
    for old, new in zip(before.sheets, after.sheets, strict=True):
        sheet = writer.sheet(old.name)
        if sheet is None or not old.header_row:
            continue
        header = old.header_row
        for period, cols in old.columns.items():
            for name, col in cols.items():
                text = writer.text(sheet, header, col)
                wanted = new.column_labels.get(name)
                if wanted and text is not None and text.strip() != wanted:
                    writer.set(old.name, header, col, wanted)
            label_col = cols.get("action")
            wanted = new.period_labels.get(period)
            if label_col and header > 1 and wanted:
                text = writer.text(sheet, header - 1, label_col)
                if text is not None and text.strip() != wanted:
                    writer.set(old.name, header - 1, label_col, wanted)
        if old.preamble and new.preamble and old.preamble[0] != new.preamble[0]:
            for row, col, text in writer.texts(old.name, header):
                if text.strip() == old.preamble[0]:
                    writer.set(old.name, row, col, new.preamble[0])
                    break


def write_compass(package: Package, plan: Plan, results: dict[int, int],
                  report: EditReport) -> set[int]:
    """Put each benchmark's new Compass result in the line above its table that states it
    (or says it is not yet evaluated); returns the benchmarks written."""
    writer = CellWriter(package, report)
    written: set[int] = set()
    for sheet in plan.sheets:
        number = sheet.benchmark
        if number not in results or not sheet.header_row:
            continue
        for row, col, text in writer.texts(sheet.name, sheet.header_row):
            if is_compass_line(text):
                writer.set(sheet.name, row, col, result_line(number, results[number]))
                written.add(number)
                break
    return written
