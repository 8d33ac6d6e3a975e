"""Graft a small careers plan into a real workbook, and check what careers-xl wrote from it.

Real workbooks hold no careers plan, so on their own they only test refusals. ``graft``
builds a one-sheet plan with xlsxwriter and moves it into the real package with careers-xl's
own package layer (nothing of the user's is rebuilt or re-saved; the styles part is appended
to). ``kept`` then checks an output written from the grafted copy against it:

- every part careers-xl does not own is byte for byte the same (``verify.lost_content``),
  and its bookkeeping parts (content types, workbook, workbook relationships, styles) keep
  every entry they had (the element checks of ``test_edit_in_place``);
- every cell of the user's sheets is unchanged at its position, as openpyxl (an independent
  reader) sees it: value, type and every part of its style.

Used by ``tests/test_graft.py`` on the committed sample and by ``scripts/corpus_graft.py``
on the whole corpus.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from careers_xl.edit.refresh import styles_of
from careers_xl.package.names import rels_name
from careers_xl.package.opc import Package
from careers_xl.package.transplant import Transplant
from careers_xl.package.verify import lost_content
from careers_xl.package.workbook import Workbook
from careers_xl.package.xml import MAIN

PLAN_SHEET = "Careers Plan 2025-26"
HEADERS = ["Objective", "Action", "Lead", "Progress", "End point", "Impact/ Evidence", "RAG"]
ACTIONS: list[tuple[Any, ...]] = [  # objective, action, lead, progress, end point, impact, RAG
    ("Every student has a stable careers programme", "Publish the careers programme on the "
     "website", "ZCO", "Draft written", datetime(2026, 3, 31), "Parents can find it", "Green"),
    (None, "Review the programme with governors", "ZCO/JHO",
     ('="Reviewed by "&C6', "Reviewed by ZCO/JHO"), "Spring 2", "Governors sign it off",
     "Amber"),
    (None, "Survey Year 10 on the programme", "JHO", "Not started",
     ("=DATE(2025,11,28)", 45989), None, "Red"),
    (None, "Careers fair for Years 8 and 10", "ZCO", "Done", "Jul-26", "All met employers",
     "Complete"),
]  # a (formula, result) pair is a formula saved with its result, as Excel saves it


def free_name(taken: set[str], base: str = PLAN_SHEET) -> str:
    """``base``, or ``base (2)``... : a sheet name the workbook does not use (case-blind)."""
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:31 - len(f' ({n})')]} ({n})"
    return name


def plan_workbook(name: str = PLAN_SHEET) -> bytes:
    """A workbook whose one sheet ``name`` holds a Benchmark 1 plan: a title, a Compass line,
    the column names and four actions (end points typed as dates, as words and as a formula;
    a progress formula)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(name)
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    wrap = book.add_format({"text_wrap": True})
    ws.write_string(0, 0, "Gatsby Benchmark 1: A stable careers programme")
    ws.write_string(1, 0, "Compass: your institution has met 40% of the assessment areas")
    ws.write_row(3, 0, HEADERS)
    for row, values in enumerate(ACTIONS, start=4):
        for col, value in enumerate(values):
            if isinstance(value, datetime):
                ws.write_datetime(row, col, value, day)
            elif isinstance(value, tuple):
                ws.write_formula(row, col, value[0], day if col == 4 else wrap, value[1])
            elif value is not None:
                ws.write_string(row, col, value, wrap)
    ws.set_column(0, 6, 24)
    book.close()
    return buffer.getvalue()


def graft(source: Path, dest: Path) -> str:
    """Write ``source`` with a careers plan sheet added to ``dest``; returns the sheet's name.

    Raises careers-xl's own refusal (UnreadableWorkbook...) when the package cannot be opened.
    """
    package = Package.open(source)
    workbook = Workbook(package)
    name = free_name({s.name.lower() for s in workbook.sheets})
    mover = Transplant(workbook, styles_of(package, workbook),
                       Package.from_bytes(plan_workbook(name)))
    mover.move(name, None)
    package.save(dest)
    return name


def _bookkeeping(package: Package) -> dict[str, str]:
    """The parts careers-xl may add to (but never take from): kind -> part name."""
    book = Workbook(package)
    parts = {"types": "[Content_Types].xml", "workbook": book.part,
             "workbook-rels": rels_name(book.part)}
    styles = next((r.target for r in package.rels(book.part)
                   if r.kind == "styles" and r.target in package), None)  # as styles_of
    if styles:
        parts["styles"] = styles
    stored = {name.lower(): name for name in package.names}  # xl/WorkBook.xml is xl/workbook.xml
    return {kind: stored.get(part.lower(), part) for kind, part in parts.items()}


