"""Cell formats as the reader needs them: each format's number format (does it show a date, a
time, a duration?) and the colour of its fill, with theme, tint and indexed colours resolved
against the workbook's own theme and palette.
"""

from __future__ import annotations

from lxml import etree

from ..package.styles import BUILTIN_FORMATS
from .values import is_date_or_time_format, is_elapsed_format

Colour = tuple[str, float]  # RRGGBB and tint (-1 darker .. 1 lighter)

# Office 2013+ default theme, in Excel's theme-index order (lt1, dk1, lt2, dk2, accent1..6).
DEFAULT_THEME = (
    "FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31",
    "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72",
)
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink")
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_STRICT_DRAWING = "{http://purl.oclc.org/ooxml/drawingml/main}"
# Excel's default indexed palette (indices 0-63); 64 and 65 are the system colours.
DEFAULT_PALETTE = (
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
    "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
    "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
    "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
    "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
    "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333",
)
_HEX = frozenset("0123456789abcdefABCDEF")


def theme_colours(root: etree._Element | None) -> tuple[str, ...]:
    """A theme part's colour scheme in theme-index order (Office's default where missing)."""
    scheme = None
    if root is not None:
        scheme = next(root.iter(f"{_DRAWING}clrScheme", f"{_STRICT_DRAWING}clrScheme"), None)
    if scheme is None:
        return DEFAULT_THEME
    found: dict[str, str] = {}
    for child in scheme:
        name = etree.QName(child).localname
        for colour in child:
            kind = etree.QName(colour).localname
            if kind == "srgbClr":
                found[name] = colour.get("val", "")
            elif kind == "sysClr":
                found[name] = colour.get("lastClr", "")
    return tuple(found.get(name) or DEFAULT_THEME[i] for i, name in enumerate(_THEME_ORDER))


class CellStyles:
    """The cell formats (``cellXfs``) of a styles part, by the index cells give in ``s``."""

    def __init__(self, root: etree._Element | None, theme: tuple[str, ...] = DEFAULT_THEME
                 ) -> None:
        self.theme = theme
        self.palette: tuple[str, ...] = DEFAULT_PALETTE
        self._formats: list[str] = []  # format index -> number format code
        self._fill_ids: list[int] = []
        self._fills: list[etree._Element | None] = []
        self._colours: dict[int, Colour | None] = {}
        self.date_styles: frozenset[int] = frozenset()  # formats showing dates or times
        self.elapsed_styles: frozenset[int] = frozenset()  # ... elapsed time ([h]:mm)
        if root is not None:
            self._read(root)
        # The formats a reader must remember for a cell: those with a fill or a number format
        # (a cell that is not there, or hidden under a merge, has neither).
        self.kept = frozenset(i for i in range(len(self._formats))
                              if self.fill(i) is not None or self.number_format(i) != "General")

    def _read(self, root: etree._Element) -> None:
        ns = etree.QName(root).namespace or ""

        def items(holder: str) -> list[etree._Element]:
            found = root.find(f"{{{ns}}}{holder}")
            return [e for e in found if isinstance(e.tag, str)] if found is not None else []

        custom = {_int(f.get("numFmtId"), -1): f.get("formatCode", "General")
                  for f in items("numFmts")}
        dates, elapsed = set(), set()
        for index, xf in enumerate(items("cellXfs")):
            fmt_id = _int(xf.get("numFmtId"), 0)
            code = custom[fmt_id] if fmt_id in custom else BUILTIN_FORMATS.get(fmt_id, "General")
            self._formats.append(code)
            self._fill_ids.append(_int(xf.get("fillId"), 0))
            if is_date_or_time_format(code):
                dates.add(index)
            if is_elapsed_format(code):
                elapsed.add(index)
        self.date_styles, self.elapsed_styles = frozenset(dates), frozenset(elapsed)
        self._fills = [next((c for c in fill if isinstance(c.tag, str)), None)
                       for fill in items("fills")]
        colours = root.find(f"{{{ns}}}colors")
        indexed = colours.find(f"{{{ns}}}indexedColors") if colours is not None else None
        if indexed is not None and len(indexed):
            self.palette = tuple((c.get("rgb") or "000000")[-6:].upper() for c in indexed)

    def number_format(self, index: int | None) -> str:
        """The number format code of format ``index`` ("General" when there is none)."""
        if index is None or not 0 <= index < len(self._formats):
            return "General"
        return self._formats[index]

    def fill(self, index: int | None) -> Colour | None:
        """The colour format ``index`` fills its cells with, or None for no fill."""
        if index is None:
            return None
        if index not in self._colours:
            self._colours[index] = self._fill(index)
        return self._colours[index]

    def _fill(self, index: int) -> Colour | None:
        fill_id = self._fill_ids[index] if 0 <= index < len(self._fill_ids) else 0
        pattern = self._fills[fill_id] if 0 <= fill_id < len(self._fills) else None
        if pattern is None or etree.QName(pattern).localname != "patternFill":
            return None  # no fill, or a gradient: no single colour
        if pattern.get("patternType") in (None, "none"):
            return None
        fg = next((c for c in pattern if isinstance(c.tag, str)
                   and etree.QName(c).localname == "fgColor"), None)
        return self.colour(fg) if fg is not None else ("000000", 0.0)

    def colour(self, element: etree._Element) -> Colour | None:
        """A colour element (fgColor, color...) as RRGGBB and tint; None for automatic and
        system colours. Indexed beats theme beats auto beats rgb, as in Excel."""
        tint = _float(element.get("tint"))
        indexed, theme = element.get("indexed"), element.get("theme")
        if indexed is not None:
            number = _int(indexed, -1)
            if 0 <= number < min(len(self.palette), 64):
                return self.palette[number], 0.0
            return None
        if theme is not None:
            number = _int(theme, -1)
            return (self.theme[number], tint) if 0 <= number < len(self.theme) else None
        if element.get("auto") is not None:
            return None
        rgb = element.get("rgb", "00000000")
        if len(rgb) not in (6, 8) or not _HEX.issuperset(rgb):
            return None
        return rgb[-6:].upper(), 0.0


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _float(text: str | None) -> float:
    try:
        return float(text) if text is not None else 0.0
    except ValueError:
        return 0.0
