"""A template's companion sheets (Strategic Plan, checklists, SWOT...) added to a workbook
that lacks them; a sheet of the school's with the same name is never replaced."""

from __future__ import annotations

import io

import xlsxwriter

from ..model import Plan
from ..package.opc import Package
from ..package.transplant import Transplant
from ..package.workbook import Workbook
from ..templates import Template, add_companion_sheets
from .plan_sheet import EditReport
from .refresh import styles_of


def add_companions(package: Package, template: Template, plan: Plan,
                   report: EditReport) -> list[str]:
    """Add each of ``template``'s companion sheets the workbook does not have yet."""
    workbook = Workbook(package)
    buffer = io.BytesIO()
    scratch = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    written = add_companion_sheets(scratch, template, plan, {s.name for s in workbook.sheets})
    if not written:
        return []
    scratch.close()
    scratch_package = Package.from_bytes(buffer.getvalue())
    mover = Transplant(workbook, styles_of(package, workbook), scratch_package)
    for name in written:
        mover.move(name, None)
    report.notes.append(f"added the template's {', '.join(written)} sheet(s).")
    return written
