"""Workbook templates: the blank master plan and its companion sheets, described as data.

A template is a TOML file in ``careers_xl/workbook_templates/`` (or in the folder named by the
``CAREERS_XL_TEMPLATES`` environment variable), so hub staff can change sheet names,
benchmark wording, column headings and the companion sheets (Strategic Plan, Programme by
Year, checklists, SWOT, Learning Outcomes) without touching Python. This module loads and
checks a template, builds a blank ``Plan`` from it, re-words an existing plan for a hub
refresh, and adds the companion sheets (drawn by ``template_sheets``) to an open
xlsxwriter workbook.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import CareersXLError
from .model import PERIOD_FIELDS, AcademicYear, Benchmark, Plan, PlanSheet
from .write.template_sheets import (
    Block,
    Cell,
    CompanionSheet,
    Field,
    Group,
    Heading,
    Note,
    Table,
    fill_placeholders,
    render_companion_sheet,
)

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

TEMPLATES_ENV = "CAREERS_XL_TEMPLATES"
BUNDLED_FOLDER = Path(__file__).parent / "workbook_templates"  # in the package, so wheels ship it

COLUMN_KEYS = ("objective", *PERIOD_FIELDS)
COVER_KEYS = (
    "school",
    "academic_year",
    "careers_leader",
    "link_governor",
    "institution_vision",
    "careers_vision",
    *(f"priority_{n}" for n in range(1, 6)),
)
# Excel refuses these characters in sheet names, and names longer than 31 characters.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# A preamble line that names a benchmark: "Gatsby Benchmark 3: ...", "BM3 - ...", "GB3: ...".
_TITLE_LINE = re.compile(r"^\s*(?:gatsby\s+)?(?:benchmark|bm|gb)\s*(\d)\s*[:\-–]", re.IGNORECASE)
_DROPDOWN_LIMIT = 255  # Excel's limit on a typed-in list, separators included


class TemplateError(CareersXLError):
    """A template is missing, is not valid TOML, or has a wrong or unknown key."""


@dataclass
class Template:
    """A whole template: the plan's shape and wording, the Cover labels, the companions."""

    name: str
    sheet_names: dict[int, str]
    benchmark_titles: dict[int, str]
    period_labels: dict[int, str]
    column_labels: dict[str, str]
    blank_rows: int
    title_pattern: str
    compass_pattern: str
    cover_labels: dict[str, str]
    companions: list[CompanionSheet]
    learning_outcomes: list[str]
    compass_unknown_pattern: str = (
        "Compass: enter your latest Compass result for Gatsby Benchmark {number}."
    )
    description: str = ""
    path: Path | None = None

    def title_line(self, number: int) -> str:
        """The title line above a benchmark's table, e.g. "Gatsby Benchmark 1: A stable ..."."""
        return fill_placeholders(
            self.title_pattern, number=number, title=self.benchmark_titles[number]
        )

    def compass_line(self, number: int, percent: int | None = None) -> str:
        """The Compass line; the "enter your result" wording when the percentage is unknown."""
        if percent is None:
            return fill_placeholders(self.compass_unknown_pattern, number=number)
        return fill_placeholders(self.compass_pattern, number=number, percent=percent)


# ----------------------------------------------------------------------------- finding


def template_folders() -> list[Path]:
    """Where templates are looked for: $CAREERS_XL_TEMPLATES first, then the shipped folder."""
    folders = [Path(p) for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p]
    return [*folders, BUNDLED_FOLDER]


def available_templates() -> list[str]:
    """Names (file names without .toml) of every template that can be loaded by name."""
    names: set[str] = set()
    for folder in template_folders():
        if folder.is_dir():
            names.update(p.stem for p in folder.glob("*.toml"))
    return sorted(names)


def _locate(name_or_path: str | Path) -> Path:
    """The file a template name or path refers to, or a TemplateError listing the choices."""
    candidate = Path(name_or_path)
    if candidate.suffix.lower() == ".toml" or candidate.parent != Path("."):
        if candidate.is_file():
            return candidate
        raise TemplateError(f"template file {str(name_or_path)!r} not found")
    for folder in template_folders():
        path = folder / f"{name_or_path}.toml"
        if path.is_file():
            return path
    choices = ", ".join(available_templates()) or "none"
    raise TemplateError(f"no template called {str(name_or_path)!r} (available: {choices})")


