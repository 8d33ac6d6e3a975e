"""The Dashboard sheet: live formulas over the plan sheets, so it stays right as people edit.

Tables: RAG per benchmark (with overdue actions and the Compass percentage), RAG per
action period, actions per lead, and, once rollovers have filled History, RAG and Compass
per benchmark per year. Charts: a stacked RAG bar per benchmark and the Compass trend.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .history import HISTORY_SHEET
from .layout import SheetLayout
from .model import Action, Plan, Rag
from .rules import RAG_FILL

RAG_COLUMNS = [("Red", Rag.RED), ("Amber", Rag.AMBER), ("Green", Rag.GREEN),
               ("Complete", Rag.BLUE)]
NO_DATE = 2958465  # 31/12/9999: an end point with no date is never overdue


def _sum(parts: list[str]) -> str:
    return "=" + ("+".join(parts) if parts else "0")


def _match(layout: SheetLayout, benchmark: int | None) -> str:
    """A SUMPRODUCT factor limiting rows to one benchmark ('' when the sheet is all one)."""
    ref = layout.benchmark_ref()
    if benchmark is None or ref is None:
        return ""
    return f'*({ref}="BM{benchmark}")'


def _parts(layouts: list[SheetLayout], benchmark: int | None, periods: tuple[int, ...],
           make: Callable[[SheetLayout, int, str], str]) -> list[str]:
    parts = []
    for layout in layouts:
        if benchmark is not None and layout.benchmark_ref() is None \
                and layout.sheet.benchmark != benchmark:
            continue
        for period in periods:
            parts.append(make(layout, period, _match(layout, benchmark)))
    return parts


def rag_count(layouts: list[SheetLayout], word: str | None, benchmark: int | None = None,
              periods: tuple[int, ...] = (1, 2, 3)) -> str:
    """Formula counting actions with RAG ``word`` (None: no RAG yet)."""
    def make(layout: SheetLayout, period: int, match: str) -> str:
        act, rag = layout.ref(period, "action"), layout.ref(period, "rag")
        test = f'({rag}="{word}")' if word else f'(LEN(TRIM({rag}))=0)'
        if word == "Complete":
            test = f'(({rag}="Complete")+({rag}="Blue"))'
        return f'SUMPRODUCT(({act}<>""){match}*{test})'
    return _sum(_parts(layouts, benchmark, periods, make))


def action_count(layouts: list[SheetLayout], benchmark: int | None = None,
                 periods: tuple[int, ...] = (1, 2, 3)) -> str:
    def make(layout: SheetLayout, period: int, match: str) -> str:
        return f'SUMPRODUCT(({layout.ref(period, "action")}<>""){match})'
    return _sum(_parts(layouts, benchmark, periods, make))


def overdue_count(layouts: list[SheetLayout], benchmark: int | None = None,
                  periods: tuple[int, ...] = (1, 2, 3), terms: bool = True) -> str:
    """Formula counting actions whose end point has passed and that are not complete.

    A date end point counts directly; a half-term name ("Autumn 2") counts through the
    term calendar on the Lists sheet (names TermNames/TermDates)."""
    def make(layout: SheetLayout, period: int, match: str) -> str:
        act, rag = layout.ref(period, "action"), layout.ref(period, "rag")
        end = layout.ref(period, "end_point")
        open_ = f'({act}<>""){match}*({rag}<>"Complete")*({rag}<>"Blue")'
        dated = f"SUMPRODUCT({open_}*ISNUMBER({end})*({end}<TODAY()))"
        if not terms:
            return dated
        named = f'SUMPRODUCT({open_}*COUNTIFS(TermNames,{end},TermDates,"<"&TODAY()))'
        return f"{dated}+{named}"
    return _sum(_parts(layouts, benchmark, periods, make))


def lead_count(layouts: list[SheetLayout], lead: str) -> str:
    """Formula counting actions led (alone or with others, joined by /) by ``lead``."""
    def make(layout: SheetLayout, period: int, match: str) -> str:
        ref = layout.ref(period, "lead")
        return "+".join(f'COUNTIF({ref},"{p}")' for p in
                        (lead, f"{lead}/*", f"*/{lead}", f"*/{lead}/*"))
    return _sum(_parts(layouts, None, (1, 2, 3), make))


def is_overdue(action: Action, today: date) -> bool:
    """Python's twin of the overdue formula, for checks and tests."""
    return (bool(action.text) and action.rag != Rag.BLUE and action.due is not None
            and action.due < today)


