"""careers-xl's own sheets: Dashboard, Lists, History and Compass History.

They are rebuilt on every edit from the plan (they hold nothing the user typed), laid out
with xlsxwriter in a scratch workbook and moved into the user's package. Each carries a
hidden marker name, so careers-xl knows them again whatever the user renames them to, and a
sheet of the user's that happens to have the same name is never touched.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter

from ..dates.terms import TermCalendar
from ..model import Plan
from ..package.opc import Package
from ..package.sheet import excel_serial
from ..package.transplant import Transplant
from ..package.workbook import Workbook
from ..read.headers import join_lines
from ..rules.words import RAG_DROPDOWN
from ..write.dashboard import DashboardWriter
from ..write.history import COMPASS_HISTORY_SHEET, HISTORY_COLUMNS, HISTORY_SHEET, write_history
from ..write.layout import SheetLayout
from ..write.new import cell_formats
from ..write.print_layout import PAPER_A4, SIDE_MARGINS, row_height, wrapped_lines
from .grid import Grid

DASHBOARD, LISTS, HISTORY, COMPASS = "dashboard", "lists", "history", "compass history"
BASE_NAMES = {DASHBOARD: "Dashboard", LISTS: "Lists", HISTORY: HISTORY_SHEET,
              COMPASS: COMPASS_HISTORY_SHEET}
BENCHMARK_CODES = [f"BM{n}" for n in range(1, 9)]
LIST_NAMES = ("StaffList", "TermNames", "TermDates", "Terms")


@dataclass
class OwnedSheets:
    """Where careers-xl's sheets go in one workbook, and the names its formulas use."""

    names: dict[str, str]  # kind -> sheet name
    positions: dict[str, int | None]  # kind -> index to put it at (None: last)
    list_names: dict[str, str]  # StaffList... -> the defined name actually used


def place_owned(workbook: Workbook, owned: dict[str, str], plan: Plan) -> OwnedSheets:
    """Take careers-xl's old sheets out and choose names and places for the new ones."""
    positions: dict[str, int | None] = {}
    names: dict[str, str] = {}
    order = [s.name for s in workbook.sheets]
    for name, kind in owned.items():
        if workbook.sheet(name) is not None and kind in BASE_NAMES:
            names[kind] = name
            if kind == DASHBOARD:  # where it stood among the user's sheets
                positions[kind] = sum(1 for n in order[:order.index(name)] if n not in owned)
            workbook.remove_sheet(name)
    taken = {s.name.lower() for s in workbook.sheets}
    for kind, base in BASE_NAMES.items():
        if kind in names:
            continue
        name, n = base, 1
        while name.lower() in taken:
            name = f"{base} (careers-xl)" if n == 1 else f"{base} (careers-xl {n})"
            n += 1
        names[kind] = name
        taken.add(name.lower())
    if DASHBOARD not in positions:
        cover = next((i for i, s in enumerate(workbook.sheets) if s.name == plan.cover_sheet),
                     None)
        positions[DASHBOARD] = 0 if cover is None else cover + 1
    user_names = {n.lower() for n, local, _ in workbook.defined_names() if local is None}
    list_names = {}
    for base in LIST_NAMES:
        ours = any(n.lower() == base.lower() and names[LISTS] in refers
                   for n, local, refers in workbook.defined_names() if local is None)
        clash = base.lower() in user_names and not ours
        list_names[base] = f"CareersXL_{base}" if clash else base
    return OwnedSheets(names, positions, list_names)


def term_table(plan: Plan) -> list[tuple[str, date]]:
    """The school's half-term dates from its Lists sheet, else the English defaults."""
    if plan.terms:
        return list(plan.terms)
    if plan.academic_year is None:
        return []
    return TermCalendar.english(plan.academic_year).table()