def _read_toml(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The file's TOML, merged over the template it ``extends`` (if any)."""
    if path.resolve() in seen:
        raise TemplateError(f"{path.name}: 'extends' goes round in a circle")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path.name}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path.name}: cannot be read: {exc}") from exc
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise TemplateError(f"{path.name}: 'extends' must be a template name in quotes")
    parent_path = path.parent / f"{parent}.toml"
    if not parent_path.is_file():
        parent_path = _locate(parent)
    return _merge(_read_toml(parent_path, (*seen, path.resolve())), data)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``: sections merge key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# ----------------------------------------------------------------------------- checking


_KIND_NAMES: dict[type, str] = {
    str: "text in quotes",
    int: "a whole number",
    float: "a number",
    list: "a list in [brackets]",
    dict: "a section",
}


class _Section:
    """One TOML table being read, remembering where it is so errors can name the key."""

    def __init__(self, data: Any, where: str, source: str) -> None:
        self.source = source
        self.where = where
        if not isinstance(data, dict):
            self.fail(where, "should be a section of keys")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> NoReturn:
        raise TemplateError(f"{self.source}: {key}: {message}")

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, default: Any = ..., kind: type | tuple[type, ...] = str) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                near = difflib.get_close_matches(key, [str(k) for k in self.data], 1)
                typo = f" (is {near[0]!r} a typo for it?)" if near else ""
                self.fail(self.path(key), "is missing" + typo)
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            kinds = kind if isinstance(kind, tuple) else (kind,)
            names = " or ".join(_KIND_NAMES.get(t, t.__name__) for t in kinds)
            self.fail(self.path(key), f"should be {names}, not {value!r}")
        return value

    def texts(self, key: str, default: Any = ...) -> list[str]:
        values = self.get(key, default, list)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                self.fail(f"{self.path(key)}[{i + 1}]", f"should be text in quotes, not {value!r}")
        return list(values)

    def section(self, key: str) -> _Section:
        return _Section(self.get(key, kind=dict), self.path(key), self.source)

    def sections(self, key: str, default: Any = ...) -> list[_Section]:
        items = self.get(key, default, list)
        return [
            _Section(item, f"{self.path(key)}[{i + 1}]", self.source)
            for i, item in enumerate(items)
        ]

    def done(self) -> None:
        """Complain about keys nobody asked for: usually a typo a hub officer wants to know of."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used))
            self.fail(self.path(unknown[0]), f"unknown key (expected one of: {known})")


def _check_placeholders(section: _Section, key: str, allowed: set[str]) -> str:
    text: str = section.get(key)
    for name in re.findall(r"\{([^{}]*)\}", text):
        if name not in allowed:
            choices = ", ".join("{" + a + "}" for a in sorted(allowed))
            section.fail(section.path(key), f"unknown placeholder {{{name}}} (use {choices})")
    return text


def _numbered(section: _Section, numbers: range, kind: type) -> dict[int, Any]:
    """Read a section keyed 1..N (benchmarks, period labels), insisting on every number."""
    found = {number: section.get(str(number), kind=kind) for number in numbers}
    section.done()
    return found


def _sheet_name(section: _Section, key: str, name: str) -> str:
    if not name.strip() or len(name) > 31 or _BAD_SHEET_CHARS.search(name):
        section.fail(
            section.path(key),
            f"{name!r} cannot be a sheet name (1-31 characters, none of [ ] : * ? / \\)",
        )
    return name


def _labels(section: _Section, keys: tuple[str, ...]) -> dict[str, str]:
    labels = {key: section.get(key) for key in keys}
    section.done()
    return labels


def _field(section: _Section) -> Field:
    return Field(
        label=section.get("label"),
        hint=section.get("hint", ""),
        answer=section.get("answer", ""),
        lines=section.get("lines", 2, int),
    )


def _rows(section: _Section, key: str, width: int) -> list[list[Cell]]:
    rows = section.get(key, [], list)
    for i, row in enumerate(rows):
        where = f"{section.path(key)}[{i + 1}]"
        if not isinstance(row, list) or not all(
            isinstance(c, str | int | float) and not isinstance(c, bool) for c in row
        ):
            section.fail(where, 'should be a list of texts or numbers, e.g. ["Year 7", "..."]')
        if len(row) > width:
            section.fail(where, f"has {len(row)} cells but the table has {width} headers")
    return [list(row) for row in rows]


def _table(section: _Section) -> list[Table]:
    headers = section.texts("headers")
    prompts = section.texts("prompts", [])
    if prompts and len(prompts) != len(headers):
        section.fail(section.path("prompts"), f"needs one prompt per header ({len(headers)})")
    groups = [Group("", _rows(section, "rows", len(headers)))]
    for group in section.sections("groups", []):
        groups.append(Group(group.get("label"), _rows(group, "rows", len(headers))))
        group.done()
    dropdowns: dict[str, list[str]] = {}
    choices = section.get("dropdowns", {}, dict)
    for header, values in choices.items():
        where = f"{section.path('dropdowns')}.{header}"
        if header not in headers:
            section.fail(where, f"names no column of this table ({', '.join(headers)})")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            section.fail(where, "should be a list of texts in quotes")
        if len(",".join(values)) > _DROPDOWN_LIMIT:
            section.fail(where, f"is longer than Excel's {_DROPDOWN_LIMIT}-character list limit")
        dropdowns[header] = values
    lo_column = section.get("learning_outcomes_column", None)
    if lo_column is not None and lo_column not in headers:
        section.fail(section.path("learning_outcomes_column"), f"{lo_column!r} is not a header")
    lead_in = _field(section) if "label" in section.data else None
    repeat = section.get("repeat", 1, int)
    table = Table(
        headers=headers,
        prompts=prompts,
        groups=[g for g in groups if g.rows or g.label],
        blank_rows=section.get("blank_rows", 0, int),
        row_height=section.get("row_height", 15, (int, float)),
        dropdowns=dropdowns,
        lead_in=lead_in,
        learning_outcomes_column=lo_column,
    )
    section.done()
    if repeat < 1:
        section.fail(section.path("repeat"), "should be 1 or more")
    copies = [copy.deepcopy(table) for _ in range(repeat)]
    for n, each in enumerate(copies, start=1):
        if each.lead_in is not None:
            for attr in ("label", "hint", "answer"):
                setattr(each.lead_in, attr, fill_placeholders(getattr(each.lead_in, attr), n=n))
    return copies


def _block(section: _Section) -> list[Block]:
    kind = section.get("kind")
    if kind == "table":
        return list(_table(section))
    block: Block
    if kind == "heading":
        block = Heading(section.get("text"))
    elif kind == "note":
        block = Note(section.texts("lines"))
    elif kind == "field":
        block = _field(section)
    else:
        section.fail(section.path("kind"), f"{kind!r} is not heading, note, field or table")
    section.done()
    return [block]


def _widths(section: _Section) -> list[float]:
    widths = section.get("column_widths", [], list)
    if not all(isinstance(w, int | float) and not isinstance(w, bool) and w > 0 for w in widths):
        section.fail(section.path("column_widths"), "should be a list of numbers, e.g. [30, 60]")
    return [float(w) for w in widths]


def _companion(section: _Section) -> CompanionSheet:
    sheet = CompanionSheet(
        name=_sheet_name(section, "name", section.get("name")),
        title=section.get("title", ""),
        intro=section.texts("intro", []),
        column_widths=_widths(section),
        blocks=[b for block in section.sections("blocks", []) for b in _block(block)],
    )
    section.done()
    return sheet


def _parse(data: dict[str, Any], name: str, source: str) -> Template:
    top = _Section(data, "", source)
    sheet_names: dict[int, str] = {}
    titles: dict[int, str] = {}
    for number, value in _numbered(top.section("benchmarks"), range(1, 9), dict).items():
        bm = _Section(value, f"benchmarks.{number}", source)
        sheet_names[number] = _sheet_name(bm, "sheet", bm.get("sheet"))
        titles[number] = bm.get("title")
        bm.done()
    periods = _numbered(top.section("period_labels"), range(1, 4), str)
    companions = [_companion(c) for c in top.sections("companions", [])]
    seen: set[str] = set()
    for sheet_name in [*sheet_names.values(), *(c.name for c in companions)]:
        if sheet_name.lower() in seen:
            raise TemplateError(f"{source}: the sheet name {sheet_name!r} is used twice")
        seen.add(sheet_name.lower())
    outcomes: list[str] = []
    for table in (t for c in companions for t in c.tables if t.learning_outcomes_column):
        column = table.headers.index(str(table.learning_outcomes_column))
        for row in table.rows:
            value = str(row[column]).strip() if column < len(row) else ""
            if value and value not in outcomes:
                outcomes.append(value)
    template = Template(
        name=name,
        description=top.get("description", ""),
        sheet_names=sheet_names,
        benchmark_titles=titles,
        period_labels=periods,
        column_labels=_labels(top.section("column_labels"), COLUMN_KEYS),
        blank_rows=top.get("blank_rows", 5, int),
        title_pattern=_check_placeholders(top, "title_pattern", {"number", "title"}),
        compass_pattern=_check_placeholders(top, "compass_pattern", {"number", "percent"}),
        compass_unknown_pattern=_check_placeholders(top, "compass_unknown_pattern", {"number"}),
        cover_labels=_labels(top.section("cover_labels"), COVER_KEYS),
        companions=companions,
        learning_outcomes=outcomes,
    )
    top.done()
    return template


def load_template(name_or_path: str | Path = "default") -> Template:
    """Load and check a template by name ("default") or path; TemplateError says what is wrong."""
    path = _locate(name_or_path)
    template = _parse(_read_toml(path), path.stem, path.name)
    template.path = path
    return template


# ----------------------------------------------------------------------------- plans


def blank_plan(template: Template, school: str | None, year: AcademicYear | None) -> Plan:
    """A plan with the template's eight benchmark sheets and no objectives, ready to write."""
    sheets = [
        PlanSheet(
            name=template.sheet_names[n],
            benchmark=n,
            preamble=[template.title_line(n), template.compass_line(n)],
            period_labels=dict(template.period_labels),
            column_labels=dict(template.column_labels),
        )
        for n in sorted(template.sheet_names)
    ]
    return Plan(
        school=school,
        academic_year=year,
        benchmarks={
            n: Benchmark(n, template.benchmark_titles[n]) for n in sorted(template.benchmark_titles)
        },
        sheets=sheets,
        sheet_order=[s.name for s in sheets],
    )


