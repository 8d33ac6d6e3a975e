"""The workbook part: its sheets (name, part, visibility), defined names and calculation flags.

Adding a sheet here adds its part, its relationship, its content type and its ``<sheet>``
entry; local defined names and the active tab are renumbered when a sheet is inserted
before others, so the user's print areas and names stay on their own sheets.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .opc import Package
from .xml import REL, STRICT_REL, q

WORKSHEET_TYPE = f"{REL}/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
OWNED_NAME = "CareersXL_Sheet"
_OWNED_KINDS = {"drawing", "chart", "chartUserShapes", "themeOverride", "chartStyle",
                "chartColorStyle"}  # hidden local name marking a sheet careers-xl wrote

# Children of <workbook> in schema order (CT_Workbook).
_WORKBOOK_ORDER = ["fileVersion", "fileSharing", "workbookPr", "workbookProtection",
                   "bookViews", "sheets", "functionGroups", "externalReferences",
                   "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches",
                   "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr",
                   "webPublishObjects", "extLst"]


@dataclass
class SheetEntry:
    name: str
    part: str
    state: str  # visible, hidden or veryHidden
    rel_id: str


class Workbook:
    """The sheets and names of a package's workbook part."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = package.main_part()
        self.root = package.xml(self.part)
        self.ns = self.root.nsmap.get(None) or etree.QName(self.root).namespace or ""

    def _q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    @property
    def sheets(self) -> list[SheetEntry]:
        targets = {r.id: r.target for r in self.package.rels(self.part)}
        out = []
        sheets = self.root.find(self._q("sheets"))
        for sheet in sheets if sheets is not None else ():
            rid = sheet.get(q("id", REL)) or sheet.get(q("id", STRICT_REL), "")
            out.append(SheetEntry(sheet.get("name", ""), targets.get(rid, ""),
                                  sheet.get("state", "visible"), rid))
        return out

    def sheet(self, name: str) -> SheetEntry | None:
        return next((s for s in self.sheets if s.name == name), None)

    def date1904(self) -> bool:
        pr = self.root.find(self._q("workbookPr"))
        return pr is not None and pr.get("date1904") in ("1", "true")

    # -- editing -------------------------------------------------------------------------------
    def _edit(self) -> etree._Element:
        return self.package.xml(self.part, edit=True)

    def _child(self, tag: str) -> etree._Element:
        """The workbook's ``tag`` child, created in schema order when missing."""
        root = self._edit()
        found = root.find(self._q(tag))
        if found is not None:
            return found
        element = etree.Element(self._q(tag))
        rank = _WORKBOOK_ORDER.index(tag)
        for index, child in enumerate(root):
            name = etree.QName(child).localname
            if name in _WORKBOOK_ORDER and _WORKBOOK_ORDER.index(name) > rank:
                root.insert(index, element)
                return element
        root.append(element)
        return element

    def add_sheet(self, name: str, content: etree._Element, *, position: int | None = None,
                  hidden: bool = False) -> SheetEntry:
        """Add a worksheet part holding ``content`` as sheet ``name`` at ``position``."""
        part = self.package.free_name("xl/worksheets/sheet{}.xml")
        self.package.add_part(part, content, WORKSHEET_CT)
        rid = self.package.add_rel(self.part, WORKSHEET_TYPE, part)
        sheets = self._child("sheets")
        ids = [int(s.get("sheetId", "0")) for s in sheets]
        element = etree.Element(self._q("sheet"), name=name, sheetId=str(max(ids, default=0) + 1))
        if hidden:
            element.set("state", "hidden")
        element.set(q("id", REL), rid)
        index = len(sheets) if position is None else min(position, len(sheets))
        sheets.insert(index, element)
        if index < len(sheets) - 1:
            self._shift_local_ids(index, +1)
        return SheetEntry(name, part, "hidden" if hidden else "visible", rid)

    def _shift_local_ids(self, first: int, step: int) -> None:
        """Renumber sheet indices at or after ``first`` in names and the book view."""
        names = self.root.find(self._q("definedNames"))
        for item in names if names is not None else ():
            local = item.get("localSheetId")
            if local is not None and int(local) >= first:
                item.set("localSheetId", str(int(local) + step))
        for view in self.root.iter(self._q("workbookView")):
            for attr in ("activeTab", "firstSheet"):
                value = view.get(attr)
                if value is not None and int(value) >= first:
                    view.set(attr, str(int(value) + step))

    def remove_sheet(self, name: str) -> int:
        """Remove sheet ``name`` with its part and every part only it reaches (drawings,
        charts); returns where it stood. Only ever used on careers-xl's own sheets."""
        entry = self.sheet(name)
        if entry is None:
            raise KeyError(name)
        index = self.index(name)
        sheets = self._child("sheets")
        sheets.remove(sheets[index])
        names = self.root.find(self._q("definedNames"))
        for item in list(names) if names is not None else ():
            if item.get("localSheetId") == str(index):
                names.remove(item)
        self._shift_local_ids(index + 1, -1)
        self.package.remove_rel(self.part, entry.rel_id)
        doomed, queue = [], [entry.part]
        while queue:
            part = queue.pop()
            doomed.append(part)
            queue += [r.target for r in self.package.rels(part)
                      if not r.external and r.target in self.package and r.kind in _OWNED_KINDS]
        for part in doomed:
            self.package.remove_part(part)
        return index

    def index(self, name: str) -> int:
        return [s.name for s in self.sheets].index(name)

    def defined_names(self) -> list[tuple[str, int | None, str]]:
        """(name, local sheet index or None, refers-to) for every defined name."""
        names = self.root.find(self._q("definedNames"))
        out = []
        for item in names if names is not None else ():
            local = item.get("localSheetId")
            out.append((item.get("name", ""), int(local) if local is not None else None,
                        item.text or ""))
        return out

    def set_name(self, name: str, refers_to: str, *, local: int | None = None,
                 hidden: bool = False) -> None:
        """Add or replace a defined name (global, or local to sheet index ``local``)."""
        names = self._child("definedNames")
        self.remove_name(name, local)
        element = etree.SubElement(names, self._q("definedName"), name=name)
        if local is not None:
            element.set("localSheetId", str(local))
        if hidden:
            element.set("hidden", "1")
        element.text = refers_to.lstrip("=")

    def remove_name(self, name: str, local: int | None) -> None:
        names = self.root.find(self._q("definedNames"))
        if names is None:
            return
        names = self._child("definedNames")
        for item in list(names):
            here = item.get("localSheetId")
            if item.get("name", "").lower() == name.lower() and \
                    (int(here) if here is not None else None) == local:
                names.remove(item)

    def owned_kind(self, name: str) -> str | None:
        """The kind careers-xl gave sheet ``name`` when it wrote it (its hidden marker)."""
        try:
            index = self.index(name)
        except ValueError:
            return None
        for item, local, value in self.defined_names():
            if item == OWNED_NAME and local == index:
                return value.strip('"')
        return None

    def mark_owned(self, name: str, kind: str) -> None:
        self.set_name(OWNED_NAME, f'"{kind}"', local=self.index(name), hidden=True)

    def recalculate_on_load(self) -> None:
        """Ask Excel to recalculate every formula when the workbook opens."""
        calc = self.root.find(self._q("calcPr"))
        if calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"):
            return
        self._child("calcPr").set("fullCalcOnLoad", "1")
