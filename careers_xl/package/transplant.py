"""Bring sheets built with xlsxwriter into the user's package.

careers-xl's own sheets (Dashboard, Lists, History...) are laid out with xlsxwriter in a
scratch workbook whose sheets already carry their final names. Each is then moved into the
user's package: its cell formats and dxfs are imported into the user's styles, its shared
strings become inline strings, its drawing and charts come along under free part names, and
its local defined names (print titles, filters) follow it. Formulas given by cell are added
to the cells holding their results. Nothing of the user's changes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from lxml import etree

from .opc import Package
from .strings import shared_strings
from .styles import Styles
from .workbook import Workbook
from .xml import local

DRAWING_CT = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_PART_PATTERNS = {"drawing": "xl/drawings/drawing{}.xml", "chart": "xl/charts/chart{}.xml"}
_CONTENT_TYPES = {"drawing": DRAWING_CT, "chart": CHART_CT}


class Transplant:
    """Moves sheets from one scratch package into ``workbook``'s package."""

    def __init__(self, workbook: Workbook, styles: Styles, scratch: Package) -> None:
        self.workbook = workbook
        self.package = workbook.package
        self.scratch = scratch
        self.scratch_book = Workbook(scratch)
        scratch_styles = next(r.target for r in scratch.rels(self.scratch_book.part)
                              if r.kind == "styles")
        self.xf_map, self.dxf_map = styles.import_from(Styles(scratch, scratch_styles))
        self.strings = shared_strings(scratch, self.scratch_book.part)

    def move(self, name: str, position: int | None, *, hidden: bool = False,
             formulas: Mapping[str, str] | None = None) -> None:
        """Add scratch sheet ``name`` to the user's workbook at ``position`` (None: last),
        ``formulas`` (cell -> formula without "=") in the cells holding their results."""
        entry = self.scratch_book.sheet(name)
        if entry is None:
            raise KeyError(name)
        root = copy.deepcopy(self.scratch.xml(entry.part))
        self._restyle(root, formulas or {})
        added = self.workbook.add_sheet(name, root, position=position, hidden=hidden)
        _rename_ids(root, {rel.id: self.package.add_rel(added.part, rel.type,
                                                        self._copy_tree(rel.target))
                           for rel in self.scratch.rels(entry.part) if rel.kind == "drawing"})
        index = self.workbook.index(name)
        scratch_index = self.scratch_book.index(name)
        for item, local_id, refers in self.scratch_book.defined_names():
            if local_id == scratch_index:
                self.workbook.set_name(item, refers, local=index,
                                       hidden=item == "_xlnm._FilterDatabase")

    def _restyle(self, root: etree._Element, formulas: Mapping[str, str]) -> None:
        """Renumber styles, make shared strings inline, add formulas, unselect the tab."""
        for element in list(root.iter()):
            tag = local(element.tag)
            if tag == "c":
                if (formula := formulas.get(element.get("r", ""))) is not None:
                    f = etree.Element(f"{{{etree.QName(element).namespace}}}f")
                    f.text = formula
                    element.insert(0, f)
                if "s" in element.attrib:
                    element.set("s", str(self.xf_map.get(int(element.get("s", "0")), 0)))
                if element.get("t") == "s":
                    value = element[0]
                    text = self.strings[int(value.text or "0")]
                    element.remove(value)
                    element.set("t", "inlineStr")
                    ns = etree.QName(element).namespace
                    t = etree.SubElement(etree.SubElement(element, f"{{{ns}}}is"), f"{{{ns}}}t")
                    t.text = text
                    if text != text.strip() or "\n" in text:
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            elif tag == "row" and "s" in element.attrib:
                element.set("s", str(self.xf_map.get(int(element.get("s", "0")), 0)))
            elif tag == "col" and "style" in element.attrib:
                element.set("style", str(self.xf_map.get(int(element.get("style", "0")), 0)))
            elif tag == "cfRule" and "dxfId" in element.attrib:
                element.set("dxfId", str(self.dxf_map.get(int(element.get("dxfId", "0")), 0)))
            elif tag == "sheetView":
                element.attrib.pop("tabSelected", None)

    def _copy_tree(self, part: str) -> str:
        """Copy a drawing (and the charts it holds) under free names; returns its new name."""
        kind = "drawing" if part.startswith("xl/drawings/") else "chart"
        new_name = self.package.free_name(_PART_PATTERNS[kind])
        root = copy.deepcopy(self.scratch.xml(part))
        self.package.add_part(new_name, root, _CONTENT_TYPES[kind])
        _rename_ids(root, {rel.id: self.package.add_rel(new_name, rel.type,
                                                        self._copy_tree(rel.target))
                           for rel in self.scratch.rels(part) if rel.kind == "chart"})
        return new_name


def _rename_ids(root: etree._Element, mapping: dict[str, str]) -> None:
    """Point r:id-style attributes at their new relationship ids, all in one pass."""
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.endswith("}id") and value in mapping:
                element.set(key, mapping[value])
