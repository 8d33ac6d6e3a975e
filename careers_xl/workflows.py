"""The jobs people run, each in one place: update a plan, roll it over, refresh it for a hub.

Each job reads the plan, edits the user's own package in place, checks the result against
the input part by part and cell by cell, and only then writes it, atomically. The CLI, the
hub refresh and the summer script all call these; none of them repeats the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .dates.terms import english_calendar
from .edit.plan_sheet import EditReport
from .edit.refresh import refresh_package
from .edit.rewrite import reword, roll_cells, write_compass
from .errors import CareersXLError, OutputError
from .model import AcademicYear, Plan
from .package.opc import Package
from .package.safety import backup_copy, ensure_not_input
from .package.verify import lost_content
from .package.workbook import Workbook
from .package.xml import STRICT_MAIN
from .read.plan import read_plan
from .rules.rollover import retitle, rollover
from .rules.words import UNFINISHED

if TYPE_CHECKING:
    from .templates import Template

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class CompassError(CareersXLError):
    """Compass results that cannot be written into the plan."""


class VerificationError(CareersXLError):
    """The edited workbook differs from its input in a way nobody asked for: not written."""


class StrictWorkbook(CareersXLError):
    """A Strict Open XML workbook: read, but not edited (its parts use other namespaces)."""


@dataclass
class Outcome:
    """What one job wrote, and what it changed on purpose or left alone."""

    output: Path
    plan: Plan  # the plan as written (next year's, after a rollover)
    report: EditReport
    backup: Path | None = None
    carried: int = 0  # Red/Amber actions carried forward by a rollover
    notes: list[str] = field(default_factory=list)


def check_output_name(source: Path, output: Path, package: Package) -> None:
    """Refuse an output whose name would make Excel refuse it or drop the macros."""
    suffix = output.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise OutputError(f"{output.name}: the output must be an Excel workbook ending in "
                          ".xlsx (or .xlsm for a workbook with macros)")
    macros = "xl/vbaProject.bin" in package
    # Excel opens a file only when its name matches how its workbook part is typed.
    macro_enabled = "macroenabled" in (package.content_type(package.main_part()) or "").lower()
    if macros and suffix != ".xlsm":
        raise OutputError(f"{source.name} has macros: name the output {output.stem}.xlsm so "
                          "they are kept")
    if macro_enabled and suffix != ".xlsm":
        raise OutputError(f"{source.name} is saved as a macro-enabled workbook: name the "
                          f"output {output.stem}.xlsm (or save it from Excel as .xlsx first)")
    if not macro_enabled and not macros and suffix == ".xlsm":
        raise OutputError(f"{source.name} has no macros: name the output {output.stem}.xlsx")


def _write(source: Path, package: Package, output: Path, plan: Plan,
           report: EditReport, in_place: bool) -> Outcome:
    """Check the edited package against the input, then write it (with a backup in place)."""
    data = package.to_bytes()
    losses = lost_content(package.pristine(), Package.from_bytes(data, output),
                          owned=plan.owned_sheets, changed=report.changed,
                          touched=package.touched())
    if losses:
        more = f" (and {len(losses) - 1} more)" if len(losses) > 1 else ""
        raise VerificationError(f"{source.name}: careers-xl stopped before writing, because "
                                f"the result would differ from your workbook: {losses[0]}"
                                f"{more}. Please report this with the file.")
    backup = backup_copy(source) if in_place else None
    target = source if in_place else output
    from .package.safety import atomic_output

    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    notes = _summarise(report.notes)
    if package.default_encrypted:
        notes.append(f"{source.name} was encrypted with Excel's built-in password (Excel does "
                     "this to a workbook whose structure is protected, and opens it without "
                     f"asking), so careers-xl saved {target.name} as a normal, unencrypted "
                     "workbook; its protection is kept as it was.")
    return Outcome(target, plan, report, backup, notes=notes)


def _prepare(source: Path, output: Path | None) -> tuple[Package, Path]:
    package = Package.open(source)
    return package, _target(source, output, package)


def _target(source: Path, output: Path | None, package: Package) -> Path:
    target = output or source
    check_output_name(source, target, package)
    if output is not None:
        ensure_not_input(output, [source])
    return target


def _read_to_edit(source: Path, package: Package) -> Plan:
    """The plan in ``package``, which careers-xl is about to edit."""
    plan = read_plan(package)
    if Workbook(package).ns == STRICT_MAIN:
        raise StrictWorkbook(f"{source.name} is saved as a Strict Open XML Spreadsheet, which "
                             "careers-xl can read but not edit; open it in Excel and use File > "
                             "Save As > Excel Workbook (*.xlsx), then try again")
    return plan


def update_workbook(source: str | Path, output: str | Path | None = None, *,
                    today: date | None = None, template: Template | None = None) -> Outcome:
    """Give the plan at ``source`` careers-xl's dropdowns, colours, Dashboard and print
    layout; write to ``output``, or replace ``source`` (keeping a backup) when it is None.

    ``template`` (a loaded Template) rewrites headings in its wording and adds its missing
    companion sheets."""
    source = Path(source)
    package, target = _prepare(source, Path(output) if output is not None else None)
    plan = _read_to_edit(source, package)
    report = EditReport()
    if template is not None:
        from .edit.companions import add_companions
        from .templates import apply_template

        templated = apply_template(plan, template)
        reword(package, plan, templated, report)
        add_companions(package, template, templated, report)
        plan = templated
    refresh_package(package, plan, today or date.today(), report)
    return _write(source, package, target, plan, report, in_place=output is None)


def rollover_workbook(source: str | Path, output: str | Path | Callable[[Plan, Plan], Path], *,
                      to_year: AcademicYear | None = None, drop_complete: bool = False,
                      move_years: bool = False, today: date | None = None) -> Outcome:
    """Close the plan's year and start the next in a copy: every cell stays where it is,
    this year's RAG, progress and evidence move to History, dates move a year.

    ``output`` may name the copy from this year's plan and next year's (the hub's summer
    job puts the new year in the file name), so the workbook is read only once."""
    source = Path(source)
    package = Package.open(source)
    plan = _read_to_edit(source, package)
    new = rollover(plan, to_year, drop_complete=drop_complete, move_years=move_years)
    target = _target(source, Path(output(plan, new) if callable(output) else output), package)
    report = EditReport()
    roll_cells(package, plan, new, drop_complete, report)
    refresh_package(package, new, today or date.today(), report)
    outcome = _write(source, package, target, new, report, in_place=False)
    outcome.notes += _years_in_text(plan, new, move_years)
    if plan.terms and plan.academic_year and new.academic_year and \
            set(plan.terms) != set(english_calendar(plan.academic_year).table()):
        outcome.notes.append(f"moved your half-term dates on Lists on to {new.academic_year}, "
                             "keeping how far each was from the usual date: check them "
                             "against your school's calendar.")
    outcome.carried = sum(1 for a in plan.actions if a.rag in UNFINISHED and
                          not (drop_complete and a.rag is None))
    return outcome


def record_compass(source: str | Path, output: str | Path | None, results: dict[int, int], *,
                   today: date | None = None) -> Outcome:
    """Write new Compass results (benchmark -> percent met) into the lines above each
    benchmark's table, where the plan states them; write to ``output``, or replace
    ``source`` (keeping a backup) when it is None. The Dashboard follows."""
    source = Path(source)
    package, target = _prepare(source, Path(output) if output is not None else None)
    plan = _read_to_edit(source, package)
    bad = [f"BM{n} {p}%" for n, p in results.items() if not 1 <= n <= 8 or not 0 <= p <= 100]
    if bad:
        raise CompassError(f"{source.name}: a Compass result is a benchmark 1-8 and a "
                           f"percentage 0-100, not {', '.join(bad)}")
    report = EditReport()
    written = write_compass(package, plan, results, report)
    missing = sorted(set(results) - written)
    if missing:
        raise CompassError(f"{source.name}: no line states the Compass result of "
                           f"{', '.join(f'BM{n}' for n in missing)}. Add one above the "
                           "table on that benchmark's sheet, such as \"Compass: your "
                           "institution has met 50% of the assessment areas\", then try "
                           "again.")
    for number, percent in results.items():
        plan.benchmarks[number].compass_percent = percent
    refresh_package(package, plan, today or date.today(), report)
    return _write(source, package, target, plan, report, in_place=output is None)


def _years_in_text(plan: Plan, new: Plan, moved: bool) -> list[str]:
    """Each action whose text named the closed year: what it now says, or how to move it."""
    year, rolled = plan.academic_year, {a.cell: a for a in new.actions}
    if year is None or new.academic_year is None:
        return []
    naming = [a for a in plan.actions if retitle(a.text, year, new.academic_year) != a.text]
    if not naming:
        return []
    if not moved:
        return [f"{len(naming)} action(s) name {year} in their text (e.g. {naming[0].cell}): "
                f"roll over with --move-years to move them to {new.academic_year}."]
    return [f"{a.cell}: \"{a.text}\" now says \"{rolled[a.cell].text}\"" for a in naming
            if a.cell in rolled and rolled[a.cell].text != a.text]


def _summarise(notes: list[str]) -> list[str]:
    """One line per kind of note, however many sheets it applies to."""
    kept: dict[str, list[str]] = {}
    out: list[str] = []
    for note in notes:
        if note.startswith("kept your own ") and " on " in note:
            what, _, where = note.removeprefix("kept your own ").partition(" on ")
            kept.setdefault(what, []).append(where.split("!")[0].split(":")[0]
                                             .rstrip(".").strip("'"))
        else:
            out.append(note)
    for what, sheets in kept.items():
        unique = list(dict.fromkeys(sheets))
        shown = ", ".join(unique[:3]) + (f" and {len(unique) - 3} more" if len(unique) > 3
                                         else "")
        out.insert(0, f"kept your own {what} on {len(unique)} sheet(s) ({shown}); "
                      "careers-xl added none there.")
    return out
