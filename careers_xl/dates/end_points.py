"""End points: the deadline a careers leader typed, in whatever form, read as a due date.

An action's "End point" may be a real Excel date, "Mar-26", "07.10.26", "31/03/2026",
"July 2026", "w/c 13/1/26", a half-term ("Autumn 2", "Oct half term", "Easter") or
"Ongoing"/"TBC". Dates are always read day first (UK). Each reading also says which Excel
number format shows the due date exactly as the person typed it, so the writer can store a
real date (sortable, usable by formulas) that still looks the same; and the rollover can
move it on a year and type it the same way.

Half-term names are read through a ``TermCalendar`` (in ``terms``, re-exported here), since
half-term dates differ by school.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from ..model import AcademicYear
from .formats import (
    ABBR_DAYS,
    ABBR_MONTHS,
    FULL_DAYS,
    FULL_MONTHS,
    UK_SHORT,
    display_date,
    format_pieces,
    is_date_format,
    is_locale_short,
)
from .terms import HALF_TERMS as HALF_TERMS
from .terms import NAME_KEYS, TermCalendar, english_calendar, spoken
from .terms import easter_sunday as easter_sunday


@dataclass(frozen=True)
class EndPoint:
    """An end point as typed, and what it means.

    ``kind`` is "date", "month" (month and year), "week" (w/c ...), "term" (a half-term
    name), "open" (Ongoing/TBC/termly...), "unknown" (could not be read) or "empty".
    ``number_format`` is an Excel number format that shows ``due`` exactly as ``text``
    (``display_date(due, number_format) == text``), or None when no format can.
    """

    text: str | None
    due: date | None
    kind: str
    number_format: str | None


# A typed date as a template: literals and (field, style) tokens, so it can be shown for
# another date (rollover) and turned into an Excel format when Excel can show it.
_Piece = str | tuple[str, str]

_MONTH = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WDAY = (r"(?:(?P<w>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
         r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+)?")
_DAY = r"(?P<d>\d{1,2})(?P<o>st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4}|\d{2})"
# (pattern, kind, whether the month is a name, its fields in order); tried in order on the
# whole text.
_PATTERNS = tuple((re.compile(pattern, re.I), kind, named,
                   tuple(sorted(set("wdomy") & set(re.compile(pattern).groupindex),
                                key=re.compile(pattern).groupindex.__getitem__)))
                  for pattern, kind, named in (
    (rf"{_WDAY}(?P<d>\d{{1,2}})(?P<s>[/.\-])(?P<m>\d{{1,2}})(?P=s){_YEAR}", "date", False),
    (r"(?P<y>\d{4})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?:[ T]00:00(?::00)?)?",
     "date", False),
    (rf"{_WDAY}{_DAY}(?:\s+of)?[\s\-/.]*{_MONTH}\.?,?[\s\-/.']*{_YEAR}", "date", True),
    (rf"{_WDAY}{_MONTH}\.?\s+{_DAY},?\s+(?P<y>\d{{4}})", "date", True),
    (rf"{_MONTH}\.?[\s\-/.']*{_YEAR}", "month", True),
    (r"(?P<m>\d{1,2})(?P<s>[/.\-])(?P<y>\d{4})", "month", False),
    (rf"{_WDAY}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})", "date", False),
    (rf"{_WDAY}{_DAY}(?:\s+of)?[\s\-]*{_MONTH}\.?", "date", True),
    (rf"{_MONTH}\.?", "month", True),
))
# Patterns a text starting with a digit / a letter can match (a weekday may lead either).
_DIGIT_FIRST = tuple(_PATTERNS[n] for n in (0, 1, 2, 5, 6, 7))
_NAME_FIRST = tuple(_PATTERNS[n] for n in (0, 2, 3, 4, 6, 7, 8))
_NAME_STARTS = {name[:2].lower() for name in ABBR_MONTHS + ABBR_DAYS if name}
_WEEK = r"w\s*/\s*[cbe]|w\.[cbe]\.?|w[cb]|week\s+(?:commencing|beginning|starting|ending|of)"
_BY = r"(?:by|before|until|till|due(?:\s+by)?|deadline:?|no\s+later\s+than)\s+"
_END_OF = r"(?:the\s+)?end\s+of\s+(?:the\s+)?"
_PREFIX = re.compile(rf"(?P<week>{_WEEK})[\s:.\-]*|{_BY}(?:{_END_OF})?|{_END_OF}", re.I)
_WEEK_START = re.compile(rf"\s*(?:{_WEEK})", re.I)
_OPEN_START = re.compile(
    r"(?:on[\s\-]?going|tb[cad]|termly|half[\s\-]?termly|weekly|fortnightly|monthly|annual"
    r"|annually|yearly|daily|asap|a\.s\.a\.p|continuous|continual|n/a)\b")
_OPEN = {"-", "–", "—", "--", "na", "n.a", "none", "each term", "every term", "each half term",
         "every half term", "throughout the year", "throughout year", "throughout", "all year",
         "all year round", "year round", "all the year", "each year", "every year",
         "as required", "as needed", "when required", "when needed", "rolling", "regularly",
         "every week", "every month", "as and when"}
_TERM_YEAR = re.compile(
    r"(?P<name>.*?)[\s,(]+(?P<y1>(?:19|20)\d\d)(?:[\s/\-_–]+(?P<y2>(?:20)?\d\d))?\)?")
_BY_WORDS = re.compile(rf"^(?:{_BY})+")
_SPACES = re.compile(r"[\s\-_–]+")
_THE = re.compile(r"\bthe\b")
_AMPERSAND = re.compile(r"\s*&\s*")
_EXCEL_SAFE = set(" -/.,:()'")


class _Typed(NamedTuple):
    """A date-like text taken apart; year None when not typed."""

    kind: str  # "date", "week" or "month"
    template: tuple[_Piece, ...]
    day: int | None
    month: int
    year: int | None


def _name_style(typed: str, full: str) -> str:
    """How a month or weekday name is written, e.g. "abbr:title" ("Mar"), "sept:upper"."""
    low = typed.lower()
    size = "abbr" if len(low) == 3 else "full" if low == full.lower() else \
        "sept" if low == "sept" else "long"  # "long": Tues, Weds, Thurs
    case = "title" if typed == typed.capitalize() else "upper" if typed.isupper() else \
        "lower" if typed.islower() else "mixed"
    return f"{size}:{case}"


def _numeric_style(typed: str, other: str | None, default: str = "2") -> str:
    """Padding as the person writes it: "31/3/26" is unpadded, "31/03/26" padded.

    A two-digit number that says nothing follows the other field, else ``default``.
    """
    if len(typed) == 1 or typed[0] == "0":
        return str(len(typed))
    return "1" if other is not None and len(other) == 1 else "2" if other else default


@lru_cache(maxsize=4096)
def _take_apart(text: str) -> _Typed | None:
    """Read a typed date, month or week (day first), keeping how it was written."""
    prefix = _PREFIX.match(text)
    start = prefix.end() if prefix else 0
    week = bool(prefix and prefix.group("week"))
    rest = text[start:]
    if rest[:1].isdigit():
        patterns = _DIGIT_FIRST
    elif rest[:2].lower() in _NAME_STARTS:
        patterns = _NAME_FIRST
    else:
        return None
    for pattern, kind, named, fields in patterns:
        match = pattern.fullmatch(rest)
        if match is None:
            continue
        if week and kind == "month":
            return None
        found = match.groupdict()
        month = _MONTH_NUMBERS[found["m"][:3].lower()] if named else int(found["m"])
        pieces: list[_Piece] = [text[:start]] if start else []
        position = 0
        for group in fields:
            value = found[group]
            if value is None:
                continue
            begin, position_end = match.span(group)
            if begin > position:
                pieces.append(rest[position:begin])
            position = position_end
            if group == "d" and found.get("o"):
                pieces.append(("d", "O" if found["o"].isupper() else "o"))
            elif group == "d":
                pieces.append(("d", _numeric_style(value, None if named else found["m"], "1")))
            elif group == "m" and not named:
                pieces.append(("m", _numeric_style(value, found.get("d"))))
            elif group == "m":
                pieces.append(("m", _name_style(value, FULL_MONTHS[month])))
            elif group == "y":
                pieces.append(("y", str(len(value))))
            elif group == "w":
                pieces.append(("w", _name_style(value, FULL_DAYS[_WEEKDAYS[value[:2].lower()]])))
        if position < len(rest):
            pieces.append(rest[position:])
        year = found.get("y")
        return _Typed("week" if week else kind, tuple(pieces),
                      int(found["d"]) if found.get("d") else None, month,
                      None if year is None else int(year) + (2000 if len(year) == 2 else 0))
    return None


_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(ABBR_MONTHS) if name}
_WEEKDAYS = {name[:2].lower(): n for n, name in enumerate(ABBR_DAYS)}
_LONG_DAYS = ("Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun")
_SEPT_MONTHS = tuple("Sept" if n == 9 else name for n, name in enumerate(ABBR_MONTHS))


def _render(template: tuple[_Piece, ...], day: date) -> str:
    """The template written for ``day``, the way the person wrote the original."""
    out: list[str] = []
    for piece in template:
        if isinstance(piece, str):
            out.append(piece)
            continue
        field, style = piece
        if field == "y":
            out.append(str(day.year % 100).zfill(2) if style == "2" else str(day.year))
        elif field == "d" and style in "oO":
            suffix = "th" if day.day in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(
                day.day % 10, "th")
            out.append(f"{day.day}{suffix.upper() if style == 'O' else suffix}")
        elif style in ("1", "2"):
            out.append(str(day.day if field == "d" else day.month).zfill(int(style)))
        else:
            size, case = style.split(":")
            if field == "m":
                names = {"abbr": ABBR_MONTHS, "full": FULL_MONTHS, "sept": _SEPT_MONTHS}
                name = names.get(size, FULL_MONTHS)[day.month]
            else:
                names = {"abbr": ABBR_DAYS, "full": FULL_DAYS, "long": _LONG_DAYS}
                name = names[size][day.weekday()]
            out.append(name.upper() if case == "upper" else name.lower() if case == "lower"
                       else name)
    return "".join(out)


_EXCEL_TOKENS = {("d", "1"): "d", ("d", "2"): "dd", ("m", "1"): "m", ("m", "2"): "mm",
                 ("m", "abbr:title"): "mmm", ("m", "full:title"): "mmmm",
                 ("w", "abbr:title"): "ddd", ("w", "full:title"): "dddd",
                 ("y", "2"): "yy", ("y", "4"): "yyyy"}


@lru_cache(maxsize=1024)
def _excel_format(template: tuple[_Piece, ...]) -> str | None:
    """The Excel number format that shows dates as the template does, if one can."""
    out: list[str] = []
    for piece in template:
        if isinstance(piece, tuple):
            token = _EXCEL_TOKENS.get(piece)
            if token is None:
                return None
            out.append(token)
        elif all(char in _EXCEL_SAFE for char in piece):
            out.append(piece)
        else:
            out.append(f'"{piece}"' if '"' not in piece else
                       "".join("\\" + char for char in piece))
    return "".join(out)


def _last_day(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _norm_name(text: str) -> str:
    low = _AMPERSAND.sub(" & ", _THE.sub(" ", text.lower()))
    return _SPACES.sub(" ", low).strip(" .,:;!")


def _term(text: str) -> tuple[str, AcademicYear | None] | None:
    """The half-term a name means, and the academic year written after it, if any."""
    name = _BY_WORDS.sub("", _norm_name(text), count=1)
    key = NAME_KEYS.get(name)
    if key is not None:
        return key, None
    match = _TERM_YEAR.fullmatch(name)
    if match is None or (key := NAME_KEYS.get(match.group("name"))) is None:
        return None
    first = int(match.group("y1"))
    if match.group("y2"):
        return (key, AcademicYear(first)) if (first + 1) % 100 == int(match.group("y2")) % 100 \
            else None
    return key, AcademicYear(first if key.startswith("autumn") else first - 1)


def _from_typed(text: str, typed: _Typed, year: AcademicYear | None) -> EndPoint:
    if typed.year is not None:
        in_year = typed.year
    elif year is not None:  # "13/1", "March": that month in the plan's academic year
        in_year = year.start + (typed.month < 9)
    else:
        return EndPoint(text, None, "unknown", None)
    try:
        due = date(in_year, typed.month, typed.day) if typed.day else \
            _last_day(in_year, typed.month)
    except ValueError:  # 31/02/2026
        return EndPoint(text, None, "unknown", None)
    if due.year < 1900:
        return EndPoint(text, None, "unknown", None)
    return EndPoint(text, due, typed.kind, _excel_format(typed.template))


def _parse_text(text: str, year: AcademicYear | None, calendar: TermCalendar | None) -> EndPoint:
    low = spoken(text)
    if low in _OPEN or _OPEN_START.match(low):
        return EndPoint(text, None, "open", None)
    if calendar is not None and low in calendar.own_names:  # the school's own name
        return EndPoint(text, calendar.own_names[low], "term", None)
    term: tuple[str, AcademicYear | None] | None = \
        (NAME_KEYS[low], None) if low in NAME_KEYS else None  # the usual names, quickly
    if term is None:
        typed = _take_apart(text)
        if typed is not None:
            return _from_typed(text, typed, year)
        term = _term(text)
        if term is None:
            return EndPoint(text, None, "unknown", None)
    key, written = term
    if written is not None:
        calendar = calendar if calendar and calendar.year == written else \
            english_calendar(written)
    elif calendar is None and year is not None:
        calendar = english_calendar(year)
    return EndPoint(text, calendar.half_terms[key][1] if calendar else None, "term", None)


@lru_cache(maxsize=8192)
def _parse_cached(text: str, year: AcademicYear | None) -> EndPoint:
    return _parse_text(text, year, None)


@lru_cache(maxsize=256)
def _format_reading(number_format: str | None) -> tuple[str, str]:
    """For a real date cell: the format to keep (dd/mm/yyyy when it shows no date) and kind."""
    if number_format is None or not is_date_format(number_format) or \
            is_locale_short(number_format):
        number_format = UK_SHORT
    items = format_pieces(number_format)[0]
    tokens = {item[0] for item in items if isinstance(item, tuple)}
    literal = "".join(item for item in items if isinstance(item, str))
    if "d" not in tokens and "M" in tokens:
        return number_format, "month"
    return number_format, "week" if _WEEK_START.match(literal) else "date"


def _from_date(day: date, number_format: str | None) -> EndPoint:
    shown, kind = _format_reading(number_format)
    if kind == "month":
        day = _last_day(day.year, day.month)
    return EndPoint(display_date(day, shown), day, kind, shown)


def _from_serial(serial: float) -> date | None:
    """An Excel (1900 date system) serial number as a date; None if it is not one."""
    if not 1 <= serial < 2958466 or int(serial) == 60:  # 60: Excel's phantom 29 Feb 1900
        return None
    whole = int(serial)
    return date(1899, 12, 31 if whole < 60 else 30) + timedelta(whole)


def parse_end_point(value: object, year: AcademicYear | None,
                    calendar: TermCalendar | None = None,
                    number_format: str | None = None) -> EndPoint:
    """Read an End point cell: its value, and its number format when it is a real date.

    Never raises. ``year`` places half-term names and dates typed without a year
    ("13/1", "March"); ``calendar`` overrides the English half-term dates.
    """
    if value is None:
        return EndPoint(None, None, "empty", None)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return EndPoint(None, None, "empty", None)
        if calendar is None:
            return _parse_cached(text, year)
        return _parse_text(text, year or calendar.year, calendar)
    if isinstance(value, datetime):
        return _from_date(value.date(), number_format)
    if isinstance(value, date):
        return _from_date(value, number_format)
    if isinstance(value, int | float) and not isinstance(value, bool) and \
            is_date_format(number_format):
        day = _from_serial(value)
        if day is not None:
            return _from_date(day, number_format)
    return EndPoint(str(value), None, "unknown", None)


def _bump_years(text: str, years: int) -> str:
    """A half-term name's written year(s) moved on: "Summer 2026" -> "Summer 2027"."""
    match = _TERM_YEAR.fullmatch(text)
    if match is None:
        return text
    out = text
    for group in ("y2", "y1"):  # right to left, so earlier spans stay valid
        if match.group(group):
            digits = match.group(group)
            moved = str((int(digits) + years) % 10 ** len(digits)).zfill(len(digits))
            out = out[:match.start(group)] + moved + out[match.end(group):]
    return out


