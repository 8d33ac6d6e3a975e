"""The ``careers-xl`` command: a thin click layer over the library.

Library errors (``CareersXLError``) become one-line messages and a non-zero exit; nothing
here does work the library does not expose.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import CareersXLError
from .model import AcademicYear, Action, Plan
from .rules.checks import check_items, check_plan, plan_to_dict

EXISTING_FILE = click.Path(exists=False, dir_okay=False, path_type=Path)
OUTPUT_FILE = click.Path(dir_okay=False, path_type=Path)


class Day(click.ParamType):
    """A date as a careers leader types it: 15/01/2026 (day first) or 2026-01-15."""

    name = "date"
    FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d")

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        # click 8.2+ passes ctx by keyword; older versions pass nothing more
        return "DD/MM/YYYY"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        self.fail(f"{value!r} is not a date: write it as 15/01/2026 (day first) or 2026-01-15.",
                  param, ctx)


TODAY = click.option("--today", type=Day(), default=None,
                     help="Judge overdue actions as of this date, e.g. 15/01/2026 "
                          "(default: today).")


class Failure(click.ClickException):
    """A one-line error with a chosen exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _console() -> Console:
    return Console(file=click.get_text_stream("stdout"), width=120, highlight=False)


def _read(path: Path, exit_code: int = 1) -> Plan:
    from .read.plan import read_plan

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
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="A readable summary (default) or the full plan as JSON.")
@TODAY
def read(plan_file: Path, fmt: str, today: date | None) -> None:
    """Read your plan (PLAN, an .xlsx or .xlsm workbook) and show what careers-xl understood."""
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
    problems = check_plan(plan, today or date.today())
    if problems:
        console.print(f"{len(problems)} problem(s): run [bold]careers-xl check "
                      f"{plan_file}[/] to list them.")


@cli.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@TODAY
def check(plan_file: Path, today: date | None) -> None:
    """List everything to look at in your plan: actions with no lead, overdue actions,
    Green actions with no evidence, dates that look like typos.

    Each line names the cell, the action and its lead. Exit status: 0 nothing found,
    1 problems listed, 2 the file could not be read."""
    plan = _read(plan_file, exit_code=2)
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


@cli.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("-o", "--output", type=OUTPUT_FILE, metavar="COPY.xlsx",
              help="Where to write the refreshed copy (.xlsx, or .xlsm if it has macros).")
@click.option("--in-place", is_flag=True,
              help="Change your plan itself (a dated backup copy is kept beside it).")
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


def _at_least_one(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give 1 or more workbooks at once.", ctx, param)
    return value


TEMPLATE_HELP = ("Which template: its name (default, gatsby-2018) or a template file your hub "
                 "gave you.")


@cli.command()
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
    from .templates import blank_plan, load_template
    from .write.new import write_plan

    year = _year(year_text)
    try:
        template = load_template(template_name)
        plan = blank_plan(template, school, year)
        write_plan(plan, output, blank_rows=template.blank_rows, companions=template)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: a blank plan for {school}, {year}.")


@cli.command()
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="FILE",
              help="CareersPlan.xlam (an add-in), or PLAN.xlsm with --xlsm.")
@click.option("--xlsm", "plan_file", type=EXISTING_FILE, default=None, metavar="PLAN",
              help="Put the macros and the ribbon inside a copy of this plan (.xlsm).")
def addin(output: Path, plan_file: Path | None) -> None:
    """Build the Excel add-in: a "Careers Plan" ribbon tab for leaders without Python."""
    from .addin.build import build_addin

    try:
        build_addin(output, xlsm_plan=plan_file)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}. Install it as the README explains (Trust Center, "
               "trusted location, Add-ins).")


@cli.command()
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
    from .workflows import rollover_workbook

    try:
        outcome = rollover_workbook(plan_file, output, to_year=_year(to_year),
                                    drop_complete=drop_complete, move_years=move_years)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    new = outcome.plan
    click.echo(f"Wrote {output}: {new.academic_year}, {len(new.actions)} actions "
               f"({outcome.carried} unfinished carried forward), History holds "
               f"{len({h.year for h in new.history})} closed year(s).")
    _notes([n for n in outcome.notes if not n.startswith("kept your own")], Plan())


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


@cli.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@_compass_options
@click.option("-o", "--output", type=OUTPUT_FILE, metavar="COPY.xlsx",
              help="Where to write the plan with its new results.")
