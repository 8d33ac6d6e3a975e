"""The plan as JSON: the contract other tools rely on (``careers-xl read --format json``).

``plan_to_dict`` gives exactly the shape documented in the README.
"""

from __future__ import annotations

from typing import Any

from ..model import Plan, jsonable


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
