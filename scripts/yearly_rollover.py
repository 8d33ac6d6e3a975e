"""The hub's summer job: roll every school's plan in a folder into next year's folder.

    python scripts/yearly_rollover.py IN_DIR OUT_DIR [--to 2026/27] [--drop-complete]

Each workbook under IN_DIR (sub-folders included, Excel's ``~$`` lock files skipped) is read,
rolled over (``careers_xl.rollover``) and written under OUT_DIR at the same relative path,
with the year in its file name moved on ("plan-2025-26.xlsx" -> "plan-2026-27.xlsx"). An
output that already exists is never overwritten: it is skipped with a message, so the job can
be run again after fixing the schools that failed. One line per school, a summary at the end;
exit status 1 if any school failed, and one bad workbook never stops the others.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from careers_xl.errors import CareersXLError
from careers_xl.hub import find_workbooks
from careers_xl.model import AcademicYear
from careers_xl.reader import read_plan
from careers_xl.rollover import retitle, rollover
from careers_xl.workflows import rollover_workbook


@dataclass
class Outcome:
    """What happened to one school's workbook: "rolled", "skipped" or "failed", and why."""

    status: str
    line: str


def roll_one(source: Path, in_dir: Path, out_dir: Path, to_year: AcademicYear | None,
             drop_complete: bool) -> Outcome:
    """Roll one workbook over; any failure becomes a "failed" outcome, never an exception."""
    relative = source.relative_to(in_dir)
    try:
        plan = read_plan(source)
        new = rollover(plan, to_year, drop_complete=drop_complete)  # checks the years
        assert plan.academic_year is not None and new.academic_year is not None
        name = retitle(relative.stem, plan.academic_year, new.academic_year) or relative.stem
        output = out_dir / relative.parent / f"{name}{relative.suffix}"
        shown = output.relative_to(out_dir)
        if output.exists():
            return Outcome("skipped", f"skipped  {relative}: {shown} already exists, "
                                      "not overwritten")
        output.parent.mkdir(parents=True, exist_ok=True)
        outcome = rollover_workbook(source, output, to_year=new.academic_year,
                                    drop_complete=drop_complete)
    except CareersXLError as err:
        reason = " ".join(str(err).split()).removeprefix(f"{source.name}: ")
        return Outcome("failed", f"FAILED   {relative}: {reason}")
    except Exception as err:  # noqa: BLE001 - a bug must not stop the other schools' rollover
        return Outcome("failed", f"FAILED   {relative}: unexpected error "
                                 f"({type(err).__name__}: {err})")
    return Outcome("rolled", f"rolled   {plan.school or relative.stem}: {relative} -> {shown} "
                             f"({new.academic_year}, {len(new.actions)} actions, "
                             f"{outcome.carried} unfinished carried forward)")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("in_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--to", "to_text", default=None,
              help="The new academic year, e.g. 2026/27 (default: each plan's next year).")
@click.option("--drop-complete", is_flag=True,
              help="Leave out actions marked Complete (they stay in History).")
def main(in_dir: Path, out_dir: Path, to_text: str | None, drop_complete: bool) -> None:
    """Roll every plan in IN_DIR over into OUT_DIR (never overwriting anything)."""
    try:
        to_year = AcademicYear.parse(to_text) if to_text else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--to") from err
    if out_dir.exists() and out_dir.resolve() == in_dir.resolve():
        raise click.UsageError("OUT_DIR must differ from IN_DIR so last year's plans are kept.")
    sources = find_workbooks(in_dir, exclude=[out_dir])
    if not sources:
        raise click.ClickException(f"no .xlsx or .xlsm workbooks found in {in_dir}")
    counts = {"rolled": 0, "skipped": 0, "failed": 0}
    for source in sources:
        outcome = roll_one(source, in_dir, out_dir, to_year, drop_complete)
        counts[outcome.status] += 1
        click.echo(outcome.line)
    click.echo(f"{counts['rolled']} rolled over, {counts['skipped']} skipped (already there), "
               f"{counts['failed']} failed, of {len(sources)} workbook(s).")
    sys.exit(1 if counts["failed"] else 0)


if __name__ == "__main__":
    main()
