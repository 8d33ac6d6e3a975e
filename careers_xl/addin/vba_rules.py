"""The add-in's generated VBA module, ``CareersRules``: careers-xl's rules as VBA constants.

Built from :mod:`careers_xl.rules.words` and the tables careers-xl reads plans by (column
names, half-term names, open end points, cover labels, the RAG colour rule), so the macros
follow exactly the rules the Python commands follow (tests/test_addin_parity.py holds them
to it).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Mapping

from ..dates import end_points as dates
from ..dates import terms
from ..model import RAG_LABELS, Rag
from ..read import cover, headers
from ..rules import words as rules

RULES_MODULE = "CareersRules"


RULES_HEADER = (
    "' Generated from careers_xl/rules/words.py \u2014 do not edit (rebuild the add-in instead)."
)


def _vba_string(text: str) -> str:
    """A Python string as a VBA string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _rgb_long(hex_colour: str) -> int:
    """ "#RRGGBB" as the Long VBA's RGB() gives: red + green * 256 + blue * 65536."""
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return red + green * 256 + blue * 65536


def rules_module_source() -> str:
    """The ``CareersRules`` VBA module: the constants of :mod:`careers_xl.rules.words`.

    RAG words are named by their dropdown label (``RAG_COMPLETE`` for Blue). Word lists are
    ``|``-separated strings ("|r|red|...|") because VBA constants cannot be arrays.
    """
    lines = [
        f'Attribute VB_Name = "{RULES_MODULE}"',
        RULES_HEADER,
        "' The RAG words and colours, rollover and check rules the other modules use; the",
        "' careers-xl command line uses the same values, so Excel and Python agree.",
        "Option Explicit",
        "",
        "' RAG words, as offered in every RAG dropdown.",
    ]
    for rag in Rag:
        lines.append(f"Public Const RAG_{_rag_name(rag)} As String = {_vba_string(rag.label)}")
    dropdown = ",".join(rules.RAG_DROPDOWN)
    lines.append(f"Public Const RAG_DROPDOWN As String = {_vba_string(dropdown)}")
    lines += ["", "' Fill and font colours of each RAG status (RGB values as Excel stores them)."]
    for rag in Rag:
        fill, font = rules.RAG_FILL[rag], rules.RAG_FONT[rag]
        lines.append(f"Public Const RAG_FILL_{_rag_name(rag)} As Long = {_rgb_long(fill)} ' {fill}")
        lines.append(f"Public Const RAG_FONT_{_rag_name(rag)} As Long = {_rgb_long(font)} ' {font}")
    lines += ["", "' What a person may type for each status (lower case, dots removed)."]
    for rag in Rag:
        words = "|" + "|".join(rules.RAG_WORDS[rag]) + "|"
        lines.append(f"Public Const RAG_WORDS_{_rag_name(rag)} As String = {_vba_string(words)}")
    lines += ["", "' The same words as keys: lower case, spaces, dots, dashes and slashes removed."]
    for rag in Rag:
        keys = "|" + "|".join(_rag_key(word) for word in rules.RAG_WORDS[rag]) + "|"
        lines.append(f"Public Const RAG_KEYS_{_rag_name(rag)} As String = {_vba_string(keys)}")
    lines += [
        "",
        "' A RAG shown only by a fill colour: the colour's hue, lightness and saturation (HLS,",
        "' 0-1; hue in degrees) say which status it is, as careers_xl/rules/rag.py reads it.",
        f"Public Const RAG_MIN_SATURATION As Double = {RAG_COLOUR_LIMITS['min_saturation']}",
        f"Public Const RAG_MIN_LIGHTNESS As Double = {RAG_COLOUR_LIMITS['min_lightness']}",
        f"Public Const RAG_MAX_LIGHTNESS As Double = {RAG_COLOUR_LIMITS['max_lightness']}",
        "' Hue bands: each status up to (not including) the hue given; the last band ends at 360.",
        f"Public Const RAG_HUE_BANDS As String = {_vba_string(_hue_bands())}",
    ]
    unfinished = "|" + "|".join(RAG_LABELS[rag] for rag in rules.UNFINISHED) + "|"
    lines += [
        "",
        "' Rollover: statuses carried forward with a note, the note ({rag} and {year} are",
        "' filled in), the column that holds it, and how many years dates move.",
        f"Public Const UNFINISHED_RAGS As String = {_vba_string(unfinished)}",
        f"Public Const CARRIED_NOTE As String = {_vba_string(rules.CARRIED_NOTE)}",
        f"Public Const CARRIED_NOTE_COLUMN As String = {_vba_string(rules.CARRIED_NOTE_COLUMN)}",
        f"Public Const ROLLOVER_YEARS As Long = {rules.ROLLOVER_YEARS}",
        "",
        "' Check plan: the wording of each problem ({rag} is filled in).",
        f"Public Const CHECK_EMPTY_LEAD As String = {_vba_string(rules.CHECK_EMPTY_LEAD)}",
        f"Public Const CHECK_OVERDUE As String = {_vba_string(rules.CHECK_OVERDUE)}",
        "Public Const CHECK_GREEN_NO_EVIDENCE As String = "
        + _vba_string(rules.CHECK_GREEN_NO_EVIDENCE),
        f"Public Const CHECK_NO_BENCHMARK As String = {_vba_string(rules.CHECK_NO_BENCHMARK)}",
        "",
        "' End points that are no deadline (dates/end_points.py): whole texts, and first words.",
        f"Public Const OPEN_END_POINTS As String = {_vba_string(_bars(sorted(dates._OPEN)))}",
        f"Public Const OPEN_END_STARTS As String = {_vba_string(_bars(OPEN_END_STARTS))}",
        "",
        "' Cover sheets: sheet names (normalised) and the labels a cover has down column A.",
        f"Public Const COVER_NAMES As String = {_vba_string(_bars(sorted(cover.COVER_NAMES)))}",
        f"Public Const COVER_LABELS As String = {_vba_string(_bars(cover._LABELS))}",
        "",
    ]
    tables = {
        "HeaderFields": (
            "Column headings (normalised) and the column each names (careers_xl/read/headers.py).",
            headers._HEADERS,
        ),
        "TermNames": (
            "Half-term and holiday names (careers_xl/dates/terms.py) and the half-term each means.",
            terms.NAME_KEYS,
        ),
        "BenchmarkWordings": (
            "Each benchmark's wording (normalised, careers_xl/read/headers.py) and its number.",
            {wording: str(number) for wording, number in headers._WORDINGS.items()},
        ),
    }
    # Module variables come before the first procedure, as VBA wants.
    lines += [f"Private {_cache_name(name)} As String" for name in tables] + [""]
    for name, (what, table) in tables.items():
        lines += _table_function(name, what, table)
    return "\n".join(lines) + "\n"


