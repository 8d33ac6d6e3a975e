"""One worksheet part, edited where it stands: cells, dropdowns, conditional formats, page setup.

Cells are found by position; a changed cell keeps its element, its style and every attribute
careers-xl does not own. New elements go in the order the schema (CT_Worksheet) demands,
because Excel refuses a sheet whose elements are out of order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from .opc import Package
from .xml import MAIN, REL, X14, XM, local

RID = f"{{{REL}}}id"

# Children of <worksheet> in schema order (CT_Worksheet).
SHEET_ORDER = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
               "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter",
               "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
               "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions",
               "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
               "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
               "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
               "controls", "webPublishItems", "tableParts", "extLst"]
_RANKS = {name: rank for rank, name in enumerate(SHEET_ORDER)}
_COLUMNS: dict[str, int] = {}  # "AB" -> 28, as cell references spell columns
_DIGITS = "0123456789"

Box = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, inclusive)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=16384)
def col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def coordinate(row: int, col: int) -> str:
    return f"{col_letters(col)}{row}"


def ref_column(ref: str) -> int:
    """The column of a cell's reference, as ``parse_ref`` reads it ("AB12" -> 28)."""
    letters = ref.rstrip(_DIGITS)
    column = _COLUMNS.get(letters) if letters != ref else None
    if column is None:
        column = parse_ref(ref)[1]
        if len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
            _COLUMNS[letters] = column
    return column


def parse_ref(ref: str) -> tuple[int, int]:
    match = _REF.fullmatch(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), col_number(match.group(1))


def boxes(sqref: str) -> list[Box]:
    """The boxes of a space-separated range list ("G6:G28 N6")."""
    out = []
    for item in sqref.split():
        first, _, last = item.partition(":")
        try:
            r1, c1 = parse_ref(first)
            r2, c2 = parse_ref(last) if last else (r1, c1)
        except ValueError:
            continue
        out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return out


def box_ref(box: Box) -> str:
    r1, c1, r2, c2 = box
    first, last = coordinate(r1, c1), coordinate(r2, c2)
    return first if first == last else f"{first}:{last}"


def overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def excel_serial(day: date | datetime, date1904: bool = False) -> float:
    """The number Excel stores for a date (1900 system, with its phantom 29 Feb 1900)."""
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)
    delta = moment - base
    serial = delta.days + delta.seconds / 86400
    if not date1904 and serial < 61:
        serial -= 1  # before 1 March 1900 Excel counts from 31 Dec 1899
    return serial