def apply_template(plan: Plan, template: Template) -> Plan:
    """A copy of the plan in the template's wording; the school's content is left alone.

    Period labels, column headings and benchmark titles change (and a benchmark sheet's
    title line when its first preamble line is one); objectives, actions, extra columns,
    Compass results, carried sheets and sheet names stay exactly as they were.
    """
    refreshed = copy.deepcopy(plan)
    for number, benchmark in refreshed.benchmarks.items():
        if number in template.benchmark_titles:
            benchmark.title = template.benchmark_titles[number]
    for sheet in refreshed.sheets:
        sheet.period_labels = dict(template.period_labels)
        sheet.column_labels = dict(template.column_labels)
        if sheet.benchmark in template.benchmark_titles and sheet.preamble:
            match = _TITLE_LINE.match(sheet.preamble[0])
            if match and int(match.group(1)) == sheet.benchmark:
                sheet.preamble[0] = template.title_line(sheet.benchmark)
    return refreshed


# ----------------------------------------------------------------------------- companion sheets


def add_companion_sheets(
    workbook: Workbook, template: Template, plan: Plan, existing: set[str]
) -> list[str]:
    """Write each companion sheet not already present; returns the names written.

    ``existing`` holds sheet names the workbook has or will have (compared as Excel does,
    ignoring case), so a school's own "SWOT" sheet is never replaced by a blank one.
    """
    taken = {name.lower() for name in existing} | {n.lower() for n in workbook.sheetnames}
    written: list[str] = []
    for sheet in template.companions:
        if sheet.name.lower() in taken:
            continue
        render_companion_sheet(workbook, sheet, plan)
        taken.add(sheet.name.lower())
        written.append(sheet.name)
    return written
