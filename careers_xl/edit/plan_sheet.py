"""careers-xl's additions to one of the user's plan sheets, made in place.

- RAG and Lead dropdowns, where the user has no dropdown of their own on those cells;
- colours that follow the RAG (whatever word the user's dropdown offers: "G" or "Green"),
  overdue end points, and Green/Complete actions with no evidence, where the user has no
  rule of their own on those cells;
- a RAG shown only by the cell's colour is written in as a word the user's dropdown offers,
  so formulas and dropdowns see it too (the colour stays);
- an end point typed as a date ("Mar-26", "07.10.26") becomes a real date that still looks
  exactly as typed, so Excel can tell when it is overdue;
- a print layout, only where the sheet has none: each action period on its own A4
  landscape page(s), with the Objective column and header rows repeated.

Nothing of the user's is moved, removed or restyled: a changed cell keeps its style, or gets
a copy of it with a different number format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..dates.end_points import parse_end_point
from ..model import Action, Plan, PlanSheet, Rag, cell_ref
from ..package.sheet import Box, Sheet, box_ref, boxes, coordinate, excel_serial, overlaps
from ..package.styles import Styles
from ..package.workbook import Workbook
from ..rules.rag import rag_from_text
from ..rules.words import RAG_DROPDOWN, RAG_FILL, RAG_FONT, RAG_WORDS
from ..write.layout import SPARE_ROWS
from ..write.print_layout import DEFAULT_WIDTH, MARGINS, PAPER_A4, PeriodPages, period_pages

OVERDUE_FILL, OVERDUE_FONT = "#F8CBAD", "#9C0006"
NO_EVIDENCE_FILL = "#FFF2CC"


@dataclass
class EditReport:
    """What an edit changed on purpose (cell by cell) and what it left alone, and why."""

    changed: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # sheet -> cells
    notes: list[str] = field(default_factory=list)

    def change(self, sheet: str, row: int, col: int) -> None:
        self.changed.setdefault(sheet, set()).add((row, col))

    def changed_refs(self) -> list[str]:
        return [cell_ref(sheet, coordinate(r, c))
                for sheet, cells in self.changed.items() for r, c in sorted(cells)]


class Dxfs:
    """careers-xl's differential formats, added to the styles part once, on first use."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self._ids: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        if key not in self._ids:
            if key in {r.value for r in Rag}:
                rag = Rag(key)
                self._ids[key] = self.styles.add_dxf(fill=RAG_FILL[rag], font=RAG_FONT[rag],
                                                     bold=True)
            elif key == "overdue":
                self._ids[key] = self.styles.add_dxf(fill=OVERDUE_FILL, font=OVERDUE_FONT,
                                                     bold=True)
            else:
                self._ids[key] = self.styles.add_dxf(fill=NO_EVIDENCE_FILL, font=OVERDUE_FONT)
        return self._ids[key]


def rag_test(cell: str, rag: Rag) -> str:
    """A formula true when ``cell`` holds any word that means ``rag`` ("G", "Green"...)."""
    return "OR(" + ",".join(f'TRIM({cell})="{w}"' for w in RAG_WORDS[rag]) + ")"


