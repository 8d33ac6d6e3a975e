"""A workbook opened for reading: its sheets in order with their visibility, careers-xl's
markers, the shared strings, the cell formats and the date system, all from the package
layer, and each worksheet's cells on demand.

Transitional and Strict Open XML read alike. Every failure is an ``UnreadableWorkbook``
saying why in plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import UnreadableWorkbook
from ..package.opc import Package
from ..package.safety import DAMAGED_XML, SAVE_AS, UNSAFE_XML
from ..package.workbook import OWNED_NAME, Workbook
from ..package.xml import STRICT_MAIN, UnsafeXml, XmlError
from .cells import Budget, SheetCells, SheetScan, rich_text, string_tags
from .styles import CellStyles, theme_colours

_T = TypeVar("_T")

MISSING_SHEETS = ("is damaged or incomplete: it lists {} but {} missing from the file; "
                  f"{SAVE_AS}, or use a backup copy.")


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str
    state: str  # visible, hidden or veryHidden
    index: int  # its place among all the workbook's sheets (as defined names count them)


class Book:
    """The sheets, strings and formats of one package, read once."""

    def __init__(self, package: Package, budget: Budget | None = None) -> None:
        self.package = package
        self.path = package.path
        self._workbook = self._parsed(lambda: Workbook(package), "its workbook part")
        self.strict = self._workbook.ns == STRICT_MAIN
        kinds = {r.id: r.kind for r in package.rels(self._workbook.part)}
        entries = [(i, e) for i, e in enumerate(self._workbook.sheets) if e.part in package]
        self.sheet_names = [e.name for _, e in entries]
        self.worksheets = [SheetInfo(e.name, e.part, e.state, i) for i, e in entries
                           if kinds.get(e.rel_id) != "chartsheet"]
        if not self.worksheets:
            missing = [e.name for e in self._workbook.sheets
                       if e.part not in package and kinds.get(e.rel_id) != "chartsheet"]
            if missing:  # listed in the workbook, but their contents are not in the file
                listed = ", ".join(f"'{name}'" for name in missing[:3])
                more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
                what = (f"the sheet {listed}", "its contents are") if len(missing) == 1 else \
                    (f"the sheets {listed}{more}", "their contents are")
                raise UnreadableWorkbook(self.path, MISSING_SHEETS.format(*what))
            raise UnreadableWorkbook(self.path, "has no worksheets, so there is no plan to read.")
        self.date1904 = self._workbook.date1904()
        self._owned = {local: value.strip('"') for name, local, value
                       in self._workbook.defined_names() if name == OWNED_NAME}
        strings = self._parsed(self._strings, "its shared strings")
        styles = self._parsed(self._styles, "its styles")
        self._scan = SheetScan(self.path, strings, styles, self.date1904, budget)
        self.styles = styles
        self._cells: dict[str, SheetCells] = {}

    def _parsed(self, read: Callable[[], _T], what: str) -> _T:
        try:
            return read()
        except UnsafeXml as exc:
            raise UnreadableWorkbook(self.path, UNSAFE_XML) from exc
        except XmlError as exc:
            raise UnreadableWorkbook(self.path, DAMAGED_XML.format(what)) from exc

    def _part(self, kind: str) -> str | None:
        """The workbook's related part of ``kind`` (sharedStrings, styles, theme), if any."""
        return next((r.target for r in self.package.rels(self._workbook.part)
                     if r.kind == kind and not r.external and r.target in self.package), None)

    def _strings(self) -> list[str]:
        part = self._part("sharedStrings")
        if part is None:
            return []
        root = self.package.xml(part)
        tags = string_tags(root)
        return [rich_text(item, tags) for item in root if isinstance(item.tag, str)]

    def _styles(self) -> CellStyles:
        styles, theme = self._part("styles"), self._part("theme")
        try:
            colours = theme_colours(self.package.xml(theme) if theme is not None else None)
        except UnsafeXml:
            raise
        except XmlError:
            colours = theme_colours(None)  # a damaged theme only costs its colours
        return CellStyles(self.package.xml(styles) if styles else None, colours)

    def owned_kind(self, sheet: SheetInfo) -> str | None:
        """The kind of careers-xl sheet ``sheet`` is, by the hidden marker careers-xl wrote."""
        return self._owned.get(sheet.index)

    def cells(self, sheet: SheetInfo) -> SheetCells:
        """The cells of worksheet ``sheet`` (read on first use)."""
        found = self._cells.get(sheet.name)
        if found is None:
            found = self._scan.scan(sheet.name, self.package.read(sheet.part))
            found.state = sheet.state
            self._cells[sheet.name] = found
        return found


def open_book(source: str | Path | Package, budget: Budget | None = None) -> Book:
    """The workbook at ``source`` (a path, or a package already open) ready for reading.

    Raises UnreadableWorkbook saying why it cannot be read."""
    package = source if isinstance(source, Package) else Package.open(source)
    return Book(package, budget)

