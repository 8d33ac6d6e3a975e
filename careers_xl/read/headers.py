"""Recognising what people call things: column headers, period labels, benchmarks, codes.

Every function here takes the text as typed ("Lead(s)", "Evidance list", "Term 1",
"GB3", "Gatsby Benchmark 3") and returns careers-xl's own name for it, or None.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..model import BENCHMARK_TITLES

# Normalised header text -> field. Normalising drops case, spaces and punctuation.
_HEADERS: dict[str, str] = {}
for _field, _names in {
    "objective": ["objective", "objectives", "aim", "aims", "strategicobjective", "smartobjective"],
    "benchmark": ["benchmark", "bm", "gatsby", "gatsbybenchmark", "gb"],
    "action": ["action", "actions", "actionsincludingcpdresourcing", "actionplanned", "task"],
    "lead": ["lead", "leads", "leadss", "leader", "responsible", "owner", "who", "staff"],
    "progress": ["progress", "progressupdate", "update", "progresstodate", "currentprogress"],
    "end_point": ["endpoint", "enddate", "deadline", "due", "duedate", "bywhen", "when",
                  "timemilestones", "milestone", "targetdate", "completionDate".lower()],
    "impact": ["impactevidence", "impact", "intendedimpact", "impactandevidence",
               "successcriteria", "outcome", "outcomes"],
    "rag": ["rag", "ragrating", "ragstatus", "brag", "status", "rating"],
    "evidence": ["evidencelist", "evidence", "evidenceof", "listofevidence", "evidencelocation"],
}.items():
    for _name in _names:
        _HEADERS[_name] = _field

_NORMALISE = re.compile(r"[^a-z0-9]+")


def normalise(text: object) -> str:
    """Lower-case letters and digits only: "Lead(s)" -> "leads", "R.A.G" -> "rag"."""
    return _NORMALISE.sub("", str(text).lower())


# A text this much longer than every header cannot be 85% like one (difflib's ratio).
_LONGEST_LIKE = int(max(map(len, _HEADERS)) * (2 / 0.85 - 1))


@lru_cache(maxsize=4096)
def header_field(text: object) -> str | None:
    """Which field a column header names, forgiving typos ("Evidance list" -> evidence)."""
    if text is None:
        return None
    key = normalise(text)
    if not key:
        return None
    if key in _HEADERS:
        return _HEADERS[key]
    if 5 <= len(key) <= _LONGEST_LIKE:
        close = difflib.get_close_matches(key, _HEADERS.keys(), n=1, cutoff=0.85)
        if close:
            return _HEADERS[close[0]]
    return None


_PERIOD_WORDS = {"autumn": 1, "spring": 2, "summer": 3}
_PERIOD_NUMBER = re.compile(r"\b(?:action\s*period|period|term|ap)\s*(\d)\b", re.I)


@lru_cache(maxsize=4096)
def period_of_label(text: object) -> int | None:
    """The action period (1 Autumn, 2 Spring, 3 Summer) a merged header names, or None."""
    if text is None:
        return None
    low = str(text).lower()
    match = _PERIOD_NUMBER.search(low)
    if match and 1 <= int(match.group(1)) <= 3:
        return int(match.group(1))
    for word, number in _PERIOD_WORDS.items():
        if word in low:
            return number
    return None


_BENCHMARK = re.compile(
    r"(?:gatsby\s*benchmark|gatsby|benchmark|bench|bm|gb)\s*(?:no\.?|number|#)?\s*([1-8])(?!\d)",
    re.I,
)


# Every wording of each benchmark's title (2018 and 2025), normalised.
_WORDINGS: dict[str, int] = {
    **{normalise(title): n for n, title in BENCHMARK_TITLES.items()},
    normalise("Addressing the needs of each pupil"): 3,
    normalise("Addressing the needs of each student"): 3,
}


def benchmark_number(text: object) -> int | None:
    """The Gatsby Benchmark named in a sheet name or title ("BM3", "GB3", "Gatsby 3", or
    its wording alone: "Addressing the needs of each pupil")."""
    if text is None:
        return None
    match = _BENCHMARK.search(str(text))
    if match:
        return int(match.group(1))
    stripped = str(text).strip()
    if stripped.isdigit() and 1 <= int(stripped) <= 8:
        return int(stripped)
    return _WORDINGS.get(normalise(stripped))


_TITLE_AFTER = re.compile(r"\s*[:\-–]\s*(.+)$")


def typed_benchmark_title(text: str) -> str | None:
    """The title a title line gives ("Gatsby Benchmark 1: A stable ...", "GB3 - ...", or
    a wording alone), or None."""
    named = _BENCHMARK.search(text)
    match = _TITLE_AFTER.match(text, named.end()) if named else None
    if match and match.group(1).strip():
        return match.group(1).strip()
    return text.strip() if normalise(text) in _WORDINGS else None


_CODE = re.compile(r"\(\s*(C?)\s*([1-8]\.\d{1,2})\s*\)\s*$", re.I)


def objective_code(text: str) -> str | None:
    """The Compass question code at the end of an objective, "(C3.4)" -> "C3.4"."""
    match = _CODE.search(text)
    return f"C{match.group(2)}" if match else None


# "and" joins two leads ("ZCO and JHO") but not two numbers ("Head of Year 7 and 8").
_LEAD_SEPARATOR = re.compile(r"\s*(?:/|,|;|&|\+|\n|\band\b(?!\s*\d))\s*")
_BULLET = re.compile(r"^\s*[•\-*·]?\s*")  # one bullet, with the spaces around it


def text_or_none(value: object) -> str | None:
    """A cell's text without surrounding space, or None for an empty cell."""
    if value is None:
        return None
    return str(value).strip() or None


def split_leads(text: object) -> list[str]:
    """Leads as a list: "ZCO/JHO", "ZCO, GOCA", "ZCO & JH", "ZCO and GOCA"; "Head of Year
    7 and 8" is one lead (an "and" before a number joins numbers, not people)."""
    if text is None:
        return []
    parts = _LEAD_SEPARATOR.split(str(text).strip())
    return [p.strip() for p in parts if p and p.strip()]


def split_lines(text: object) -> list[str]:
    """Evidence items, one a line (a bullet "-", "*", "•" or "·" before each taken off)."""
    if text is None:
        return []
    items = (_BULLET.sub("", line, count=1).strip() for line in str(text).splitlines())
    return [item for item in items if item]


def join_lines(items: list[str]) -> str:
    """Evidence items as one cell's text, one a line, read back by :func:`split_lines` as
    the same items: an item that starts with a bullet of its own ("- minus 5") gets a "• "
    before it, so only that one is taken off."""
    return "\n".join(item if split_lines(item) == [item] else f"• {item}" for item in items)
