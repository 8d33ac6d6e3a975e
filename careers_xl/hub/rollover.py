"""The hub's summer job: roll every school's plan in a folder into next year's folder.

Each workbook (sub-folders included, Excel's ``~$`` lock files skipped) is rolled over by
``workflows.rollover_workbook`` and written at the same relative path under the output folder,
the year in its file name moved on ("plan-2025-26.xlsx" -> "plan-2026-27.xlsx"). An output
that already exists is never overwritten but skipped, so the job can be run again after the
schools that failed are fixed; one bad workbook never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import CareersXLError, OutputError
from ..model import AcademicYear, Plan
from ..rules.rollover import retitle
from ..workflows import rollover_workbook
from .refresh import find_workbooks


@dataclass
class SchoolRollover:
    """What happened to one school's workbook: "rolled", "skipped" or "failed", and why."""

    status: str
    line: str


class _AlreadyRolled(Exception):
    """Next year's workbook is already in the output folder."""


def roll_school(source: Path, in_dir: Path, out_dir: Path, to_year: AcademicYear | None,
                drop_complete: bool) -> SchoolRollover:
    """Roll one workbook over; any failure becomes a "failed" result, never an exception."""
    relative = source.relative_to(in_dir)

    def next_years_file(plan: Plan, new: Plan) -> Path:
        """The output: the same name with the year moved on, unless it is there already."""
        assert plan.academic_year is not None and new.academic_year is not None
        name = retitle(relative.stem, plan.academic_year, new.academic_year) or relative.stem
        output = out_dir / relative.parent / f"{name}{relative.suffix}"
        if output.exists():
            raise _AlreadyRolled(output.relative_to(out_dir))
        output.parent.mkdir(parents=True, exist_ok=True)
        return output

    try:
        outcome = rollover_workbook(source, next_years_file, to_year=to_year,
                                    drop_complete=drop_complete)
    except _AlreadyRolled as there:
        return SchoolRollover("skipped", f"skipped  {relative}: {there} already exists, "
                                         "not overwritten")
    except CareersXLError as err:
        reason = " ".join(str(err).split()).removeprefix(f"{source.name}: ")
        return SchoolRollover("failed", f"FAILED   {relative}: {reason}")
    except Exception as err:  # noqa: BLE001 - a bug must not stop the other schools' rollover
        return SchoolRollover("failed", f"FAILED   {relative}: unexpected error "
                                        f"({type(err).__name__}: {err})")
    new, shown = outcome.plan, outcome.output.relative_to(out_dir)
    return SchoolRollover("rolled", f"rolled   {new.school or relative.stem}: {relative} -> "
                                    f"{shown} ({new.academic_year}, {len(new.actions)} actions,"
                                    f" {outcome.carried} unfinished carried forward)")


def rollover_folder(in_dir: Path, out_dir: Path, *, to_year: AcademicYear | None = None,
                    drop_complete: bool = False,
                    on_done: Callable[[SchoolRollover], None] | None = None
                    ) -> list[SchoolRollover]:
    """Roll every plan in ``in_dir`` over into ``out_dir``; raises OutputError when the
    folders are the same or hold no workbooks."""
    if out_dir.exists() and out_dir.resolve() == in_dir.resolve():
        raise OutputError("the output folder must differ from the input folder, so last "
                          "year's plans are kept")
    sources = find_workbooks(in_dir, exclude=[out_dir])
    if not sources:
        raise OutputError(f"no .xlsx or .xlsm workbooks found in {in_dir}")
    results = []
    for source in sources:
        result = roll_school(source, in_dir, out_dir, to_year, drop_complete)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results
