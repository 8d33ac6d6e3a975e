"""Build the machine-made realistic fixtures under tests/fixtures/, so they can be remade.

    python scripts/build_fixtures.py    # single-sheet-rich-2025-26.xlsx and termly/


``single-sheet-rich-2025-26.xlsx`` is a one-sheet plan (no Benchmark column, benchmarks named
by Compass codes in the objectives) carrying what real files carry and careers-xl must keep:
a logo picture, a text box, a note (comment), a hyperlink on an evidence cell, a Lead dropdown
whose list lives on another sheet (``Staff``), the user's own formulas counting the plan's
column B, and an Excel 2010 icon set (3 stars, only expressible in the x14 extension, which
xlsxwriter does not write: it is patched into the sheet XML here). The build is deterministic;
tests/test_fixtures.py checks the file really holds each of these and matches this script.

``termly/huxlow-spring-2025-26.xlsx`` is the Huxlow example as its careers leader left it in
spring: a new Compass result, one action reworded, a lead and an end point changed, a RAG and
an evidence line added (the README's ``careers-xl diff`` session compares the two).
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import xlsxwriter

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
RICH = "single-sheet-rich-2025-26.xlsx"
PLAN = "Plan 2025-26"
PERIODS = ("Action Period 1 (Autumn terms 1 and 2)", "Action Period 2 (Spring terms 1 & 2)",
           "Action Period 3 (Summer terms 1 & 2)")
FIELDS = ("Action", "Lead", "Progress", "End point", "Impact/ Evidence", "RAG", "Evidence list")
STAFF = (("ZCO", "Zoe Correa"), ("JHO", "Jay Holt"), ("GOCA", "Gina Oca"),
         ("SENCO", "Sam Ennis"), ("HT", "Helen Tate"))
# Objective, then per period (action, lead, progress, end point, impact, RAG, evidence);
# a RAG of "#FF0000" is a red fill with no word, as some leaders keep it.
ROWS = [
    ("Every student has a stable careers programme, published on the website. (C1.1)",
     ("Publish the careers programme page", "ZCO", "Draft with SLT", "Oct half term",
      "Parents can find the programme", "G", "Web page"),
     ("Review the programme with governors", "HT", None, "Mar-26", "Governors sign off",
      "A", "Minutes"),
     ("Evaluate the programme with student voice", "ZCO", None, "July 2026",
      "Changes planned for next year", None, "Survey")),
    ("All students learn from labour market information. (C2.1)",
     ("LMI assemblies for Years 9-11", "JHO", "Two of three done", "07.11.25",
      "Students name local growth sectors", "#FF0000", "Assembly slides"),
     ("LMI in tutor time", "JHO", None, "Feb-26", "Tutors confident with LMI", "R",
      "Tutor packs"),
     ("Parents' LMI evening", "GOCA", None, "Summer 2", "Parents informed", None, None)),
    ("Students with SEND get tailored guidance. (C3.2)",
     ("Guidance interviews for every EHCP student", "SENCO", "Booked", "w/c 13/10/25",
      "Every EHCP student has a plan", "Complete", "Interview records"),
     ("Transition visits to colleges", "SENCO", None, "Easter", "Smooth transitions", "A",
      "Visit log"),
     (None, None, None, None, None, None, None)),
    ("Every student meets employers each year. (C5.1)",
     ("Year 10 careers fair with 30 employers", "ZCO/JHO", "Venue booked", "31/03/2026",
      "Every Year 10 student meets 5 employers", "A", "Fair register"),
     ("Mock interviews with employer volunteers", "GOCA", None, "2026-02-06",
      "Students interview with confidence", None, "Feedback forms"),
     ("Employer talks in science lessons", "Heads of Dept", None, "TBC",
      "Science links careers", None, None)),
]
EVIDENCE_LINK = "https://school.example.sharepoint.com/sites/Careers/Evidence/fair-register.pdf"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
ICON_SET_EXT = (
    f'<extLst><ext xmlns:x14="{X14}" uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}">'
    f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}">'
    '<x14:cfRule type="iconSet" priority="1" id="{C1E5F00D-0000-4000-8000-000000000001}">'
    '<x14:iconSet iconSet="3Stars">'
    '<x14:cfvo type="percent"><xm:f>0</xm:f></x14:cfvo>'
    '<x14:cfvo type="percent"><xm:f>33</xm:f></x14:cfvo>'
    '<x14:cfvo type="percent"><xm:f>67</xm:f></x14:cfvo>'
    '</x14:iconSet></x14:cfRule><xm:sqref>C2:C5</xm:sqref></x14:conditionalFormatting>'
    '</x14:conditionalFormattings></ext></extLst>')


def logo_png(width: int = 120, height: int = 48) -> bytes:
    """A small navy-and-gold school crest as a PNG (drawn here, so no binary is vendored)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            gold = abs(x - width // 2) + abs(y - height // 2) < height // 3
            row += bytes((0xC9, 0xA2, 0x27) if gold else (0x1F, 0x38, 0x64))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def _plan_sheet(wb: xlsxwriter.Workbook) -> None:
    ws = wb.add_worksheet(PLAN)
    label = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                           "align": "center"})
    header = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    red = wb.add_format({"bg_color": "#FF0000", "valign": "top"})
    ws.write(0, 0, None, label)
    for p, text in enumerate(PERIODS):
        ws.merge_range(0, 1 + 7 * p, 0, 7 + 7 * p, text, label)
    ws.write(1, 0, "Objective", header)
    for p in range(3):
        for f, name in enumerate(FIELDS):
            ws.write(1, 1 + 7 * p + f, name, header)
    for r, (objective, *periods) in enumerate(ROWS, start=2):
        ws.write(r, 0, objective, wrap)
        for p, values in enumerate(periods):
            for f, value in enumerate(values):
                col = 1 + 7 * p + f
                if isinstance(value, str) and value.startswith("#"):
                    ws.write_blank(r, col, None, red)
                elif value is not None:
                    ws.write(r, col, value, wrap)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 21, 18)
    ws.write_url("H6", EVIDENCE_LINK, wrap, "Fair register", "Open the register")
    ws.write_comment("B3", "Ask the web team for the new template first.", {"author": "ZCO"})
    for col in (2, 9, 16):
        ws.data_validation(2, col, 5, col, {"validate": "list", "source": "=Staff!$A$2:$A$6",
                                            "ignore_blank": True, "error_type": "warning"})
    ws.insert_image("B9", "crest.png", {"image_data": io.BytesIO(logo_png()),
                                        "description": "School crest"})
    ws.insert_textbox("E9", "Notes for SLT: the fair moved to March because of mocks.",
                      {"width": 320, "height": 60, "fill": {"color": "#FFF2CC"}})


