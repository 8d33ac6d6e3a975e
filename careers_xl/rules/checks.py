"""The plan checks: what a careers leader should look at.

``check_plan`` adds the things to look at (no lead, overdue, Green without evidence, an
objective with no benchmark) to the reader's own problems, and ``check_items`` names the
action each one is about. ``is_overdue`` is the one definition of overdue that the checks,
the Dashboard's stored counts, the hub and the governors' report share.
"""

from __future__ import annotations

from datetime import date

from ..model import Action, Plan, Problem, Rag
from ..package.sheet import parse_ref
from .words import CHECK_EMPTY_LEAD, CHECK_GREEN_NO_EVIDENCE, CHECK_NO_BENCHMARK, CHECK_OVERDUE


def check_plan(plan: Plan, today: date | None = None) -> list[Problem]:
    """The reader's problems plus the plan checks, in sheet order."""
    today = today or date.today()
    found = list(plan.problems)
    for objective in plan.objectives:
        if objective.benchmark is None:
            found.append(Problem("warning", objective.cell or None, CHECK_NO_BENCHMARK + "."))
        for action in objective.actions:
            if not action.text:
                continue
            if not action.leads:
                found.append(Problem("warning", action.cell, CHECK_EMPTY_LEAD + "."))
            if is_overdue(action, today):
                found.append(Problem("warning", action.cell,
                                     f"{CHECK_OVERDUE} (end point {action.end_point})."))
            if action.rag in (Rag.GREEN, Rag.BLUE) and not action.evidence:
                found.append(Problem("warning", action.cell,
                                     CHECK_GREEN_NO_EVIDENCE.format(rag=action.rag.label) + "."))
    return found


def check_items(plan: Plan, today: date | None = None) -> list[tuple[Problem, Action | None]]:
    """``check_plan``'s problems, each with the action it is about (None: not one action)."""
    where: dict[tuple[str, int, int], Action] = {}
    for objective in plan.objectives:
        sheet = plan.sheet(objective.sheet)
        for action in objective.actions:
            columns = sheet.columns.get(action.period, {}).values() if sheet else ()
            for col in columns:
                where[(objective.sheet, action.row, col)] = action
    found: list[tuple[Problem, Action | None]] = []
    for problem in check_plan(plan, today):
        about: Action | None = None
        if problem.cell and "!" in problem.cell:
            name, _, ref = problem.cell.rpartition("!")
            name = name.strip("'").replace("''", "'") if name.startswith("'") else name
            try:
                row, col = parse_ref(ref)
            except ValueError:
                row = col = 0
            about = where.get((name, row, col))
        found.append((problem, about))
    return found


def is_overdue(action: Action, today: date) -> bool:
    """An action whose end point has passed and that is not complete."""
    return (bool(action.text) and action.rag != Rag.BLUE and action.due is not None
            and action.due < today)
