"""The plan as JSON (the contract other tools rely on) and the plan checks.

``plan_to_dict`` gives exactly the shape documented in the README; ``check_plan`` adds the
things a careers leader should look at (no lead, overdue, Green without evidence, an
objective with no benchmark) to the reader's own problems, and ``check_items`` names the
action each one is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Action, Plan, Problem, Rag, jsonable
from ..package.sheet import parse_ref
from ..write.dashboard import is_overdue
from .words import CHECK_EMPTY_LEAD, CHECK_GREEN_NO_EVIDENCE, CHECK_NO_BENCHMARK, CHECK_OVERDUE


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan in the JSON contract of ``careers-xl read --format json``."""
    return {
        "school": plan.school,
        "academic_year": str(plan.academic_year) if plan.academic_year else None,
        "benchmarks": {str(n): {"title": b.title, "compass_percent": b.compass_percent}
                       for n, b in sorted(plan.benchmarks.items())},
        "objectives": [
            {"code": o.code, "text": o.text, "benchmark": o.benchmark, "sheet": o.sheet,
             "actions": [
                 {"period": a.period, "text": a.text, "leads": a.leads, "progress": a.progress,
                  "end_point": a.end_point, "due": a.due.isoformat() if a.due else None,
                  "impact": a.impact, "rag": a.rag.value if a.rag else None,
                  "evidence": a.evidence, "cell": a.cell,
                  "extra": {k: jsonable(v) for k, v in a.extra.items()}}
                 for a in o.actions]}
            for o in plan.objectives],
        "history": [
            {"year": h.year, "benchmark": h.benchmark, "objective": h.objective,
             "period": h.period, "action": h.action, "leads": h.leads, "progress": h.progress,
             "end_point": h.end_point, "rag": h.rag.value if h.rag else None,
             "evidence": h.evidence, "impact": h.impact}
            for h in plan.history],
        "problems": [{"level": p.level, "cell": p.cell, "message": p.message}
                     for p in plan.problems],
    }


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
