"""Commands that write a workbook: new, update, rollover, compass, addin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import CareersXLError
from ..model import Plan
from .common import (
    EXISTING_FILE,
    OUTPUT_FILE,
    TEMPLATE_HELP,
    Failure,
    copy_or_in_place,
    copy_target,
    show_notes,
    year_option,
)


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@copy_or_in_place("Where to write the refreshed copy (.xlsx, or .xlsm if it has macros).")
def update(plan_file: Path, output: Path | None, in_place: bool) -> None:
    """Add dropdowns, RAG colours, a Dashboard and a print layout to your own workbook.

    Everything of yours stays exactly where it was. The original is never touched unless
    you ask for --in-place."""
    from ..workflows import update_workbook

    try:
        outcome = update_workbook(plan_file, copy_target(output, in_place))
    except CareersXLError as err:
        raise Failure(str(err)) from err
    if outcome.backup is not None:
        click.echo(f"Updated {plan_file} (backup: {outcome.backup.name}).")
    else:
        click.echo(f"Wrote {outcome.output}.")
    show_notes(outcome.notes, outcome.plan)


@click.command()
@click.option("--school", required=True, metavar="NAME",
              help="The school or college's name.")
@click.option("--year", "year_text", required=True, metavar="YEAR",
              help="Academic year, e.g. 2026/27.")
@click.option("--template", "template_name", default="default", show_default=True,
              metavar="NAME", help=TEMPLATE_HELP)
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="PLAN.xlsx",
              help="Where to write the new plan (an .xlsx workbook).")
def new(school: str, year_text: str, template_name: str, output: Path) -> None:
    """Start a blank master plan for a school: a Cover, a sheet per Gatsby Benchmark, a
    Dashboard and the template's companion sheets (strategic plan, checklists, SWOT)."""
    from ..templates import blank_plan, load_template
    from ..write.new import write_plan

    year = year_option(year_text)
    try:
        template = load_template(template_name)
        plan = blank_plan(template, school, year)
        write_plan(plan, output, blank_rows=template.blank_rows, companions=template)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: a blank plan for {school}, {year}.")


@click.command()
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="FILE",
              help="CareersPlan.xlam (an add-in), or PLAN.xlsm with --xlsm.")
@click.option("--xlsm", "plan_file", type=EXISTING_FILE, default=None, metavar="PLAN",
              help="Put the macros and the ribbon inside a copy of this plan (.xlsm).")
def addin(output: Path, plan_file: Path | None) -> None:
    """Build the Excel add-in: a "Careers Plan" ribbon tab for leaders without Python."""
    from ..addin.build import build_addin

    try:
        build_addin(output, xlsm_plan=plan_file)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}. Install it as the README explains (Trust Center, "
               "trusted location, Add-ins).")


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("--to", "to_year", default=None, metavar="YEAR",
              help="The new academic year, e.g. 2026/27 (default: the next one).")
@click.option("--drop-complete", is_flag=True,
              help="Leave out actions marked Complete (they stay in History).")
@click.option("--move-years", is_flag=True,
              help="Also move the year named inside action text, e.g. \"Publish the 2025/26 "
                   "programme\" becomes 2026/27; each change is listed.")
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="NEXT-YEAR.xlsx",
              help="Where to write next year's plan (your plan itself is not changed).")
def rollover(plan_file: Path, to_year: str | None, drop_complete: bool, move_years: bool,
             output: Path) -> None:
    """Close this year's plan and start next year's, keeping every year in History."""
    from ..workflows import rollover_workbook

    try:
        outcome = rollover_workbook(plan_file, output, to_year=year_option(to_year),
                                    drop_complete=drop_complete, move_years=move_years)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    new = outcome.plan
    click.echo(f"Wrote {output}: {new.academic_year}, {len(new.actions)} actions "
               f"({outcome.carried} unfinished carried forward), History holds "
               f"{len({h.year for h in new.history})} closed year(s).")
    show_notes([n for n in outcome.notes if not n.startswith("kept your own")], Plan())


def _compass_options(command: Any) -> Any:
    for number in range(8, 0, -1):
        command = click.option(f"--bm{number}", f"bm{number}", type=int, metavar="PERCENT",
                               callback=_percent,
                               help=f"Benchmark {number}: the % of assessment areas met.")(command)
    return command


def _percent(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise click.BadParameter(f"{value} is not a percentage: give 0 to 100.", ctx, param)
    return value


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@_compass_options
@copy_or_in_place("Where to write the plan with its new results.")
def compass(plan_file: Path, output: Path | None, in_place: bool, **results: int | None) -> None:
    """Enter this year's Compass results, e.g. --bm1 85 --bm3 62.

    Each result goes in the line above that benchmark's table that states it (after a
    rollover it says "not yet evaluated"). Compass History keeps each year's results when
    you roll over."""
    from ..workflows import record_compass

    scores = {int(k.removeprefix("bm")): v for k, v in results.items() if v is not None}
    if not scores:
        raise click.UsageError("Give at least one result, such as --bm1 85.")
    try:
        outcome = record_compass(plan_file, copy_target(output, in_place), scores)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    shown = ", ".join(f"BM{n} {p}%" for n, p in sorted(scores.items()))
    where = f"{plan_file} (backup: {outcome.backup.name})" if outcome.backup else outcome.output
    click.echo(f"Recorded Compass {shown} in {where}.")


