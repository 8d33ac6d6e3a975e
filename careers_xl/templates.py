"""Workbook templates: the blank master plan and its companion sheets, described as data.

A template is a TOML file in ``workbook_templates/`` (or in the folder named by the
``CAREERS_XL_TEMPLATES`` environment variable), so hub staff can change sheet names,
benchmark wording, column headings and the companion sheets (Strategic Plan, Programme by
Year, checklists, SWOT, Learning Outcomes) without touching Python. This module loads and
checks a template, builds a blank ``Plan`` from it, re-words an existing plan for a hub
refresh, and renders the companion sheets into an open xlsxwriter workbook.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import CareersXLError
from .model import PERIOD_FIELDS, AcademicYear, Benchmark, Plan, PlanSheet

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

TEMPLATES_ENV = "CAREERS_XL_TEMPLATES"
BUNDLED_FOLDER = Path(__file__).parent.parent / "workbook_templates"

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
class Heading:
    """A bold section heading across the sheet."""

    text: str


@dataclass
class Note:
    """Lines of guidance in italics, one a row."""

    lines: list[str]


@dataclass
class Field:
    """A label (with an optional hint under it) beside a box the school writes in."""

    label: str
    hint: str = ""
    answer: str = ""
    lines: int = 2  # height of the box in lines of text


Cell = str | int | float


@dataclass
class Group:
    """Rows of a table under a bold label spanning the table ("Careers Leaders")."""

    label: str
    rows: list[list[Cell]]


@dataclass
class Table:
    """A table with a shaded header row, optional prompts under it, rows and blank rows."""

    headers: list[str]
    prompts: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # an unlabelled group holds plain rows
    blank_rows: int = 0
    row_height: float = 15
    dropdowns: dict[str, list[str]] = field(default_factory=dict)  # header -> choices
    lead_in: Field | None = None  # a field row written just above the table
    learning_outcomes_column: str | None = None

    @property
    def rows(self) -> list[list[Cell]]:
        """Every pre-filled row, groups flattened in order."""
        return [row for group in self.groups for row in group.rows]


Block = Heading | Note | Field | Table


@dataclass
class CompanionSheet:
    """One extra sheet of the template: a title, intro lines and blocks, top to bottom."""

    name: str
    title: str
    intro: list[str] = field(default_factory=list)
    column_widths: list[float] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


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
        return _fill(self.title_pattern, number=number, title=self.benchmark_titles[number])

    def compass_line(self, number: int, percent: int | None = None) -> str:
        """The Compass line; the "enter your result" wording when the percentage is unknown."""
        if percent is None:
            return _fill(self.compass_unknown_pattern, number=number)
        return _fill(self.compass_pattern, number=number, percent=percent)


def _fill(pattern: str, **values: object) -> str:
    """Put values into {name} placeholders; plain replacement so other braces are harmless."""
    for key, value in values.items():
        pattern = pattern.replace("{" + key + "}", str(value))
    return pattern


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
                setattr(each.lead_in, attr, _fill(getattr(each.lead_in, attr), n=n))
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


# ----------------------------------------------------------------------------- rendering

_LINE_HEIGHT = 15.0  # points per line of 11pt text
_DEFAULT_WIDTH = 18.0


def _lines_needed(text: str, width: float) -> int:
    """Roughly how many wrapped lines a text takes in a column ``width`` characters wide."""
    per_line = max(width * 1.15, 1.0)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


class _Painter:
    """Writes one companion sheet's blocks row by row with the shared formats."""

    def __init__(self, workbook: Workbook, ws: Worksheet, sheet: CompanionSheet) -> None:
        widths = list(sheet.column_widths)
        columns = max([len(widths), *(len(t.headers) for t in sheet.tables), 2])
        self.widths = widths + [_DEFAULT_WIDTH] * (columns - len(widths))
        self.ws = ws
        self.row = 0
        add = workbook.add_format
        base = {"text_wrap": True, "valign": "top"}
        box = {**base, "border": 1, "border_color": "#8EA9DB"}
        grey = {"italic": True, "font_color": "#595959"}
        self.title = add({"bold": True, "font_size": 14})
        self.intro = add({**base, **grey})
        self.heading = add({"bold": True, "font_size": 12, "bottom": 2, "bottom_color": "#2F5597"})
        self.header = add({**box, "bold": True, "bg_color": "#D9E1F2"})
        self.prompt = add({**box, **grey, "bg_color": "#EEF2F9"})
        self.group = add({**box, "bold": True, "bg_color": "#F2F2F2"})
        self.cell = add(box)
        self.number = add({**box, "align": "center"})
        self.bold = add({"bold": True})
        self.italic = add(grey)

    def span(self, first: int = 0, last: int | None = None) -> float:
        return sum(self.widths[first : (len(self.widths) if last is None else last + 1)])

    def text(self, col: int, value: Cell, fmt: Any) -> None:
        if isinstance(value, str):
            self.ws.write_string(self.row, col, value, fmt)
        else:
            self.ws.write_number(self.row, col, value, self.number if fmt is self.cell else fmt)

    def merged(self, value: str, fmt: Any, first: int = 0, last: int | None = None) -> None:
        """Text across columns first..last (written with write_string, never as a formula)."""
        last = len(self.widths) - 1 if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, "", fmt)
        self.ws.write_string(self.row, first, value, fmt)

    def height(self, lines: int, minimum: float = _LINE_HEIGHT) -> None:
        self.ws.set_row(self.row, max(minimum, lines * _LINE_HEIGHT + 2))

    def line(self, value: str, fmt: Any, lines: int | None = None) -> None:
        if value:
            self.merged(value, fmt)
            self.height(lines or _lines_needed(value, self.span()))
        self.row += 1

    def field(self, item: Field, last: int | None = None) -> None:
        label_fmt = self.header
        if item.hint:
            self.ws.write_rich_string(
                self.row, 0, self.bold, item.label, "\n", self.italic, item.hint, label_fmt
            )
        else:
            self.ws.write_string(self.row, 0, item.label, label_fmt)
        self.merged(item.answer, self.cell, 1, last)
        label_lines = _lines_needed(item.label, self.widths[0])
        if item.hint:
            label_lines += _lines_needed(item.hint, self.widths[0])
        answer_lines = _lines_needed(item.answer, self.span(1, last)) if item.answer else 0
        self.height(max(item.lines, label_lines, answer_lines))
        self.row += 1

    def table(self, table: Table) -> tuple[int, int]:
        """Write a table; returns the first and last of its header rows (for printing)."""
        last_col = len(table.headers) - 1
        if table.lead_in is not None:
            self.field(table.lead_in, last_col)
        first_header = self.row
        for col, header in enumerate(table.headers):
            self.text(col, header, self.header)
        self.height(max(_lines_needed(h, self.widths[c]) for c, h in enumerate(table.headers)))
        self.row += 1
        if table.prompts:
            for col, prompt in enumerate(table.prompts):
                self.text(col, prompt, self.prompt)
            self.height(max(_lines_needed(p, self.widths[c]) for c, p in enumerate(table.prompts)))
            self.row += 1
        last_header = self.row - 1
        first_body = self.row
        for group in table.groups:
            if group.label:
                self.merged(group.label, self.group, 0, last_col)
                self.row += 1
            for row in group.rows:
                self.body_row(row, table)
        for _ in range(table.blank_rows):
            self.body_row([], table)
        for header, choices in table.dropdowns.items():
            col = table.headers.index(header)
            last_body = max(first_body, self.row - 1)
            rule = {"validate": "list", "source": choices}
            self.ws.data_validation(first_body, col, last_body, col, rule)
        return first_header, last_header

    def body_row(self, row: list[Cell], table: Table) -> None:
        lines = 1
        for col in range(len(table.headers)):
            value: Cell = row[col] if col < len(row) else ""
            self.text(col, value, self.cell)
            if isinstance(value, str) and value:
                lines = max(lines, _lines_needed(value, self.widths[col]))
        self.height(lines, table.row_height)
        self.row += 1


