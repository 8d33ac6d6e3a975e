"""The summer rollover: close this year's plan and start next year's, keeping history.

Every objective and action is carried forward (complete ones can be left out); dated end
points move a year and keep the way they were typed; RAG, progress and evidence start
empty; unfinished (Red/Amber) actions say so in their Progress; and the closed year's
actions and Compass scores are appended to History, which keeps every earlier year.
"""

from __future__ import annotations

import copy
import re

from ..dates.end_points import parse_end_point, shift_end_point
from ..dates.terms import roll_terms
from ..errors import RolloverError
from ..model import AcademicYear, HistoryRow, Plan, Rag
from .compass import compass_percent, pending_line
from .words import CARRIED_NOTE, CARRIED_NOTE_COLUMN, ROLLOVER_YEARS, UNFINISHED


def rollover(plan: Plan, to_year: AcademicYear | None = None, *,
             drop_complete: bool = False, move_years: bool = False) -> Plan:
    """A new plan for ``to_year`` (default: the next academic year). ``plan`` is untouched.

    ``move_years`` also moves the year named inside action text ("Publish the 2025/26
    programme" -> "... 2026/27 ...")."""
    year = plan.academic_year
    if year is None:
        raise RolloverError("The plan does not say which academic year it is for: add it to "
                            "the Cover sheet (Academic year: 2025/26) or give the year "
                            "in a title, then roll over.")
    target = to_year or year.next(ROLLOVER_YEARS)
    if target <= year:
        raise RolloverError(f"The plan is already for {year}: a rollover must go forward, "
                            f"so {target} cannot be used.")
    years = target.start - year.start
    new = copy.deepcopy(plan)
    new.problems = []
    new.academic_year = target
    new.history = list(plan.history) + history_rows(plan)
    # Only real evaluations go to Compass History; the new year starts not yet evaluated.
    evaluated: dict[int, int | None] = {n: b.compass_percent for n, b in plan.benchmarks.items()
                                        if b.compass_percent is not None}
    new.compass_history = {**plan.compass_history, **({str(year): evaluated} if evaluated
                                                       else {})}
    for bench in new.benchmarks.values():
        bench.compass_percent = None
    new.cover_title = retitle(plan.cover_title, year, target)
    new.terms = roll_terms(plan.terms, year, target)

    # Sheets keep their names: the user's formulas, names and charts point at them.
    for sheet in new.sheets:
        sheet.preamble = [_roll_line(line, sheet.benchmark, year, target)
                          for line in sheet.preamble]

    # Where a period has a "Carried forward" column the note goes there, else in Progress
    # (the add-in follows the same rule).
    note_columns = {(sheet.name, extra.period) for sheet in new.sheets
                    for extra in sheet.extra_columns if extra.header == CARRIED_NOTE_COLUMN}
    for objective in new.objectives:
        kept = []
        for action in objective.actions:
            if drop_complete and action.rag == Rag.BLUE:
                continue
            if move_years:
                action.text = retitle(action.text, year, target) or action.text
            end = shift_end_point(parse_end_point(action.end_point, year), years)
            action.end_point, action.due = end.text, end.due
            note = (CARRIED_NOTE.format(rag=action.rag.label, year=year)
                    if action.rag in UNFINISHED else None)
            action.progress = None
            if (objective.sheet, action.period) in note_columns:
                action.extra.pop(CARRIED_NOTE_COLUMN, None)
                if note:
                    action.extra[CARRIED_NOTE_COLUMN] = note
            else:
                action.progress = note
            action.rag = None
            action.evidence = []
            action.hidden = False
            action.rag_text = action.rag_fill = None
            kept.append(action)
        objective.actions = kept
    return new


def _roll_line(line: str, benchmark: int | None, year: AcademicYear,
               target: AcademicYear) -> str:
    """A line above a plan table in the new year: the year moved on, and a Compass result
    turned into "not yet evaluated" with this year's result beside it."""
    percent = compass_percent(line)
    if benchmark is not None and percent is not None:
        return pending_line(benchmark, target, percent, year)
    return retitle(line, year, target) or line


_YEAR_FORMS = [
    ("{a}/{b2}", "/"), ("{a}-{b2}", "-"), ("{a}_{b2}", "_"), ("{a}–{b2}", "–"),
    ("{a}/{b4}", "/"), ("{a}-{b4}", "-"), ("{a}_{b4}", "_"), ("{a}–{b4}", "–"),
]


def retitle(text: str | None, old: AcademicYear, new: AcademicYear) -> str | None:
    """Replace the academic year named in a title, keeping how it was written:
    "Plan 2025-26" -> "Plan 2026-27", "2025/2026" -> "2026/2027"."""
    if not text:
        return text
    values = {"a": old.start, "b2": f"{(old.start + 1) % 100:02d}", "b4": old.start + 1}
    new_values = {"a": new.start, "b2": f"{(new.start + 1) % 100:02d}", "b4": new.start + 1}
    for form, _ in sorted(_YEAR_FORMS, key=lambda f: -len(f[0].format(**values))):
        text = re.sub(re.escape(form.format(**values)) + r"(?!\d)", form.format(**new_values),
                      text)
    return text


def history_rows(plan: Plan) -> list[HistoryRow]:
    """The plan's current year as History rows (what a rollover appends)."""
    year = str(plan.academic_year) if plan.academic_year else ""
    return [
        HistoryRow(year=year, benchmark=o.benchmark, objective=o.text, period=a.period,
                   action=a.text, leads=list(a.leads), progress=a.progress,
                   end_point=a.end_point, rag=a.rag, evidence=list(a.evidence), impact=a.impact)
        for o in plan.objectives for a in o.actions
    ]