@click.option("--in-place", is_flag=True,
              help="Change your plan itself (a dated backup copy is kept beside it).")
def compass(plan_file: Path, output: Path | None, in_place: bool, **results: int | None) -> None:
    """Enter this year's Compass results, e.g. --bm1 85 --bm3 62.

    Each result goes in the line above that benchmark's table that states it (after a
    rollover it says "not yet evaluated"). Compass History keeps each year's results when
    you roll over."""
    from .workflows import record_compass

    scores = {int(k.removeprefix("bm")): v for k, v in results.items() if v is not None}
    if not scores:
        raise click.UsageError("Give at least one result, such as --bm1 85.")
    if (output is None) == (not in_place):
        raise click.UsageError("Give either -o OUTPUT.xlsx or --in-place.")
    try:
        outcome = record_compass(plan_file, None if in_place else output, scores)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    shown = ", ".join(f"BM{n} {p}%" for n, p in sorted(scores.items()))
    where = f"{plan_file} (backup: {outcome.backup.name})" if outcome.backup else outcome.output
    click.echo(f"Recorded Compass {shown} in {where}.")


@cli.command("rollover-folder")
@click.argument("in_dir", metavar="FOLDER",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", metavar="NEXT-YEAR-FOLDER",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--to", "to_year", default=None, metavar="YEAR",
              help="The new academic year, e.g. 2026/27 (default: each plan's next year).")
@click.option("--drop-complete", is_flag=True,
              help="Leave out actions marked Complete (they stay in History).")
def rollover_folder(in_dir: Path, out_dir: Path, to_year: str | None,
                    drop_complete: bool) -> None:
    """The hub's summer job: roll every school's plan in FOLDER over into NEXT-YEAR-FOLDER.

    Sub-folders are kept and the year in each file name moves on. Nothing is overwritten:
    a plan already rolled is skipped, so the job can be run again after fixing the schools
    that failed. Exit status 1 if any school failed."""
    from .hub.rollover import SchoolRollover
    from .hub.rollover import rollover_folder as roll_all

    counts = {"rolled": 0, "skipped": 0, "failed": 0}

    def done(result: SchoolRollover) -> None:
        counts[result.status] += 1
        click.echo(result.line)

    try:
        results = roll_all(in_dir, out_dir, to_year=_year(to_year),
                           drop_complete=drop_complete, on_done=done)
    except CareersXLError as err:  # nothing was rolled: the folders cannot be used
        raise Failure(str(err), exit_code=2) from err
    click.echo(f"{counts['rolled']} rolled over, {counts['skipped']} skipped (already there), "
               f"{counts['failed']} failed, of {len(results)} workbook(s).")
    if counts["failed"]:
        sys.exit(1)


@cli.command()
@click.argument("old_file", metavar="EARLIER", type=EXISTING_FILE)
@click.argument("new_file", metavar="LATER", type=EXISTING_FILE)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Sentences to paste into a governors' update (default), or JSON.")
def diff(old_file: Path, new_file: Path, fmt: str) -> None:
    """What changed between two versions of your plan (EARLIER and LATER): actions added or
    removed, RAG, progress, leads, end points, evidence and Compass results."""
    from .report.diff import describe, diff_plans

    result = diff_plans(_read(old_file), _read(new_file))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in describe(result):
        click.echo(line)


@cli.command()
@click.argument("plan_file", metavar="PLAN", type=EXISTING_FILE)
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="REPORT.pdf",
              help="Where to write the one-page PDF.")
@TODAY
def report(plan_file: Path, output: Path, today: date | None) -> None:
    """A one-page PDF for governors: Compass results beside last year's, RAG by benchmark,
    overdue and Red actions with their leads, and the trend over the years History holds."""
    from .package.safety import ensure_not_input
    from .report import write_report

    plan = _read(plan_file)
    try:
        ensure_not_input(output, [plan_file])
        write_report(plan, output, today)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: a one-page report on {plan.school or plan_file.name}, "
               f"{plan.academic_year or 'year not found'}.")


