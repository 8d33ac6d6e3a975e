"""How careers-xl's pages print: one action period a page, and rows tall enough for their text.

A plan sheet is far too wide for one page (22 columns squeezed to one A4 width print at
about 3 pt). Instead each action period prints on its own landscape A4 page(s), with the
Objective column and the header rows repeated, at a fixed scale chosen from the column
widths so the widest period just fits, but never below 80%, so 10 pt text stays 8 pt on
paper (a period too wide for that runs on to a second page). Excel ignores manual page
breaks under "fit to page", so the scale is fixed, not fitted.

LibreOffice does not grow a row to fit wrapped text the way Excel can, so every row
careers-xl writes gets an explicit height from its text's length and its column's width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..package.sheet import col_letters

PAPER_A4 = 9
A4_LONG, A4_SHORT = 842.0, 595.0  # points
# Inches, as Excel stores them; careers-xl's own layouts use these exactly.
SIDE_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6}
MARGINS = {**SIDE_MARGINS, "header": 0.3, "footer": 0.3}
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
READABLE_SCALE, MAX_SCALE = 80, 100
# Points a character of column width takes in LibreOffice without Calibri (it falls back to
# a wider font); Excel's is 5.25, so what fits LibreOffice's page fits Excel's too.
POINTS_PER_CHARACTER = 7.5


def column_points(width: float) -> float:
    """A column ``width`` characters wide, in points, on the widest of Excel and LibreOffice."""
    return width * POINTS_PER_CHARACTER if width > 0 else 0.0


def printable_width(landscape: bool = True,
                    margins: float = SIDE_MARGINS["left"] + SIDE_MARGINS["right"]) -> float:
    """The width of an A4 page inside left and right margins (``margins`` inches together),
    in points."""
    return (A4_LONG if landscape else A4_SHORT) - 72 * margins


def fit_scale(needed: float, width: float) -> int:
    """The print scale (%) at which ``needed`` points fit ``width``, between 80% and 100%."""
    if needed <= 0:
        return MAX_SCALE
    return max(READABLE_SCALE, min(MAX_SCALE, math.floor(100 * width / needed)))


@dataclass(frozen=True)
class PeriodPages:
    """Where a plan sheet's printed pages break: one page (or more, downwards) a period."""

    title_columns: tuple[int, int]  # first and last repeated column (1-based)
    title_rows: tuple[int, int]  # first and last repeated row (1-based)
    breaks: tuple[int, ...]  # 1-based columns that start a new page
    scale: int

    def print_titles(self, quoted_sheet: str) -> str:
        """The ``_xlnm.Print_Titles`` formula: the Objective column(s) and header rows."""
        (c1, c2), (r1, r2) = self.title_columns, self.title_rows
        return (f"{quoted_sheet}!${col_letters(c1)}:${col_letters(c2)},"
                f"{quoted_sheet}!${r1}:${r2}")


def period_pages(title_columns: list[int], period_starts: list[int], last_column: int,
                 title_rows: tuple[int, int], widths: dict[int, float],
                 default_width: float = DEFAULT_WIDTH,
                 margins: float = SIDE_MARGINS["left"] + SIDE_MARGINS["right"]) -> PeriodPages:
    """The landscape page layout of a plan sheet whose periods start at ``period_starts``
    (1-based columns) and whose last column is ``last_column``; ``widths`` are the column
    widths in characters (missing: ``default_width``), ``margins`` the left and right
    margins together (inches)."""
    first_title, last_title = min(title_columns), max(title_columns)

    def points(c1: int, c2: int) -> float:
        return sum(column_points(widths.get(c, default_width)) for c in range(c1, c2 + 1))

    titles = points(first_title, last_title)
    starts = sorted(set(period_starts))
    ends = [s - 1 for s in starts[1:]] + [last_column]
    widest = max((points(s, e) for s, e in zip(starts, ends, strict=True)), default=0.0)
    return PeriodPages((first_title, last_title), title_rows, tuple(starts[1:]),
                       fit_scale(titles + widest, printable_width(True, margins)))


def wrapped_lines(text: str | None, width: float, font_size: float = 10) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide.

    Measured against LibreOffice's fallback fonts (wider than Calibri), word by word, so a
    row this tall holds its text in Excel and in LibreOffice."""
    if not text:
        return 1
    per_line = max(1, int(width * 10 / font_size))
    lines = 0
    for paragraph in str(text).splitlines() or [""]:
        used, count = 0, 1
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= per_line:
                used = need
                continue
            count += 1 if used else 0
            while len(word) > per_line:  # a word longer than the line breaks mid-word
                word = word[per_line:]
                count += 1
            used = len(word)
        lines += count
    return lines


def row_height(lines: int, font_size: float = 10) -> float:
    """A row height (points) that shows ``lines`` lines of ``font_size`` text, at most 409."""
    return min(409.0, round(lines * font_size * 1.32 + 4, 1))
