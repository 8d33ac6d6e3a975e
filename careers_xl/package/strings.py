"""Cell values as stored: the shared-string table, and one cell's stored value."""

from __future__ import annotations

from lxml import etree

from .opc import Package
from .xml import local

SST_TYPE_SUFFIX = "/sharedStrings"


def _text(item: etree._Element) -> str:
    """The text of a string item: its runs joined, phonetic guides (rPh) left out."""
    if local(item.tag) == "t":
        return item.text or ""
    parts = []
    for child in item:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def strings_part(package: Package, workbook_part: str) -> str | None:
    """The workbook's shared-string part, if it has one."""
    for rel in package.rels(workbook_part):
        if rel.type.endswith(SST_TYPE_SUFFIX) and rel.target in package:
            return rel.target
    return None


def shared_strings(package: Package, workbook_part: str) -> list[str]:
    """The workbook's shared strings, in index order (empty when it has none)."""
    part = strings_part(package, workbook_part)
    if part is None:
        return []
    return [_text(si) for si in package.xml(part) if local(si.tag) == "si"]


def stored_value(cell: etree._Element, strings: list[str]) -> tuple[str, str | None, str | None]:
    """(type, value as stored, formula) of a <c> element; shared strings resolved to text."""
    kind = cell.get("t", "n")
    value: str | None = None
    formula: str | None = None
    for child in cell:
        name = local(child.tag)
        if name == "v":
            value = child.text or ""
        elif name == "f":
            formula = child.text or ""
        elif name == "is":
            value = _text(child)
    if kind == "s" and value is not None:
        index = int(value)
        value = strings[index] if 0 <= index < len(strings) else None
        kind = "str"
    elif kind == "inlineStr":
        kind = "str"
    return kind, value, formula
