"""What changed between two versions of a plan: for the termly governors' update.

Actions are matched by objective, period and action text (whitespace and case ignored),
so a moved row is not reported as removed and added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .model import Action, Plan

_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


@dataclass
class ActionRef:
    """One action, named the way a governor's report would."""

    benchmark: int | None
    objective: str
    period: int
    action: str
    cell: str

    def as_dict(self) -> dict[str, Any]:
        return {"benchmark": self.benchmark, "objective": self.objective,
                "period": self.period, "action": self.action, "cell": self.cell}


@dataclass
class PlanDiff:
    """Actions added and removed, RAG changes, new evidence, end points moved."""

    added: list[ActionRef] = field(default_factory=list)
    removed: list[ActionRef] = field(default_factory=list)
    rag_changes: list[tuple[ActionRef, str | None, str | None]] = field(default_factory=list)
    new_evidence: list[tuple[ActionRef, list[str]]] = field(default_factory=list)
    end_point_changes: list[tuple[ActionRef, str | None, str | None]] = field(
        default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.rag_changes or self.new_evidence
                    or self.end_point_changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": [a.as_dict() for a in self.added],
            "removed": [a.as_dict() for a in self.removed],
            "rag_changes": [{**a.as_dict(), "from": old, "to": new}
                            for a, old, new in self.rag_changes],
            "new_evidence": [{**a.as_dict(), "evidence": items}
                             for a, items in self.new_evidence],
            "end_point_changes": [{**a.as_dict(), "from": old, "to": new}
                                  for a, old, new in self.end_point_changes],
        }


def _index(plan: Plan) -> dict[tuple[str, int, str], list[tuple[ActionRef, Action]]]:
    found: dict[tuple[str, int, str], list[tuple[ActionRef, Action]]] = defaultdict(list)
    for objective in plan.objectives:
        for action in objective.actions:
            ref = ActionRef(objective.benchmark, objective.text, action.period, action.text,
                            action.cell)
            found[(_key(objective.text), action.period, _key(action.text))].append((ref, action))
    return found


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Compare two versions of the same plan."""
    result = PlanDiff()
    before, after = _index(old), _index(new)
    for key in list(before) + [k for k in after if k not in before]:
        olds, news = before.get(key, []), after.get(key, [])
        for (ref, action), (_, was) in zip(news, olds, strict=False):
            old_rag = was.rag.label if was.rag else None
            new_rag = action.rag.label if action.rag else None
            if old_rag != new_rag:
                result.rag_changes.append((ref, old_rag, new_rag))
            seen = {_key(e) for e in was.evidence}
            fresh = [e for e in action.evidence if _key(e) not in seen]
            if fresh:
                result.new_evidence.append((ref, fresh))
            if (was.end_point or None) != (action.end_point or None):
                result.end_point_changes.append((ref, was.end_point, action.end_point))
        result.added += [ref for ref, _ in news[len(olds):]]
        result.removed += [ref for ref, _ in olds[len(news):]]
    return result