def _page_setup(ws: Worksheet, name: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L" + name.replace("&", "&&") + "&RPage &P of &N")
    ws.hide_gridlines(2)


def _render(workbook: Workbook, sheet: CompanionSheet, plan: Plan) -> None:
    ws = workbook.add_worksheet(sheet.name)
    painter = _Painter(workbook, ws, sheet)
    for col, width in enumerate(painter.widths):
        ws.set_column(col, col, width)
    title = _fill(sheet.title, school=plan.school or "", year=plan.academic_year or "")
    painter.line(re.sub(r"\s{2,}", " ", title).strip(" -–—:"), painter.title, 1)
    for text in sheet.intro:
        painter.line(text, painter.intro)
    painter.row += 1
    header_rows: list[tuple[int, int]] = []
    for block in sheet.blocks:
        if isinstance(block, Heading):
            painter.line(block.text, painter.heading, 1)
        elif isinstance(block, Note):
            for text in block.lines:
                painter.line(text, painter.intro)
        elif isinstance(block, Field):
            painter.field(block)
        else:
            header_rows.append(painter.table(block))
            painter.row += 1
    _page_setup(ws, sheet.name)
    if len(header_rows) == 1:
        first, last = header_rows[0]
        ws.repeat_rows(first, last)
        ws.freeze_panes(last + 1, 0)


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
        _render(workbook, sheet, plan)
        taken.add(sheet.name.lower())
        written.append(sheet.name)
    return written
