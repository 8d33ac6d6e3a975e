"""The ``careers-xl`` command: a thin click layer over the library.

Library errors (``CareersXLError``) become one-line messages and a non-zero exit; nothing
here does work the library does not expose. Commands live by who uses them: ``plan``
(looking at a plan), ``edit`` (writing one), ``hub`` (a folder of schools).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from . import edit, hub, plan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="careers-xl")
def cli() -> None:
    """careers-xl: your careers strategic plan, in Excel, kept in order.

    Read a master strategic-plan workbook, check it, give it dropdowns, colours and a
    dashboard, roll it over to next year, and refresh a whole hub's plans at once.
    """



for command in (plan.read, plan.check, plan.diff, plan.report, edit.update, edit.new,
                edit.addin, edit.rollover, edit.compass, hub.refresh, hub.hub_summary,
                hub.rollover_folder):
    cli.add_command(command)


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