def kept(grafted: Path, output: Path, plan_sheet: str = PLAN_SHEET) -> list[str]:
    """One line per part or entry of the grafted workbook that ``output`` lost or changed,
    other than careers-xl's plan sheet ``plan_sheet``; [] when everything was kept."""
    from test_edit_in_place import content_types, lost_elements, workbook_entries

    before, after = Package.open(grafted), Package.open(output)
    keep = _bookkeeping(before)
    problems = lost_content(before, after, owned=[plan_sheet], touched=set(keep.values()))
    read = {kind: (before.read(part), after.read(part) if part in after else b"")
            for kind, part in keep.items() if part in before}
    if "types" in read:
        old, new = ({"[Content_Types].xml": data} for data in read["types"])
        problems += [f"content type {item} lost"
                     for item in sorted(content_types(old, set()) - content_types(new, set()))]
    if "workbook" in read:  # in the namespace workbook_entries knows (Excel 12 betas differ)
        old_book, new_book = (data.replace(Workbook(before).ns.encode(), MAIN.encode())
                              for data in read["workbook"])
        gone = workbook_entries(old_book, {plan_sheet}) - workbook_entries(new_book, set())
        problems += [f"workbook entry {entry[:3]} lost or changed" for entry in sorted(gone)]
    for kind in ("workbook-rels", "styles"):
        if kind in read:
            problems += [f"{keep[kind]}: {line}" for line in lost_elements(*read[kind], set())]
    return problems


def _cells(sheet: Any) -> Iterator[tuple[tuple[int, int], Any]]:
    """((row, column), cell) for every cell a read-only sheet stores, in order."""
    sheet.reset_dimensions()  # trust the cells, not a <dimension> of A1:XFD1048576
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "coordinate", None):
                yield (cell.row, cell.column), cell


def cells_changed(grafted: Path, output: Path, plan_sheet: str = PLAN_SHEET,
                  limit: int = 5) -> list[str]:
    """Cells of the user's sheets that ``output`` does not hold as ``grafted`` did, position
    by position (openpyxl in read-only mode: styles resolved once per style record)."""
    import openpyxl  # here, like test_edit_in_place below: grafting alone needs neither

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = openpyxl.load_workbook(grafted, read_only=True)
        after = openpyxl.load_workbook(output, read_only=True)
        try:
            return _compare(before, after, plan_sheet, limit)
        finally:
            before.close()
            after.close()


def _compare(before: Any, after: Any, plan_sheet: str, limit: int) -> list[str]:
    from test_edit_in_place import look

    changed: list[str] = []
    styles: dict[tuple[int, object], tuple[object, ...]] = {}

    def seen(side: int, cell: Any) -> tuple[object, ...]:
        """Value and type, and the style as look() resolves it (once per style record)."""
        key = (side, getattr(cell, "_style_id", id(cell)))
        if key not in styles:
            try:
                styles[key] = look(cell)[2:]
            except (IndexError, TypeError):  # a style openpyxl cannot resolve (s="", s=99)
                styles[key] = ("unresolved",)
        value = cell.value  # an array or data-table formula is an object: compare its fields
        shown = vars(value) if hasattr(value, "__dict__") else value
        return repr(shown), cell.data_type, styles[key]

    titles = set(after.sheetnames)
    for ws in before.worksheets:
        if ws.title == plan_sheet or not hasattr(ws, "reset_dimensions"):
            continue  # careers-xl's plan sheet, or a chartsheet
        if ws.title not in titles:
            changed.append(f"sheet {ws.title!r} is missing")
            continue
        old = dict(_cells(ws))
        for position, cell in _cells(after[ws.title]):
            was = old.pop(position, None)
            if was is None or seen(0, was) != seen(1, cell):
                changed.append(f"{ws.title}!{cell.coordinate}: "
                               f"{'nothing' if was is None else repr(was.value)[:40]} became "
                               f"{repr(cell.value)[:40]}")
            if len(changed) >= limit:
                return changed
        changed += [f"{ws.title}!{cell.coordinate}: {repr(cell.value)[:40]} is gone"
                    for cell in list(old.values())[:limit - len(changed)]]
    return changed[:limit]