# How careers_xl/rules/rag.py classifies a fill colour, as numbers the add-in's VBA can use: no
# status below this saturation or outside these lightnesses; else by hue band (degrees).
RAG_COLOUR_LIMITS = {"min_saturation": 0.25, "min_lightness": 0.08, "max_lightness": 0.96}


RAG_HUE_BANDS: tuple[tuple[float, Rag | None], ...] = (
    (15, Rag.RED),
    (72, Rag.AMBER),
    (170, Rag.GREEN),
    (265, Rag.BLUE),
    (325, None),
    (360, Rag.RED),
)


# dates/end_points.py: end points whose first word says there is no deadline ("Ongoing ...",
# "TBC", "Termly"), the alternatives of its _OPEN_START pattern written out.
OPEN_END_STARTS = (
    "ongoing", "on going", "on-going", "tbc", "tba", "tbd", "termly", "halftermly",
    "half termly", "half-termly", "weekly", "fortnightly", "monthly", "annual", "annually",
    "yearly", "daily", "asap", "a.s.a.p", "continuous", "continual", "n/a",
)  # fmt: skip


def rag_from_colour(red: int, green: int, blue: int) -> Rag | None:
    """The status a fill colour shows, by :data:`RAG_COLOUR_LIMITS` and :data:`RAG_HUE_BANDS`
    (the add-in's rule; a test holds it to careers_xl/rules/rag.py's)."""
    hue, light, saturation = colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)
    limits = RAG_COLOUR_LIMITS
    if saturation < limits["min_saturation"] or not (
        limits["min_lightness"] <= light <= limits["max_lightness"]
    ):
        return None
    return next(rag for top, rag in RAG_HUE_BANDS if hue * 360 < top)


def _hue_bands() -> str:
    return _bars(f"{top:g}={rag.label if rag else ''}" for top, rag in RAG_HUE_BANDS)


def _rag_key(word: str) -> str:
    """A RAG word as careers_xl/rules/rag.py compares it: no spaces, dots, dashes or slashes."""
    return re.sub(r"[\s.\-_/]+", "", word.lower())


def _bars(words: Iterable[str]) -> str:
    return "|" + "|".join(words) + "|"


def _cache_name(function: str) -> str:
    return f"{function[0].lower()}{function[1:]}Cache"


def _table_function(name: str, what: str, table: Mapping[str, str]) -> list[str]:
    """A VBA function returning a table as "|key=value|key=value|", built once.

    VBA constants cannot be that long, so the text is put together in lines of ~90 characters.
    """
    entries = [f"{key}={value}|" for key, value in table.items()]
    chunks, line = [], "|"
    for entry in entries:
        if len(line) + len(entry) > 90:
            chunks.append(line)
            line = ""
        line += entry
    chunks.append(line)
    cache = _cache_name(name)
    out = [f"' {what}", f"Public Function {name}() As String"]
    out.append(f'    If {cache} = "" Then')
    for chunk in chunks:
        out.append(f"        {cache} = {cache} & {_vba_string(chunk)}")
    out += ["    End If", f"    {name} = {cache}", "End Function", ""]
    return out


def _rag_name(rag: Rag) -> str:
    """The VBA name suffix of a status: its dropdown word in capitals (Blue is COMPLETE)."""
    return rag.label.upper()
