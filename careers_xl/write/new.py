"""Write a new workbook for a :class:`~careers_xl.model.Plan` (``careers-xl new``).

xlsxwriter lays out the Cover, every plan sheet (title, Compass line, merged period headers,
column names, frozen panes, each action period on its own A4 landscape page, rows as tall as
their text) and any companion or carried sheet. The result is
then refreshed exactly as a user's own workbook is (``edit.refresh``): dropdowns, colours,
Dashboard, Lists and History come from that one place.
Text a person typed is always written as text, so "=Year 10" never turns into a formula.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ..dates.end_points import parse_end_point
from ..model import (
    DEFAULT_PERIOD_LABELS,
    PERIOD_FIELDS,
    Action,
    CarriedSheet,
    CellValue,
    Formula,
    Plan,
    PlanSheet,
)
from ..package.safety import atomic_output
from ..read.headers import join_lines
from ..rules.compass import compass_percent
from ..rules.words import RAG_FILL, RAG_FONT
from .layout import SheetLayout, plan_layout, rows_for
from .print_layout import SIDE_MARGINS, period_pages, row_height, wrapped_lines

COVER_SHEET = "Cover"
DEFAULT_COVER_LABELS = {"school": "School", "academic_year": "Academic year",
                        "careers_leader": "Careers Leader", "link_governor": "Link governor",
                        "institution_vision": "Institution vision statement",
                        "careers_vision": "Careers vision statement"}
# Column widths (characters): the Objective and one period fit a landscape A4 page at 80%.
WIDTHS = {"action": 26, "lead": 8, "progress": 18, "end_point": 11, "impact": 18, "rag": 8,
          "evidence": 16}
OBJECTIVE_WIDTH = 24
BENCHMARK_WIDTH = 7
EXTRA_WIDTH = 14
COVER_WIDTHS = (30, 90)
COVER_FILL_IN = {"Institution vision statement": 3, "Careers vision statement": 3}
COMPASS_LINE = ("Compass: your institution has met {percent}% of the assessment areas in "
                "Gatsby Benchmark {number}.")


def write_plan(plan: Plan, path: str | Path, *, blank_rows: int = 0,
               companions: Any = None, today: date | None = None) -> Path:
    """Write ``plan`` to ``path`` atomically. ``companions`` is a template whose companion
    sheets (Strategic Plan, Checklists, SWOT...) are added when the plan lacks them."""
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True,
        })
        workbook.set_properties({"title": _title(plan), "subject": "Careers strategic plan",
                                 "comments": "Written by careers-xl",
                                 "created": datetime(2000, 1, 1)})
        _Writer(plan, workbook, blank_rows, companions).write()
        workbook.close()
        _refresh_written(plan, tmp, today)
    return path


def _refresh_written(plan: Plan, path: Path, today: date | None) -> None:
    """Give a freshly laid-out workbook careers-xl's dropdowns, colours and own sheets."""
    from ..edit.refresh import refresh_package
    from ..package.opc import Package
    from ..read.plan import read_plan

    package = Package.open(path)
    laid_out = read_plan(package)
    laid_out.history, laid_out.compass_history = plan.history, plan.compass_history
    laid_out.staff.update(plan.staff)
    laid_out.terms = list(plan.terms)
    refresh_package(package, laid_out, today or date.today())
    path.write_bytes(package.to_bytes())


def cell_formats(workbook: Any) -> dict[str, Any]:
    """The xlsxwriter formats careers-xl lays its sheets out with."""
    add = workbook.add_format
    base = {"valign": "top", "text_wrap": True, "font_size": 10}
    formats = {
        "title": add({"bold": True, "font_size": 14, "font_color": "#1F3864"}),
        "note": add({"italic": True, "font_color": "#404040"}),
        "period": add({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864",
                       "align": "center", "valign": "vcenter", "border": 1}),
        "header": add({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                       "valign": "vcenter"}),
        "wrap": add(base | {"border": 1, "border_color": "#BFBFBF"}),
        "objective": add(base | {"border": 1, "border_color": "#BFBFBF", "bold": True}),
        "date": add(base | {"border": 1, "border_color": "#BFBFBF", "align": "left",
                            "num_format": "dd/mm/yyyy"}),
        "label": add({"bold": True, "valign": "top"}),
        "plain_wrap": add({"text_wrap": True, "valign": "top"}),
        "fill_in": add({"text_wrap": True, "valign": "top", "border": 1,
                        "border_color": "#BFBFBF", "bg_color": "#F7F9FC"}),
        "overdue": add({"bg_color": "#F8CBAD", "font_color": "#9C0006", "bold": True}),
        "no_evidence": add({"bg_color": "#FFF2CC", "border": 2, "border_color": "#C00000"}),
    }
    for rag, fill in RAG_FILL.items():
        formats[f"rag_{rag.value}"] = add({"bg_color": fill, "font_color": RAG_FONT[rag],
                                           "bold": True})
    return formats