class PlanSheetEdit:
    """careers-xl's additions to one plan sheet."""

    def __init__(self, sheet: Sheet, plan_sheet: PlanSheet, plan: Plan, workbook: Workbook,
                 styles: Styles, dxfs: Dxfs, list_names: dict[str, str],
                 report: EditReport) -> None:
        self.sheet, self.ps, self.plan = sheet, plan_sheet, plan
        self.workbook, self.styles, self.dxfs = workbook, styles, dxfs
        self.list_names, self.report = list_names, report
        self.actions = [a for o in plan.objectives if o.sheet == plan_sheet.name
                        for a in o.actions if a.row]
        last = max((a.row for a in self.actions), default=plan_sheet.header_row + 1)
        self.first, self.last = plan_sheet.header_row + 1, last + SPARE_ROWS
        self._user_dv = sheet.validation_boxes()
        self._user_rules = sheet.rule_boxes()
        self._lists: list[tuple[list[Box], list[str]]] | None = None
        self._held: set[tuple[str, str, str]] | None = None
        self.kept: dict[str, list[str]] = {}

    def apply(self) -> None:
        for action in self.actions:
            cols = self.ps.columns.get(action.period, {})
            if "rag" in cols:
                self._rag_word(action, cols["rag"])
            if "end_point" in cols:
                self._end_date(action, cols["end_point"])
        for cols in self.ps.columns.values():
            self._dropdowns(cols)
            self._colours(cols)
        self._print_layout()
        for what, ranges in self.kept.items():
            self.report.notes.append(
                f"kept your own {what} on {cell_ref(self.ps.name, ', '.join(ranges))}: "
                "careers-xl added none there.")

    # -- cells ---------------------------------------------------------------------------------
    def _rag_word(self, action: Action, col: int) -> None:
        """Write a colour-only RAG in as a word the cell's own dropdown offers."""
        if action.rag is None or action.rag_text is not None:
            return
        word = self._offered_word(action.row, col, action.rag)
        self.sheet.set_value(action.row, col, word)
        self.report.change(self.ps.name, action.row, col)

    def _offered_word(self, row: int, col: int, rag: Rag) -> str:
        if self._lists is None:  # the sheet's dropdowns offering a list of words
            self._lists = []
            for item in self.sheet.outside_cells(self.sheet.q("dataValidation")):
                formula = item.findtext(self.sheet.q("formula1")) or ""
                if formula.startswith('"'):
                    self._lists.append((boxes(item.get("sqref", "")),
                                        formula.strip('"').split(",")))
        for found, words in self._lists:
            if any(overlaps(b, (row, col, row, col)) for b in found):
                for word in words:
                    if rag_from_text(word) == rag:
                        return word.strip()
        return rag.label

    def _end_date(self, action: Action, col: int) -> None:
        """Store an end point typed as text as a real date that looks exactly as typed."""
        cell = self.sheet.cell(action.row, col)
        if cell is None or cell.get("t") not in ("s", "inlineStr", "str") or not action.end_point:
            return
        end = parse_end_point(action.end_point, self.plan.academic_year)
        if end.number_format is None or end.due is None or end.due != action.due:
            return
        style = self.styles.clone(self.sheet.style(action.row, col),
                                  number_format=end.number_format)
        self.sheet.set_value(action.row, col, excel_serial(end.due, self.workbook.date1904()),
                             style)
        self.report.change(self.ps.name, action.row, col)

    # -- dropdowns and rules -------------------------------------------------------------------
    def _box(self, col: int) -> Box:
        return (self.first, col, self.last, col)

    def _ours(self, tag: str, box: Box, formula: str) -> bool:
        """Whether the sheet already holds this very dropdown or rule (an earlier update)."""
        if self._held is None:  # (kind, range, formula) of each dropdown and rule, read once
            self._held = set()
            for kind, holder in (("dv", "dataValidation"), ("cf", "conditionalFormatting")):
                for item in self.sheet.outside_cells(self.sheet.q(holder)):
                    texts = [t.text for t in item.iter(self.sheet.q("formula1"),
                                                       self.sheet.q("formula"))]
                    self._held |= {(kind, ref, text) for ref in item.get("sqref", "").split()
                                   for text in texts if text is not None}
        return (tag, box_ref(box), formula) in self._held

    def _add(self, tag: str, box: Box, attrs: dict[str, str], formula: str) -> None:
        """Add a dropdown ("dv") or a conditional-format rule ("cf") over ``box``."""
        if tag == "dv":
            self.sheet.add_validation(box, attrs, formula)
        else:
            self.sheet.add_rule(box, attrs, formula)
        if self._held is not None:
            self._held.add((tag, box_ref(box), formula))

    def _free(self, box: Box, taken: list[Box], what: str, formula: str, tag: str) -> bool:
        if self._ours(tag, box, formula):
            return False
        clash = [b for b in taken if overlaps(b, box)]
        if clash:
            self.kept.setdefault(what, []).append(box_ref((self.first, box[1], self.last,
                                                           box[1])))
            return False
        return True

    def _dropdowns(self, cols: dict[str, int]) -> None:
        if "rag" in cols:
            box, formula = self._box(cols["rag"]), '"' + ",".join(RAG_DROPDOWN) + '"'
            if self._free(box, self._user_dv, "RAG dropdown", formula, "dv"):
                self._add("dv", box, {
                    "type": "list", "allowBlank": "1", "showInputMessage": "1",
                    "showErrorMessage": "1", "errorTitle": "RAG status",
                    "error": "Choose Red, Amber, Green or Complete (or leave it blank)."},
                    formula)
        if "lead" in cols:
            box, formula = self._box(cols["lead"]), self.list_names["StaffList"]
            if self._free(box, self._user_dv, "Lead dropdown", formula, "dv"):
                self._add("dv", box, {
                    "type": "list", "errorStyle": "information", "allowBlank": "1",
                    "showInputMessage": "1", "showErrorMessage": "1", "promptTitle": "Lead",
                    "prompt": "Staff initials; several with /", "errorTitle": "Lead",
                    "error": "Not on the staff list (Lists sheet). Keep it anyway?"}, formula)

    def _colours(self, cols: dict[str, int]) -> None:
        top = {name: coordinate(self.first, col) for name, col in cols.items()}
        abs_col = {name: "$" + coordinate(self.first, col) for name, col in cols.items()}
        if "rag" in cols:
            box = self._box(cols["rag"])
            rules = [(rag_test(top["rag"], rag), rag.value) for rag in Rag]
            if self._free(box, self._user_rules, "RAG colours", rules[0][0], "cf"):
                for formula, key in rules:
                    self._add("cf", box, {"type": "expression", "dxfId": str(self.dxfs[key])},
                              formula)
        if {"end_point", "action", "rag"} <= set(cols):
            end, act, rag = top["end_point"], abs_col["action"], abs_col["rag"]
            lookup = f'IFERROR(VLOOKUP({end},{self.list_names["Terms"]},2,FALSE),2958465)'
            formula = (f'AND({act}<>"",NOT({rag_test(rag, Rag.BLUE)}),'
                       f"IF(ISNUMBER({end}),{end},{lookup})<TODAY())")
            box = self._box(cols["end_point"])
            if self._free(box, self._user_rules, "end-point colours", formula, "cf"):
                self._add("cf", box, {"type": "expression",
                                      "dxfId": str(self.dxfs["overdue"])}, formula)
        if {"evidence", "rag"} <= set(cols):
            rag, ev = abs_col["rag"], top["evidence"]
            formula = (f"AND(OR({rag_test(rag, Rag.GREEN)},{rag_test(rag, Rag.BLUE)}),"
                       f"LEN(TRIM({ev}))=0)")
            box = self._box(cols["evidence"])
            if self._free(box, self._user_rules, "evidence colours", formula, "cf"):
                self._add("cf", box, {"type": "expression",
                                      "dxfId": str(self.dxfs["evidence"])}, formula)

    # -- printing ------------------------------------------------------------------------------
    def _print_layout(self) -> None:
        """Each action period on its own A4 landscape page(s), with the Objective column and
        the header rows repeated: only where the user has chosen no print layout."""
        sheet, index = self.sheet, self.workbook.index(self.ps.name)
        setup, margins = sheet.child("pageSetup"), sheet.child("pageMargins")
        pr = sheet.child("sheetPr")
        fit = pr.find(sheet.q("pageSetUpPr")) if pr is not None else None
        if not self._layout_is_ours(setup, index) and \
                _user_layout(self.workbook, index, setup, fit):
            self.report.notes.append(f"kept your own print layout on '{self.ps.name}'.")
            return
        if fit is not None:
            fit.set("fitToPage", "0")  # Excel ignores page breaks when fitting to a page
        if margins is None:  # LibreOffice's defaults, when it saved the file, stay
            margins = sheet.insert(etree.Element(sheet.q("pageMargins")))
            for key, inches in MARGINS.items():
                margins.set(key, str(inches))
        sides = (_float(margins.get("left")) or 0) + (_float(margins.get("right")) or 0)
        pages = self._pages(sides)
        if setup is None:
            setup = sheet.insert(etree.Element(sheet.q("pageSetup")))
        for key in ("fitToWidth", "fitToHeight"):
            setup.attrib.pop(key, None)
        for key, text in (("paperSize", str(PAPER_A4)), ("scale", str(pages.scale)),
                          ("orientation", "landscape")):
            setup.set(key, text)
        old = sheet.child("colBreaks")
        if old is not None:
            sheet.root.remove(old)
        if pages.breaks:
            breaks = etree.Element(sheet.q("colBreaks"), count=str(len(pages.breaks)),
                                   manualBreakCount=str(len(pages.breaks)))
            for column in pages.breaks:
                etree.SubElement(breaks, sheet.q("brk"), id=str(column - 1), max="1048575",
                                 man="1")
            sheet.insert(breaks)
        self.workbook.set_name("_xlnm.Print_Titles", pages.print_titles(self._quoted),
                               local=index)

    @property
    def _quoted(self) -> str:
        return "'" + self.ps.name.replace("'", "''") + "'"

    def _layout_is_ours(self, setup: etree._Element | None, index: int) -> bool:
        """Whether the print layout is the one an earlier update set: A4 landscape,
        repeating a column and the table's header rows."""
        if setup is None or setup.get("orientation") != "landscape" or \
                setup.get("paperSize") != str(PAPER_A4):
            return False
        rows = f",{self._quoted}!${max(self.ps.header_row - 1, 1)}:${self.ps.header_row}"
        return any(n == "_xlnm.Print_Titles" and local == index and refers.endswith(rows)
                   for n, local, refers in self.workbook.defined_names())

    def _pages(self, margins: float) -> PeriodPages:
        ps = self.ps
        starts = [min(cols.values()) for _, cols in sorted(ps.columns.items()) if cols]
        for extra in ps.extra_columns:  # columns of the whole row print after the periods
            if extra.period is None and extra.column and starts and extra.column > max(starts):
                starts.append(extra.column)
                break
        used = [c for cols in ps.columns.values() for c in cols.values()]
        used += [e.column for e in ps.extra_columns if e.column]
        objective = ps.objective_col or 1
        titles = [objective]
        if ps.benchmark_col is not None and abs(ps.benchmark_col - objective) == 1:
            titles.append(ps.benchmark_col)
        header_top = max(ps.header_row - 1, 1)
        widths, default = column_widths(self.sheet)
        return period_pages(titles, starts or [objective + 1], max(used, default=objective),
                            (header_top, ps.header_row), widths, default, margins)


