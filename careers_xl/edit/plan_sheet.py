"""careers-xl's additions to one of the user's plan sheets, made in place.

- RAG and Lead dropdowns, where the user has no dropdown of their own on those cells;
- colours that follow the RAG (whatever word the user's dropdown offers: "G" or "Green"),
  overdue end points, and Green/Complete actions with no evidence, where the user has no
  rule of their own on those cells;
- a RAG shown only by the cell's colour is written in as a word the user's dropdown offers,
  so formulas and dropdowns see it too (the colour stays);
- an end point typed as a date ("Mar-26", "07.10.26") becomes a real date that still looks
  exactly as typed, so Excel can tell when it is overdue;
- an A4 landscape print layout, only where the sheet has none.

Nothing of the user's is moved, removed or restyled: a changed cell keeps its style, or gets
a copy of it with a different number format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..dates import parse_end_point
from ..layout import SPARE_ROWS
from ..model import Action, Plan, PlanSheet, Rag, cell_ref
from ..package.sheet import Box, Sheet, box_ref, boxes, coordinate, excel_serial, overlaps
from ..package.styles import Styles
from ..package.workbook import Workbook
from ..rag import rag_from_text
from ..rules import RAG_DROPDOWN, RAG_FILL, RAG_FONT, RAG_WORDS

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
        for item in self.sheet.root.iter(self.sheet.q("dataValidation")):
            if not any(overlaps(b, (row, col, row, col)) for b in boxes(item.get("sqref", ""))):
                continue
            formula = item.findtext(self.sheet.q("formula1")) or ""
            if formula.startswith('"'):
                for word in formula.strip('"').split(","):
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
        holder = "dataValidation" if tag == "dv" else "conditionalFormatting"
        for item in self.sheet.root.iter(self.sheet.q(holder)):
            if box_ref(box) in item.get("sqref", "").split() and formula in (
                    t.text for t in item.iter(self.sheet.q("formula1"), self.sheet.q("formula"))):
                return True
        return False

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
                self.sheet.add_validation(box, {
                    "type": "list", "allowBlank": "1", "showInputMessage": "1",
                    "showErrorMessage": "1", "errorTitle": "RAG status",
                    "error": "Choose Red, Amber, Green or Complete (or leave it blank)."},
                    formula)
        if "lead" in cols:
            box, formula = self._box(cols["lead"]), self.list_names["StaffList"]
            if self._free(box, self._user_dv, "Lead dropdown", formula, "dv"):
                self.sheet.add_validation(box, {
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
                    self.sheet.add_rule(box, {"type": "expression", "dxfId":
                                              str(self.dxfs[key])}, formula)
        if {"end_point", "action", "rag"} <= set(cols):
            end, act, rag = top["end_point"], abs_col["action"], abs_col["rag"]
            lookup = f'IFERROR(VLOOKUP({end},{self.list_names["Terms"]},2,FALSE),2958465)'
            formula = (f'AND({act}<>"",NOT({rag_test(rag, Rag.BLUE)}),'
                       f"IF(ISNUMBER({end}),{end},{lookup})<TODAY())")
            box = self._box(cols["end_point"])
            if self._free(box, self._user_rules, "end-point colours", formula, "cf"):
                self.sheet.add_rule(box, {"type": "expression",
                                          "dxfId": str(self.dxfs["overdue"])}, formula)
        if {"evidence", "rag"} <= set(cols):
            rag, ev = abs_col["rag"], top["evidence"]
            formula = (f"AND(OR({rag_test(rag, Rag.GREEN)},{rag_test(rag, Rag.BLUE)}),"
                       f"LEN(TRIM({ev}))=0)")
            box = self._box(cols["evidence"])
            if self._free(box, self._user_rules, "evidence colours", formula, "cf"):
                self.sheet.add_rule(box, {"type": "expression",
                                          "dxfId": str(self.dxfs["evidence"])}, formula)

    # -- printing ------------------------------------------------------------------------------
    def _print_layout(self) -> None:
        """A4 landscape, one page wide, header rows on every page: only where none is set."""
        index = self.workbook.index(self.ps.name)
        names = any(n in ("_xlnm.Print_Titles", "_xlnm.Print_Area") and local == index
                    for n, local, _ in self.workbook.defined_names())
        sheet = self.sheet
        setup = sheet.child("pageSetup")
        pr = sheet.child("sheetPr")
        fit = pr.find(sheet.q("pageSetUpPr")) if pr is not None else None
        # LibreOffice writes its defaults (portrait, 100%) on every sheet: those are no choice.
        chosen = setup is not None and (setup.get("orientation") == "landscape" or
                                        setup.get("scale", "100") != "100")
        if names or chosen or (fit is not None and fit.get("fitToPage") in ("1", "true")):
            self.report.notes.append(f"kept your own print layout on '{self.ps.name}'.")
            return
        if pr is None:
            pr = sheet.insert(etree.Element(sheet.q("sheetPr")))
        if fit is None:
            fit = etree.SubElement(pr, sheet.q("pageSetUpPr"))
        fit.set("fitToPage", "1")
        if sheet.child("pageMargins") is None:
            sheet.insert(etree.Element(sheet.q("pageMargins"), left="0.4", right="0.4",
                                       top="0.6", bottom="0.6", header="0.3", footer="0.3"))
        if setup is None:
            setup = sheet.insert(etree.Element(sheet.q("pageSetup")))
        for key, value in (("paperSize", "9"), ("fitToWidth", "1"), ("fitToHeight", "0"),
                           ("orientation", "landscape")):
            setup.set(key, value)
        header_top = max(self.ps.header_row - 1, 1)
        quoted = "'" + self.ps.name.replace("'", "''") + "'"
        self.workbook.set_name("_xlnm.Print_Titles",
                               f"{quoted}!${header_top}:${self.ps.header_row}", local=index)