def build_rich(path: Path) -> Path:
    """Write the rich single-sheet fixture to ``path`` (same bytes every time)."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as wb:
        wb.set_properties({"title": "Careers plan 2025-26", "author": "Careers Leader",
                           "created": datetime(2025, 9, 1, 8, 0)})
        _plan_sheet(wb)
        staff = wb.add_worksheet("Staff")
        staff.write_row(0, 0, ("Initials", "Name"))
        for r, (initials, name) in enumerate(STAFF, start=1):
            staff.write_row(r, 0, (initials, name))
        summary = wb.add_worksheet("Summary")
        summary.write_row(0, 0, ("What", "Count", "Score"))
        counts = (("Autumn actions", f"=COUNTA('{PLAN}'!B3:B6)", 4),
                  ("Autumn green", f"=COUNTIF('{PLAN}'!G3:G6,\"G\")", 1),
                  ("Spring red", f"=COUNTIF('{PLAN}'!N3:N6,\"R\")", 1),
                  ("Staff", "=COUNTA(Staff!A2:A6)", 5))
        for r, (what, formula, value) in enumerate(counts, start=1):
            summary.write(r, 0, what)
            summary.write_formula(r, 1, formula, None, value)
            summary.write(r, 2, value * 10)
        wb.define_name("PlanActions", f"='{PLAN}'!$B$3:$B$6")
    return _patch_icon_set(buffer.getvalue(), path)


def _patch_icon_set(data: bytes, path: Path) -> Path:
    """Add the x14 3-stars icon set to the Summary sheet (the last element of a worksheet)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, part in parts:
            if info.filename == "xl/worksheets/sheet3.xml":
                part = part.replace(b"</worksheet>", ICON_SET_EXT.encode() + b"</worksheet>")
            target.writestr(info, part)
    path.write_bytes(out.getvalue())
    return path


SPRING = "termly/huxlow-spring-2025-26.xlsx"


def build_spring(path: Path) -> Path:
    """The Huxlow example as it stands in spring (see the module docstring)."""
    import openpyxl

    wb = openpyxl.load_workbook(FIXTURES / "huxlow-master-plan-2025-26.xlsx")
    ws = wb["BM1 Programme"]
    ws["A2"] = "Compass: your institution has met 85% of the assessment areas in Gatsby " \
               "Benchmark 1."
    ws["C7"] = "ZCO"
    ws["E7"] = datetime(2026, 1, 30)
    ws["I7"] = "Link governor completes online governor training and careers visit"
    ws["U6"] = "G"
    ws["V6"] = "Review minutes\nGovernor report March"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    written = build_rich(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES / RICH)
    print(f"wrote {written}")
    if len(sys.argv) == 1:
        print(f"wrote {build_spring(FIXTURES / SPRING)}")
