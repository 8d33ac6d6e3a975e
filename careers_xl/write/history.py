"""The History and Compass History sheets, drawn with xlsxwriter.

Impact shows over several years, so each rollover appends the closing year's actions to
History and nothing is ever removed. Both sheets are plain tables a careers leader can
filter; ``read.owned`` reads them back.
"""

from __future__ import annotations

from typing import Any

from ..model import Plan
from ..read.headers import join_lines

HISTORY_SHEET = "History"
COMPASS_HISTORY_SHEET = "Compass History"
HISTORY_COLUMNS = ["Year", "Benchmark", "Objective", "Period", "Action", "Leads", "Progress",
                   "End point", "RAG", "Evidence", "Impact"]


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
