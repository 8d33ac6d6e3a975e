"""The plan as plain Python objects: what the reader produces and the writer consumes.

Nothing here touches a workbook. Names follow what a careers leader says: a ``Plan`` has
``Objective`` rows per Gatsby Benchmark, each with an ``Action`` per action period, each
with a ``Rag`` status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

BENCHMARK_TITLES: dict[int, str] = {
    1: "A stable careers programme",
    2: "Learning from career and labour market information",
    3: "Addressing the needs of each young person",
    4: "Linking curriculum learning to careers",
    5: "Encounters with employers and employees",
    6: "Experiences of workplaces",
    7: "Encounters with further and higher education",
    8: "Personal guidance",
}

PERIOD_NAMES: dict[int, str] = {1: "Autumn", 2: "Spring", 3: "Summer"}

# The seven columns of every action period, by field name, with their usual headers.
PERIOD_FIELDS: dict[str, str] = {
    "action": "Action",
    "lead": "Lead",
    "progress": "Progress",
    "end_point": "End point",
    "impact": "Impact/ Evidence",
    "rag": "RAG",
    "evidence": "Evidence list",
}
DEFAULT_PERIOD_LABELS: dict[int, str] = {
    1: "Action Period 1 (Autumn terms 1 and 2)",
    2: "Action Period 2 (Spring terms 1 & 2)",
    3: "Action Period 3 (Summer terms 1 & 2)",
}


class Rag(StrEnum):
    """A RAG status. Blue means complete (BRAG). No status is ``None``, not a member."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"

    @property
    def label(self) -> str:
        """The word shown in the workbook's dropdown."""
        return RAG_LABELS[self]


RAG_LABELS: dict[Rag, str] = {
    Rag.RED: "Red",
    Rag.AMBER: "Amber",
    Rag.GREEN: "Green",
    Rag.BLUE: "Complete",
}


