"""What the governors' one-page report says, worked out from a plan (no drawing here).

For the link governor and the senior leadership team: where the school stands on each
Gatsby Benchmark (Compass % this year beside last year's), how the plan's actions stand
(RAG per benchmark), which actions are overdue or Red, and how the years History holds
compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import BENCHMARK_TITLES, Action, Plan, Rag
from ..rules.checks import is_overdue

RAG_ORDER: list[Rag | None] = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, None]


@dataclass(frozen=True)
class CompassRow:
    """One benchmark's Compass result this year and last year (None: not recorded)."""

    number: int
    title: str
    this_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class BenchmarkRow:
    """One benchmark's line of a plan summary: its Compass result and its actions by RAG."""

    number: int | None  # None: objectives with no benchmark
    title: str
    compass: int | None
    objectives: int
    rag: dict[Rag | None, int]  # None: no RAG given

    @property
    def actions(self) -> int:
        return sum(self.rag.values())


@dataclass(frozen=True)
class ActionLine:
    """One action as a governor reads it."""

    benchmark: int | None
    text: str
    leads: str  # "ZCO/JHO", or "" when nobody leads it
    end_point: str  # as typed, or a date as dd/mm/yyyy; "" when none


@dataclass(frozen=True)
class YearRow:
    """One year of the trend: its actions' final RAG and its average Compass %."""

    year: str
    rag: dict[Rag | None, int]
    compass: float | None
    current: bool = False  # this year, still under way

    @property
    def actions(self) -> int:
        return sum(self.rag.values())


@dataclass
class GovernorsReport:
    """Everything on the page."""

    school: str
    year: str
    today: date
    careers_leader: str | None
    link_governor: str | None
    last_year: str | None  # the year "last year" means, e.g. "2024/25"
    compass: list[CompassRow] = field(default_factory=list)
    rag: dict[int | None, dict[Rag | None, int]] = field(default_factory=dict)
    overdue: list[ActionLine] = field(default_factory=list)
    red: list[ActionLine] = field(default_factory=list)
    years: list[YearRow] = field(default_factory=list)


def _line(benchmark: int | None, action: Action) -> ActionLine:
    end = action.end_point or ""
    if action.due is not None and end[:1].isdigit():  # a date, however it was typed
        end = f"{action.due:%d/%m/%Y}"
    return ActionLine(benchmark, " ".join(action.text.split()), "/".join(action.leads), end)


def _counts(rags: list[Rag | None]) -> dict[Rag | None, int]:
    return {rag: sum(1 for r in rags if r == rag) for rag in RAG_ORDER}


def benchmark_rows(plan: Plan) -> list[BenchmarkRow]:
    """Every benchmark the plan names, then "No benchmark" if some objectives have none."""
    named = {o.benchmark for o in plan.objectives if o.benchmark is not None}
    numbers: list[int | None] = [*sorted(set(plan.benchmarks) | named)]
    if any(o.benchmark is None for o in plan.objectives):
        numbers.append(None)
    rows = []
    for number in numbers:
        objectives = [o for o in plan.objectives if o.benchmark == number]
        bench = plan.benchmarks.get(number) if number else None
        title = bench.title if bench else BENCHMARK_TITLES.get(number or 0, "")
        rows.append(BenchmarkRow(
            number, f"BM{number} {title}".rstrip() if number else "No benchmark",
            bench.compass_percent if bench else None, len(objectives),
            _counts([a.rag for o in objectives for a in o.actions])))
    return rows


def _average(scores: dict[int, int | None]) -> float | None:
    known = [p for n, p in scores.items() if p is not None and 1 <= n <= 8]
    return sum(known) / len(known) if known else None


def governors_report(plan: Plan, today: date | None = None) -> GovernorsReport:
    """The report's content for ``plan``; overdue is judged as of ``today``."""
    today = today or date.today()
    year = plan.academic_year
    previous = str(year.next(-1)) if year else None
    last_scores = plan.compass_history.get(previous or "", {})
    report = GovernorsReport(
        school=plan.school or plan.cover_title or "School not named",
        year=str(year) if year else "year not given", today=today,
        careers_leader=plan.careers_leader, link_governor=plan.link_governor,
        last_year=previous)
    for number in range(1, 9):
        bench = plan.benchmarks.get(number)
        report.compass.append(CompassRow(
            number, bench.title if bench else BENCHMARK_TITLES[number],
            bench.compass_percent if bench else None, last_scores.get(number)))
    report.rag = {row.number: row.rag for row in benchmark_rows(plan) if row.objectives}
    for objective in plan.objectives:
        for action in objective.actions:
            if action.text and is_overdue(action, today):
                report.overdue.append(_line(objective.benchmark, action))
            if action.text and action.rag == Rag.RED:
                report.red.append(_line(objective.benchmark, action))
    report.overdue.sort(key=lambda a: (a.benchmark or 9, a.text))
    closed_years = {h.year for h in plan.history} | set(plan.compass_history)
    for closed in sorted(closed_years - {str(year)}):
        report.years.append(YearRow(
            closed, _counts([h.rag for h in plan.history if h.year == closed and h.action]),
            _average(plan.compass_history.get(closed, {}))))
    if year is not None:
        scores: dict[int, int | None] = {n: b.compass_percent
                                          for n, b in plan.benchmarks.items()}
        report.years.append(YearRow(str(year), _counts([a.rag for a in plan.actions if a.text]),
                                    _average(scores), current=True))
    return report
