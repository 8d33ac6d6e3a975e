"""Refresh a user's workbook in place: careers-xl's additions to each plan sheet, and its
own sheets (Dashboard, Lists, History, Compass History) rebuilt from the plan.

This is the one place ``update``, ``rollover``, ``refresh`` and ``new`` get those from.
"""

from __future__ import annotations

from datetime import date

from ..model import Plan
from ..package.opc import Package
from ..package.sheet import Sheet
from ..package.strings import shared_strings
from ..package.styles import STYLES_CT, Styles
from ..package.workbook import Workbook
from ..package.xml import MAIN, REL
from ..write.layout import read_layout
from .grid import Grid
from .owned import BASE_NAMES, place_owned, write_owned
from .plan_sheet import Dxfs, EditReport, PlanSheetEdit

_EMPTY_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font>'
                 '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
                 '<patternFill patternType="gray125"/></fill></fills><borders count="1">'
                 '<border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
                 'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" '
                 'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>').encode()


def styles_of(package: Package, workbook: Workbook) -> Styles:
    """The workbook's styles part, added when a (machine-made) workbook has none."""
    for rel in package.rels(workbook.part):
        if rel.kind == "styles" and rel.target in package:
            return Styles(package, rel.target)
    part = package.free_name("xl/styles{}.xml")
    package.add_part(part, _EMPTY_STYLES, STYLES_CT)
    package.add_rel(workbook.part, f"{REL}/styles", part)
    return Styles(package, part)


def refresh_package(package: Package, plan: Plan, today: date,
                    report: EditReport | None = None) -> EditReport:
    """Add careers-xl's pieces to ``package``, whose plan ``plan`` was read from it."""
    report = report or EditReport()
    workbook = Workbook(package)
    styles = styles_of(package, workbook)
    strings = shared_strings(package, workbook.part)
    place = place_owned(workbook, plan.owned_sheets, plan)
    dxfs = Dxfs(styles)
    sheets: dict[str, Sheet] = {}
    for plan_sheet in plan.sheets:
        entry = workbook.sheet(plan_sheet.name)
        if entry is None or not plan_sheet.header_row:
            continue
        sheet = Sheet(package, entry.part)
        PlanSheetEdit(sheet, plan_sheet, plan, workbook, styles, dxfs, place.list_names,
                      report).apply()
        sheets[plan_sheet.name] = sheet
    layouts = [read_layout(plan, s) for s in plan.sheets if s.name in sheets]
    write_owned(workbook, styles, plan, place, layouts, Grid(sheets, strings), today)
    users = {s.name.lower(): s.name for s in workbook.sheets if s.name not in place.names.values()}
    for kind, name in place.names.items():
        if (theirs := users.get(BASE_NAMES[kind].lower())) and workbook.sheet(name) is not None:
            report.notes.append(f"your own sheet '{theirs}' is left as it is; careers-xl's "
                                f"{BASE_NAMES[kind]} sheet is called '{name}'.")
    workbook.recalculate_on_load()
    return report