def write_owned(workbook: Workbook, transplant_styles: Any, plan: Plan, place: OwnedSheets,
                layouts: list[SheetLayout], grid: Grid, today: date) -> None:
    """Build careers-xl's sheets in a scratch workbook and move them into ``workbook``."""
    buffer = io.BytesIO()
    scratch = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    f = cell_formats(scratch)
    names = place.names
    dashboard = scratch.add_worksheet(names[DASHBOARD])
    terms = term_table(plan)
    date1904 = workbook.date1904()
    serial_terms = [(name, excel_serial(day, date1904)) for name, day in terms]
    writer = DashboardWriter(scratch, dashboard, plan, layouts, grid, serial_terms,
                             excel_serial(today, date1904), f)
    writer.history_name = names[HISTORY]
    writer.write()
    _lists(scratch.add_worksheet(names[LISTS]), plan, terms, f)
    kinds = [DASHBOARD, LISTS]
    history = write_history(scratch, plan, f, names[HISTORY], names[COMPASS])
    if HISTORY in history:
        _print_history(scratch.get_worksheet_by_name(history[HISTORY]), plan, f)
    if COMPASS in history:
        _print_compass(scratch.get_worksheet_by_name(history[COMPASS]))
    kinds += list(history)
    scratch.close()

    mover = Transplant(workbook, transplant_styles, Package.from_bytes(buffer.getvalue()))
    for kind in kinds:
        mover.move(names[kind], place.positions.get(kind), hidden=kind == LISTS,
                   formulas=writer.formulas if kind == DASHBOARD else None)
        workbook.mark_owned(names[kind], kind)
    lists = "'" + names[LISTS].replace("'", "''") + "'"
    n_staff = max(len(plan.staff), 1) + 40  # room for the user to add staff
    ln = place.list_names
    workbook.set_name(ln["StaffList"], f"{lists}!$B$2:$B${n_staff + 1}")
    if terms:
        last = len(terms) + 1
        workbook.set_name(ln["TermNames"], f"{lists}!$E$2:$E${last}")
        workbook.set_name(ln["TermDates"], f"{lists}!$F$2:$F${last}")
        workbook.set_name(ln["Terms"], f"{lists}!$E$2:$F${last}")


# History's columns (characters), narrow enough to print landscape, each row as tall as its text.
HISTORY_WIDTHS = [8, 10, 26, 7, 28, 10, 18, 11, 9, 18, 18]


def _print_history(ws: Any, plan: Plan, f: dict[str, Any]) -> None:
    """History on landscape A4, one page wide, its header row on every page."""
    for col, width in enumerate(HISTORY_WIDTHS):
        ws.set_column(col, col, width, f["wrap"])
    ws.set_row(0, row_height(max(wrapped_lines(name, width)
                                 for name, width in zip(HISTORY_COLUMNS, HISTORY_WIDTHS,
                                                        strict=True))))
    for row, item in enumerate(plan.history, start=1):
        texts = [item.objective, item.action, "/".join(item.leads), item.progress,
                 item.end_point, join_lines(item.evidence), item.impact]
        columns = [2, 4, 5, 6, 7, 9, 10]
        lines = max(wrapped_lines(text, HISTORY_WIDTHS[col])
                    for text, col in zip(texts, columns, strict=True))
        ws.set_row(row, row_height(lines))
    _landscape(ws)
    ws.repeat_rows(0)


def _print_compass(ws: Any) -> None:
    """Compass History: every benchmark on the one landscape page width."""
    ws.set_column(1, 8, 8)
    _landscape(ws)
    ws.repeat_rows(0)


def _landscape(ws: Any) -> None:
    ws.set_landscape()
    ws.set_paper(PAPER_A4)
    ws.set_margins(**SIDE_MARGINS)
    ws.fit_to_pages(1, 0)


def _lists(ws: Any, plan: Plan, terms: list[tuple[str, date]], f: dict[str, Any]) -> None:
    """The hidden Lists sheet: dropdown sources and the school's term calendar."""
    heads = ["RAG", "Staff", "Name", "Benchmark", "Half-term", "Ends", "Period"]
    for col, head in enumerate(heads):
        ws.write_string(0, col, head, f["header"])
    for row, word in enumerate(RAG_DROPDOWN, start=1):
        ws.write_string(row, 0, word)
    staff = sorted(plan.staff) or ["(add staff initials on the Lists sheet)"]
    for row, initials in enumerate(staff, start=1):
        ws.write_string(row, 1, initials)
        name = plan.staff.get(initials)
        if name and name != initials:
            ws.write_string(row, 2, name)
    for row, code in enumerate(BENCHMARK_CODES, start=1):
        ws.write_string(row, 3, code)
    for row, (name, day) in enumerate(terms, start=1):
        ws.write_string(row, 4, name)
        ws.write_datetime(row, 5, datetime.combine(day, datetime.min.time()), f["date"])
    for row, label in enumerate(("Autumn", "Spring", "Summer"), start=1):
        ws.write_string(row, 6, label)
    ws.set_column(0, 6, 14)
