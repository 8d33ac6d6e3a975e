"""The Careers Hub's commands over a folder of schools' plans: refresh, hub-summary,
rollover-folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..errors import CareersXLError
from .common import (
    OUTPUT_FILE,
    TEMPLATE_HELP,
    TODAY,
    Failure,
    at_least_one,
    console,
    year_option,
)


@click.command("rollover-folder")
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
    from ..hub.rollover import SchoolRollover
    from ..hub.rollover import rollover_folder as roll_all

    counts = {"rolled": 0, "skipped": 0, "failed": 0}

    def done(result: SchoolRollover) -> None:
        counts[result.status] += 1
        click.echo(result.line)

    try:
        results = roll_all(in_dir, out_dir, to_year=year_option(to_year),
                           drop_complete=drop_complete, on_done=done)
    except CareersXLError as err:  # nothing was rolled: the folders cannot be used
        raise Failure(str(err), exit_code=2) from err
    click.echo(f"{counts['rolled']} rolled over, {counts['skipped']} skipped (already there), "
               f"{counts['failed']} failed, of {len(results)} workbook(s).")
    if counts["failed"]:
        sys.exit(1)


@click.command()
@click.argument("input_dir", metavar="FOLDER",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True, metavar="OUT-FOLDER",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the refreshed workbooks (same sub-folders and names).")
@click.option("--template", "template_name", default=None, metavar="NAME",
              help="Reword every plan in this template's headings. " + TEMPLATE_HELP)
@click.option("--jobs", type=int, default=None, metavar="N", callback=at_least_one,
              help="How many workbooks to refresh at once (default: one per processor).")
@TODAY
def refresh(input_dir: Path, output_dir: Path, template_name: str | None,
            jobs: int | None, today: date | None) -> None:
    """Refresh every school's workbook in FOLDER (and its sub-folders) into OUT-FOLDER.

    Each output is checked cell by cell against its input. A workbook that fails is listed
    with its reason and the others carry on. Exit status 1 if any workbook failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..hub.refresh import RefreshResult, refresh_folder

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
    console().print(table)
    failed = [r for r in results if not r.ok]
    click.echo(f"{len(results) - len(failed)} refreshed and verified, {len(failed)} failed; "
               f"outputs in {output_dir}.")
    if failed:
        sys.exit(1)


@click.command("hub-summary")
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
    from ..hub.refresh import collect, find_workbooks
    from ..hub.summary import summary_format, write_hub_workbook, write_table
    from ..package.safety import ensure_not_input

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


