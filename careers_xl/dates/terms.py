"""Half-term dates: when each half-term of an academic year ends, and what people call them.

Half-term dates differ by school, so ``TermCalendar`` holds them: English defaults computed
for any year (Easter from ``easter_sunday``), overridable from settings. ``NAME_KEYS`` maps
every half-term or holiday name a person might type as an end point ("Autumn 2", "HT4",
"Oct half term", "Easter") to the half-term whose last day it means.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..model import AcademicYear

HALF_TERMS = ("autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2")
_LABELS = dict(zip(HALF_TERMS, ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1",
                                "Summer 2"), strict=True))

# What a person may type for the end of each half-term. Periods also take "end of ...";
# holidays ("Easter") already mean "by the time the holiday starts".
def _period_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for term, (season, short) in enumerate((("autumn", "aut"), ("spring", "spr"),
                                            ("summer", "sum"))):
        for half, (nth, word) in enumerate((("1st", "first"), ("2nd", "second")), 1):
            number = 2 * term + half  # "HT4" is the fourth half-term, Spring 2
            names.update(dict.fromkeys((
                f"{season} {half}", f"{season}{half}", f"{season} term {half}",
                f"{season} {nth} half", f"{season} {word} half", f"{short} {half}",
                f"{short}{half}", f"ht{number}", f"ht {number}", f"half term {number}",
            ), f"{season}{half}"))
        names.update(dict.fromkeys((  # the whole term: Autumn 1 & 2, "Term 1"
            f"{season} term", season, f"{season} 1 & 2", f"{season} 1 and 2", f"{season} 1/2",
            f"{season} terms 1 & 2", f"{season} terms 1 and 2", f"term {term + 1}",
        ), f"{season}2"))
    return names


_HOLIDAY_NAMES: dict[str, tuple[str, ...]] = {
    "autumn1": ("oct half term", "october half term", "oct half", "october half",
                "autumn half term", "half term oct", "half term october"),
    "autumn2": ("christmas", "xmas", "x mas", "christmas holidays", "christmas holiday",
                "christmas break", "xmas holidays", "xmas break"),
    "spring1": ("feb half term", "february half term", "feb half", "february half",
                "spring half term", "half term feb", "half term february"),
    "spring2": ("easter", "easter holidays", "easter holiday", "easter break", "easter hols"),
    "summer1": ("may half term", "may half", "whitsun", "whit", "whitsun half term",
                "summer half term", "half term may"),
    "summer2": ("year end", "summer holidays", "summer holiday", "summer break", "summer hols"),
}
NAME_KEYS: dict[str, str] = {
    **_period_names(),
    **{f"end of {name}": key for name, key in _period_names().items()},
    **dict.fromkeys(("end of year", "end of academic year", "end of school year"), "summer2"),
    **{name: key for key, names in _HOLIDAY_NAMES.items() for name in names},
}
# The Lists-sheet table: what a person would pick, in calendar order.
_TABLE = (("Autumn 1", "autumn1"), ("Oct half term", "autumn1"), ("Autumn 2", "autumn2"),
          ("Christmas", "autumn2"), ("Spring 1", "spring1"), ("Feb half term", "spring1"),
          ("Spring 2", "spring2"), ("Easter", "spring2"), ("Summer 1", "summer1"),
          ("May half term", "summer1"), ("Summer 2", "summer2"), ("End of year", "summer2"))


def _on_or_before(day: date, weekday: int) -> date:
    return day - timedelta((day.weekday() - weekday) % 7)


def _school_day(day: date, later: bool) -> date:
    """The day itself if a weekday, else the Monday after (later) or the Friday before."""
    return day if day.weekday() < 5 else _on_or_before(day + timedelta(7), 0) if later else \
        _on_or_before(day, 4)


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weeks = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weeks) // 451
    month, day = divmod(h + weeks - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _as_date(value: object, what: str) -> date:
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, str):
        with suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise ValueError(f"{what}: {value!r} is not a date written as YYYY-MM-DD")


@dataclass(frozen=True)
class TermCalendar:
    """Half-term dates for one academic year; English defaults, overridable (settings).

    ``half_terms`` maps "autumn1" ... "summer2" to (first day, last day). A half-term name
    typed as an end point means the last day of that half-term.
    """

    year: AcademicYear
    half_terms: dict[str, tuple[date, date]]
    # The school's own names for dates (lower case), from its Lists sheet: read first, so a
    # local authority's "Term 1" ... "Term 6" mean what the school says they mean.
    own_names: dict[str, date] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if set(self.half_terms) != set(HALF_TERMS):
            raise ValueError(f"Term dates need exactly the half-terms {', '.join(HALF_TERMS)}")
        before: tuple[str, date] | None = None
        for key in HALF_TERMS:
            first, last = self.half_terms[key]
            name = f"{_LABELS[key]} {self.year}"
            if first > last:
                raise ValueError(f"{name} starts on {first} after it ends on {last}")
            if first not in self.year or last not in self.year:
                raise ValueError(f"{name} ({first} to {last}) is outside the academic year "
                                 f"{self.year.first_day} to {self.year.last_day}")
            if before is not None and first <= before[1]:
                raise ValueError(f"{name} starts on {first}, before {before[0]} ends on "
                                 f"{before[1]}: set both half-terms' dates")
            before = (_LABELS[key], last)

    @classmethod
    def english(cls, year: AcademicYear) -> TermCalendar:
        """Typical English dates, computed so they suit any year.

        - Autumn 1: first weekday on/after 2 Sep, to the Friday before October half term,
          which is the last Monday-to-Friday week wholly in October.
        - Autumn 2: the Monday after, to the last Friday on/before 22 Dec (about 19 Dec).
        - Spring 1: first weekday on/after 4 Jan, to the Friday before February half term,
          the week whose Monday falls 12-18 Feb.
        - Spring 2: the Monday after, to the Friday before the Easter holiday, which is the
          two weeks around Easter Sunday (Holy Week and Easter week).
        - Summer 1: the Monday after Easter week, to the Friday before May half term, the
          week of the late-May bank holiday (last Monday of May).
        - Summer 2: the Monday after, to the last weekday on/before 22 July.
        """
        y = year.start
        october = _on_or_before(date(y, 10, 27), 0)
        february = _on_or_before(date(y + 1, 2, 18), 0)
        easter = easter_sunday(y + 1)
        may = _on_or_before(date(y + 1, 5, 31), 0)
        week = timedelta(7)
        return cls(year, {
            "autumn1": (_school_day(date(y, 9, 2), True), october - timedelta(3)),
            "autumn2": (october + week, _on_or_before(date(y, 12, 22), 4)),
            "spring1": (_school_day(date(y + 1, 1, 4), True), february - timedelta(3)),
            "spring2": (february + week, easter - timedelta(9)),
            "summer1": (easter + timedelta(8), may - timedelta(3)),
            "summer2": (may + week, _school_day(date(y + 1, 7, 22), False)),
        })

    @classmethod
    def from_mapping(cls, year: AcademicYear, data: dict[str, Any]) -> TermCalendar:
        """The English defaults with the half-terms in ``data`` overridden.

        ``data`` is a settings table such as ``{"autumn1": ["2025-09-03", "2025-10-24"]}``
        (keys may be written "Autumn 1" or "autumn_1"). Raises ValueError saying what is wrong.
        """
        if not isinstance(data, dict):
            raise ValueError(f"Term dates must be a table of half-terms, not {data!r}")
        half_terms = dict(cls.english(year).half_terms)
        for raw_key, value in data.items():
            key = re.sub(r"[\s_\-]+", "", str(raw_key).lower())
            if key not in half_terms:
                raise ValueError(f"Unknown half-term {raw_key!r} in term dates: use "
                                 f"{', '.join(HALF_TERMS)}")
            what = f"{_LABELS[key]} {year}"
            if not isinstance(value, list | tuple) or len(value) != 2:
                raise ValueError(f"{what}: give [first day, last day], not {value!r}")
            half_terms[key] = (_as_date(value[0], what), _as_date(value[1], what))
        return cls(year, half_terms)

    def named_dates(self) -> dict[str, date]:
        """Every half-term or holiday name a person might type (lower case) -> its due date."""
        return {name: self.half_terms[key][1] for name, key in NAME_KEYS.items()}

    def table(self) -> list[tuple[str, date]]:
        """The usual names ("Autumn 1", "Oct half term", ...) in calendar order, with dates."""
        return [(name, self.half_terms[key][1]) for name, key in _TABLE]


def spoken(name: str) -> str:
    """A term name as it is looked up: lower case, single spaces, no closing full stop."""
    return " ".join(name.lower().split()).rstrip(".")


def _key(name: str) -> str | None:
    return NAME_KEYS.get(spoken(name))


def school_calendar(year: AcademicYear, rows: list[tuple[str, date]]) -> TermCalendar:
    """The calendar a school's Lists sheet gives: each name it lists means its own date, and
    a half-term whose usual name it dates differently ends on the school's date, where that
    fits the year ("Term 3" of a local authority's six terms is not a three-term summer)."""
    own = {spoken(n): d for n, d in rows}
    calendar = english_calendar(year)
    for name, day in rows:
        key = _key(name)
        if key is None or day == calendar.half_terms[key][1]:
            continue
        with suppress(ValueError):  # a date that breaks the year's order is used by name only
            calendar = TermCalendar(year, {**calendar.half_terms,
                                           key: (calendar.half_terms[key][0], day)})
    return TermCalendar(year, calendar.half_terms, own)


def roll_terms(rows: list[tuple[str, date]], old: AcademicYear,
               new: AcademicYear) -> list[tuple[str, date]]:
    """A school's term dates moved to the next year: a half-term's usual name keeps its
    distance from the usual date (a week early stays a week early, Easter follows Easter);
    a name of the school's own moves 52 weeks, to the same weekday."""
    was, will = english_calendar(old), english_calendar(new)
    moved = []
    for name, day in rows:
        key = _key(name)
        moved.append((name, will.half_terms[key][1] + (day - was.half_terms[key][1])
                      if key is not None else day + timedelta(weeks=52 * (new.start - old.start))))
    return moved


@lru_cache(maxsize=64)
def english_calendar(year: AcademicYear) -> TermCalendar:
    """The English defaults for a year, computed once."""
    return TermCalendar.english(year)
