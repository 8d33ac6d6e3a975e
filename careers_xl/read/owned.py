"""careers-xl's own sheets, found again and read back: History and Compass History (every
closed year's actions and Compass scores, as ``write.history`` drew them) and Lists (staff
and the school's half-term dates). A sheet is careers-xl's by the marker it wrote, or, for
sheets written before the marker, by its name and first row; never by name alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ..model import HistoryRow, Plan, Rag
from ..rules.rag import rag_from_text
from ..write.history import COMPASS_HISTORY_SHEET, HISTORY_COLUMNS, HISTORY_SHEET
from .book import Book, SheetInfo
from .cells import SheetCells
from .headers import benchmark_number, normalise, split_leads, split_lines, text_or_none


def read_history_sheet(sheet: SheetCells, plan: Plan, kind: str) -> None:
    """Load a History ("history") or Compass History ("compass history") sheet written by
    careers-xl."""
    width = max(sheet.width, 1)
    header = [normalise(v) if v is not None else "" for v in sheet.shown(1, width)]
    rows = (values for _, values in sheet.iter_shown(2, width=width))
    if kind == "compass history":
        for values in rows:
            if not values or values[0] is None:
                continue
            year = str(values[0]).strip()
            scores = plan.compass_history.setdefault(year, {})
            for name, value in zip(header[1:], values[1:], strict=False):
                number = benchmark_number(name)
                if number:
                    scores[number] = int(value) if isinstance(value, int | float) else None
        return
    col = {name: header.index(normalise(name)) for name in HISTORY_COLUMNS
           if normalise(name) in header}

    def get(values: Sequence[Any], name: str) -> Any:
        index = col.get(name)
        return values[index] if index is not None and index < len(values) else None

    for values in rows:
        if not values or get(values, "Year") is None:
            continue
        rag = rag_from_text(get(values, "RAG"))
        period = get(values, "Period")
        plan.history.append(HistoryRow(
            year=str(get(values, "Year")).strip(),
            benchmark=benchmark_number(str(get(values, "Benchmark") or "")),
            objective=str(get(values, "Objective") or ""),
            period=int(period) if isinstance(period, int | float) else 0,
            action=str(get(values, "Action") or ""),
            leads=split_leads(get(values, "Leads")),
            progress=text_or_none(get(values, "Progress")),
            end_point=text_or_none(get(values, "End point")),
            rag=rag if isinstance(rag, Rag) else None,
            evidence=split_lines(get(values, "Evidence")),
            impact=text_or_none(get(values, "Impact")),
        ))


# Sheets written before the marker existed: base name -> what their first row starts with.
_LEGACY_OWNED = {"Dashboard": ("dashboard", "Plan dashboard"), "Lists": ("lists", "RAG"),
                 HISTORY_SHEET: ("history", "Year|Benchmark|Objective|Period|Action"),
                 COMPASS_HISTORY_SHEET: ("compass history", "Year|BM1|BM2")}


def owned_kind(book: Book, sheet: SheetInfo) -> str | None:
    """The kind of careers-xl sheet ``sheet`` is (dashboard, lists, history, compass history),
    by the marker careers-xl wrote; None for the user's own sheets, whatever their name."""
    marker = book.owned_kind(sheet)
    if marker is not None:
        return marker
    legacy = _LEGACY_OWNED.get(sheet.name.replace(" (careers-xl)", ""))
    if legacy is None:
        return None
    kind, first_row = legacy
    text = "|".join(str(v) for v in book.cells(sheet).shown(1, 5) if v is not None)
    return kind if text.startswith(first_row) else None


def read_lists(cells: SheetCells, plan: Plan) -> None:
    """Staff (columns B and C) and the school's half-term dates (E and F) from Lists."""
    for _, row in cells.iter_shown(2, width=6):
        initials, name = row[1:3]
        if isinstance(initials, str) and initials.strip() and not initials.startswith("("):
            plan.staff[initials.strip()] = str(name).strip() if name else initials.strip()
        term, ends = row[4:6]
        if isinstance(term, str) and term.strip() and isinstance(ends, datetime | date):
            day = ends.date() if isinstance(ends, datetime) else ends
            plan.terms.append((term.strip(), day))
