"""Stored cell values as Python values: numbers, Excel date serials (1900 and 1904 systems),
ISO dates (``t="d"``), and strings with Excel's ``_xHHHH_`` escapes undone.

The rules follow what Excel shows: a number in a date format is a date (a time of day when
it is under 1, a duration in an elapsed-time format such as ``[h]:mm``), and serials before
1 March 1900 count from Excel's 31 December 1899.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

RawValue = str | int | float | bool | datetime | date | time | timedelta

_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ISO = re.compile(r"(?:(\d{4})-(\d{2})-(\d{2}))?[T ]?"
                  r"(?:(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?Z?")
_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?")
# Number formats: text in quotes and [bracketed] parts other than elapsed h/m/s are not codes.
_NOT_CODES = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def unescape(text: str) -> str:
    """Undo Excel's escapes: ``_x000D_`` is a carriage return, ``_x005F_`` an underscore.
    They are UTF-16 units: a pair makes one character, a unit left alone is replaced."""
    if "_x" not in text:
        return text
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def row_number(text: str) -> int:
    """A row's number as written ("12", or "12.0" by some writers); 0 if it is none."""
    try:
        return int(text)
    except ValueError:
        return int(float(text)) if text.replace(".", "", 1).isdigit() else 0


def number(text: str) -> int | float | str:
    """A stored number: an int when written without a point or exponent. Text that is not a
    number at all (a damaged cell) stays text."""
    try:
        if "." in text or "E" in text or "e" in text:
            return float(text)
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def is_date_or_time_format(code: str) -> bool:
    """Whether Excel shows a number in format ``code`` as a date or time."""
    first = _NOT_CODES.sub("", code.split(";")[0])
    return _DATE_CODE.search(first) is not None


def is_elapsed_format(code: str) -> bool:
    """Whether format ``code`` shows elapsed time ([h]:mm and the like), not a clock time."""
    return _ELAPSED.search(code.split(";")[0]) is not None


def from_serial(value: float, date1904: bool, elapsed: bool = False
                ) -> datetime | time | timedelta:
    """The date, time of day (under 1) or, in an elapsed format, duration of an Excel serial.

    Raises OverflowError or ValueError for a serial no calendar holds."""
    if elapsed:
        span = timedelta(days=value)
        if span.microseconds:  # Excel keeps milliseconds
            span = timedelta(seconds=span.total_seconds() // 1,
                             microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    clock = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and clock.days == 0:
        minutes, seconds = divmod(clock.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, clock.microseconds)
    if date1904:
        return _EPOCH_1904 + timedelta(days=day) + clock
    if 0 < value < 60:
        day += 1  # Excel counts these from 31 December 1899 (its 29 Feb 1900 is phantom)
    return _EPOCH_1900 + timedelta(days=day) + clock


def from_iso(text: str) -> datetime | date | time | timedelta | None:
    """A ``t="d"`` cell's ISO 8601 date, time, date-time or duration; None if it is none."""
    match = _ISO.fullmatch(text.strip())
    if match and any(match.groups()):
        year, month, day, hour, minute, second, fraction = match.groups()
        micro = min(round(float(fraction) * 1_000_000), 999_999) if fraction else 0
        clock = (int(hour or 0), int(minute or 0), int(second or 0), micro)
        try:
            if year is None:
                return time(*clock)
            if hour is None:
                return date(int(year), int(month), int(day))
            return datetime(int(year), int(month), int(day), *clock)
        except ValueError:
            return None
    match = _DURATION.fullmatch(text.strip())
    if match and any(match.groups()):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return None
