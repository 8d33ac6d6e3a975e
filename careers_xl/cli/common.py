"""What every command shares: how dates, files and years are typed, and one-line failures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..errors import CareersXLError
from ..model import AcademicYear, Plan

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


def console() -> Console:
    return Console(file=click.get_text_stream("stdout"), width=120, highlight=False)


def read_or_fail(path: Path, exit_code: int = 1) -> Plan:
    from ..read.plan import read_plan

    try:
        return read_plan(path)
    except CareersXLError as err:
        raise Failure(str(err), exit_code) from err


def year_option(text: str | None) -> AcademicYear | None:
    if text is None:
        return None
    try:
        return AcademicYear.parse(text)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def show_notes(notes: list[str], plan: Plan) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if plan.problems:
        click.echo(f"{len(plan.problems)} problem(s) found while reading: see `careers-xl "
                   "check`.", err=True)


def at_least_one(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give 1 or more workbooks at once.", ctx, param)
    return value


TEMPLATE_HELP = ("Which template: its name (default, gatsby-2018) or a template file your hub "
                 "gave you.")


def copy_or_in_place(copy_help: str) -> Callable[[Any], Any]:
    """The options of a command that changes a plan: ``-o COPY.xlsx`` or ``--in-place``."""
    def decorate(command: Any) -> Any:
        command = click.option("--in-place", is_flag=True, help="Change your plan itself (a "
                               "dated backup copy is kept beside it).")(command)
        return click.option("-o", "--output", type=OUTPUT_FILE, metavar="COPY.xlsx",
                            help=copy_help)(command)
    return decorate


def copy_target(output: Path | None, in_place: bool) -> Path | None:
    """Where ``copy_or_in_place``'s options say to write: the copy, or None for in place."""
    if (output is None) == (not in_place):
        raise click.UsageError("Give either -o OUTPUT.xlsx or --in-place.")
    return None if in_place else output
