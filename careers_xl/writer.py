"""Write a new workbook for a :class:`~careers_xl.model.Plan` (``careers-xl new``).

xlsxwriter lays out the Cover, every plan sheet (title, Compass line, merged period headers,
column names, frozen panes, A4 landscape) and any companion or carried sheet. The result is
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

from .dates import parse_end_point
from .headers import compass_percent
from .layout import SheetLayout, plan_layout, rows_for
from .model import (
    DEFAULT_PERIOD_LABELS,
    PERIOD_FIELDS,
    Action,
    CarriedSheet,
    CellValue,
    Formula,
    Plan,
    PlanSheet,
)
from .rules import RAG_FILL, RAG_FONT
from .safety import atomic_output

COVER_SHEET = "Cover"
WIDTHS = {"action": 34, "lead": 10, "progress": 24, "end_point": 11, "impact": 24, "rag": 9,
          "evidence": 20}
OBJECTIVE_WIDTH = 34
LINE_HEIGHT = 13  # points per wrapped line at 10pt
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
    from .edit.refresh import refresh_package
    from .package.opc import Package
    from .reader import read_plan

    laid_out = read_plan(path)
    laid_out.history, laid_out.compass_history = plan.history, plan.compass_history
    laid_out.staff.update(plan.staff)
    laid_out.terms = list(plan.terms)
    package = Package.open(path)
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
            from .templates import add_companion_sheets

            add_companion_sheets(self.wb, self.companions, plan, set(sheets))

    # -- Cover -----------------------------------------------------------------------------
    def _cover(self, ws: Any) -> None:
        plan = self.plan
        if plan.cover_title:
            ws.write_string(0, 0, plan.cover_title, self.f["title"])
        rows: list[tuple[str, CellValue | None]] = [
            ("School", plan.school), ("Academic year", str(plan.academic_year or "") or None),
            ("Careers Leader", plan.careers_leader), ("Link governor", plan.link_governor),
            ("Institution vision statement", plan.institution_vision),
            ("Careers vision statement", plan.careers_vision),
        ]
        rows += [(f"Priority {i}", p) for i, p in enumerate(plan.priorities, start=1)]
        rows += list(plan.cover_extra)
        row = 2
        for label, value in rows:
            if value is None:
                continue
            ws.write_string(row, 0, label, self.f["label"])
            if value != "":
                _write_value(ws, row, 1, value, self.f["plain_wrap"], self.f)
            row += 1
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 95)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    # -- plan sheets -----------------------------------------------------------------------
    def _plan_sheet(self, ws: Any, layout: SheetLayout) -> None:
        f = self.f
        for row, line in enumerate(layout.preamble):
            ws.write_string(row, 0, line, f["title"] if row == 0 else f["note"])
        self._headers(ws, layout)
        row = layout.first_row
        for objective in layout.objectives:
            height = rows_for(objective)
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
            lines[0] = max(lines[0], _wrapped(objective.text, OBJECTIVE_WIDTH) - sum(lines[1:]))
            for offset, count in enumerate(lines):
                ws.set_row(row + offset, min(409, LINE_HEIGHT * count + 4))
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
                ws.set_column(col, col, 16)
        ws.set_column(0, 0, OBJECTIVE_WIDTH)
        if layout.benchmark_col is not None:
            ws.set_column(layout.benchmark_col, layout.benchmark_col, 10)
        ws.set_row(hr, 30)

    def _action(self, ws: Any, row: int, layout: SheetLayout, action: Action) -> None:
        cols, f = layout.columns[action.period], self.f
        ws.write_string(row, cols["action"], action.text, f["wrap"])
        ws.write_string(row, cols["lead"], "/".join(action.leads), f["wrap"])
        ws.write_string(row, cols["progress"], action.progress or "", f["wrap"])
        self._end_point(ws, row, cols["end_point"], action)
        ws.write_string(row, cols["impact"], action.impact or "", f["wrap"])
        ws.write_string(row, cols["rag"], action.rag.label if action.rag else "", f["wrap"])
        ws.write_string(row, cols["evidence"], "\n".join(action.evidence), f["wrap"])
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
        ws.freeze_panes(layout.first_row, 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(layout.period_row, layout.header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        school = (self.plan.school or "").replace("&", "&&")
        ws.set_header(f"&L{school}&C&A&R{self.plan.academic_year or ''}")
        ws.set_footer("&CPage &P of &N")


def _wrapped(text: str | None, width: float) -> int:
    """Roughly how many lines ``text`` wraps to in a column ``width`` characters wide."""
    if not text:
        return 1
    return sum(max(1, -(-len(line) // max(1, int(width * 1.15)))) for line in text.splitlines())


def _lines_needed(action: Action) -> int:
    return max(_wrapped(action.text, WIDTHS["action"]),
               _wrapped(action.progress, WIDTHS["progress"]),
               _wrapped(action.impact, WIDTHS["impact"]),
               len(action.evidence), len(action.leads) // 2 + 1)


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