def _title(plan: Plan) -> str:
    parts = [plan.school or "", "Strategic Careers Plan", str(plan.academic_year or "")]
    return " ".join(p for p in parts if p)


class _Writer:
    """One write of one plan: formats, sheet order and every sheet's content."""

    def __init__(self, plan: Plan, workbook: Any, blank_rows: int, companions: Any) -> None:
        self.plan = plan
        self.wb = workbook
        self.blank_rows = blank_rows
        self.companions = companions
        self.f = cell_formats(workbook)
        self._date_formats: dict[str, Any] = {}
        self.layouts: list[SheetLayout] = []

    def date_format(self, number_format: str) -> Any:
        """A bordered cell format showing dates with ``number_format``."""
        if number_format not in self._date_formats:
            self._date_formats[number_format] = self.wb.add_format({
                "valign": "top", "text_wrap": True, "font_size": 10, "border": 1,
                "border_color": "#BFBFBF", "align": "left", "num_format": number_format})
        return self._date_formats[number_format]

    # -- sheet order -----------------------------------------------------------------------
    def write(self) -> None:
        plan = self.plan
        plan_names = [s.name for s in plan.sheets]
        carried = {c.name: c for c in plan.carried}
        taken = set(plan_names) | set(carried)
        cover_name = _free_name(COVER_SHEET, taken)
        order = [n for n in plan.sheet_order if n in plan_names or n in carried]
        order += [n for n in plan_names + list(carried) if n not in order]
        has_cover = any([plan.school, plan.academic_year, plan.cover_title, plan.priorities,
                         plan.cover_extra])
        sheets: dict[str, Any] = {}
        if has_cover:
            sheets[cover_name] = self.wb.add_worksheet(cover_name)
        for name in order:
            sheets[name] = self.wb.add_worksheet(name)
        if has_cover:
            self._cover(sheets[cover_name])
        for sheet in plan.sheets:
            layout = plan_layout(plan, sheet, self.blank_rows, self._preamble(sheet))
            self.layouts.append(layout)
            self._plan_sheet(sheets[sheet.name], layout)
        for name, item in carried.items():
            _write_carried(sheets[name], item, self.f)
        if self.companions is not None:
            from ..templates import add_companion_sheets

            add_companion_sheets(self.wb, self.companions, plan, set(sheets))

    # -- Cover -----------------------------------------------------------------------------
    def _cover(self, ws: Any) -> None:
        """The Cover: the school's details, vision and priorities, each row as tall as its
        text; the fields the plan has not filled in yet are left as boxes to write in."""
        plan, f = self.plan, self.f
        if plan.cover_title:
            ws.write_string(0, 0, plan.cover_title, f["title"])
        labels = self.cover_labels
        priorities = list(plan.priorities)
        if self.companions is not None:  # a new plan: room for 3-5 strategic priorities
            priorities += [""] * max(0, 5 - len(priorities))
        rows: list[tuple[str, CellValue | None]] = [
            (labels["school"], plan.school),
            (labels["academic_year"], str(plan.academic_year or "") or None),
            (labels["careers_leader"], plan.careers_leader),
            (labels["link_governor"], plan.link_governor),
            (labels["institution_vision"], plan.institution_vision),
            (labels["careers_vision"], plan.careers_vision),
        ]
        rows += [(labels.get(f"priority_{i}", f"Priority {i}"), p)
                 for i, p in enumerate(priorities, start=1)]
        if self.companions is not None:
            rows = [(label, "" if value is None else value) for label, value in rows]
        rows += list(plan.cover_extra)
        row = 2
        for label, value in rows:
            if value is None:
                continue
            ws.write_string(row, 0, label, f["label"])
            if value == "":
                ws.write_blank(row, 1, None, f["fill_in"])
                lines = COVER_FILL_IN.get(label, 2)
            else:
                _write_value(ws, row, 1, value, f["plain_wrap"], f)
                lines = wrapped_lines(str(value), COVER_WIDTHS[1], 11)
            lines = max(lines, wrapped_lines(label, COVER_WIDTHS[0], 11))
            ws.set_row(row, row_height(lines, 11))
            row += 1
        ws.set_column(0, 0, COVER_WIDTHS[0])
        ws.set_column(1, 1, COVER_WIDTHS[1])
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(**SIDE_MARGINS)
        ws.fit_to_pages(1, 0)

    @property
    def cover_labels(self) -> dict[str, str]:
        labels = getattr(self.companions, "cover_labels", None) or {}
        return {**DEFAULT_COVER_LABELS, **labels}

    # -- plan sheets -----------------------------------------------------------------------
    def _plan_sheet(self, ws: Any, layout: SheetLayout) -> None:
        f = self.f
        for row, line in enumerate(layout.preamble):
            ws.write_string(row, 0, line, f["title"] if row == 0 else f["note"])
        self._headers(ws, layout)
        row = layout.first_row
        above = None
        for objective in layout.objectives:
            height, above = rows_for(objective, above), objective
            if height > 1:
                ws.merge_range(row, 0, row + height - 1, 0, "", f["objective"])
            ws.write_string(row, 0, objective.text, f["objective"])
            for offset in range(height):
                if layout.benchmark_col is not None and objective.benchmark:
                    ws.write_string(row + offset, layout.benchmark_col,
                                    f"BM{objective.benchmark}", f["wrap"])
            lines = [1] * height
            for period in (1, 2, 3):
                actions = [a for a in objective.actions if a.period == period]
                for offset, action in enumerate(actions):
                    self._action(ws, row + offset, layout, action)
                    lines[offset] = max(lines[offset], _lines_needed(action))
            lines[0] = max(lines[0],
                           wrapped_lines(objective.text, OBJECTIVE_WIDTH) - sum(lines[1:]))
            for offset, count in enumerate(lines):
                ws.set_row(row + offset, row_height(count))
            row += height
        for blank in range(row, layout.first_row + layout.rows_used):
            ws.write_blank(blank, 0, None, f["objective"])
        self._page(ws, layout)

    def _preamble(self, sheet: PlanSheet) -> list[str]:
        """The lines above the table, with the Compass line saying the plan's percentage."""
        bench = self.plan.benchmarks.get(sheet.benchmark or 0)
        lines = list(sheet.preamble)
        if bench is None or bench.compass_percent is None:
            return lines
        for i, line in enumerate(lines):
            if compass_percent(line) is not None:
                lines[i] = re.sub(r"\d{1,3}(?=\s*%)", str(bench.compass_percent), line, count=1)
                return lines
        return lines + [COMPASS_LINE.format(percent=bench.compass_percent, number=bench.number)]

    def _headers(self, ws: Any, layout: SheetLayout) -> None:
        sheet, f = layout.sheet, self.f
        pr, hr = layout.period_row, layout.header_row
        ws.write_blank(pr, 0, None, f["period"])
        ws.write_string(hr, 0, sheet.column_labels.get("objective", "Objective"), f["header"])
        if layout.benchmark_col is not None:
            ws.write_blank(pr, layout.benchmark_col, None, f["period"])
            ws.write_string(hr, layout.benchmark_col, "Benchmark", f["header"])
        for period, cols in layout.columns.items():
            label = sheet.period_labels.get(period, DEFAULT_PERIOD_LABELS[period])
            start = cols["action"]
            end = cols["rag"] - 1
            ws.merge_range(pr, start, pr, end, label, f["period"])
            ws.merge_range(pr, cols["rag"], pr, cols["evidence"], "Status", f["period"])
            for name, col in cols.items():
                ws.write_string(hr, col, sheet.column_labels.get(name, PERIOD_FIELDS[name]),
                                f["header"])
                ws.set_column(col, col, WIDTHS[name])
        for period, extras in layout.extra_cols.items():
            for header, col in extras.items():
                if period == 0:
                    ws.write_blank(pr, col, None, f["period"])
                ws.write_string(hr, col, header, f["header"])
                ws.set_column(col, col, EXTRA_WIDTH)
        ws.set_column(0, 0, OBJECTIVE_WIDTH)
        if layout.benchmark_col is not None:
            ws.set_column(layout.benchmark_col, layout.benchmark_col, BENCHMARK_WIDTH)
        ws.set_row(pr, row_height(max(wrapped_lines(sheet.period_labels.get(
            p, DEFAULT_PERIOD_LABELS[p]), sum(WIDTHS[n] for n in PERIOD_FIELDS
                                              if n not in ("rag", "evidence")))
            for p in layout.columns)))
        ws.set_row(hr, row_height(max(wrapped_lines(sheet.column_labels.get(
            name, PERIOD_FIELDS[name]), WIDTHS[name]) for name in PERIOD_FIELDS)))

    def _action(self, ws: Any, row: int, layout: SheetLayout, action: Action) -> None:
        cols, f = layout.columns[action.period], self.f
        texts = {"action": action.text, "lead": "/".join(action.leads),
                 "progress": action.progress, "impact": action.impact,
                 "rag": action.rag.label if action.rag else None,
                 "evidence": join_lines(action.evidence)}
        for name, text in texts.items():
            if text:
                ws.write_string(row, cols[name], text, f["wrap"])
            else:  # an empty cell, not an empty string
                ws.write_blank(row, cols[name], None, f["wrap"])
        self._end_point(ws, row, cols["end_point"], action)
        for header, value in action.extra.items():
            col = layout.extra_cols[action.period].get(header, layout.extra_cols[0].get(header))
            if col is not None:
                _write_value(ws, row, col, value, f["wrap"], f)

    def _end_point(self, ws: Any, row: int, col: int, action: Action) -> None:
        """A real date cell that looks exactly as typed, when it can be; otherwise text."""
        text = action.end_point
        if not text:
            ws.write_blank(row, col, None, self.f["wrap"])
            return
        end = parse_end_point(text, self.plan.academic_year)
        if end.number_format and end.due is not None and end.due == action.due:
            ws.write_datetime(row, col, datetime.combine(end.due, datetime.min.time()),
                              self.date_format(end.number_format))
        else:
            ws.write_string(row, col, text, self.f["wrap"])

    def _page(self, ws: Any, layout: SheetLayout) -> None:
        """Each action period on its own A4 landscape page(s), Objective column and header
        rows repeated on every page (``edit.plan_sheet`` knows this layout as careers-xl's)."""
        ws.freeze_panes(layout.first_row, 1)
        titles = [1] + ([layout.benchmark_col + 1] if layout.benchmark_col is not None else [])
        starts = [cols["action"] + 1 for _, cols in sorted(layout.columns.items())]
        row_extras = sorted(layout.extra_cols.get(0, {}).values())
        if row_extras:
            starts.append(row_extras[0] + 1)
        last = max([c for cols in layout.columns.values() for c in cols.values()] + row_extras)
        widths: dict[int, float] = {1: OBJECTIVE_WIDTH}
        if layout.benchmark_col is not None:
            widths[layout.benchmark_col + 1] = BENCHMARK_WIDTH
        for period, cols in layout.columns.items():
            widths |= {c + 1: WIDTHS[n] for n, c in cols.items()}
            widths |= {c + 1: EXTRA_WIDTH for c in layout.extra_cols[period].values()}
        widths |= {c + 1: EXTRA_WIDTH for c in row_extras}
        pages = period_pages(titles, starts, last + 1,
                             (layout.period_row + 1, layout.header_row + 1), widths)
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_print_scale(pages.scale)
        ws.set_v_pagebreaks([c - 1 for c in pages.breaks])
        ws.repeat_rows(layout.period_row, layout.header_row)
        ws.repeat_columns(pages.title_columns[0] - 1, pages.title_columns[1] - 1)
        ws.set_margins(**SIDE_MARGINS)
        school = (self.plan.school or "").replace("&", "&&")
        ws.set_header(f"&L{school}&C&A&R{self.plan.academic_year or ''}")
        ws.set_footer("&CPage &P of &N")


