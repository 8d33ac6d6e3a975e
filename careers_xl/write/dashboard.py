"""The Dashboard sheet: live formulas over the plan sheets, each stored with its result.

Tables: RAG per benchmark (with overdue actions and the Compass percentage), RAG per
action period, actions per lead, and, once rollovers have filled History, RAG and Compass
per benchmark per year. Charts: a stacked RAG bar per benchmark and the Compass trend.

Every count is a ``Count``: the formula Excel recalculates, and the same rule evaluated on
the cells as saved (``Grid``), so the stored value is exactly what Excel will compute.
xlsxwriter writes each result as a number and ``formulas`` keeps its formula by cell, for
the move into the user's package to add (xlsxwriter's own formula preparation, a few dozen
regular expressions over every formula, took most of an update's time).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..edit.grid import Grid, Value, countif_matcher, equals
from ..model import Plan, Rag
from ..package.sheet import coordinate
from ..rules.words import RAG_FILL, RAG_WORDS
from .history import HISTORY_SHEET
from .layout import SheetLayout, Slice, slices
from .print_layout import SIDE_MARGINS

RAG_COLUMNS = [("Red", Rag.RED), ("Amber", Rag.AMBER), ("Green", Rag.GREEN),
               ("Complete", Rag.BLUE)]
ALL = 0  # every benchmark; None is "no benchmark"
CHART_ROWS = 16  # rows (of 20 px) a chart takes
TREND_SCALE = 76  # % at which the Dashboard fits landscape A4 in LibreOffice (tests/test_printing)


def _words(rag: Rag) -> tuple[str, ...]:
    return RAG_WORDS[rag]


def _is(rag_ref: str, rag: Rag) -> str:
    return "(" + "+".join(f'(TRIM({rag_ref})="{w}")' for w in _words(rag)) + ")"


FIELDS = ("action", "rag", "lead", "end_point")  # the columns a Dashboard count reads
_STATUS = {word.casefold(): rag for rag, words in RAG_WORDS.items() for word in words}


def _status(text: str) -> Rag | None:
    """The status a RAG cell's text means, as the Dashboard's formulas compare it."""
    return _STATUS.get(text.strip().casefold())


@dataclass
class SliceCells:
    """One slice's ranges in formulas, and what its cells held as saved: how many actions
    of each status, with no RAG ("none"), in all ("actions") and overdue, and how many Lead
    cells hold each text."""

    period: int
    refs: dict[str, str]
    counts: Counter[Rag | str]
    leads: Counter[str]

    @classmethod
    def of(cls, s: Slice, grid: Grid, terms: list[tuple[str, float]],
           today: float) -> SliceCells:
        counts: Counter[Rag | str] = Counter()
        leads: Counter[str] = Counter()
        act, rag, lead, end = (s.columns[name] + 1 for name in FIELDS)
        for row in grid.rows(s.sheet, s.first, s.last):  # an empty row matches nothing
            leads[grid.text(s.sheet, row, lead)] += 1
            if not grid.text(s.sheet, row, act):
                continue
            word = grid.text(s.sheet, row, rag)
            status = _status(word)
            counts["actions"] += 1
            counts["none"] += not word.strip()
            if status is not None:
                counts[status] += 1
            if status is not Rag.BLUE and _passed(grid.get(s.sheet, row, end), terms, today):
                counts["overdue"] += 1
        return cls(s.period, {name: s.ref(name) for name in FIELDS}, counts, leads)


def _passed(end: Value, terms: list[tuple[str, float]], today: float) -> int:
    """How many times an end point counts as passed: a date before today, or each half-term
    of that name on Lists ending before today."""
    if isinstance(end, float):
        return end < today
    if isinstance(end, str):
        return sum(1 for name, day in terms if equals(name, end) and day < today)
    return 0


@dataclass(frozen=True)
class Count:
    """One number on the Dashboard: what it counts, over which benchmark and periods."""

    what: str  # "rag", "none", "actions", "overdue" or "lead"
    rag: Rag | None = None
    benchmark: int | None = ALL
    periods: tuple[int, ...] = (1, 2, 3)
    lead: str = ""

    def formula(self, slices: list[SliceCells]) -> str:
        parts = [self._part(s.refs) for s in slices]
        return "=" + ("+".join(parts) if parts else "0")

    def value(self, slices: list[SliceCells]) -> int:
        if self.what == "lead":
            tests = [countif_matcher(p) for p in _lead_patterns(self.lead)]
            return sum(n * test(text) for s in slices
                       for text, n in s.leads.items() for test in tests)
        key = self.rag if self.what == "rag" and self.rag is not None else self.what
        return sum(s.counts[key] for s in slices)

    def _part(self, refs: dict[str, str]) -> str:
        act, rag, end = refs["action"], refs["rag"], refs["end_point"]
        if self.what == "lead":
            lead = refs["lead"]
            return "+".join(f'COUNTIF({lead},"{p}")' for p in _lead_patterns(self.lead))
        if self.what == "actions":
            return f'SUMPRODUCT(--({act}<>""))'
        if self.what == "none":
            return f'SUMPRODUCT(({act}<>"")*(LEN(TRIM({rag}))=0))'
        if self.what == "rag":
            assert self.rag is not None
            return f'SUMPRODUCT(({act}<>"")*{_is(rag, self.rag)})'
        open_ = f'({act}<>"")*(1-{_is(rag, Rag.BLUE)})'
        return (f"SUMPRODUCT({open_}*ISNUMBER({end})*({end}<TODAY()))"
                f'+SUMPRODUCT({open_}*COUNTIFS(TermNames,{end},TermDates,"<"&TODAY()))')


def _lead_patterns(lead: str) -> tuple[str, ...]:
    return lead, f"{lead}/*", f"*/{lead}", f"*/{lead}/*"


class DashboardWriter:
    """Fills a Dashboard worksheet (xlsxwriter) with formulas and their stored results."""

    def __init__(self, wb: Any, ws: Any, plan: Plan, layouts: list[SheetLayout], grid: Grid,
                 terms: list[tuple[str, float]], today: float, formats: dict[str, Any]) -> None:
        self.wb, self.ws, self.plan, self.layouts = wb, ws, plan, layouts
        self.grid, self.terms, self.today, self.f = grid, terms, today, formats
        self.bold = wb.add_format({"bold": True})
        self.formulas: dict[str, str] = {}  # cell ("C5") -> formula, without its "="
        self._slices: dict[int | None, list[SliceCells]] = {}  # benchmark -> its slices

    def formula(self, row: int, col: int, formula: str, value: int, fmt: Any = None) -> None:
        """A formula cell (0-based ``row``, ``col``) holding its result ``value``."""
        self.ws.write_number(row, col, value, fmt)
        self.formulas[coordinate(row + 1, col + 1)] = formula.removeprefix("=")

    def count(self, row: int, col: int, count: Count) -> int:
        if count.benchmark not in self._slices:
            self._slices[count.benchmark] = [SliceCells.of(s, self.grid, self.terms, self.today)
                                             for layout in self.layouts
                                             for s in slices(layout, count.benchmark)]
        where = [s for s in self._slices[count.benchmark] if s.period in count.periods]
        value = count.value(where)
        self.formula(row, col, count.formula(where), value)
        return value

    def write(self) -> None:
        plan, ws, f = self.plan, self.ws, self.f
        title = " ".join(p for p in ("Plan dashboard", plan.school or "",
                                     str(plan.academic_year or "")) if p)
        ws.write_string(0, 0, title, f["title"])
        ws.write_string(1, 0, "Counts are live formulas over the plan sheets: they update as "
                              "you edit. Overdue = end point passed and not Complete.", f["note"])
        top = 3
        heads = ["Benchmark", "Title", "Red", "Amber", "Green", "Complete", "No RAG",
                 "Actions", "Overdue", "Compass %"]
        for col, head in enumerate(heads):
            ws.write_string(top, col, head, f["header"])
        numbers: list[int | None] = list(sorted(plan.benchmarks) or range(1, 9))
        if any(o.benchmark is None for o in plan.objectives):
            numbers.append(None)
        totals = [0] * 9
        pct = self.wb.add_format({"num_format": "0\\%"})
        for i, number in enumerate(numbers, start=1):
            row = top + i
            bench = plan.benchmarks.get(number) if number else None
            ws.write_string(row, 0, f"BM{number}" if number else "No benchmark", self.bold)
            if bench:
                ws.write_string(row, 1, bench.title)
            counts = [Count("rag", rag, number) for _, rag in RAG_COLUMNS]
            counts += [Count("none", None, number), Count("actions", None, number),
                       Count("overdue", None, number)]
            for col, count in enumerate(counts, start=2):
                totals[col] += self.count(row, col, count)
            if bench and bench.compass_percent is not None:
                ws.write_number(row, 9, bench.compass_percent, pct)
            elif number and (last := self._last_compass(number)):
                ws.write_string(row, 9, f"not yet ({last[1]}% in {last[0]})", f["note"])
        total = top + len(numbers) + 1
        ws.write_string(total, 0, "Total", self.bold)
        for col in range(2, 9):
            letter = chr(ord("A") + col)
            self.formula(total, col, f"=SUM({letter}{top + 2}:{letter}{total})", totals[col],
                         self.bold)
        row = self._periods(total + 2)
        leads = row + 2
        row = self._leads(leads)
        self._rag_chart(top, total, leads)
        trend = max(row, leads + CHART_ROWS) + 2
        self._print_setup(trend if self._trend(trend) > trend else None)
        ws.set_column(0, 0, 13)
        ws.set_column(1, 1, 42)
        ws.set_column(2, 8, 9)
        ws.set_column(9, 9, 11)
        ws.freeze_panes(top + 1, 0)

    def _last_compass(self, number: int) -> tuple[str, int] | None:
        """The latest Compass result History holds for a benchmark: (year, percent)."""
        found = [(year, p) for year, scores in self.plan.compass_history.items()
                 if (p := scores.get(number)) is not None]
        return max(found) if found else None

    def _print_setup(self, trend: int | None) -> None:
        """One landscape A4 page: tables down the left, the RAG chart beside the leads; the
        year-on-year tables, once History has some, on a page of their own after it (at a
        fixed scale, since Excel ignores page breaks when it fits a sheet to pages)."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(**SIDE_MARGINS)
        ws.center_horizontally()
        if trend is None:
            ws.fit_to_pages(1, 1)
        else:
            ws.set_print_scale(TREND_SCALE)
            ws.set_h_pagebreaks([trend])

    def _rag_chart(self, top: int, total: int, row: int) -> None:
        chart = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for col, (word, rag) in enumerate(RAG_COLUMNS, start=2):
            chart.add_series({"name": word, "categories": [self.ws.name, top + 1, 0, total - 1, 0],
                              "values": [self.ws.name, top + 1, col, total - 1, col],
                              "fill": {"color": RAG_FILL[rag]}, "gap": 60})
        chart.set_title({"name": "RAG by benchmark"})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"name": "Actions", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 420, "height": CHART_ROWS * 20})  # within column J
        self.ws.insert_chart(row, 4, chart, {"x_offset": 8})

    def _periods(self, row: int) -> int:
        ws, f = self.ws, self.f
        ws.write_string(row, 0, "By action period", f["title"])
        row += 1
        for col, head in enumerate(["Period", "Title", "Red", "Amber", "Green", "Complete",
                                    "No RAG", "Actions", "Overdue"]):
            ws.write_string(row, col, head, f["header"])
        for period, name in ((1, "Autumn"), (2, "Spring"), (3, "Summer")):
            row += 1
            ws.write_string(row, 0, name, self.bold)
            counts = [Count("rag", rag, ALL, (period,)) for _, rag in RAG_COLUMNS]
            counts += [Count(w, None, ALL, (period,)) for w in ("none", "actions", "overdue")]
            for col, count in enumerate(counts, start=2):
                self.count(row, col, count)
        return row

    def _leads(self, row: int) -> int:
        ws, f = self.ws, self.f
        ws.write_string(row, 0, "Actions per lead", f["title"])
        row += 1
        for col, head in enumerate(("Lead", "Name", "Actions")):
            ws.write_string(row, col, head, f["header"])
        for lead in sorted({lead for a in self.plan.actions for lead in a.leads}):
            row += 1
            ws.write_string(row, 0, lead, self.bold)
            name = self.plan.staff.get(lead, "")
            if name and name != lead:
                ws.write_string(row, 1, name)
            self.count(row, 2, Count("lead", lead=lead))
        return row

    def _trend(self, row: int) -> int:
        """Year-on-year tables from History and Compass History, with a Compass chart."""
        plan, ws, f = self.plan, self.ws, self.f
        years = sorted({h.year for h in plan.history} | set(plan.compass_history))
        if not years:
            return row
        ws.write_string(row, 0, "Year on year (from History)", f["title"])
        row += 1
        for col, head in enumerate(["Year", "Benchmark"] + [w for w, _ in RAG_COLUMNS]
                                   + ["Actions"]):
            ws.write_string(row, col, head, f["header"])
        hist = f"'{self.history_name}'"
        for year in sorted({h.year for h in plan.history}):
            for number in range(1, 9):
                rows = [h for h in plan.history if h.year == year and h.benchmark == number]
                if not rows:
                    continue
                row += 1
                ws.write_string(row, 0, year, self.bold)
                ws.write_string(row, 1, f"BM{number}")
                where = f'{hist}!$A:$A,"{year}",{hist}!$B:$B,"BM{number}"'
                for col, (word, rag) in enumerate(RAG_COLUMNS, start=2):
                    self.formula(row, col, f'=COUNTIFS({where},{hist}!$I:$I,"{word}")',
                                 sum(1 for h in rows if h.rag == rag))
                self.formula(row, 6, f"=COUNTIFS({where})", len(rows))
        row += 2
        ws.write_string(row, 0, "Compass % per benchmark per year", f["title"])
        row += 1
        ws.write_string(row, 0, "Year", f["header"])
        for number in range(1, 9):
            ws.write_string(row, number, f"BM{number}", f["header"])
        first = row + 1
        scores = dict(plan.compass_history)
        current = {n: b.compass_percent for n, b in plan.benchmarks.items()}
        if plan.academic_year and any(p is not None for p in current.values()):
            scores[str(plan.academic_year)] = current  # not an empty row before evaluation
        for year in sorted(scores):
            row += 1
            ws.write_string(row, 0, year, self.bold)
            for number, percent in scores[year].items():
                if percent is not None and 1 <= number <= 8:
                    ws.write_number(row, number, percent)
        chart = self.wb.add_chart({"type": "line"})
        for number in range(1, 9):
            chart.add_series({"name": f"BM{number}", "categories": [ws.name, first, 0, row, 0],
                              "values": [ws.name, first, number, row, number],
                              "marker": {"type": "circle"}})
        chart.set_title({"name": "Compass % by year"})
        chart.set_y_axis({"min": 0, "max": 100})
        chart.set_size({"width": 620, "height": CHART_ROWS * 20})
        ws.insert_chart(row + 2, 0, chart)
        return row + 2 + CHART_ROWS

    history_name = HISTORY_SHEET
