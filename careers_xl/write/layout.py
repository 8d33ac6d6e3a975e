"""Where the writer puts things on a plan sheet, shared by the writer and the dashboard.

A plan sheet is: preamble lines (title, Compass line), a blank row, the merged period
header row, the column-name row, then one row per action line of each objective.
Per period the columns are Action, Lead, Progress, End point, Impact, the period's own
extra columns, RAG, Evidence list; the row's own extra columns come after Summer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name

from ..model import Objective, Plan, PlanSheet

PERIOD_ORDER = ["action", "lead", "progress", "end_point", "impact"]
STATUS_ORDER = ["rag", "evidence"]
SPARE_ROWS = 150  # validation and formatting reach this far below the last action


@dataclass
class SheetLayout:
    """Row and column positions (0-based) of one written plan sheet."""

    sheet: PlanSheet
    objectives: list[Objective]
    preamble: list[str]  # the lines written above the table
    period_row: int
    header_row: int
    first_row: int
    last_row: int  # last row that validation and formulas cover
    objective_col: int = 0
    benchmark_col: int | None = None
    columns: dict[int, dict[str, int]] = field(default_factory=dict)  # period -> field -> col
    extra_cols: dict[int, dict[str, int]] = field(default_factory=dict)  # period (0=row) -> col
    rows_used: int = 0
    # On a sheet shared by several benchmarks: benchmark -> runs of rows (0-based, inclusive)
    # holding its objectives. Empty when the whole sheet is one benchmark's.
    runs: dict[int | None, list[tuple[int, int]]] = field(default_factory=dict)

    def ref(self, period: int, name: str) -> str:
        """The column range of one field, e.g. 'BM1 Programme'!$G$7:$G$157."""
        return self._column_range(self.columns[period][name])

    def benchmark_ref(self) -> str | None:
        if self.benchmark_col is None:
            return None
        return self._column_range(self.benchmark_col)

    def _column_range(self, col: int) -> str:
        letter = xl_col_to_name(col)
        quoted = "'" + self.sheet.name.replace("'", "''") + "'"
        return f"{quoted}!${letter}${self.first_row + 1}:${letter}${self.last_row + 1}"


@dataclass(frozen=True)
class Slice:
    """One period's columns over a run of rows of one plan sheet (1-based rows)."""

    sheet: str
    period: int
    columns: dict[str, int]  # field -> 0-based column
    first: int
    last: int

    def ref(self, name: str) -> str:
        letter = xl_col_to_name(self.columns[name])
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!${letter}${self.first}:${letter}${self.last}"


def slices(layout: SheetLayout, benchmark: int | None) -> list[Slice]:
    """Where to count ``benchmark``'s actions (0: every benchmark) on one plan sheet."""
    if benchmark == 0:
        rows = [(layout.first_row, layout.last_row)]
    elif layout.runs:
        rows = layout.runs.get(benchmark, [])
    else:
        rows = [(layout.first_row, layout.last_row)] if layout.sheet.benchmark == benchmark \
            else []
    return [Slice(layout.sheet.name, period, cols, first + 1, last + 1)
            for period, cols in sorted(layout.columns.items()) for first, last in rows]


def read_layout(plan: Plan, sheet: PlanSheet) -> SheetLayout:
    """The layout of a plan sheet as the reader found it in the user's workbook."""
    objectives = [o for o in plan.objectives if o.sheet == sheet.name]
    rows = [a.row for o in objectives for a in o.actions if a.row]
    first = sheet.header_row  # 0-based index of the row under the column names
    last_used = max(rows, default=first + 1) - 1
    layout = SheetLayout(sheet=sheet, objectives=objectives, preamble=list(sheet.preamble),
                         period_row=max(sheet.header_row - 2, 0), header_row=sheet.header_row - 1,
                         first_row=first, last_row=last_used + SPARE_ROWS,
                         rows_used=last_used - first + 1)
    layout.columns = {p: {name: col - 1 for name, col in cols.items()}
                      for p, cols in sheet.columns.items()}
    if sheet.benchmark is None or sheet.benchmark_col is not None:
        runs: dict[int | None, list[tuple[int, int]]] = {}
        for objective in objectives:
            for action in objective.actions:
                row = action.row - 1
                spans = runs.setdefault(objective.benchmark, [])
                if spans and spans[-1][1] in (row - 1, row):
                    spans[-1] = (spans[-1][0], row)
                elif not spans or spans[-1][1] < row:
                    spans.append((row, row))
        layout.runs = runs or {None: []}
    return layout


def rows_for(objective: Objective, above: Objective | None = None) -> int:
    """How many sheet rows an objective takes: its busiest period's action count (min 1).

    Two when it would take one under an objective (``above``) with the same text: its cell is
    then merged, which tells the reader a second objective starts there (a repeated text in
    a cell of its own reads as the same objective typed again)."""
    counts = [sum(1 for a in objective.actions if a.period == p) for p in (1, 2, 3)]
    rows = max(1, *counts)
    return 2 if rows == 1 and above is not None and above.text == objective.text else rows


def plan_layout(plan: Plan, sheet: PlanSheet, blank_rows: int = 0,
                preamble: list[str] | None = None) -> SheetLayout:
    """Lay out one plan sheet of ``plan`` with ``preamble`` lines (default: the sheet's own)
    above the table."""
    objectives = [o for o in plan.objectives if o.sheet == sheet.name]
    benchmarks = {o.benchmark for o in objectives if o.benchmark is not None}
    needs_benchmark = sheet.benchmark_column or (
        sheet.benchmark is None and bool(benchmarks))
    lines = list(sheet.preamble if preamble is None else preamble)
    period_row = len(lines) + (1 if lines else 0)
    rows_used = sum(rows_for(o, above) for above, o in zip([None, *objectives], objectives,
                                                          strict=False)) or blank_rows
    layout = SheetLayout(sheet=sheet, objectives=objectives, preamble=lines,
                         period_row=period_row,
                         header_row=period_row + 1, first_row=period_row + 2,
                         last_row=period_row + 1 + max(rows_used, 1) + SPARE_ROWS,
                         rows_used=rows_used)
    col = 1
    if needs_benchmark:
        layout.benchmark_col = col
        col += 1
    for period in (1, 2, 3):
        cols: dict[str, int] = {}
        for name in PERIOD_ORDER:
            cols[name] = col
            col += 1
        extras: dict[str, int] = {}
        for extra in sheet.extra_columns:
            if extra.period == period:
                extras[extra.header] = col
                col += 1
        for name in STATUS_ORDER:
            cols[name] = col
            col += 1
        layout.columns[period] = cols
        layout.extra_cols[period] = extras
    layout.extra_cols[0] = {}
    for extra in sheet.extra_columns:
        if extra.period is None:
            layout.extra_cols[0][extra.header] = col
            col += 1
    return layout
