"""The History and Compass History sheets: every closed year's actions and Compass scores.

Impact shows over several years, so each rollover appends the closing year's actions here
and nothing is ever removed. Both sheets are plain tables a careers leader can filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import HistoryRow, Plan, Rag
from ..rules.rag import rag_from_text
from .cells import SheetCells
from .headers import benchmark_number, join_lines, normalise, split_leads, split_lines, text_or_none

HISTORY_SHEET = "History"
COMPASS_HISTORY_SHEET = "Compass History"
HISTORY_COLUMNS = ["Year", "Benchmark", "Objective", "Period", "Action", "Leads", "Progress",
                   "End point", "RAG", "Evidence", "Impact"]


def read_history_sheet(sheet: SheetCells, plan: Plan, kind: str) -> None:
    """Load a History ("history") or Compass History ("compass history") sheet written by
    careers-xl."""
    width = max(sheet.width, 1)
    header = [normalise(v) if v is not None else "" for v in sheet.shown(1, width)]
    rows = (values for _, values in sheet.iter_shown(2, width=width))
    if kind == "compass history":
        for values in rows:
            if not values or values[0] is None:
                continue
            year = str(values[0]).strip()
            scores = plan.compass_history.setdefault(year, {})
            for name, value in zip(header[1:], values[1:], strict=False):
                number = benchmark_number(name)
                if number:
                    scores[number] = int(value) if isinstance(value, int | float) else None
        return
    col = {name: header.index(normalise(name)) for name in HISTORY_COLUMNS
           if normalise(name) in header}

    def get(values: Sequence[Any], name: str) -> Any:
        index = col.get(name)
        return values[index] if index is not None and index < len(values) else None

    for values in rows:
        if not values or get(values, "Year") is None:
            continue
        rag = rag_from_text(get(values, "RAG"))
        period = get(values, "Period")
        plan.history.append(HistoryRow(
            year=str(get(values, "Year")).strip(),
            benchmark=benchmark_number(str(get(values, "Benchmark") or "")),
            objective=str(get(values, "Objective") or ""),
            period=int(period) if isinstance(period, int | float) else 0,
            action=str(get(values, "Action") or ""),
            leads=split_leads(get(values, "Leads")),
            progress=text_or_none(get(values, "Progress")),
            end_point=text_or_none(get(values, "End point")),
            rag=rag if isinstance(rag, Rag) else None,
            evidence=split_lines(get(values, "Evidence")),
            impact=text_or_none(get(values, "Impact")),
        ))


def history_rows(plan: Plan) -> list[HistoryRow]:
    """The plan's current year as History rows (what a rollover appends)."""
    year = str(plan.academic_year) if plan.academic_year else ""
    return [
        HistoryRow(year=year, benchmark=o.benchmark, objective=o.text, period=a.period,
                   action=a.text, leads=list(a.leads), progress=a.progress,
                   end_point=a.end_point, rag=a.rag, evidence=list(a.evidence), impact=a.impact)
        for o in plan.objectives for a in o.actions
    ]


def write_history(workbook: Any, plan: Plan, formats: dict[str, Any],
                  history_name: str = HISTORY_SHEET,
                  compass_name: str = COMPASS_HISTORY_SHEET) -> dict[str, str]:
    """Write the History table (and Compass History when there is one) with xlsxwriter.

    Returns the sheets written, kind ("history", "compass history") -> name."""
    written: dict[str, str] = {}
    if plan.history:
        ws = workbook.add_worksheet(history_name)
        written["history"] = history_name
        widths = [9, 10, 40, 7, 40, 14, 30, 14, 9, 30, 30]
        for col, (name, width) in enumerate(zip(HISTORY_COLUMNS, widths, strict=True)):
            ws.write_string(0, col, name, formats["header"])
            ws.set_column(col, col, width, formats["wrap"])
        for row, item in enumerate(plan.history, start=1):
            values = [item.year, f"BM{item.benchmark}" if item.benchmark else "", item.objective,
                      item.period, item.action, "/".join(item.leads), item.progress or "",
                      item.end_point or "", item.rag.label if item.rag else "",
                      join_lines(item.evidence), item.impact or ""]
            for col, value in enumerate(values):
                if isinstance(value, int):
                    ws.write_number(row, col, value)
                elif value:
                    ws.write_string(row, col, value)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(plan.history), len(HISTORY_COLUMNS) - 1)
    if plan.compass_history:
        ws = workbook.add_worksheet(compass_name)
        written["compass history"] = compass_name
        ws.write_string(0, 0, "Year", formats["header"])
        for number in range(1, 9):
            ws.write_string(0, number, f"BM{number}", formats["header"])
        for row, year in enumerate(sorted(plan.compass_history), start=1):
            ws.write_string(row, 0, year)
            for number, percent in plan.compass_history[year].items():
                if percent is not None:
                    ws.write_number(row, number, percent)
        ws.set_column(0, 0, 10)
    return written