def _user_layout(workbook: Workbook, index: int, setup: etree._Element | None,
                 fit: etree._Element | None) -> bool:
    """Whether the user chose a print layout (LibreOffice writes its defaults, portrait at
    100%, on every sheet: those are no choice)."""
    names = any(n in ("_xlnm.Print_Titles", "_xlnm.Print_Area") and local == index
                for n, local, _ in workbook.defined_names())
    chosen = setup is not None and (setup.get("orientation") == "landscape" or
                                    setup.get("scale", "100") != "100")
    return names or chosen or (fit is not None and fit.get("fitToPage") in ("1", "true"))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def column_widths(sheet: Sheet) -> tuple[dict[int, float], float]:
    """The sheet's column widths in characters (1-based column -> width; hidden: 0) and its
    default width."""
    fmt = sheet.child("sheetFormatPr")
    default = DEFAULT_WIDTH
    if fmt is not None:
        default = _float(fmt.get("defaultColWidth")) or (
            (_float(fmt.get("baseColWidth")) or 8) + 0.71)
    widths: dict[int, float] = {}
    cols = sheet.child("cols")
    for col in cols if cols is not None else ():
        low, high = int(col.get("min", "0")), int(col.get("max", "0"))
        width = 0.0 if col.get("hidden") in ("1", "true") else (_float(col.get("width"))
                                                                or default)
        for number in range(low, min(high, 16384) + 1):
            widths[number] = width
            if number - low > 1000:  # a style given to every column: no widths beyond
                break
    return widths, default
