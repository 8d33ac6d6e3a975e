"""The plan sheets' cells as they will be saved, for computing the values formulas store.

Every formula careers-xl writes carries its result, so previews, phones and a LibreOffice
that does not recalculate show the right numbers. Those results are computed here from the
cells exactly as they stand in the edited package, the same cells Excel will see.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from ..package.sheet import Sheet
from ..package.strings import stored_value

Value = str | float | None


class Grid:
    """Cell values of some sheets: text as text, numbers and dates as numbers."""

    def __init__(self, sheets: dict[str, Sheet], strings: list[str]) -> None:
        self._values: dict[str, dict[tuple[int, int], Value]] = {}
        self._rows: dict[str, list[int]] = {}  # sheet -> the rows holding something, in order
        for name, sheet in sheets.items():
            values: dict[tuple[int, int], Value] = {}
            for position, cell in sheet.cells():
                kind, value, _ = stored_value(cell, strings)
                if value is None or kind == "e":
                    continue
                if kind in ("n", "b"):
                    try:
                        values[position] = float(value)
                    except ValueError:
                        continue
                else:
                    values[position] = value
            self._values[name] = values
            self._rows[name] = sorted({row for row, _ in values})

    def rows(self, sheet: str, first: int, last: int) -> list[int]:
        """The rows from ``first`` to ``last`` holding something (the others count nothing)."""
        rows = self._rows.get(sheet, [])
        return rows[bisect_left(rows, first):bisect_right(rows, last)]

    def get(self, sheet: str, row: int, col: int) -> Value:
        return self._values.get(sheet, {}).get((row, col))

    def text(self, sheet: str, row: int, col: int) -> str:
        """The cell as a comparison in a formula sees it ("" when empty)."""
        value = self.get(sheet, row, col)
        if value is None:
            return ""
        if isinstance(value, float):
            return repr(value).removesuffix(".0")
        return value


def equals(cell: str, word: str) -> bool:
    """Excel's text "=": case-insensitive, exact."""
    return cell.casefold() == word.casefold()


_WILD = re.compile(r"[*?~]")


def countif_matcher(pattern: str) -> Callable[[str], bool]:
    """COUNTIF's text criterion as a test of a cell: case-insensitive, with * and ?
    wildcards."""
    folded = pattern.casefold()
    if not _WILD.search(pattern):
        return lambda cell: cell.casefold() == folded
    match = re.compile(fnmatch.translate(folded.replace("[", "[[]"))).match
    return lambda cell: match(cell.casefold()) is not None
