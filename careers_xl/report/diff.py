"""What changed between two versions of a plan: for the termly governors' update.

Actions are matched by objective, period and action text (whitespace and case ignored),
so a moved row is not reported as removed and added. Changes are said in a governor's
words: "End point changed: 31/03/2026 → 30/04/2026", "Lead changed: HT → ZCO".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..model import PERIOD_NAMES, Action, Plan

_SPACE = re.compile(r"\s+")
ARROW = "→"


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

    def __str__(self) -> str:
        where = f"BM{self.benchmark}" if self.benchmark else "No benchmark"
        text = " ".join(self.action.split())
        return f"{where} {PERIOD_NAMES.get(self.period, self.period)}: {text}"


Change = tuple[ActionRef, str | None, str | None]  # the action, what it was, what it is


@dataclass
class PlanDiff:
    """Actions added and removed; RAG, progress, lead and end-point changes; new evidence;
    Compass results changed (benchmark, old %, new %)."""

    added: list[ActionRef] = field(default_factory=list)
    removed: list[ActionRef] = field(default_factory=list)
    rag_changes: list[Change] = field(default_factory=list)
    progress_changes: list[Change] = field(default_factory=list)
    lead_changes: list[Change] = field(default_factory=list)
    end_point_changes: list[Change] = field(default_factory=list)
    new_evidence: list[tuple[ActionRef, list[str]]] = field(default_factory=list)
    compass_changes: list[tuple[int, int | None, int | None]] = field(default_factory=list)

    def _kinds(self) -> list[tuple[str, str, list[Any]]]:
        """(one, several, items) for each kind of change."""
        return [("action added", "actions added", self.added),
                ("action removed", "actions removed", self.removed),
                ("RAG change", "RAG changes", self.rag_changes),
                ("progress update", "progress updates", self.progress_changes),
                ("lead change", "lead changes", self.lead_changes),
                ("end point changed", "end points changed", self.end_point_changes),
                ("action with new evidence", "actions with new evidence", self.new_evidence),
                ("Compass result changed", "Compass results changed", self.compass_changes)]

    @property
    def empty(self) -> bool:
        return not any(items for _, _, items in self._kinds())

    def summary(self) -> str:
        """One line: "5 changes: 1 action added, 2 RAG changes (1 to Green or Complete)..."."""
        parts = []
        for one, several, items in self._kinds():
            if not items:
                continue
            part = f"{len(items)} {one if len(items) == 1 else several}"
            if items is self.rag_changes:
                greens = sum(1 for _, _, new in self.rag_changes if new in ("Green", "Complete"))
                part += f" ({greens} to Green or Complete)" if greens else ""
            parts.append(part)
        total = sum(len(items) for _, _, items in self._kinds())
        return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts) + "."

    def as_dict(self) -> dict[str, Any]:
        def changes(items: list[Change]) -> list[dict[str, Any]]:
            return [{**a.as_dict(), "from": old, "to": new} for a, old, new in items]

        return {
            "added": [a.as_dict() for a in self.added],
            "removed": [a.as_dict() for a in self.removed],
            "rag_changes": changes(self.rag_changes),
            "progress_changes": changes(self.progress_changes),
            "lead_changes": changes(self.lead_changes),
            "end_point_changes": changes(self.end_point_changes),
            "new_evidence": [{**a.as_dict(), "evidence": items}
                             for a, items in self.new_evidence],
            "compass_changes": [{"benchmark": n, "from": old, "to": new}
                                for n, old, new in self.compass_changes],
            "summary": "No changes." if self.empty else self.summary(),
        }


def _index(plan: Plan) -> dict[tuple[str, int, str], list[tuple[ActionRef, Action]]]:
    found: dict[tuple[str, int, str], list[tuple[ActionRef, Action]]] = defaultdict(list)
    for objective in plan.objectives:
        for action in objective.actions:
            ref = ActionRef(objective.benchmark, objective.text, action.period, action.text,
                            action.cell)
            found[(_key(objective.text), action.period, _key(action.text))].append((ref, action))
    return found


def _end(action: Action) -> str | None:
    """An end point as a governor reads it: a date as 31/03/2026, else as typed."""
    if action.due is not None and (action.end_point or "")[:1].isdigit():
        return f"{action.due:%d/%m/%Y}"
    return action.end_point or None


def _compare(result: PlanDiff, ref: ActionRef, was: Action, now: Action) -> None:
    pairs: list[tuple[list[Change], str | None, str | None]] = [
        (result.rag_changes, was.rag.label if was.rag else None,
         now.rag.label if now.rag else None),
        (result.progress_changes, was.progress or None, now.progress or None),
        (result.lead_changes, "/".join(was.leads) or None, "/".join(now.leads) or None),
        (result.end_point_changes, _end(was), _end(now)),
    ]
    for bucket, old, new in pairs:
        if (_key(old) if old else None) != (_key(new) if new else None):
            bucket.append((ref, old, new))
    seen = {_key(e) for e in was.evidence}
    fresh = [e for e in now.evidence if _key(e) not in seen]
    if fresh:
        result.new_evidence.append((ref, fresh))


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Compare two versions of the same plan."""
    result = PlanDiff()
    before, after = _index(old), _index(new)
    for key in list(before) + [k for k in after if k not in before]:
        olds, news = before.get(key, []), after.get(key, [])
        for (ref, action), (_, was) in zip(news, olds, strict=False):
            _compare(result, ref, was, action)
        result.added += [ref for ref, _ in news[len(olds):]]
        result.removed += [ref for ref, _ in olds[len(news):]]
    for number in sorted(set(old.benchmarks) | set(new.benchmarks)):
        was_b, now_b = old.benchmarks.get(number), new.benchmarks.get(number)
        was_p = was_b.compass_percent if was_b else None
        now_p = now_b.compass_percent if now_b else None
        if was_p != now_p:
            result.compass_changes.append((number, was_p, now_p))
    return result


def describe(result: PlanDiff) -> list[str]:
    """The changes as lines a governor understands, ending with a summary line."""
    if result.empty:
        return ["No changes."]

    def shown(value: str | None) -> str:
        return value if value else "none"

    lines = [f"Compass BM{n}: {f'{old}%' if old is not None else 'not recorded'} {ARROW} "
             f"{f'{new}%' if new is not None else 'not recorded'}"
             for n, old, new in result.compass_changes]
    lines += [f"Action added: {ref}" for ref in result.added]
    lines += [f"Action removed: {ref}" for ref in result.removed]
    for title, items in (("RAG changed", result.rag_changes),
                         ("Progress updated", result.progress_changes),
                         ("Lead changed", result.lead_changes),
                         ("End point changed", result.end_point_changes)):
        lines += [f"{title}: {shown(old)} {ARROW} {shown(new)} ({ref})"
                  for ref, old, new in items]
    lines += [f"New evidence: {'; '.join(items)} ({ref})" for ref, items in result.new_evidence]
    return [*lines, result.summary()]