def shift_end_point(end: EndPoint, years: int = 1) -> EndPoint:
    """The end point moved on ``years`` academic years (the rollover), typed the same way.

    Dates move by whole years (29 Feb -> 28 Feb); a month stays that month; a week
    commencing keeps its weekday (nearest to the same date). Half-term names keep their
    text (a written year moves on) and are re-resolved with the English calendar of the
    new year. Open, unknown and empty end points are returned unchanged.
    """
    if end.kind == "term" and end.text:
        text = _bump_years(end.text, years)
        year = AcademicYear.containing(end.due).next(years) if end.due else None
        moved = _parse_cached(text, year)
        return EndPoint(text, moved.due, "term", None)
    if end.kind not in ("date", "week", "month") or end.due is None or end.text is None:
        return end
    due = end.due
    if end.kind == "month":
        new = _last_day(due.year + years, due.month)
    else:
        new = due.replace(year=due.year + years,  # 29 Feb -> 28 Feb
                          day=min(due.day, _last_day(due.year + years, due.month).day))
        if end.kind == "week":
            new += timedelta((due.weekday() - new.weekday() + 3) % 7 - 3)
    if end.number_format:
        return EndPoint(display_date(new, end.number_format), new, end.kind, end.number_format)
    typed = _take_apart(end.text)
    text = _render(typed.template, new) if typed else end.text
    return EndPoint(text, new, end.kind, None)
