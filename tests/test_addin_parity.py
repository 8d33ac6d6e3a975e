"""The add-in's macros follow exactly the rules careers-xl follows (issue 13, defect 3).

The macros run in LibreOffice (headless, VBA compatibility), careers-xl runs in Python, on
the same plans: the Huxlow fixture, the realistic Huxlow example, the single-sheet plan,
and plans built here with everything a careers leader does (a RAG shown only by a fill
colour in many shades, RAG words and colours that disagree, end points typed every way,
half-terms with and without a year, objectives merged down, a hidden row, notes with no
action, "Carried forward" columns). Compared:

- end points: how each of ~400 texts is read (kind, due date) and moved on a year;
- RAG colours: the status each fill colour shows;
- Check plan against ``careers-xl check``: the same problems, in the same cells, in the
  same words;
- Roll over against ``careers-xl rollover``: the plan sheets cell by cell (values, and
  whether each RAG cell keeps a fill), the History rows, the Cover.

Every difference left is listed in ``EXPECTED_*`` below with the reason it is right.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from plan_builder import Cell, PlanBook
from test_addin_lo import run_macros

from careers_xl.addin.build import build_addin
from careers_xl.addin.vba_rules import OPEN_END_STARTS, rag_from_colour
from careers_xl.dates import end_points as dates
from careers_xl.dates.end_points import parse_end_point, shift_end_point
from careers_xl.dates.formats import display_date
from careers_xl.model import AcademicYear, cell_ref
from careers_xl.read.plan import read_plan
from careers_xl.rules.checks import check_plan
from careers_xl.rules.rag import rag_from_rgb
from careers_xl.rules.words import UNFINISHED

pytestmark = pytest.mark.libreoffice

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 3, 15)
LATER = date(2026, 11, 23)  # when issue 13 counted 1 problem (macro) against 26 (careers-xl)
Y2025 = AcademicYear(2025)


# --- plans ---------------------------------------------------------------------------------

COLUMNS = ("Action", "Lead(s)", "Progress", "End Point", "Impact / Evidence", "R.A.G",
           "Evidance list")  # fmt: skip


def tricky_plan(path: Path) -> Path:
    """A plan with everything the rules have to get right (see the module docstring)."""
    book = PlanBook()
    book.cover(
        [("School", "Parity High"), ("Academic year", "2025-2026"), ("Careers Leader", "ZCO")],
        title="Parity High Careers Plan 2025-2026",
    )
    t = book.plan_sheet(
        "GB3 Needs",
        title_rows=["GB3 - Addressing the needs of each young person 2025/26",
                    "Compass: your institution has met 62% of the assessment areas"],
        periods=("Autumn Term", "Spring Term", "Summer Term"),
        period_columns=[(*COLUMNS, "Carried forward"), (*COLUMNS, "Carried forward"), COLUMNS],
        after=("Notes",),
    )  # fmt: skip
    t.add(None, {1: {"Action": "Stray action", "Lead(s)": "ZCO", "End Point": "Ongoing"}})
    first = t.add("Every student has a guidance interview (C3.4)", {
        1: {"Action": "Interviews Y11", "Lead(s)": "ZCO and GOCA", "End Point": "w/c 13/1/26",
            "R.A.G": Cell(fill="C00000"), "Evidance list": "\u2022 Register",
            "Progress": "Half done"},
        2: {"Action": "Interviews Y10", "Lead(s)": "", "End Point": "31/03/2026",
            "R.A.G": Cell("Green - on track"), "Evidance list": "- \n*"},
        3: {"Action": "Destinations", "Lead(s)": "GOCA", "End Point": "Summer 2026",
            "R.A.G": Cell(fill="FFC7CE"), "Progress": "Started"},
    })  # fmt: skip
    t.add(None, {
        1: {"Action": "Careers fair", "Lead(s)": "ZCO/JH", "End Point": "by Easter",
            "R.A.G": Cell("On hold", fill="FFC000"), "Carried forward": "old note"},
        2: {"Action": "Mock interviews", "Lead(s)": "-", "End Point": "see notes",
            "R.A.G": Cell("G", fill="FF0000"), "Evidance list": "Feedback forms"},
        3: {"Lead(s)": "JH", "Progress": "waiting"},
    })  # fmt: skip
    last = t.add(None, {
        1: {"Action": "Options evening", "Lead(s)": "and", "End Point": "07.10.26",
            "R.A.G": Cell(fill="FFFF00")},
        2: {"Action": "Parents evening", "Lead(s)": "HT",
            "End Point": Cell(datetime(2026, 3, 1), number_format="mmm-yy"),
            "R.A.G": Cell(fill="C6EFCE"), "Evidance list": "Register"},
        3: {"Action": "Summer school", "Lead(s)": "SENCO",
            "End Point": Cell(datetime(2026, 6, 9), number_format='"w/c "dd/mm/yy'),
            "R.A.G": Cell(fill="7030A0")},
    })  # fmt: skip
    t.merge_down("Objective", first, last)
    t.add("Second objective", {
        1: {"Action": "Assembly", "Lead(s)": "ZCO", "End Point": "13/1",
            "R.A.G": Cell(fill="0070C0"), "Evidance list": "Slides"},
        2: {"Action": "Hidden one", "Lead(s)": "ZCO & JH", "End Point": "Autumn 2 2025/26",
            "R.A.G": Cell("Complete"), "Progress": "done"},
        3: {"Action": "Leap day", "Lead(s)": "ZCO", "End Point": "29.02.28",
            "R.A.G": Cell("amber", fill="FFA500")},
    }, hidden=True)  # fmt: skip
    t.add(None, row_level={"Notes": "Remember the budget"})
    t.add("Third objective", {
        1: {"Action": "Real date", "Lead(s)": "ZCO",
            "End Point": Cell(datetime(2025, 11, 28), number_format="dd/mm/yyyy"),
            "R.A.G": Cell("R")},
        2: {"Action": "No year", "Lead(s)": "ZCO", "End Point": "March", "R.A.G": Cell("A")},
        3: {"Action": "Term year", "Lead(s)": "ZCO", "End Point": "Spring 1 2025/26",
            "R.A.G": Cell(fill="00B050")},
    })  # fmt: skip
    book.sheet("Notes 2025-26", [["Our own notes for 2025/26"]])
    return book.save(path)


def untitled_plan(path: Path) -> Path:
    """No Cover and no year in any title: the year comes from the end point dates."""
    book = PlanBook()
    t = book.plan_sheet("Plan", title_rows=["Our careers plan"])
    t.add("Objective one", {
        1: {"Action": "Fair", "Lead": "ZCO", "End point": "Nov-25", "RAG": Cell(fill="FF0000")},
        2: {"Action": "Talks", "Lead": "ZCO", "End point": "Feb-26", "RAG": "Amber"},
        3: {"Action": "Review", "Lead": "ZCO", "End point": "Easter", "RAG": "G"},
    })  # fmt: skip
    return book.save(path)


PLANS = {
    "huxlow": lambda tmp: FIXTURES / "huxlow-master-plan-2025-26.xlsx",
    "realistic": lambda tmp: FIXTURES / "realistic-huxlow-2025-26.xlsx",
    "single-sheet": lambda tmp: FIXTURES / "single-sheet-plan-2025-26.xlsx",
    "tricky": lambda tmp: tricky_plan(tmp / "tricky-2025-26.xlsx"),
    "untitled": lambda tmp: untitled_plan(tmp / "untitled.xlsx"),
}


@pytest.fixture(scope="module")
def addin_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parity")


# --- end points and RAG colours ------------------------------------------------------------


def end_point_samples() -> list[str]:
    """End points as careers leaders type them (tests/test_dates.py's and more), and ~200
    made up at random from the same pieces."""
    fixed = [
        "Mar-26", "Mar 26", "March 2026", "July 2026", "Jul-26", "Feb-28", "03/2026",
        "Sept 2025", "mar-26", "MARCH 2026", "07.10.26", "7.1.26", "07.10.2026", "31/03/2026",
        "31/3/26", "31-03-2026", "2026-02-06", "6 Feb 2026", "6th February 2026", "06-Feb-26",
        "Fri 6 Feb 2026", "February 6, 2026", "by 31/03/2026", "end of March 2026",
        "w/c 13/1/26", "W/C 13.01.26", "week commencing 13/1/26", "wc 12 Jan 2026",
        "  Mar-26 \n", "6  Feb 2026", "13/1", "March", "Oct", "6 Feb", "31/02/2026", "30.02.26",
        "32/1/26", "1/13/26", "2026-13-01", "31 Feb 2026", "Smarch 2026", "hello", "Year 10",
        "2026", "1.5", "w/c March 2026", "see notes", "?", "Ongoing", "On-going", "tbc.", "N/A",
        "ASAP", "Termly", "Annually", "Each term", "Throughout the year", "-",
        "Ongoing - reviewed termly", "TBC (after SLT meeting)", "Autumn 1", "autumn1",
        "Autumn Term 1", "October half-term", "HT1", "Autumn 2", "Autumn", "Christmas",
        "Autumn 1 & 2", "Term 1", "February half term", "Spring term", "Easter", "Whitsun",
        "Summer 2", "End of year", "end of the summer term", "by Easter", "before Oct half term",
        "by end of Spring 1", "by the end of the autumn term", "Term 3", "Autumn 2 2025",
        "Summer 2026", "Spring 1 2025/26", "by Spring 1 (2025-26)", "Autumn 2026",
        "Summer 2 2025/27", "Oct half term", "29/02/2028", "29.02.28", "w/c Mon 2nd March 2026",
        "  26", "26", "Tuesday 13th January 2026", "Tues 13 Jan 26", "13th of March 2026",
        "13th March", "2026-03-31 00:00", "2026-03-31T00:00:00", "due by 13/1/26",
        "deadline: 13/1/26", "no later than 1st April 2026", "before the end of March 2026",
        "till 3/2026", "Week beginning 2/3/26", "w.c. 2/3/26", "w / c 2/3/26", "W/B 2 March 2026",
        "Mar. 2026", "Mar.-26", "SEPT 2026", "sEp 2026", "WEDNESDAY 1ST APRIL 2026", "1 Apr",
        "half term 4", "HT 5", "Aut 2", "end of academic year", "Christmas (2025)",
        "Easter 2025-2026", "n/a - see notes", "annually review", "\u2014",
        "July 2026 (provisional)", "March-April 2026", "Monday, 13 January 2026", "11/2026",
        "31.12.25", "2025/26",
    ]  # fmt: skip
    rng = random.Random(13)
    months = ["Jan", "JAN", "January", "january", "Sept", "Sep", "MARCH", "May", "June", "july"]
    days = ["Mon", "Tue", "Tues", "Weds", "Thur", "Thurs", "Friday", "Sat", "monday"]
    prefixes = ["", "", "", "w/c ", "W/C ", "by ", "end of ", "due ", "week commencing ", "wb "]
    out = list(fixed)
    for _ in range(200):
        d, m = rng.randint(1, 31), rng.randint(1, 12)
        y = rng.choice([25, 26, 27, 28, 2025, 2026, 2027, 2028])
        dd, mm, sep = (
            str(d).zfill(rng.choice([1, 2])),
            str(m).zfill(rng.choice([1, 2])),
            rng.choice("/.-"),
        )
        full = 2000 + y if y < 100 else y
        text = rng.choice([
            f"{dd}{sep}{mm}{sep}{y}", f"{dd} {rng.choice(months)} {y}",
            f"{rng.choice(months)}{rng.choice(['-', ' ', '. ', ''])}{y}",
            f"{rng.choice(days)} {dd}{sep}{mm}{sep}{y}",
            f"{d}{rng.choice(['st', 'nd', 'rd', 'th', 'TH'])} {rng.choice(months)} {y}",
            f"{rng.choice(months)} {d}, {full}", f"{dd}/{mm}", f"{mm}{sep}{full}",
            f"{rng.choice(['Autumn', 'Spring', 'Summer'])} {rng.choice([1, 2])} "
            f"{rng.choice(['2025', '2026', '2025/26', '2026-27', '(2025-26)'])}",
        ])  # fmt: skip
        out.append(rng.choice(prefixes) + text)
    return out


def _summary(text: str, year: AcademicYear | None) -> str:
    end = parse_end_point(text, year)
    return f"{end.kind}|{end.due.isoformat() if end.due else ''}|{end.text or ''}"


def _moved(text: str) -> str:
    """The rollover's new text: careers-xl writes a moved end point only when it changed."""
    end = parse_end_point(text, Y2025)
    moved = shift_end_point(end)
    return moved.text if moved.text is not None and moved.text != end.text else text


def colour_samples() -> list[tuple[int, int, int]]:
    rng = random.Random(6)
    named = [(0xFF, 0, 0), (0xC0, 0, 0), (0xFF, 0xC7, 0xCE), (0xFF, 0xC0, 0), (0xFF, 0xA5, 0),
             (0xFF, 0xFF, 0), (0, 0xB0, 0x50), (0xC6, 0xEF, 0xCE), (0, 0x70, 0xC0),
             (0x5B, 0x9B, 0xD5), (0x70, 0x30, 0xA0), (0xD9, 0xD9, 0xD9), (0, 0, 0),
             (0xFF, 0xFF, 0xFF), (0xF2, 0xF2, 0xF2), (0x1F, 0x38, 0x64)]  # fmt: skip
    return named + [
        (rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(300)
    ]


def _long(rgb: tuple[int, int, int]) -> str:
    """A colour as VBA's RGB() Long (red + green * 256 + blue * 65536), as text."""
    return str(rgb[0] + rgb[1] * 256 + rgb[2] * 65536)


def test_open_end_point_words_are_dates_py() -> None:
    """The add-in's "no deadline" first words are the alternatives of dates.py's pattern: if
    that pattern changes, OPEN_END_STARTS in careers_xl/addin/build.py must change with it."""
    assert dates._OPEN_START.pattern == (
        r"(?:on[\s\-]?going|tb[cad]|termly|half[\s\-]?termly|weekly|fortnightly|monthly|annual"
        r"|annually|yearly|daily|asap|a\.s\.a\.p|continuous|continual|n/a)\b"
    )
    for word in OPEN_END_STARTS:
        assert dates._OPEN_START.fullmatch(word), word


def test_rag_colour_rule_is_rag_py() -> None:
    """The hue table the add-in's VBA is generated from says what careers_xl/rules/rag.py says."""
    grid = [
        (r, g, b) for r in range(0, 256, 15) for g in range(0, 256, 15) for b in range(0, 256, 15)
    ]
    for rgb in grid + colour_samples():
        expected = rag_from_rgb("".join(f"{v:02X}" for v in rgb))
        assert rag_from_colour(*rgb) == expected, rgb


@pytest.fixture(scope="module")
def pure_results(addin_folder: Path) -> dict[str, list[Any]]:
    """One LibreOffice session: every end point sample read and moved, every colour judged."""
    xlsm = build_addin(
        addin_folder / "pure.xlsm", xlsm_plan=FIXTURES / "huxlow-master-plan-2025-26.xlsx"
    )
    texts, colours = end_point_samples(), colour_samples()
    calls: list[tuple[str, list[Any]]] = []
    for text in texts:
        calls += [("CareersDates.EndPointSummary", [text, "2025"]),
                  ("CareersDates.EndPointSummary", [text, "0"]),
                  ("CareersShift.ShiftEndText", [text, "1", "2025"])]  # fmt: skip
    calls += [("CareersRag.RagOfColour", [_long(rgb)]) for rgb in colours]
    results = run_macros(xlsm, calls, addin_folder / "pure.xlsx")
    n = len(texts)
    return {
        "read 2025/26": results[0 : 3 * n : 3],
        "read, no year": results[1 : 3 * n : 3],
        "moved": results[2 : 3 * n : 3],
        "colours": results[3 * n :],
    }


def test_end_points_are_read_as_careers_xl_reads_them(pure_results: dict[str, list[Any]]) -> None:
    texts = end_point_samples()
    expected = [_summary(text, Y2025) for text in texts]
    assert dict(zip(texts, pure_results["read 2025/26"], strict=True)) == dict(
        zip(texts, expected, strict=True)
    )
    expected = [_summary(text, None) for text in texts]
    assert dict(zip(texts, pure_results["read, no year"], strict=True)) == dict(
        zip(texts, expected, strict=True)
    )


def test_end_points_move_on_as_careers_xl_moves_them(pure_results: dict[str, list[Any]]) -> None:
    texts = end_point_samples()
    assert dict(zip(texts, pure_results["moved"], strict=True)) == {t: _moved(t) for t in texts}


def test_rag_colours_read_as_careers_xl_reads_them(pure_results: dict[str, list[Any]]) -> None:
    colours = colour_samples()
    expected = []
    for rgb in colours:
        rag = rag_from_rgb("".join(f"{v:02X}" for v in rgb))
        expected.append(rag.label if rag else "")
    assert dict(zip(colours, pure_results["colours"], strict=True)) == dict(
        zip(colours, expected, strict=True)
    )


# --- Check plan and Roll over, on whole plans ---------------------------------------------

# Problems careers-xl reports and Check plan does not, each with the reason that is right.
EXPECTED_ONLY_IN_CAREERS_XL_CHECK = {
    re.compile(r"cannot be carried into the refreshed workbook\.$"): (
        "careers-xl warns that a picture, shape, chart, sparkline or data bar may not survive "
        "what it writes; Check plan writes nothing but its Check results sheet, so nothing "
        "of the plan is at risk and there is nothing to warn about"
    ),
}


@pytest.fixture(scope="module")
def macro_runs(addin_folder: Path) -> dict[str, tuple[Path, list[Any], Path]]:
    """Each plan as the macros leave it: Check plan (as of TODAY), then Roll over, in one
    LibreOffice session per plan: (the plan, what the macros returned, the result)."""
    runs = {}
    for name, make in PLANS.items():
        plan = make(addin_folder)
        xlsm = build_addin(addin_folder / f"{name}.xlsm", xlsm_plan=plan)
        calls: list[tuple[str, list[Any]]] = [
            ("CareersCheck.CheckWorkbookAsOf", [LATER.isoformat()]),
            ("CareersCheck.CheckWorkbookAsOf", [TODAY.isoformat()]),
            ("CareersRollover.RolloverWorkbook", []),
        ]
        out = addin_folder / f"{name}-macros.xlsx"
        runs[name] = (plan, run_macros(xlsm, calls, out), out)
    return runs


def _problem_key(cell: str | None, message: str) -> tuple[str, str, str]:
    if cell is None:
        return ("", "", message)
    sheet, _, coordinate = cell.rpartition("!")
    return (sheet.strip("'").replace("''", "'"), coordinate, message)


@pytest.mark.parametrize("name", list(PLANS))
def test_check_plan_finds_what_careers_xl_check_finds(
    name: str, macro_runs: dict[str, tuple[Path, list[Any], Path]]
) -> None:
    plan, results, out = macro_runs[name]
    expected = Counter(_problem_key(p.cell, p.message) for p in check_plan(read_plan(plan), TODAY))
    report = openpyxl.load_workbook(out)["Check results"]
    found = Counter(
        (str(row[3] or ""), str(row[4] or ""), str(row[1]))
        for row in report.iter_rows(min_row=4, values_only=True)
        if row[1]
    )
    assert results[1] == sum(found.values())
    later = check_plan(read_plan(plan), LATER)
    explained = [
        p for p in later if not any(e.search(p.message) for e in EXPECTED_ONLY_IN_CAREERS_XL_CHECK)
    ]
    assert results[0] == len(explained)  # the same count on another day too
    assert found - expected == Counter()  # the macro finds nothing careers-xl does not
    for sheet, cell, message in expected - found:
        assert any(p.search(message) for p in EXPECTED_ONLY_IN_CAREERS_XL_CHECK), (
            sheet,
            cell,
            message,
        )
    for row in report.iter_rows(min_row=4):
        if row[3].value:  # a link to the cell the problem is in
            where = cell_ref(str(row[3].value), str(row[4].value))
            assert row[0].value == f'=HYPERLINK("#{where}","{where}")'


@pytest.fixture(scope="module")
def careers_xl_rollovers(
    addin_folder: Path, macro_runs: dict[str, tuple[Path, list[Any], Path]]
) -> dict[str, Path]:
    """Each plan rolled over by `careers-xl rollover`."""
    outs = {}
    for name, (plan, _, _) in macro_runs.items():
        out = addin_folder / f"{name}-careers-xl.xlsx"
        done = subprocess.run(
            [sys.executable, "-m", "careers_xl", "rollover", str(plan), "-o", str(out)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outs[name] = out
    return outs


def _fill(cell: Any) -> str | None:
    return (
        str(cell.fill.fgColor.rgb)
        if cell.fill is not None and cell.fill.fill_type == "solid"
        else None
    )


# Cells of the plan sheets and the Cover that may differ between the two rollovers, each
# with the reason that is right. Everything else (every value, every RAG fill) is the same.
EXPECTED_ROLLOVER_DIFFERENCES = {
    "typed end point": (
        "a typed end point moved on: the macro types the new one the same way ('Mar-27', "
        "'w/c 12/1/27'); careers-xl, which also refreshes the plan as `update` does, stores it "
        "as a real date whose number format shows exactly that text (both look the same)"
    ),
}


def _explained(original: Any, macro: Any, careers_xl: Any) -> str | None:
    """Which EXPECTED_ROLLOVER_DIFFERENCES explains a cell that differs, or None.

    Both are judged by what the careers leader sees: the value, and whether it is filled.
    """
    if isinstance(careers_xl.value, datetime) and isinstance(macro.value, str):
        if display_date(careers_xl.value.date(), careers_xl.number_format) == macro.value:
            return "typed end point"
    return None


def _without_link(row: tuple[Any, ...], links: set[str]) -> list[Any]:
    """A History row of careers-xl's as the macro writes it when run in LibreOffice.

    Both add an evidence cell's hyperlink to History as a last evidence line (the cell loses
    it for the new year), and in Excel the macro sees it (Range.Hyperlinks). LibreOffice's
    VBA does not show a cell's hyperlinks to macros (Hyperlinks.Count is 0 there), so the
    macro run here records the evidence text alone: that one line is the expected difference.
    """
    out = list(row)
    lines = str(out[9]).split("\n") if out[9] else []
    if lines and lines[-1] in links:
        out[9] = "\n".join(lines[:-1]) or None
    return out


@pytest.mark.parametrize("name", list(PLANS))
def test_roll_over_does_what_careers_xl_rollover_does(
    name: str,
    macro_runs: dict[str, tuple[Path, list[Any], Path]],
    careers_xl_rollovers: dict[str, Path],
) -> None:
    plan, results, out = macro_runs[name]
    assert results[2] == ""
    before = read_plan(plan)
    original = openpyxl.load_workbook(plan)
    macro, careers_xl = (
        openpyxl.load_workbook(out),
        openpyxl.load_workbook(careers_xl_rollovers[name]),
    )
    sheets = [sheet.name for sheet in before.sheets] + (
        [before.cover_sheet] if before.cover_sheet else []
    )
    differences: dict[str, str] = {}
    for sheet in sheets:
        ours, theirs, old = macro[sheet], careers_xl[sheet], original[sheet]
        for row in range(1, max(ours.max_row, theirs.max_row) + 1):
            for col in range(1, max(ours.max_column, theirs.max_column) + 1):
                a, b = ours.cell(row, col), theirs.cell(row, col)
                if a.value == b.value and _fill(a) == _fill(b):
                    continue
                reason = _explained(old.cell(row, col), a, b)
                assert reason is not None, (
                    f"{sheet}!{a.coordinate}: macro {a.value!r} ({_fill(a)}), "
                    f"careers-xl {b.value!r} ({_fill(b)})"
                )
                differences[f"{sheet}!{a.coordinate}"] = reason
    assert set(differences.values()) <= set(EXPECTED_ROLLOVER_DIFFERENCES)
    history = [list(row) for row in macro["History"].iter_rows(values_only=True)]
    links = {cell.hyperlink.target or cell.hyperlink.location for sheet in before.sheets
             for row in original[sheet.name].iter_rows() for cell in row if cell.hyperlink}
    ours = [_without_link(row, links) for row in careers_xl["History"].iter_rows(values_only=True)]
    assert history == ours
    assert len(history) == 1 + sum(1 for _ in before.actions)
    carried = sum(1 for a in before.actions if a.rag in UNFINISHED)
    notes = [
        cell.value
        for sheet in before.sheets
        for row in macro[sheet.name].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("Carried forward: ")
    ]
    assert len(notes) == carried
