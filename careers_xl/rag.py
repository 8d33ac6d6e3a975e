"""Reading a RAG status from what a person typed, or from the colour they filled the cell with.

People mark RAG as text ("G", "amber", "Complete") or only by colouring the cell, in whatever
shade of red, amber/orange/yellow, green or blue Excel offered them. Colours are classified
by hue, so "Excel red", "dark red" and the pale "Bad" style all read as red.
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

from openpyxl.styles.colors import COLOR_INDEX, Color
from openpyxl.styles.fills import PatternFill

from .model import Rag
from .rules import RAG_WORDS

# Office 2013+ default theme, in Excel's theme-index order (lt1, dk1, lt2, dk2, accent1..6).
DEFAULT_THEME = [
    "FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31",
    "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72",
]

_WORDS = {word.replace(" ", ""): rag for rag, words in RAG_WORDS.items() for word in words}
_CLEAN = re.compile(r"[\s.\-_/]+")


def rag_from_text(value: object) -> Rag | None | str:
    """The status a person typed; None for an empty cell; the cleaned text if unrecognised."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    key = _CLEAN.sub("", text.lower())
    if key in _WORDS:
        return _WORDS[key]
    # "Green - on track", "Amber (waiting on SLT)": judge by the first word.
    first = _CLEAN.sub("", re.split(r"[\s(:,\-]+", text.lower(), maxsplit=1)[0])
    return _WORDS.get(first, text)


@lru_cache(maxsize=512)
def rag_from_rgb(rgb: str, tint: float = 0.0) -> Rag | None:
    """Classify an RRGGBB (or AARRGGBB) colour as a RAG status, or None for white/grey/black."""
    rgb = rgb[-6:]
    try:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if tint > 0:
        light = light * (1 - tint) + tint
    elif tint < 0:
        light = light * (1 + tint)
    if sat < 0.25 or light > 0.96 or light < 0.08:
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 325:
        return Rag.RED
    if degrees < 72:
        return Rag.AMBER
    if degrees < 170:
        return Rag.GREEN
    if degrees < 265:
        return Rag.BLUE
    return None


def color_rgb(color: Color | None, theme: list[str]) -> tuple[str, float] | None:
    """An openpyxl colour as (RRGGBB, tint), resolving theme and indexed colours."""
    if color is None:
        return None
    kind = color.type
    if kind == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:], 0.0
    if kind == "theme" and isinstance(color.theme, int) and color.theme < len(theme):
        return theme[color.theme], float(color.tint or 0.0)
    if kind == "indexed" and isinstance(color.indexed, int) and color.indexed < len(COLOR_INDEX):
        if color.indexed in (64, 65):  # system foreground/background: no colour chosen
            return None
        return COLOR_INDEX[color.indexed][-6:], 0.0
    return None


def rag_from_fill(fill: PatternFill | None, theme: list[str]) -> Rag | None:
    """The status shown by a cell's fill colour, or None if it has no RAG-like fill."""
    if fill is None or fill.fill_type in (None, "none"):
        return None
    resolved = color_rgb(fill.fgColor, theme)
    if resolved is None:
        return None
    return rag_from_rgb(*resolved)


def theme_colours(theme_xml: bytes | None) -> list[str]:
    """The workbook's theme colours in theme-index order (falls back to Office's default)."""
    if not theme_xml:
        return DEFAULT_THEME
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(theme_xml)
    except Exception:  # a damaged theme only costs us theme colours
        return DEFAULT_THEME
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f".//{ns}clrScheme")
    if scheme is None:
        return DEFAULT_THEME
    found: dict[str, str] = {}
    for child in scheme:
        name = child.tag.replace(ns, "")
        srgb = child.find(f"{ns}srgbClr")
        sys_clr = child.find(f"{ns}sysClr")
        if srgb is not None:
            found[name] = srgb.get("val", "")
        elif sys_clr is not None:
            found[name] = sys_clr.get("lastClr", "")
    order = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
             "accent5", "accent6", "hlink", "folHlink"]
    return [found.get(name) or DEFAULT_THEME[i] for i, name in enumerate(order)]