def _lines_needed(action: Action) -> int:
    """The lines the tallest cell of an action's row wraps to."""
    return max(wrapped_lines(action.text, WIDTHS["action"]),
               wrapped_lines(action.progress, WIDTHS["progress"]),
               wrapped_lines(action.end_point, WIDTHS["end_point"]),
               wrapped_lines(action.impact, WIDTHS["impact"]),
               wrapped_lines(join_lines(action.evidence), WIDTHS["evidence"]),
               wrapped_lines("/".join(action.leads), WIDTHS["lead"]))


def _free_name(base: str, taken: set[str]) -> str:
    """``base``, or "base (careers-xl)" when the user already has a sheet of that name."""
    return base if base not in taken else f"{base} (careers-xl)"


def _write_value(ws: Any, row: int, col: int, value: CellValue, fmt: Any,
                 formats: dict[str, Any]) -> None:
    """Write a kept cell value with its own type: formulas stay formulas, text stays text."""
    if isinstance(value, Formula):
        ws.write_formula(row, col, value.text, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime.combine(value, datetime.min.time()),
                          formats["date"])
    else:
        ws.write_string(row, col, str(value), fmt)


def _write_carried(ws: Any, sheet: CarriedSheet, formats: dict[str, Any]) -> None:
    """Give back a sheet careers-xl does not interpret, cell by cell."""
    for merged in sheet.merged:
        ws.merge_range(merged, "", formats["plain_wrap"])
    for (row, col), value in sorted(sheet.cells.items()):
        _write_value(ws, row - 1, col - 1, value, None, formats)
    for col, width in sheet.column_widths.items():
        ws.set_column(col - 1, col - 1, width)
    if sheet.hidden:
        ws.hide()
