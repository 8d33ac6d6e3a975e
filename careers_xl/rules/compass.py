"""Compass results: the percentage of each Gatsby Benchmark's assessment areas a school has
met, as the Careers & Enterprise Company's Compass tool reports it.

A plan sheet states its benchmark's result in a line above the table. A rollover cannot know
next year's result, so it writes the line as "not yet evaluated", naming last year's result
beside it; `careers-xl compass` writes a new evaluation into that line. Compass History then
records only real evaluations.
"""

from __future__ import annotations

import re

from ..model import AcademicYear

NOT_YET = "not yet evaluated"
_STATED = re.compile(r"(?:met|achieved|scored?|at)\s+(\d{1,3})\s*%", re.I)


def compass_percent(text: str) -> int | None:
    """The Compass percentage from a line such as "... has met 77% of the 8 assessment areas";
    None for any other line, and for one saying the year is not yet evaluated (the percentage
    beside it is last year's)."""
    lowered = text.lower()
    if "compass" not in lowered and "assessment area" not in lowered or NOT_YET in lowered:
        return None
    match = _STATED.search(text) or re.search(r"(\d{1,3})\s*%", text)
    if match and 0 <= int(match.group(1)) <= 100:
        return int(match.group(1))
    return None


def result_line(benchmark: int, percent: int) -> str:
    """The line stating a real evaluation (the words Compass itself uses)."""
    return (f"Compass: your institution has met {percent}% of the assessment areas in "
            f"Gatsby Benchmark {benchmark}.")


def pending_line(benchmark: int, year: AcademicYear, last: int | None,
                 last_year: AcademicYear) -> str:
    """The line for a year whose Compass evaluation has not been entered yet."""
    before = f"{last}%" if last is not None else "not recorded"
    return (f"Compass: Gatsby Benchmark {benchmark} {NOT_YET} for {year} "
            f"({last_year}: {before}).")


def is_compass_line(text: str) -> bool:
    """A line stating a Compass result, or saying one is not yet evaluated."""
    return NOT_YET in text.lower() or compass_percent(text) is not None
