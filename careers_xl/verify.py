"""Prove nothing was lost: every non-empty cell of an input workbook is in the output.

A value counts as found when the output holds it in the same-named sheet (or, for a
rollover, anywhere in the workbook), compared the way a person reads it: a real date and
the same date typed as text are equal when they display alike, "G" is Green, and leads
match whichever separator was used.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dates import display_date
from .headers import split_leads
from .model import Rag, cell_ref
from .rag import rag_from_text
from .reader import is_generated
from .safety import open_workbook

_SPACE = re.compile(r"\s+")


def _forms(value: Any, number_format: str, data_type: str) -> set[str]:
    """Every way this cell's value may legitimately appear in the other workbook."""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        forms = {day.isoformat()}
        try:
            forms.add(display_date(day, number_format or "dd/mm/yyyy"))
        except (ValueError, KeyError):
            pass
        return forms
    if isinstance(value, bool):
        return {str(value)}
    if isinstance(value, int | float):
        number = float(value)
        return {str(int(number)) if number.is_integer() else repr(number)}
    text = _SPACE.sub(" ", str(value)).strip()
    forms = {text} if data_type != "f" else {"=" + text.lstrip("=")}
    rag = rag_from_text(text)
    if isinstance(rag, Rag):
        forms.add(f"rag:{rag.value}")
    if len(text) <= 60:
        forms.add("leads:" + "/".join(split_leads(text)))
    return forms


def _cells(ws: Any) -> list[tuple[str, Any, set[str]]]:
    found = []
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            found.append((cell.coordinate, value,
                          _forms(value, cell.number_format, cell.data_type)))
    return found


def missing_cells(input_path: str | Path, output_path: str | Path, *,
                  anywhere: bool = False, reworded: Collection[str] = ()) -> list[str]:
    """Input cells whose value is not in the output, as "'Sheet'!B7: 'text'" lines.

    ``anywhere`` searches the whole output workbook (after a rollover, this year's RAG and
    evidence live in History and sheet names may carry the new year). ``reworded`` are
    texts the caller replaced on purpose (a template's new headings): cells holding exactly
    one of them are not reported."""
    expected = {_SPACE.sub(" ", text).strip() for text in reworded}
    before = open_workbook(input_path)
    after = open_workbook(output_path)
    everywhere: set[str] = set()
    per_sheet: dict[str, set[str]] = {}
    for ws in after.worksheets:
        forms: set[str] = set()
        for _, _, cell_forms in _cells(ws):
            forms |= cell_forms
        per_sheet[ws.title] = forms
        everywhere |= forms
    missing = []
    for ws in before.worksheets:
        if is_generated(ws):
            continue  # careers-xl's own Dashboard and Lists are rebuilt from the plan
        pool = everywhere if anywhere else per_sheet.get(ws.title, set())
        for coordinate, value, forms in _cells(ws):
            if not forms & pool and not forms & expected:
                missing.append(f"{cell_ref(ws.title, coordinate)}: {str(value)[:60]!r}")
    return missing
