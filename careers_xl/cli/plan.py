"""Commands that look at a plan: read, check, diff, report."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from rich.table import Table

from ..errors import CareersXLError
from ..model import Action
from ..report.content import RAG_ORDER, benchmark_rows
from ..report.export import plan_to_dict
from ..rules.checks import check_items, check_plan
from .common import (
    EXISTING_FILE,
    OUTPUT_FILE,
    TODAY,
    Failure,
    console,
    read_or_fail,
)


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="A readable summary (default) or the full plan as JSON.")
@TODAY
def read(plan_file: Path, fmt: str, today: date | None) -> None:
    """Read your plan (PLAN, an .xlsx or .xlsm workbook) and show what careers-xl understood."""
    plan = read_or_fail(plan_file)
    if fmt == "json":
        click.echo(json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False))
        return
    out = console()
    out.print(f"[bold]{plan.school or 'School not named'}[/] — "
              f"{plan.academic_year or 'year not found'} — {plan_file.name}")
    table = Table(show_lines=False)
    for head in ("Benchmark", "Compass", "Objectives", "Actions", "Red", "Amber", "Green",
                 "Complete", "No RAG"):
        table.add_column(head, justify="left" if head == "Benchmark" else "right")
    for row in benchmark_rows(plan):
        table.add_row(row.title, "-" if row.compass is None else f"{row.compass}%",
                      str(row.objectives), str(row.actions), *(str(row.rag[r]) for r in RAG_ORDER))
    out.print(table)
    problems = check_plan(plan, today or date.today())
    if problems:
        out.print(f"{len(problems)} problem(s): run [bold]careers-xl check "
                      f"{plan_file}[/] to list them.")


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@TODAY
def check(plan_file: Path, today: date | None) -> None:
    """List everything to look at in your plan: actions with no lead, overdue actions,
    Green actions with no evidence, dates that look like typos.

    Each line names the cell, the action and its lead. Exit status: 0 nothing found,
    1 problems listed, 2 the file could not be read."""
    plan = read_or_fail(plan_file, exit_code=2)
    items = check_items(plan, today or date.today())
    if not items:
        click.echo(f"{plan_file.name}: no problems found.")
        return
    for problem, action in items:
        click.echo(f"{problem.level:7} {problem.cell or plan_file.name}{_about(action)}: "
                   f"{problem.message}")
    click.echo(f"{len(items)} problem(s) in {plan_file.name}.")
    sys.exit(1)


def _about(action: Action | None, width: int = 48) -> str:
    """' "Publish the careers programme..." (lead ZCO)': the action a problem is about."""
    if action is None or not action.text:
        return ""
    text = " ".join(action.text.split())
    if len(text) > width:
        text = text[:width].rsplit(" ", 1)[0].rstrip(",;:-") + "..."
    lead = "/".join(action.leads) or "no lead"
    return f' "{text}" (lead {lead})'


@click.command()
@click.argument("old_file", metavar="EARLIER", type=EXISTING_FILE)
@click.argument("new_file", metavar="LATER", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Sentences to paste into a governors' update (default), or JSON.")
def diff(old_file: Path, new_file: Path, fmt: str) -> None:
    """What changed between two versions of your plan (EARLIER and LATER): actions added or
    removed, RAG, progress, leads, end points, evidence and Compass results."""
    from ..report.diff import describe, diff_plans

    result = diff_plans(read_or_fail(old_file), read_or_fail(new_file))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in describe(result):
        click.echo(line)


@click.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="REPORT.pdf",
              help="Where to write the one-page PDF.")
@TODAY
def report(plan_file: Path, output: Path, today: date | None) -> None:
    """A one-page PDF for governors: Compass results beside last year's, RAG by benchmark,
    overdue and Red actions with their leads, and the trend over the years History holds."""
    from ..package.safety import ensure_not_input
    from ..report.pdf import write_report

    plan = read_or_fail(plan_file)
    try:
        ensure_not_input(output, [plan_file])
        write_report(plan, output, today)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: a one-page report on {plan.school or plan_file.name}, "
               f"{plan.academic_year or 'year not found'}.")


