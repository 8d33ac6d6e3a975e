"""The tokens of a worksheet's cells, and the quick way to them for a sheet written plainly.

Excel, LibreOffice and the common libraries write cells plainly: ``<c r="B4" s="3" t="s">
<v>12</v></c>``. For such a sheet one regular expression reads the cells, and only the rest of
the part (everything but the cells) goes through the XML parser. A sheet written any other
way (a comment or CDATA among the cells, an entity Excel never writes, rich inline text,
single-quoted attributes, a namespace declared among the cells...) is left to the XML parser,
which reads every well-formed sheet; both give the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..errors import UnreadableWorkbook
from ..package.safety import UNSAFE_XML
from ..package.sheet import boxes
from ..package.xml import MAIN, STRICT_MAIN, UnsafeXml, XmlError, parse
from .values import unescape

if TYPE_CHECKING:
    from .cells import SheetCells

# A token is a cell, a row's start, a row's end, space or anything else, as the groups of the
# regular expression: (cell written the usual way?, its r, s, t, formula text, <v> text;
# any other cell; a row's start; a row's end; space; other). Any other cell and a row's start
# are their text (read by cell_parts and row_parts), or those parts when the XML parser read
# them: (r, s, t, formula?, its t, its si, its text, <v> text, inline text) and (r, hidden).
Token = tuple[Any, ...]
USUAL = (None,) * 6
AFTER_CELL = (None,) * 4
ROW_START = (None,) * 7
ROW_END = (None,) * 8 + ("", None, None)
_ATTRIBUTES = (0, 1, 2, 4, 5)  # of the parts of a cell
_TEXTS = (6, 7, 8)

_NAMESPACES = (MAIN, STRICT_MAIN)
_SHEET_DATA = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData\s*(/?)>")
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.-]+)""")
_ENTITY = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class Unusual(Exception):
    """The cells are written in a way only the XML parser reads."""


def note_structure(element: etree._Element, sheet: SheetCells) -> None:
    """Note a <mergeCell> or <col> element of the sheet's own namespace."""
    name = etree.QName(element)
    if name.namespace not in _NAMESPACES:
        return
    if name.localname == "mergeCell":
        sheet.merges += boxes(element.get("ref", ""))
    elif name.localname == "col":
        width, first = element.get("width"), element.get("min")
        if width and first and first.isdigit():
            sheet.widths[int(first)] = float(width)


_OWN = '="([^"]*)"'
_OTHER = '[\\w:.-]+="[^"]*"'
_ANY = "(?:[A-Za-z_][\\w.-]*:)?"  # the element prefix, if any
_CELL_PARTS = re.compile(
    f'<{_ANY}c(?:\\s+(?:r{_OWN}|s{_OWN}|t{_OWN}|{_OTHER}))*\\s*(?:/>|>'
    f'(?:<{_ANY}f((?:\\s+(?:t{_OWN}|si{_OWN}|{_OTHER}))*)\\s*(?:/>|>([^<]*)</{_ANY}f>))?'
    f'(?:<{_ANY}v>([^<]*)</{_ANY}v>)?'
    f'(?:<{_ANY}is><{_ANY}t(?:\\s+xml:space="preserve")?>([^<]*)</{_ANY}t></{_ANY}is>)?'
    f'</{_ANY}c>)')
_ROW_PARTS = re.compile(f'<{_ANY}row(?:\\s+(?:r{_OWN}|hidden{_OWN}|{_OTHER}))*\\s*/?>')


@lru_cache(maxsize=8)
def _pattern(prefix: str) -> re.Pattern[str]:
    """A token of the cells of a sheet written with element prefix ``prefix`` ("" or "x:")."""
    p = re.escape(prefix)
    usual = (f'(<{p}c r="([^"]*)"(?: s="([^"]*)")?(?: t="([^"]*)")?(?:/>|>'
             f'(?:<{p}f>([^<]*)</{p}f>)?(?:<{p}v>([^<]*)</{p}v>)?</{p}c>))')
    other_cell = f"(<{p}c\\b[^>]*?/>|<{p}c\\b[^>]*>.*?</{p}c>)"
    return re.compile(f"{usual}|{other_cell}|(<{p}row\\b[^>]*>)|(</{p}row>)|(\\s+)|(.)", re.S)