class Sheet:
    """A worksheet part of ``package``, with its cells indexed by (row, column)."""

    def __init__(self, package: Package, part: str) -> None:
        self.package = package
        self.part = part
        self.root = package.xml(part)
        self.ns = etree.QName(self.root).namespace or MAIN
        self._cells: dict[tuple[int, int], etree._Element] | None = None
        self._rows: dict[int, etree._Element] = {}
        self._priority: int | None = None  # the highest conditional-format priority

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def child(self, tag: str) -> etree._Element | None:
        return self.root.find(self.q(tag))

    def edit(self) -> None:
        self.package.xml(self.part, edit=True)

    # -- cells ---------------------------------------------------------------------------------
    def _index(self) -> dict[tuple[int, int], etree._Element]:
        if self._cells is None:
            self._cells = dict(self._scan(self._rows))
        return self._cells

    def _scan(self, rows: dict[int, etree._Element] | None = None
              ) -> Iterator[tuple[tuple[int, int], etree._Element]]:
        """Every cell and its position in document order (the rows go to ``rows``)."""
        data = self.child("sheetData")
        row_number = 0
        row_tag, cell_tag = self.q("row"), self.q("c")
        for row in data if data is not None else ():
            if row.tag != row_tag and local(row.tag) != "row":
                continue
            row_number = int(row.get("r") or row_number + 1)
            if rows is not None:
                rows[row_number] = row
            col = 0
            for cell in row:
                if cell.tag != cell_tag and local(cell.tag) != "c":
                    continue
                ref = cell.get("r")
                col = ref_column(ref) if ref else col + 1
                yield (row_number, col), cell

    def cells(self) -> Iterator[tuple[tuple[int, int], etree._Element]]:
        yield from self._index().items()

    def scan(self) -> Iterator[tuple[tuple[int, int], etree._Element]]:
        """Every cell and its position, for one pass over a sheet that is not edited: no
        index is kept (a later cell at the same position comes after the earlier)."""
        return self._scan()

    def cell(self, row: int, col: int) -> etree._Element | None:
        return self._index().get((row, col))

    def style(self, row: int, col: int) -> int:
        cell = self.cell(row, col)
        return int(cell.get("s", "0")) if cell is not None else 0

    def _ensure_cell(self, row: int, col: int) -> etree._Element:
        self.edit()
        cells = self._index()
        found = cells.get((row, col))
        if found is not None:
            if not found.get("r"):
                found.set("r", coordinate(row, col))
            return found
        row_element = self._rows.get(row)
        if row_element is None:
            data = self.child("sheetData")
            if data is None:
                data = self.insert(etree.Element(self.q("sheetData")))
            row_element = etree.Element(self.q("row"), r=str(row))
            after = [n for n in self._rows if n < row]
            if after:
                self._rows[max(after)].addnext(row_element)
            else:
                data.insert(0, row_element)
            self._rows[row] = row_element
        elif not row_element.get("r"):
            row_element.set("r", str(row))
        cell = etree.Element(self.q("c"), r=coordinate(row, col))
        before = [c for (r, c), e in cells.items() if r == row and c < col]
        if before:
            cells[(row, max(before))].addnext(cell)
        else:
            row_element.insert(0, cell)
        cells[(row, col)] = cell
        spans = row_element.get("spans")
        if spans and ":" in spans:
            low, high = (int(x) for x in spans.split(":"))
            if not low <= col <= high:
                row_element.set("spans", f"{min(low, col)}:{max(high, col)}")
        return cell

    def set_value(self, row: int, col: int, value: str | float | bool | None,
                  style: int | None = None) -> None:
        """Put ``value`` in a cell, keeping its style unless ``style`` is given.

        Text goes in as an inline string, so the shared-string table stays exactly as it was;
        None leaves the cell empty (its style stays)."""
        cell = self._ensure_cell(row, col)
        for child in list(cell):
            cell.remove(child)
        for attr in ("t", "cm", "vm"):
            cell.attrib.pop(attr, None)
        if style is not None:
            if style:
                cell.set("s", str(style))
            else:
                cell.attrib.pop("s", None)
        if value is None:
            return
        if isinstance(value, bool):
            cell.set("t", "b")
            etree.SubElement(cell, self.q("v")).text = "1" if value else "0"
        elif isinstance(value, int | float):
            etree.SubElement(cell, self.q("v")).text = repr(float(value)).removesuffix(".0") \
                if float(value).is_integer() else repr(float(value))
        else:
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(cell, self.q("is")), self.q("t"))
            text.text = value
            if value != value.strip() or "\n" in value:
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def remove_hyperlink(self, row: int, col: int) -> str | None:
        """Take the hyperlink off one cell; returns where it pointed (a URL or a place in the
        workbook), or None when the cell had none. Its relationship goes when nothing else
        on the sheet uses it."""
        links = self.child("hyperlinks")
        ref = coordinate(row, col)
        link = next((h for h in links if h.get("ref") == ref), None) if links is not None \
            else None
        if links is None or link is None:
            return None
        self.edit()
        links.remove(link)
        if not len(links):
            self.root.remove(links)
        rid = link.get(RID)
        if rid is None:
            return link.get("location")
        target = next((r.target for r in self.package.rels(self.part) if r.id == rid), None)
        if not any(h.get(RID) == rid for h in self.root.iter(self.q("hyperlink"))):
            self.package.remove_rel(self.part, rid)
        return target

    # -- sheet structure -----------------------------------------------------------------------
    def insert(self, element: etree._Element) -> etree._Element:
        """Add a child of <worksheet> where the schema wants it (after same-named ones)."""
        self.edit()
        rank = _RANKS[local(element.tag)]
        for index, child in enumerate(self.root):
            other = _RANKS.get(local(child.tag))
            if other is not None and other > rank:
                self.root.insert(index, element)
                return element
        self.root.append(element)
        return element

    def outside_cells(self, *tags: str) -> Iterator[etree._Element]:
        """The elements named ``tags`` in document order, found everywhere but among the
        cells (which hold none of them, and are most of a big sheet)."""
        data = self.q("sheetData")
        for child in self.root:
            if child.tag != data:
                yield from child.iter(*tags)

    def validation_boxes(self) -> list[Box]:
        """Every cell range under a dropdown or other validation, the 2010 kind included."""
        found: list[Box] = []
        holder = self.child("dataValidations")
        for item in holder if holder is not None else ():
            found += boxes(item.get("sqref", ""))
        for item in self.outside_cells(f"{{{X14}}}dataValidation"):
            ref = item.find(f"{{{XM}}}sqref")
            found += boxes(ref.text or "") if ref is not None else []
        return found

    def rule_boxes(self) -> list[Box]:
        """Every cell range under a conditional format, the 2010 kind included."""
        found: list[Box] = []
        for item in self.root.findall(self.q("conditionalFormatting")):
            found += boxes(item.get("sqref", ""))
        for item in self.outside_cells(f"{{{X14}}}conditionalFormatting"):
            ref = item.find(f"{{{XM}}}sqref")
            found += boxes(ref.text or "") if ref is not None else []
        return found

    def max_priority(self) -> int:
        """The highest conditional-format priority used (new rules go after it)."""
        return max((int(r.get("priority", "0"))
                    for r in self.outside_cells(self.q("cfRule"), f"{{{X14}}}cfRule")), default=0)

    def add_validation(self, box: Box, attrs: dict[str, str], formula: str) -> None:
        holder = self.child("dataValidations")
        if holder is None:
            holder = self.insert(etree.Element(self.q("dataValidations")))
        self.edit()
        item = etree.SubElement(holder, self.q("dataValidation"), **attrs)
        item.set("sqref", box_ref(box))
        if formula:
            etree.SubElement(item, self.q("formula1")).text = formula
        holder.set("count", str(len(holder)))

    def add_rule(self, box: Box, attrs: dict[str, str], formula: str) -> None:
        """Add one conditional-format rule (type expression or cellIs) over ``box``."""
        holder = etree.Element(self.q("conditionalFormatting"), sqref=box_ref(box))
        rule = etree.SubElement(holder, self.q("cfRule"), **attrs)
        if self._priority is None:
            self._priority = self.max_priority()
        self._priority += 1
        rule.set("priority", str(self._priority))
        etree.SubElement(rule, self.q("formula")).text = formula
        self.insert(holder)

    def has(self, tag: str) -> bool:
        return self.child(tag) is not None

    def frozen(self) -> bool:
        return any(p.get("state") in ("frozen", "frozenSplit")
                   for p in self.root.iter(self.q("pane")))

    def last_row(self) -> int:
        return max((r for r, _ in self._index()), default=0)
