"""The school's own term dates, kept on its Lists sheet, are the ones careers-xl uses: for due
dates, through update, and moved on by a rollover (issue 12, point 4)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from conftest import FIXTURES

from careers_xl import AcademicYear, read_plan
from careers_xl.dates.terms import english_calendar
from careers_xl.workflows import rollover_workbook, update_workbook

TODAY = date(2026, 1, 15)
HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SIX_TERMS = [("Term 1", date(2025, 10, 17)), ("Term 2", date(2025, 12, 19)),
             ("Term 3", date(2026, 2, 13)), ("Term 4", date(2026, 3, 27)),
             ("Term 5", date(2026, 5, 22)), ("Term 6", date(2026, 7, 21))]


def with_lists(tmp_path: Path, change: dict[str, date], add: list[tuple[str, date]] = (),
               end_point: str | None = None) -> Path:
    """Huxlow after an update, with the school's own dates typed into Lists (E:F)."""
    updated = update_workbook(HUXLOW, tmp_path / "updated.xlsx", today=TODAY).output
    wb = openpyxl.load_workbook(updated)
    lists = wb["Lists"]
    last = 1
    for row in range(2, lists.max_row + 1):
        name = lists.cell(row, 5).value
        if name in change:
            lists.cell(row, 6).value = datetime.combine(change[name], datetime.min.time())
        last = row if name else last
    for offset, (name, day) in enumerate(add, start=1):
        lists.cell(last + offset, 5).value = name
        lists.cell(last + offset, 6).value = datetime.combine(day, datetime.min.time())
    if end_point:
        wb["BM1 Programme"]["E6"].value = end_point
    wb.save(path := tmp_path / "school.xlsx")
    return path


def due_of(path: Path, end_point: str) -> set[date | None]:
    return {a.due for a in read_plan(path).actions if a.end_point == end_point}


def test_the_schools_half_term_is_used_kept_and_rolled_on(tmp_path: Path) -> None:
    school = with_lists(tmp_path, {"Oct half term": date(2025, 10, 17)})
    assert due_of(school, "Oct half term") == {date(2025, 10, 17)}
    again = update_workbook(school, tmp_path / "again.xlsx", today=TODAY).output
    assert ("Oct half term", date(2025, 10, 17)) in read_plan(again).terms
    assert due_of(again, "Oct half term") == {date(2025, 10, 17)}
    rolled = rollover_workbook(again, tmp_path / "next.xlsx", today=TODAY)
    plan = read_plan(rolled.output)
    usual = english_calendar(AcademicYear(2026)).half_terms["autumn1"][1]
    # A week before the usual October half term, as the school's was; Easter follows Easter.
    assert dict(plan.terms)["Oct half term"] == usual.replace(day=usual.day - 7)
    assert dict(plan.terms)["Easter"] == english_calendar(AcademicYear(2026)).half_terms[
        "spring2"][1]
    assert due_of(rolled.output, "Oct half term") == {usual.replace(day=usual.day - 7)}
    assert any("half-term dates on Lists" in note for note in rolled.notes)


def test_a_local_authoritys_six_numbered_terms(tmp_path: Path) -> None:
    school = with_lists(tmp_path, {}, SIX_TERMS, end_point="Term 3")
    plan = read_plan(school)
    assert {a.due for a in plan.actions if a.cell == "'BM1 Programme'!B6"} == \
        {date(2026, 2, 13)}  # the school's Term 3, not the summer term of a three-term year
    assert not [p for p in plan.problems if "Lists" in p.message]
