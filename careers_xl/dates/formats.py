"""Excel date number formats: whether a format shows a date, and what UK Excel shows.

``display_date(day, fmt)`` is the text Excel shows for ``day`` in ``fmt``; end points use it
to find the format that shows a due date exactly as a person typed it.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date
from functools import lru_cache

_Item = str | tuple[str, int]  # a literal, or (token, width): "d" day, "M" month, "y" year


UK_SHORT = "dd/mm/yyyy"


# Locale-dependent short-date formats (builtin 14 and its spellings): a UK Excel shows them
# as dd/mm/yyyy.
_LOCALE_SHORT = {"mm-dd-yy", "m/d/yy", "m/d/yyyy", "mm/dd/yy", "mm/dd/yyyy"}


ABBR_MONTHS = tuple(_calendar.month_abbr)


FULL_MONTHS = tuple(_calendar.month_name)


ABBR_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


FULL_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _first_section(number_format: str) -> str:
    """A format has up to four ';'-separated sections; dates use the first."""
    return re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', number_format)[0]


def is_locale_short(number_format: str) -> bool:
    text = re.sub(r"\[[^\]]*\]", "", _first_section(number_format))
    return text.strip().lower() in _LOCALE_SHORT


@lru_cache(maxsize=512)
def format_pieces(number_format: str) -> tuple[tuple[_Item, ...], bool]:
    """The format's pieces (literals and date tokens), and whether it is a date format.

    Time tokens become the literal text Excel shows at midnight.
    """
    if is_locale_short(number_format):
        return format_pieces(UK_SHORT)[0], True
    text = _first_section(number_format).strip()
    items: list[_Item] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            items.append(text[i + 1:end])
            i = end + 1
        elif char in "\\_*":  # escaped character, padding, fill
            items.append(text[i + 1:i + 2] if char == "\\" else " " if char == "_" else "")
            i += 2
        elif char == "[":
            end = text.find("]", i)
            i = len(text) if end < 0 else end + 1
        elif char.lower() in "dmyhs":
            rest = text[i:]
            run = len(rest) - len(rest.lstrip(char.lower() + char.upper()))
            items.append((char.lower(), run))
            i += run
        elif text[i:i + 5].upper() == "AM/PM" or text[i:i + 3].upper() == "A/P":
            size = 5 if text[i:i + 5].upper() == "AM/PM" else 3
            items.append(text[i:i + size].split("/")[0])
            i += size
        else:
            items.append(char)
            i += 1
    twelve_hour = any(isinstance(item, str) and item.upper() in ("AM", "A") for item in items)
    tokens = [(n, item) for n, item in enumerate(items) if isinstance(item, tuple)]
    for position, (n, (token, width)) in enumerate(tokens):
        if token == "m":  # minutes straight after hours or before seconds, else the month
            after_h = position > 0 and tokens[position - 1][1][0] == "h"
            before_s = position + 1 < len(tokens) and tokens[position + 1][1][0] == "s"
            token = "n" if width <= 2 and (after_h or before_s) else "M"
        if token in "hns":
            items[n] = "12" if token == "h" and twelve_hour else "0" * min(width, 2)
        else:
            items[n] = (token, width)
    if not any(isinstance(item, tuple) for item in items):
        return format_pieces(UK_SHORT)[0], False
    return tuple(items), True


def is_date_format(number_format: str | None) -> bool:
    """Whether Excel shows a number in this format as a date."""
    return bool(number_format) and format_pieces(str(number_format))[1]


def display_date(day: date, number_format: str) -> str:
    """What (UK) Excel shows for ``day`` in ``number_format``.

    Non-date formats ("General", "@") and the locale short date ('mm-dd-yy', builtin 14)
    show as dd/mm/yyyy. Times of day show as midnight.
    """
    out: list[str] = []
    for item in format_pieces(number_format)[0]:
        if isinstance(item, str):
            out.append(item)
            continue
        token, width = item
        if token == "d":
            out.append(str(day.day).zfill(width) if width <= 2 else
                       (ABBR_DAYS if width == 3 else FULL_DAYS)[day.weekday()])
        elif token == "M":
            out.append(str(day.month).zfill(width) if width <= 2 else
                       ABBR_MONTHS[day.month] if width == 3 else
                       ABBR_MONTHS[day.month][0] if width == 5 else FULL_MONTHS[day.month])
        else:
            out.append(f"{day.year % 100:02d}" if width <= 2 else f"{day.year:04d}")
    return "".join(out)


# ---- Reading typed text ----------------------------------------------------------------
