"""Reading a RAG status from what a person typed, or from the colour they filled the cell with.

People mark RAG as text ("G", "amber", "Complete") or only by colouring the cell, in whatever
shade of red, amber/orange/yellow, green or blue Excel offered them. Colours are classified
by hue, so "Excel red", "dark red" and the pale "Bad" style all read as red.
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

from ..model import Rag
from .words import RAG_WORDS

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