@cli.command()
@click.argument("input_dir", metavar="FOLDER",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True, metavar="OUT-FOLDER",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the refreshed workbooks (same sub-folders and names).")
@click.option("--template", "template_name", default=None, metavar="NAME",
              help="Reword every plan in this template's headings. " + TEMPLATE_HELP)
@click.option("--jobs", type=int, default=None, metavar="N", callback=_at_least_one,
              help="How many workbooks to refresh at once (default: one per processor).")
@TODAY
def refresh(input_dir: Path, output_dir: Path, template_name: str | None,
            jobs: int | None, today: date | None) -> None:
    """Refresh every school's workbook in FOLDER (and its sub-folders) into OUT-FOLDER.

    Each output is checked cell by cell against its input. A workbook that fails is listed
    with its reason and the others carry on. Exit status 1 if any workbook failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .hub.refresh import RefreshResult, refresh_folder

    def line(result: RefreshResult) -> None:  # one line a school, as each one finishes
        about = f" ({result.school})" if result.school else ""
        click.echo(f"{'ok' if result.ok else 'failed':6} {result.source}{about}"
                   + (f": {result.error}" if result.error else
                      f": {result.actions} actions, {result.problems} problem(s)"))

    stderr = Console(file=click.get_text_stream("stderr"), width=120, highlight=False)
    terminal = click.get_text_stream("stdout").isatty()
    with Progress(TextColumn("Refreshing"), BarColumn(), MofNCompleteColumn(),
                  console=stderr, transient=True, disable=not terminal) as progress:
        task = progress.add_task("refresh", total=None)

        def done(result: RefreshResult) -> None:
            progress.advance(task)
            if not terminal:
                line(result)

        try:
            results = refresh_folder(
                input_dir, output_dir, template=template_name, jobs=jobs, today=today,
                on_start=lambda n: progress.update(task, total=n), on_done=done)
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
@click.argument("input_dir", metavar="FOLDER",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=OUTPUT_FILE, metavar="SUMMARY",
              help="The summary file: hub.xlsx (a workbook with charts), hub.csv or hub.json.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default=None,
              help="Only needed when the file name does not say (it must agree with it).")
@TODAY
def hub_summary(input_dir: Path, output: Path, fmt: str | None, today: date | None) -> None:
    """One summary of every school's plan in FOLDER: RAG, overdue actions, Compass.

    Workbooks that cannot be read are listed with their reason; exit status 1 if there
    were any."""
    from .hub.refresh import collect, find_workbooks
    from .hub.summary import summary_format, write_hub_workbook, write_table
    from .package.safety import ensure_not_input

    try:
        fmt = summary_format(output, fmt)
        paths = find_workbooks(input_dir, exclude=[output])
        if not paths:
            raise Failure(f"no .xlsx or .xlsm workbooks found in {input_dir}")
        ensure_not_input(output, paths)
        data = collect(paths, today=today, base=input_dir)
        for path, reason in data.failures:
            click.echo(f"could not read {path.relative_to(input_dir)}: {reason}", err=True)
        if fmt == "xlsx":
            write_hub_workbook(data, output)
        else:
            write_table(data.table(), output, fmt)
    except CareersXLError as err:
        raise Failure(str(err)) from err
    click.echo(f"Wrote {output}: {len(data.schools)} school(s), "
               f"{len(data.failures)} workbook(s) could not be read.")
    for note in data.notes():
        click.echo(f"note: {note}", err=True)
    if data.failures:
        sys.exit(1)


def main() -> None:
    """Console entry point: no traceback reaches a careers leader."""
    try:
        cli(prog_name="careers-xl")
    except (MemoryError, RecursionError) as err:  # a workbook too big or deep to read safely
        files = _files_named(sys.argv[1:]) or "the workbook"
        what = "memory" if isinstance(err, MemoryError) else "nesting depth"
        click.echo(f"Error: {files}: too large for careers-xl to read safely (ran out of "
                   f"{what}). Nothing was written. Open it in Excel, delete unused rows, "
                   "columns and sheets, save it, and try again.", err=True)
        sys.exit(2)
    except Exception as err:  # a bug of ours: say so in one line
        files = _files_named(sys.argv[1:])
        click.echo(f"careers-xl: unexpected error{f' with {files}' if files else ''} "
                   f"({type(err).__name__}: {' '.join(str(err).split())}). Nothing was "
                   "written. Please report it with the file that caused it.", err=True)
        sys.exit(3)


def _files_named(args: list[str]) -> str:
    """The workbooks named on the command line, for a message about a failure."""
    return ", ".join(Path(a).name for a in args if Path(a).is_file())
