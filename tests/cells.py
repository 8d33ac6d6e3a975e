"""Position-aware comparison of two workbooks' user sheets, shared by the edit tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from careers_xl import read_plan

Changed = dict[str, set[tuple[int, int]]]


def cell_differences(before: Path, after: Path, changed: Changed) -> list[str]:
    """Every cell of the user's sheets in ``before`` whose value is not the same at the same
    position of the same sheet in ``after``, except the cells careers-xl changed on purpose
    (and the user's sheets must all be there, in the same order, under the same names)."""
    owned_before = read_plan(before).owned_sheets
    owned_after = read_plan(after).owned_sheets
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    user = [name for name in old.sheetnames if name not in owned_before]
    differences = []
    if [name for name in new.sheetnames if name not in owned_after] != user:
        differences.append(f"sheets {user} became {new.sheetnames}")
    for name in user:
        if name not in new.sheetnames:
            continue
        was, now = old[name], new[name]
        allowed = changed.get(name, set())
        for row in range(1, max(was.max_row, now.max_row) + 1):
            for col in range(1, max(was.max_column, now.max_column) + 1):
                if (row, col) in allowed:
                    continue
                a, b = was.cell(row, col).value, now.cell(row, col).value
                if a != b:
                    differences.append(f"{name}!{was.cell(row, col).coordinate}: {a!r} -> {b!r}")
    return differences
