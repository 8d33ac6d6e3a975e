"""The ``careers-xl`` command: a thin click layer over the library.

Library errors (``CareersXLError``) become one-line messages and a non-zero exit; nothing
here does work the library does not expose.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import CareersXLError
from .export import check_plan, plan_to_dict
from .model import AcademicYear, Plan

EXISTING_FILE = click.Path(exists=False, dir_okay=False, path_type=Path)


class Failure(click.ClickException):
    """A one-line error with a chosen exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _console() -> Console:
    return Console(file=click.get_text_stream("stdout"), width=120, highlight=False)


def _read(path: Path, exit_code: int = 1) -> Plan:
    from .reader import read_plan

    try:
        return read_plan(path)
    except CareersXLError as err:
        raise Failure(str(err), exit_code) from err


def _year(text: str | None) -> AcademicYear | None:
    if text is None:
        return None
    try:
        return AcademicYear.parse(text)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="careers-xl")
def cli() -> None:
    """careers-xl: your careers strategic plan, in Excel, kept in order.

    Read a master strategic-plan workbook, check it, give it dropdowns, colours and a
    dashboard, roll it over to next year, and refresh a whole hub's plans at once.
    """


@cli.command()
@click.argument("plan_file", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="A readable summary (default) or the full plan as JSON.")
def read(plan_file: Path, fmt: str) -> None:
    """Read PLAN_FILE and show what careers-xl understood."""
    plan = _read(plan_file)
    if fmt == "json":
        click.echo(json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False))
        return
    console = _console()
    console.print(f"[bold]{plan.school or 'School not named'}[/] — "
                  f"{plan.academic_year or 'year not found'} — {plan_file.name}")
    table = Table(show_lines=False)
    for head in ("Benchmark", "Compass", "Objectives", "Actions", "Red", "Amber", "Green",
                 "Complete", "No RAG"):
        table.add_column(head, justify="left" if head == "Benchmark" else "right")
    from .model import Rag

    numbers = sorted(plan.benchmarks) + ([None] if any(
        o.benchmark is None for o in plan.objectives) else [])
    for number in numbers:
        objectives = [o for o in plan.objectives if o.benchmark == number]
        actions = [a for o in objectives for a in o.actions]
        bench = plan.benchmarks.get(number) if number else None
        counts = [sum(1 for a in actions if a.rag == rag) for rag in Rag]
        table.add_row(f"BM{number} {bench.title}" if bench else "No benchmark",
                      f"{bench.compass_percent}%" if bench and bench.compass_percent is not None
                      else "-", str(len(objectives)), str(len(actions)),
                      *map(str, counts), str(sum(1 for a in actions if a.rag is None)))
    console.print(table)
    if plan.problems:
        console.print(f"{len(plan.problems)} problem(s): run [bold]careers-xl check "
                      f"{plan_file}[/] to list them.")


@cli.command()
@click.argument("plan_file", type=EXISTING_FILE)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge overdue actions as of this date (default: today).")
def check(plan_file: Path, today: Any) -> None:
    """List everything to look at in PLAN_FILE.

    Exit status: 0 nothing found, 1 problems listed, 2 the file could not be read."""
    plan = _read(plan_file, exit_code=2)
    problems = check_plan(plan, today.date() if today else date.today())
    if not problems:
        click.echo(f"{plan_file.name}: no problems found.")
        return
    for problem in problems:
        click.echo(f"{problem.level:7} {problem.cell or plan_file.name}: {problem.message}")
    click.echo(f"{len(problems)} problem(s) in {plan_file.name}.")
    sys.exit(1)