@dataclass(frozen=True, order=True)
class AcademicYear:
    """An English academic year, September to July, named by its first calendar year."""

    start: int

    _PATTERN = re.compile(r"(?<!\d)(20\d\d)\s*[/\-_–]\s*(?:20)?(\d\d)(?!\d)")

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        """Parse "2025/26", "2025-26", "2025-2026", "2025_26". Raises ValueError."""
        found = cls.find(text)
        if found is None:
            raise ValueError(f"{text!r} is not an academic year such as 2025/26")
        return found

    @classmethod
    def find(cls, text: str) -> AcademicYear | None:
        """The first academic year named anywhere in ``text``, or None."""
        for match in cls._PATTERN.finditer(str(text)):
            first, second = int(match.group(1)), int(match.group(2))
            if (first + 1) % 100 == second:
                return cls(first)
        return None

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        """The academic year a date falls in (September starts a new one)."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def first_day(self) -> date:
        return date(self.start, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 8, 31)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def next(self, years: int = 1) -> AcademicYear:
        return AcademicYear(self.start + years)

    def __str__(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"


@dataclass(frozen=True)
class Formula:
    """A real spreadsheet formula (``=SUM(A1:A3)``), kept apart from text that starts with '='."""

    text: str

    def __str__(self) -> str:
        return self.text


CellValue = str | int | float | bool | date | Formula


@dataclass
class Problem:
    """Something the reader could not make sense of, said for a careers leader."""

    level: str  # "warning" or "error"
    cell: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.cell}: " if self.cell else ""
        return f"{self.level}: {where}{self.message}"


@dataclass
class Action:
    """One action in one action period (1 Autumn, 2 Spring, 3 Summer) of an objective."""

    period: int
    text: str
    leads: list[str] = field(default_factory=list)
    progress: str | None = None
    end_point: str | None = None  # as the person typed (or as Excel displayed it)
    due: date | None = None  # the end point resolved to a date, when it can be
    impact: str | None = None
    rag: Rag | None = None
    evidence: list[str] = field(default_factory=list)
    cell: str = ""  # where the action text is, e.g. 'BM3 Needs'!B6
    extra: dict[str, CellValue] = field(default_factory=dict)
    hidden: bool = False  # the row was hidden in the workbook
    row: int = 0  # the sheet row it was read from (1-based; 0 when not read from a workbook)
    rag_text: str | None = None  # the RAG cell's text as typed (None: blank)
    rag_fill: Rag | None = None  # the status the RAG cell's fill colour shows, if any


@dataclass
class Objective:
    """One objective of the plan, with its actions across the three periods."""

    text: str
    code: str | None = None  # the Compass question, e.g. "C3.4"
    benchmark: int | None = None
    sheet: str = ""
    actions: list[Action] = field(default_factory=list)
    cell: str = ""


@dataclass
class Benchmark:
    """A Gatsby Benchmark as the plan sees it: its title and the Compass percentage met."""

    number: int
    title: str
    compass_percent: int | None = None


@dataclass
class ExtraColumn:
    """A column careers-xl does not interpret (Cost, Notes, ...): kept by its header."""

    header: str
    period: int | None = None  # None: belongs to the whole row, not one period
    column: int = 0  # where it was read from (1-based; 0 when not read from a workbook)


@dataclass
class PlanSheet:
    """How one plan sheet was laid out, so the writer can give back something familiar."""

    name: str
    benchmark: int | None = None
    preamble: list[str] = field(default_factory=list)  # title, Compass line, notes above table
    period_labels: dict[int, str] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)  # field -> header as typed
    extra_columns: list[ExtraColumn] = field(default_factory=list)
    benchmark_column: bool = False  # objectives of several benchmarks share this sheet
    # Where the table was read from (1-based; header_row 0 when not read from a workbook).
    header_row: int = 0
    columns: dict[int, dict[str, int]] = field(default_factory=dict)  # period -> field -> col
    objective_col: int | None = None
    benchmark_col: int | None = None


@dataclass
class CarriedSheet:
    """A sheet careers-xl does not interpret (Notes, SWOT, ...), carried across cell by cell."""

    name: str
    cells: dict[tuple[int, int], CellValue] = field(default_factory=dict)  # (row, col) 1-based
    merged: list[str] = field(default_factory=list)
    column_widths: dict[int, float] = field(default_factory=dict)
    hidden: bool = False


@dataclass
class HistoryRow:
    """One action as it stood when its academic year was closed by a rollover."""

    year: str
    benchmark: int | None
    objective: str
    period: int
    action: str
    leads: list[str] = field(default_factory=list)
    progress: str | None = None
    end_point: str | None = None
    rag: Rag | None = None
    evidence: list[str] = field(default_factory=list)
    impact: str | None = None


@dataclass
class Plan:
    """A whole master strategic plan."""

    school: str | None = None
    cover_title: str | None = None
    academic_year: AcademicYear | None = None
    careers_leader: str | None = None
    link_governor: str | None = None
    institution_vision: str | None = None
    careers_vision: str | None = None
    priorities: list[str] = field(default_factory=list)
    cover_extra: list[tuple[str, CellValue]] = field(default_factory=list)
    benchmarks: dict[int, Benchmark] = field(default_factory=dict)
    objectives: list[Objective] = field(default_factory=list)
    sheets: list[PlanSheet] = field(default_factory=list)
    carried: list[CarriedSheet] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    compass_history: dict[str, dict[int, int | None]] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)  # initials -> name
    problems: list[Problem] = field(default_factory=list)
    sheet_order: list[str] = field(default_factory=list)  # the user's sheet order
    cover_sheet: str | None = None  # the sheet the cover fields were read from
    owned_sheets: dict[str, str] = field(default_factory=dict)  # careers-xl's: name -> kind
    terms: list[tuple[str, date]] = field(default_factory=list)  # the school's half-terms

    @property
    def actions(self) -> list[Action]:
        return [a for o in self.objectives for a in o.actions]

    def sheet(self, name: str) -> PlanSheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def warn(self, cell: str | None, message: str) -> None:
        self.problems.append(Problem("warning", cell, message))

    def error(self, cell: str | None, message: str) -> None:
        self.problems.append(Problem("error", cell, message))


def cell_ref(sheet: str, coordinate: str) -> str:
    """Excel's way of naming a cell on a sheet: 'BM3 Needs'!E7 (quotes only when needed)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return f"{sheet}!{coordinate}"
    return "'" + sheet.replace("'", "''") + "'!" + coordinate


def jsonable(value: Any) -> Any:
    """A cell value as JSON: dates ISO, formulas as their text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Formula):
        return value.text
    return value