def write_dashboard(wb: Any, ws: Any, plan: Plan, layouts: list[SheetLayout],
                    f: dict[str, Any]) -> None:
    """Fill the Dashboard worksheet ``ws``."""
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0\\%"})
    title = " ".join(p for p in ("Plan dashboard", plan.school or "",
                                 str(plan.academic_year or "")) if p)
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, "Counts are live formulas over the plan sheets: they update as you "
                          "edit. Overdue = end point passed and not Complete.", f["note"])
    terms = plan.academic_year is not None
    benchmarks = sorted(plan.benchmarks) or list(range(1, 9))

    # RAG per benchmark.
    top = 3
    heads = ["Benchmark", "Title", "Red", "Amber", "Green", "Complete", "No RAG", "Actions",
             "Overdue", "Compass %"]
    for col, head in enumerate(heads):
        ws.write_string(top, col, head, f["header"])
    for i, number in enumerate(benchmarks, start=1):
        row = top + i
        bench = plan.benchmarks.get(number)
        ws.write_string(row, 0, f"BM{number}", bold)
        ws.write_string(row, 1, bench.title if bench else "")
        for col, (word, _) in enumerate(RAG_COLUMNS, start=2):
            ws.write_formula(row, col, rag_count(layouts, word, number))
        ws.write_formula(row, 6, rag_count(layouts, None, number))
        ws.write_formula(row, 7, action_count(layouts, number))
        ws.write_formula(row, 8, overdue_count(layouts, number, terms=terms))
        if bench and bench.compass_percent is not None:
            ws.write_number(row, 9, bench.compass_percent, pct)
    total = top + len(benchmarks) + 1
    ws.write_string(total, 0, "Total", bold)
    for col in range(2, 9):
        letter = chr(ord("A") + col)
        ws.write_formula(total, col, f"=SUM({letter}{top + 2}:{letter}{total})", bold)

    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    for col, (word, rag) in enumerate(RAG_COLUMNS, start=2):
        chart.add_series({
            "name": word,
            "categories": [ws.name, top + 1, 0, total - 1, 0],
            "values": [ws.name, top + 1, col, total - 1, col],
            "fill": {"color": RAG_FILL[rag]}, "gap": 60,
        })
    chart.set_title({"name": "RAG by benchmark"})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"name": "Actions", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 340})
    ws.insert_chart(top, 11, chart)

    # RAG per period.
    row = total + 2
    ws.write_string(row, 0, "By action period", f["title"])
    row += 1
    for col, head in enumerate(["Period", "", "Red", "Amber", "Green", "Complete", "No RAG",
                                "Actions", "Overdue"]):
        ws.write_string(row, col, head, f["header"])
    for period, name in ((1, "Autumn"), (2, "Spring"), (3, "Summer")):
        row += 1
        ws.write_string(row, 0, name, bold)
        for col, (word, _) in enumerate(RAG_COLUMNS, start=2):
            ws.write_formula(row, col, rag_count(layouts, word, None, (period,)))
        ws.write_formula(row, 6, rag_count(layouts, None, None, (period,)))
        ws.write_formula(row, 7, action_count(layouts, None, (period,)))
        ws.write_formula(row, 8, overdue_count(layouts, None, (period,), terms=terms))

    # Actions per lead.
    row += 2
    ws.write_string(row, 0, "Actions per lead", f["title"])
    row += 1
    ws.write_string(row, 0, "Lead", f["header"])
    ws.write_string(row, 1, "Name", f["header"])
    ws.write_string(row, 2, "Actions", f["header"])
    leads = sorted({lead for a in plan.actions for lead in a.leads})
    for lead in leads:
        row += 1
        ws.write_string(row, 0, lead, bold)
        name = plan.staff.get(lead, "")
        if name and name != lead:
            ws.write_string(row, 1, name)
        ws.write_formula(row, 2, lead_count(layouts, lead))
    row = _write_trend(wb, ws, plan, row + 2, f, bold)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 9, 10)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.freeze_panes(top + 1, 0)


def _write_trend(wb: Any, ws: Any, plan: Plan, row: int, f: dict[str, Any], bold: Any) -> int:
    """Year-on-year tables from History and Compass History, with a Compass trend chart."""
    years = sorted({h.year for h in plan.history} | set(plan.compass_history))
    if not years:
        return row
    current = str(plan.academic_year) if plan.academic_year else None
    ws.write_string(row, 0, "Year on year (from History)", f["title"])
    row += 1
    heads = ["Year", "Benchmark"] + [w for w, _ in RAG_COLUMNS] + ["Actions"]
    for col, head in enumerate(heads):
        ws.write_string(row, col, head, f["header"])
    hist = f"'{HISTORY_SHEET}'"
    for year in [y for y in years if any(h.year == y for h in plan.history)]:
        for number in range(1, 9):
            if not any(h.year == year and h.benchmark == number for h in plan.history):
                continue
            row += 1
            ws.write_string(row, 0, year, bold)
            ws.write_string(row, 1, f"BM{number}")
            for col, (word, _) in enumerate(RAG_COLUMNS, start=2):
                ws.write_formula(row, col, f'=COUNTIFS({hist}!$A:$A,"{year}",'
                                           f'{hist}!$B:$B,"BM{number}",{hist}!$I:$I,"{word}")')
            ws.write_formula(row, 6, f'=COUNTIFS({hist}!$A:$A,"{year}",{hist}!$B:$B,"BM{number}")')
    row += 2
    ws.write_string(row, 0, "Compass % per benchmark per year", f["title"])
    row += 1
    ws.write_string(row, 0, "Year", f["header"])
    for number in range(1, 9):
        ws.write_string(row, number, f"BM{number}", f["header"])
    first = row + 1
    scores = dict(plan.compass_history)
    if current:
        scores[current] = {n: b.compass_percent for n, b in plan.benchmarks.items()}
    for year in sorted(scores):
        row += 1
        ws.write_string(row, 0, year, bold)
        for number, percent in scores[year].items():
            if percent is not None and 1 <= number <= 8:
                ws.write_number(row, number, percent)
    chart = wb.add_chart({"type": "line"})
    for number in range(1, 9):
        chart.add_series({"name": f"BM{number}", "categories": [ws.name, first, 0, row, 0],
                          "values": [ws.name, first, number, row, number],
                          "marker": {"type": "circle"}})
    chart.set_title({"name": "Compass % by year"})
    chart.set_y_axis({"min": 0, "max": 100})
    chart.set_size({"width": 620, "height": 300})
    ws.insert_chart(first - 1, 11, chart)
    return row
