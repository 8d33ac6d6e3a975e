"""The Cover sheet: school, academic year, careers leader, governor, vision and priorities.

A cover is a column of labels with the value beside each. Labels careers-xl does not know
are kept, in order, so the writer can give them back.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import AcademicYear, CellValue, Plan, cell_ref
from ..package.sheet import coordinate
from .cells import SheetCells
from .headers import normalise

COVER_NAMES = {"cover", "coversheet", "front", "frontpage", "frontsheet", "overview", "contents"}

_LABELS: dict[str, str] = {
    "school": "school", "schoolname": "school", "institution": "school", "college": "school",
    "schoolcollege": "school", "nameofschool": "school", "academy": "school",
    "academicyear": "year", "year": "year", "planyear": "year",
    "careersleader": "leader", "careerslead": "leader", "careersleadername": "leader",
    "linkgovernor": "governor", "careersgovernor": "governor", "governor": "governor",
    "institutionvisionstatement": "institution_vision", "institutionvision": "institution_vision",
    "schoolvision": "institution_vision", "schoolvisionstatement": "institution_vision",
    "visionstatement": "institution_vision",
    "careersvisionstatement": "careers_vision", "careersvision": "careers_vision",
}
_PRIORITY = re.compile(r"^(?:key)?(?:strategic)?priority(\d)$")
_INITIALS = re.compile(r"(.+?)\s*\(\s*([A-Z]{2,5})\s*\)")


def cover_label(text: object) -> str | None:
    """The cover field a label names ("Academic year" -> "year"), or "priority" for Priority N."""
    key = normalise(text)
    if _PRIORITY.match(key):
        return "priority"
    return _LABELS.get(key)


def looks_like_cover(sheet: SheetCells) -> bool:
    """A sheet named like a cover, or with at least two cover labels down its first column."""
    if normalise(sheet.name) in COVER_NAMES:
        return True
    hits = sum(1 for _, row in sheet.iter_shown(1, 30, width=1)
               if cover_label(row[0]) is not None)
    return hits >= 2


def read_cover(sheet: SheetCells, plan: Plan) -> None:
    """Fill the plan's cover fields from a label/value sheet."""
    for row, shown in sheet.iter_shown():
        cells = [(col, v) for col, v in enumerate(shown, start=1)
                 if v is not None and str(v).strip() != ""]
        if not cells:
            continue
        label = cells[0][1]
        values = [v for _, v in cells[1:]]
        field = cover_label(label)
        if not values:
            if plan.cover_title is None and field is None:
                plan.cover_title = str(label)
            else:
                plan.cover_extra.append((str(label), ""))
            continue
        first = values[0]
        single = len(values) == 1 and isinstance(first, str | int | float | date)
        value: CellValue = (first if single and isinstance(first, str | int | float | date)
                            else "\n".join(str(v) for v in values))
        text = str(value).strip()
        if field == "school":
            plan.school = text
        elif field == "year":
            year = AcademicYear.find(text)
            if year is None:
                plan.warn(cell_ref(sheet.name, coordinate(row, cells[1][0])),
                          f"'{text}' is not an academic year such as 2025/26.")
                plan.cover_extra.append((str(label), value))
            else:
                plan.academic_year = year
        elif field == "leader":
            plan.careers_leader = text
        elif field == "governor":
            plan.link_governor = text
        elif field == "institution_vision":
            plan.institution_vision = text
        elif field == "careers_vision":
            plan.careers_vision = text
        elif field == "priority":
            plan.priorities.append(text)
        else:
            plan.cover_extra.append((str(label), value))
    for person in (plan.careers_leader, plan.link_governor):
        match = _INITIALS.fullmatch(person or "")
        if match:
            plan.staff[match.group(2)] = match.group(1).strip()
