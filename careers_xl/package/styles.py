"""The styles part, only ever added to: careers-xl never changes a record the user's cells use.

A changed cell that needs another number format or no fill gets a clone of its own format
record with that one difference; careers-xl's colours are new differential formats (dxf);
the styles of careers-xl's own sheets are imported record by record. A record is never
added where a cell (or another record) already points: files may point past the end of a
list, which Excel and LibreOffice show as the default, so those places are filled with the
default record first.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from .opc import Package
from .xml import local

# Built-in number formats Excel knows without a <numFmt> record.
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%",
                   10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy",
                   15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                   19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
                   37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
                   40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
                   48: "##0.0E+0", 49: "@"}
# Children of <styleSheet> in schema order.
_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
          "dxfs", "tableStyles", "colors", "extLst"]
STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_ITEMS = {"fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf", "dxfs": "dxf"}
_XF_REFS = {"fonts": "fontId", "fills": "fillId", "borders": "borderId", "numFmts": "numFmtId"}
# Where the sheets (and table styles) point into a list: cells, rows and columns; rules.
_SHEET_REFS = {"cellXfs": re.compile(rb'\s(?:s|style)="(\d+)"'),
               "dxfs": re.compile(rb'\sdxfId="(\d+)"')}
_MAX_INDEX = 65_000  # Excel keeps at most 64,000 cell formats: a larger index is noise


class Styles:
    """The package's styles part, read lazily and appended to on demand."""

    def __init__(self, package: Package, part: str) -> None:
        self.package = package
        self.part = part
        self.root = package.xml(part)
        self.ns = etree.QName(self.root).namespace or ""
        self._clones: dict[tuple[int, str, str], int] = {}
        self._floors: dict[str, int] = {}

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def _list(self, tag: str, *, edit: bool = False) -> etree._Element:
        found = self.root.find(self.q(tag))
        if found is not None:
            if edit:
                self.package.xml(self.part, edit=True)
            return found
        self.package.xml(self.part, edit=True)
        element = etree.Element(self.q(tag), count="0")
        rank = _ORDER.index(tag)
        for index, child in enumerate(self.root):
            if local(child.tag) in _ORDER and _ORDER.index(local(child.tag)) > rank:
                self.root.insert(index, element)
                return element
        self.root.append(element)
        return element

    def _append(self, tag: str, element: etree._Element) -> int:
        holder = self._list(tag, edit=True)
        if tag in _ITEMS:
            while len(holder) < self._floor(tag):  # places something points at, past the end
                holder.append(copy.deepcopy(holder[0]) if len(holder)
                              else etree.Element(self.q(_ITEMS[tag])))
        holder.append(element)
        holder.set("count", str(len(holder)))
        return len(holder) - 1

    def _floor(self, tag: str) -> int:
        """One past the highest index into list ``tag`` that the workbook refers to."""
        if tag not in self._floors:
            self._floors[tag] = max((n for n in self._references(tag) if n < _MAX_INDEX),
                                    default=-1) + 1
        return self._floors[tag]

    def _references(self, tag: str) -> Iterator[int]:
        if tag in _XF_REFS:  # the cell formats' own references
            return (int(value) for holder in ("cellStyleXfs", "cellXfs")
                    for xf in self._list_items(holder)
                    if (value := xf.get(_XF_REFS[tag], "")).isdigit())
        parts = [r.target for r in self.package.rels(self.package.main_part())
                 if r.kind == "worksheet" and r.target in self.package] + [self.part]
        return (int(match.group(1)) for part in parts  # a pass over each sheet's bytes
                for match in _SHEET_REFS[tag].finditer(self.package.read(part)))

    # -- reading -------------------------------------------------------------------------------
    def xf(self, index: int) -> etree._Element | None:
        xfs = self.root.find(self.q("cellXfs"))
        if xfs is None or index >= len(xfs):
            return None
        return xfs[index]

    def number_format(self, index: int) -> str:
        """The number format code of cell format ``index``."""
        xf = self.xf(index)
        fmt_id = int(xf.get("numFmtId", "0")) if xf is not None else 0
        return self.format_code(fmt_id)

    def format_code(self, fmt_id: int) -> str:
        for item in self._list_items("numFmts"):
            if int(item.get("numFmtId", "-1")) == fmt_id:
                return item.get("formatCode", "General")
        return BUILTIN_FORMATS.get(fmt_id, "General")

    def _list_items(self, tag: str) -> list[etree._Element]:
        found = self.root.find(self.q(tag))
        return list(found) if found is not None else []

    # -- adding --------------------------------------------------------------------------------
    def format_id(self, code: str) -> int:
        """The id of number format ``code``, adding a record when the workbook has none."""
        for fmt_id, known in BUILTIN_FORMATS.items():
            if known == code:
                return fmt_id
        items = self._list_items("numFmts")
        for item in items:
            if item.get("formatCode") == code:
                return int(item.get("numFmtId", "0"))
        new_id = max([163, self._floor("numFmts") - 1]
                     + [int(i.get("numFmtId", "0")) for i in items]) + 1
        self._append("numFmts", etree.Element(self.q("numFmt"), numFmtId=str(new_id),
                                              formatCode=code))
        return new_id

    def clone(self, index: int, *, number_format: str | None = None,
              no_fill: bool = False) -> int:
        """A cell format like ``index`` but showing ``number_format``, or with no fill."""
        key = (index, number_format or "", "nofill" if no_fill else "")
        if key in self._clones:
            return self._clones[key]
        base = self.xf(index)
        xf = copy.deepcopy(base) if base is not None else etree.Element(
            self.q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
        if number_format is not None:
            xf.set("numFmtId", str(self.format_id(number_format)))
            xf.set("applyNumberFormat", "1")
        if no_fill:
            xf.set("fillId", "0")
            xf.set("applyFill", "1")
        self._clones[key] = self._append("cellXfs", xf)
        return self._clones[key]

    def add_dxf(self, *, fill: str | None = None, font: str | None = None,
                bold: bool = False) -> int:
        """A differential format (for a conditional format): colours as RRGGBB."""
        dxf = etree.Element(self.q("dxf"))
        if font or bold:
            font_el = etree.SubElement(dxf, self.q("font"))
            if bold:
                etree.SubElement(font_el, self.q("b"))
            if font:
                etree.SubElement(font_el, self.q("color"), rgb="FF" + font.lstrip("#"))
        if fill:
            pattern = etree.SubElement(etree.SubElement(dxf, self.q("fill")),
                                       self.q("patternFill"), patternType="solid")
            etree.SubElement(pattern, self.q("fgColor"), rgb="FF" + fill.lstrip("#"))
            etree.SubElement(pattern, self.q("bgColor"), rgb="FF" + fill.lstrip("#"))
        return self._append("dxfs", dxf)

    def import_from(self, other: Styles) -> tuple[dict[int, int], dict[int, int]]:
        """Copy every cell format and dxf of ``other`` into this part.

        Returns (cell format index map, dxf index map) from ``other``'s numbering to ours."""
        maps: dict[str, dict[int, int]] = {}
        for tag in ("fonts", "fills", "borders"):
            maps[tag] = {i: self._append(tag, copy.deepcopy(item))
                         for i, item in enumerate(other._list_items(tag))}
        formats: dict[int, int] = {}
        for fmt in other._list_items("numFmts"):
            old = int(fmt.get("numFmtId", "0"))
            formats[old] = self.format_id(fmt.get("formatCode", "General"))
        xf_map: dict[int, int] = {}
        for i, item in enumerate(other._list_items("cellXfs")):
            xf = copy.deepcopy(item)
            for attr, tag in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                xf.set(attr, str(maps[tag].get(int(xf.get(attr, "0")), 0)))
            fmt_id = int(xf.get("numFmtId", "0"))
            xf.set("numFmtId", str(formats.get(fmt_id, fmt_id)))
            xf.set("xfId", "0")
            xf_map[i] = self._append("cellXfs", xf)
        dxf_map = {i: self._append("dxfs", copy.deepcopy(item))
                   for i, item in enumerate(other._list_items("dxfs"))}
        return xf_map, dxf_map