def _text(raw: str | None) -> str | None:
    """Character data as the XML parser gives it: entities and character references
    replaced; an entity only a DTD could define is unusual."""
    if raw is None or "&" not in raw:
        return raw
    if "&" in _ENTITY.sub("", raw):
        raise Unusual
    return _ENTITY.sub(lambda m: _NAMED[m.group(3)] if m.group(3) else
                       chr(int(m.group(1), 16) if m.group(1) else int(m.group(2))), raw)


def cell_parts(text: str) -> tuple[str | None, ...]:
    """The parts of a cell's text (a token of a cell not written the usual way)."""
    match = _CELL_PARTS.fullmatch(text)
    if match is None:
        raise Unusual  # rich inline text, an extension list...
    parts = match.groups()
    if "&" in text:
        if any(parts[i] is not None and "&" in parts[i] for i in _ATTRIBUTES):
            raise Unusual  # an entity in r, s, t or si: no writer does that
        parts = parts[:6] + tuple(_text(parts[i]) for i in _TEXTS)
    inline = parts[8]
    return parts if inline is None else parts[:8] + (unescape(inline),)


def row_parts(text: str) -> tuple[str | None, str | None]:
    """A row's r and hidden, from its start tag."""
    match = _ROW_PARTS.fullmatch(text)
    if match is None or "&" in text:
        raise Unusual
    return match.group(1), match.group(2)


def _decoded(token: Token) -> Token:
    """A cell written the usual way, with entities in its formula and value replaced."""
    if any(v is not None and "&" in v for v in token[1:4]):
        raise Unusual
    return token[:4] + (_text(token[4]), _text(token[5])) + token[6:]


def _tokens(body: str, prefix: str) -> Iterator[Token]:
    tokens = map(re.Match.groups, _pattern(prefix).finditer(body))
    if "&" not in body:
        return tokens  # nothing to decode: no Python between the tokens
    return (_decoded(t) if t[0] is not None and "&" in t[0] else t
            for t in tokens)


def plain_tokens(path: Path, sheet: SheetCells, data: bytes) -> Iterator[Token] | None:
    """The tokens of a sheet part written plainly (merges and widths go to ``sheet``), or
    None when only the XML parser reads it. The tokens may still raise Unusual part way."""
    head = _SHEET_DATA.search(data)
    declared = _ENCODING.match(data)
    if head is None or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        return None
    prefix = head.group(1) or b""
    start = end = head.end()
    if not head.group(2):
        end = data.find(b"</" + (prefix + b":" if prefix else b"") + b"sheetData", start)
        if end < 0:
            return None
    try:
        root = parse(data[:start] + data[end:], sheet.name)
    except UnsafeXml as exc:
        raise UnreadableWorkbook(path, UNSAFE_XML) from exc
    except XmlError:
        return None  # the XML parser will say what is wrong, and where
    holder = next((e for e in root if isinstance(e.tag, str)
                   and etree.QName(e).localname == "sheetData"), None)
    if holder is None or etree.QName(holder).namespace not in _NAMESPACES or \
            (holder.prefix or "") != prefix.decode():
        return None
    try:
        body = str(memoryview(data)[start:end], "utf-8")  # no copy of the bytes first
    except UnicodeDecodeError:
        return None
    if "\r" in body or "xmlns" in body or "<!" in body:
        return None  # line ends the parser would change, namespaces or CDATA among cells
    for element in root.iter("{*}mergeCell", "{*}col"):
        note_structure(element, sheet)
    return _tokens(body, prefix.decode() + ":" if prefix else "")