@cli.command()
@click.argument("plan_file", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the refreshed workbook (.xlsx, or .xlsm if it has macros).")
@click.option("--in-place", is_flag=True,
              help="Replace PLAN_FILE itself (a timestamped backup is kept beside it).")
def update(plan_file: Path, output: Path | None, in_place: bool) -> None:
    """Add dropdowns, RAG colours, a Dashboard and a print layout to your own workbook.

    Everything of yours stays exactly where it was. The original is never touched unless
    you ask for --in-place."""
    from .workflows import update_workbook

    if (output is None) == (not in_place):
        raise click.UsageError("Give either -o OUTPUT.xlsx or --in-place.")
    try:
        outcome = update_workbook(plan_file, None if in_place else output)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    if outcome.backup is not None:
        click.echo(f"Updated {plan_file} (backup: {outcome.backup.name}).")
    else:
        click.echo(f"Wrote {outcome.output}.")
    _notes(outcome.notes, outcome.plan)


def _notes(notes: list[str], plan: Plan) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if plan.problems:
        click.echo(f"{len(plan.problems)} problem(s) found while reading: see `careers-xl "
                   "check`.", err=True)


@cli.command()
@click.option("--school", required=True, help="The school or college's name.")
@click.option("--year", "year_text", required=True, help="Academic year, e.g. 2026/27.")
@click.option("--template", "template_name", default="default", show_default=True,
              help="Template name (in workbook_templates/) or a .toml file.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def new(school: str, year_text: str, template_name: str, output: Path) -> None:
    """Start a blank master plan for a school, with every companion template sheet."""
    from .templates import blank_plan, load_template
    from .writer import write_plan

    year = _year(year_text)
    try:
        template = load_template(template_name)
        plan = blank_plan(template, school, year)
        write_plan(plan, output, blank_rows=template.blank_rows, companions=template)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: a blank plan for {school}, {year}.")


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CareersPlan.xlam (an add-in), or PLAN.xlsm with --xlsm.")
@click.option("--xlsm", "plan_file", type=EXISTING_FILE, default=None,
              help="Put the macros and the ribbon inside a copy of this plan (.xlsm).")
def addin(output: Path, plan_file: Path | None) -> None:
    """Build the Excel add-in: a "Careers Plan" ribbon tab for leaders without Python."""
    from .addin import build_addin

    try:
        build_addin(output, xlsm_plan=plan_file)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}. Install it as the README explains (Trust Center, "
               "trusted location, Add-ins).")


@cli.command()
@click.argument("plan_file", type=EXISTING_FILE)
@click.option("--to", "to_year", default=None, help="The new academic year (default: next).")
@click.option("--drop-complete", is_flag=True,
              help="Leave out actions marked Complete (they stay in History).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def rollover(plan_file: Path, to_year: str | None, drop_complete: bool, output: Path) -> None:
    """Close this year's plan and start next year's, keeping every year in History."""
    from .workflows import rollover_workbook

    try:
        outcome = rollover_workbook(plan_file, output, to_year=_year(to_year),
                                    drop_complete=drop_complete)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    new = outcome.plan
    click.echo(f"Wrote {output}: {new.academic_year}, {len(new.actions)} actions "
               f"({outcome.carried} unfinished carried forward), History holds "
               f"{len({h.year for h in new.history})} closed year(s).")
    _notes([n for n in outcome.notes if not n.startswith("kept your own")], Plan())


@cli.command()
@click.argument("old_file", type=EXISTING_FILE)
@click.argument("new_file", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def diff(old_file: Path, new_file: Path, fmt: str) -> None:
    """What changed between two versions of a plan (for the governors' update)."""
    from .diff import diff_plans

    result = diff_plans(_read(old_file), _read(new_file))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    if result.empty:
        click.echo("No changes.")
        return
    for title, items in (("Added", result.added), ("Removed", result.removed)):
        for ref in items:
            click.echo(f"{title:8} BM{ref.benchmark or '?'} P{ref.period} {ref.action}")
    for ref, old, new in result.rag_changes:
        click.echo(f"RAG      BM{ref.benchmark or '?'} P{ref.period} {ref.action}: "
                   f"{old or 'none'} -> {new or 'none'}")
    for ref, evidence in result.new_evidence:
        click.echo(f"Evidence BM{ref.benchmark or '?'} P{ref.period} {ref.action}: "
                   + "; ".join(evidence))
    for ref, old, new in result.end_point_changes:
        click.echo(f"Moved    BM{ref.benchmark or '?'} P{ref.period} {ref.action}: "
                   f"{old or 'none'} -> {new or 'none'}")


@cli.command()
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the refreshed workbooks (same sub-folders and names).")
@click.option("--template", "template_name", default=None,
              help="Rewrite every plan in this template's wording (name or .toml file).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Workbooks refreshed at once (default: the number of cores).")
def refresh(input_dir: Path, output_dir: Path, template_name: str | None,
            jobs: int | None) -> None:
    """Refresh every school's workbook under INPUT_DIR into OUTPUT_DIR.

    Each output is checked cell by cell against its input. A workbook that fails is listed
    with its reason and the others carry on. Exit status 1 if any workbook failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .hub import refresh_folder

    stderr = Console(file=click.get_text_stream("stderr"), width=120, highlight=False)
    with Progress(TextColumn("Refreshing"), BarColumn(), MofNCompleteColumn(),
                  console=stderr, transient=True) as progress:
        task = progress.add_task("refresh", total=None)
        try:
            results = refresh_folder(
                input_dir, output_dir, template=template_name, jobs=jobs,
                on_start=lambda n: progress.update(task, total=n),
                on_done=lambda _: progress.advance(task))
        except CareersXLError as err:
            raise Failure(str(err)) from err
    if not results:
        raise Failure(f"no .xlsx or .xlsm workbooks found in {input_dir}")
    table = Table(show_lines=False)
    for head in ("School", "File", "Objectives", "Actions", "Problems", "Status"):
        table.add_column(head, justify="right" if head in ("Objectives", "Actions", "Problems")
                         else "left", overflow="fold")
    for r in results:
        table.add_row(r.school or "-", str(r.source), str(r.objectives), str(r.actions),
                      str(r.problems), r.status)
    _console().print(table)
    failed = [r for r in results if not r.ok]
    click.echo(f"{len(results) - len(failed)} refreshed and verified, {len(failed)} failed; "
               f"outputs in {output_dir}.")
    if failed:
        sys.exit(1)


@cli.command("hub-summary")
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The summary file (hub.xlsx, hub.csv or hub.json).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default=None,
              help="Output format (default: from the output's extension, else xlsx).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Count overdue actions as of this date (default: today).")
def hub_summary(input_dir: Path, output: Path, fmt: str | None, today: Any) -> None:
    """One summary of every school's plan under INPUT_DIR: RAG, overdue, Compass.

    Workbooks that cannot be read are listed and left out; exit status 1 if there were any."""
    from .hub import collect, find_workbooks
    from .hub_report import write_hub_workbook, write_table
    from .safety import ensure_not_input

    fmt = fmt or (output.suffix.lower().lstrip(".") if output.suffix.lower() in
                  (".csv", ".json") else "xlsx")
    try:
        paths = find_workbooks(input_dir, exclude=[output])
        if not paths:
            raise Failure(f"no .xlsx or .xlsm workbooks found in {input_dir}")
        ensure_not_input(output, paths)
        data = collect(paths, today=today.date() if today else None, base=input_dir)
        for path, reason in data.failures:
            click.echo(f"skipped {path.relative_to(input_dir)}: {reason}", err=True)
        if fmt == "xlsx":
            write_hub_workbook(data, output)
        else:
            write_table(data.schools, output, fmt)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: {len(data.schools)} school(s), "
               f"{len(data.failures)} workbook(s) could not be read.")
    if data.failures:
        sys.exit(1)


def main() -> None:
    """Console entry point: no traceback reaches a careers leader."""
    try:
        cli(prog_name="careers-xl")
    except Exception as err:  # a bug of ours: say so in one line
        click.echo(f"careers-xl: unexpected error ({type(err).__name__}: {err}). "
                   "Please report it with the file that caused it.", err=True)
        sys.exit(3)
