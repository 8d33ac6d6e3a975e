"""Shared formulas: Excel stores one master formula and lets the cells it covers refer to it;
each cell's own formula is the master's with its relative references moved by the offset.

Only operands are moved: text in double quotes, quoted sheet names, function names and
structured references ([...]) are left as they are; a reference moved off the sheet's top or
left edge becomes #REF!, as Excel shows it.
"""

from __future__ import annotations

import re

from ..package.sheet import col_letters, col_number

# One piece of a formula: a string literal, a quoted sheet name, a bracketed part, an error
# literal, a number with an exponent, a run of operand characters, or any single character.
_PIECE = re.compile(r'''"(?:[^"]|"")*"|'(?:[^']|'')*'|\[[^\]]*(?:\][^\]]*)*?\]|#[A-Z/0!?]+[!?]?'''
                    r'''|\d+(?:\.\d*)?[Ee][+-]\d+|[A-Za-z0-9_.$:\\]+|.''', re.S)
_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([1-9][0-9]{0,6})")
_ROWS = re.compile(r"(\$?)([1-9][0-9]{0,6}):(\$?)([1-9][0-9]{0,6})")
_COLS = re.compile(r"(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384


class _OffSheet(Exception):
    """A reference moved past row 1 or column A."""


def _row(anchor: str, text: str, by: int) -> str:
    if anchor:
        return anchor + text
    moved = int(text) + by
    if not 1 <= moved <= _MAX_ROW:
        raise _OffSheet
    return str(moved)


def _col(anchor: str, text: str, by: int) -> str:
    if anchor:
        return anchor + text
    moved = col_number(text) + by
    if not 1 <= moved <= _MAX_COL:
        raise _OffSheet
    return col_letters(moved)


def _move_reference(ref: str, rows: int, cols: int) -> str:
    """Move one operand (``A1``, ``$B2:C$3``, ``3:4``, ``A:C``); names stay as they are."""
    if (match := _ROWS.fullmatch(ref)) is not None:
        a1, r1, a2, r2 = match.groups()
        return f"{_row(a1, r1, rows)}:{_row(a2, r2, rows)}"
    if (match := _COLS.fullmatch(ref)) is not None:
        a1, c1, a2, c2 = match.groups()
        return f"{_col(a1, c1, cols)}:{_col(a2, c2, cols)}"
    if ":" in ref:
        return ":".join(_move_reference(part, rows, cols) for part in ref.split(":"))
    if (match := _CELL.fullmatch(ref)) is not None and col_number(match.group(2)) <= _MAX_COL:
        col_anchor, letters, row_anchor, row = match.groups()
        return _col(col_anchor, letters, cols) + _row(row_anchor, row, rows)
    return ref


def move_formula(formula: str, rows: int, cols: int) -> str:
    """``formula`` (without its "=") as it reads ``rows`` down and ``cols`` right."""
    if not rows and not cols:
        return formula
    pieces = _PIECE.findall(formula)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        first = piece[0]
        # Leave text, sheet names, tables, errors, functions and punctuation as they are.
        if first in "\"'[]#" or following[:1] in ("(", "!", "[") or \
                not (first.isalnum() or first in "$_\\."):
            out.append(piece)
            continue
        try:
            out.append(_move_reference(piece, rows, cols))
        except _OffSheet:
            out.append("#REF!")
    return "".join(out)
