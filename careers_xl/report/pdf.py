"""Draw the governors' report on one A4 page with reportlab (text, tables and its own charts).

Everything is placed on a fixed grid, so the report is always exactly one page: long lists
are cut with "and N more", long action texts are shortened to their column. No text is
smaller than 9 pt, so the page reads at arm's length.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..errors import OutputError
from ..model import RAG_LABELS, Plan, Rag
from ..package.safety import atomic_output
from ..rules.words import RAG_FILL
from .content import RAG_ORDER, ActionLine, GovernorsReport, governors_report

PAGE_W, PAGE_H = A4
MARGIN = 40.0
RIGHT = PAGE_W - MARGIN
FONT, BOLD = "Helvetica", "Helvetica-Bold"
BODY, SMALL = 11.5, 9.5  # points: body text and the smallest text on the page
ROW = 16.5  # a table row
LINE = 15.5  # a row of a list of actions
NAVY = HexColor("#1F3864")
GREY = HexColor("#404040")
NO_RAG = HexColor("#BFBFBF")
MAX_OVERDUE, MAX_RED, MAX_YEARS = 7, 5, 6
TREND_CHART = 150.0  # points tall
SHORT_TITLES = {1: "Careers programme", 2: "Labour market info", 3: "Each young person",
                4: "Curriculum learning", 5: "Employers", 6: "Workplaces",
                7: "Further & higher ed.", 8: "Personal guidance"}


def rag_colour(rag: Rag | None) -> Color:
    return HexColor(RAG_FILL[rag]) if rag is not None else NO_RAG


def rag_name(rag: Rag | None) -> str:
    return RAG_LABELS[rag] if rag is not None else "No RAG"


def fit(text: str, width: float, font: str = FONT, size: float = BODY) -> str:
    """``text``, shortened at a word with "..." if it is wider than ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    words = text.split()
    while words and stringWidth(" ".join(words) + "...", font, size) > width:
        words.pop()
    shown = " ".join(words) if words else text[: max(1, int(width / size))]
    return shown.rstrip(",;:-") + "..."


class _Page:
    """One report page being drawn, top to bottom."""

    def __init__(self, canvas: Canvas, report: GovernorsReport) -> None:
        self.c, self.r = canvas, report
        self.y = PAGE_H - MARGIN

    def text(self, x: float, y: float, text: str, size: float = BODY, font: str = FONT,
             colour: Color = GREY, right: bool = False) -> None:
        self.c.setFont(font, size)
        self.c.setFillColor(colour)
        if right:
            self.c.drawRightString(x, y, text)
        else:
            self.c.drawString(x, y, text)

    def heading(self, text: str) -> None:
        self.y -= 24
        self.text(MARGIN, self.y, text, 13.5, BOLD, NAVY)
        self.y -= 6
        self.c.setStrokeColor(NAVY)
        self.c.setLineWidth(0.8)
        self.c.line(MARGIN, self.y, RIGHT, self.y)

    def draw(self) -> None:
        r = self.r
        self.y -= 20
        self.text(MARGIN, self.y, fit(r.school, RIGHT - MARGIN, BOLD, 22), 22, BOLD, NAVY)
        self.y -= 20
        self.text(MARGIN, self.y, f"Careers strategic plan {r.year}: report for governors",
                  14, FONT, NAVY)
        people = [f"Careers Leader: {r.careers_leader}" if r.careers_leader else "",
                  f"Link governor: {r.link_governor}" if r.link_governor else "",
                  f"Overdue as of {r.today:%d/%m/%Y}"]
        self.y -= 17
        self.text(MARGIN, self.y, fit("   ·   ".join(p for p in people if p), RIGHT - MARGIN))
        self.benchmarks()
        self.actions(f"Overdue actions ({len(r.overdue)})", r.overdue, MAX_OVERDUE,
                     "No action is overdue.")
        self.actions(f"Red actions ({len(r.red)})", r.red, MAX_RED, "No action is Red.")
        self.trend()
        self.text(MARGIN, MARGIN - 12, f"Made by careers-xl on {r.today:%d/%m/%Y}.", SMALL)

    # -- Compass and RAG per benchmark ----------------------------------------------------
    def benchmarks(self) -> None:
        r = self.r
        self.heading("Gatsby Benchmarks: Compass results and the plan's actions")
        top = self.y
        self.y -= 16
        self.text(MARGIN, self.y, "Compass: % of assessment areas met", BODY, BOLD)
        self.y -= ROW
        this_x, last_x = 268.0, 345.0
        self.text(MARGIN, self.y, "Benchmark", BODY, BOLD)
        self.text(this_x, self.y, r.year, BODY, BOLD, right=True)
        self.text(last_x, self.y, r.last_year or "Last year", BODY, BOLD, right=True)
        for row in r.compass:
            self.y -= ROW
            name = f"BM{row.number} {row.title}"
            if stringWidth(name, FONT, BODY) > this_x - 55 - MARGIN:
                name = f"BM{row.number} {SHORT_TITLES[row.number]}"
            self.text(MARGIN, self.y, fit(name, this_x - 55 - MARGIN))
            self.text(this_x, self.y, f"{row.this_year}%" if row.this_year is not None
                      else "not yet", right=True)
            self.text(last_x, self.y, f"{row.last_year}%" if row.last_year is not None
                      else "not recorded", right=True)
        self._rag_chart(360.0, self.y - 6, RIGHT - 360.0, top - self.y - 4)
        self.y -= 8

    def _rag_chart(self, x: float, y: float, width: float, height: float) -> None:
        r = self.r
        self.text(x, y + height - 12, "Actions by RAG status", BODY, BOLD)
        names = [f"BM{n}" if n else "None" for n in r.rag] or ["BM1"]
        data = [tuple(r.rag[n][rag] for n in r.rag) or (0,) for rag in RAG_ORDER]
        legend = 30.0
        drawing = Drawing(width, height - 18)
        chart = HorizontalBarChart()
        chart.x, chart.y = 34, legend
        chart.width, chart.height = width - 44, height - 18 - legend - 6
        chart.data = data
        chart.categoryAxis.categoryNames = names
        chart.categoryAxis.style = "stacked"
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = SMALL
        most = max((sum(c.values()) for c in r.rag.values()), default=0)
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = max(most, 1)
        chart.valueAxis.valueStep = max(1, math.ceil(most / 5))
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = SMALL
        chart.bars.strokeColor = None
        for i, rag in enumerate(RAG_ORDER):
            chart.bars[i].fillColor = rag_colour(rag)
        drawing.add(chart)
        drawing.drawOn(self.c, x, y)
        self._legend(x, y + 2, [(rag_colour(g), rag_name(g)) for g in RAG_ORDER], width)

    def _legend(self, x: float, y: float, items: list[tuple[Color, str]], width: float) -> None:
        left = x
        for colour, name in items:
            step = 14 + stringWidth(name, FONT, SMALL)
            if left + step > x + width:
                left, y = x, y - 12
            self.c.setFillColor(colour)
            self.c.rect(left, y, 8, 8, stroke=0, fill=1)
            self.text(left + 11, y, name, SMALL)
            left += step + 8

    # -- lists of actions -----------------------------------------------------------------
    def actions(self, title: str, items: list[ActionLine], limit: int, none: str) -> None:
        self.heading(title)
        lead_x, end_x = 388.0, 462.0
        self.y -= 16
        if not items:
            self.text(MARGIN, self.y, none)
            return
        self.text(MARGIN, self.y, "Action", BODY, BOLD)
        self.text(lead_x, self.y, "Lead", BODY, BOLD)
        self.text(end_x, self.y, "End point", BODY, BOLD)
        shown = items if len(items) <= limit else items[:limit - 1]
        for item in shown:
            self.y -= LINE
            where = f"BM{item.benchmark} " if item.benchmark else ""
            self.text(MARGIN, self.y, fit(where + item.text, lead_x - MARGIN - 8))
            self.text(lead_x, self.y, fit(item.leads or "none", end_x - lead_x - 6))
            self.text(end_x, self.y, fit(item.end_point or "none", RIGHT - end_x))
        if len(shown) < len(items):
            self.y -= LINE
            self.text(MARGIN, self.y, f"and {len(items) - len(shown)} more: see careers-xl "
                                      "check or the plan's Dashboard.", BODY, FONT)

    # -- the years History holds -------------------------------------------------------------
    def trend(self) -> None:
        r = self.r
        self.heading("Over the years")
        years = r.years[-MAX_YEARS:]
        top = self.y
        heads = ["Year", "Actions", "Red", "Amber", "Green", "Complete", "Compass"]
        xs = [MARGIN, 150.0, 180.0, 222.0, 264.0, 320.0, 376.0]
        self.y -= 16
        for i, (head, x) in enumerate(zip(heads, xs, strict=True)):
            self.text(x, self.y, head, BODY, BOLD, right=i > 0)
        for row in years:
            self.y -= LINE
            cells = [row.year + (" (so far)" if row.current else ""), str(row.actions),
                     *(str(row.rag[g]) for g in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)),
                     f"{row.compass:.0f}%" if row.compass is not None else "-"]
            for i, (cell, x) in enumerate(zip(cells, xs, strict=True)):
                self.text(x, self.y, cell, right=i > 0)
        self.y -= ROW
        self.text(MARGIN, self.y, "Compass: the average % over the benchmarks recorded.",
                  SMALL)
        closed = sum(1 for y in years if not y.current)
        if closed == 0:
            self.y -= ROW
            self.text(MARGIN, self.y, "History holds no closed year yet: the trend starts "
                                      "after the first rollover.", SMALL)
        if len(years) >= 2:
            height = max(top - self.y, TREND_CHART)
            self._trend_chart(years, 390.0, top - height, RIGHT - 390.0, height - 4)
            self.y = min(self.y, top - height)

    def _trend_chart(self, years: list[Any], x: float, y: float, width: float,
                     height: float) -> None:
        drawing = Drawing(width, height)
        chart = HorizontalLineChart()
        chart.x, chart.y, chart.width, chart.height = 30, 44, width - 40, height - 50
        done = [100 * (y.rag[Rag.GREEN] + y.rag[Rag.BLUE]) / y.actions if y.actions else None
                for y in years]
        chart.data = [[y.compass for y in years], done]
        chart.categoryAxis.categoryNames = [y.year for y in years]
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = SMALL
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = SMALL
        series = [(NAVY, "Compass % (average)"), (HexColor(RAG_FILL[Rag.GREEN]),
                                                 "% actions Green or Complete")]
        for i, (colour, _) in enumerate(series):
            chart.lines[i].strokeColor = colour
            chart.lines[i].strokeWidth = 2
        drawing.add(chart)
        drawing.drawOn(self.c, x, y)
        self._legend(x + 4, y + 14, series, width)


def write_governors_pdf(report: GovernorsReport, path: str | Path) -> Path:
    """Draw ``report`` to the PDF file ``path`` (one A4 page)."""
    canvas = Canvas(str(path), pagesize=A4, invariant=True,
                    pageCompression=1)
    canvas.setTitle(f"{report.school}: careers report for governors {report.year}")
    canvas.setAuthor("careers-xl")
    _Page(canvas, report).draw()
    canvas.showPage()
    canvas.save()
    return Path(path)


def write_report(plan: Plan, path: str | Path, today: date | None = None) -> Path:
    """Write the governors' one-page PDF report on ``plan`` to ``path`` (a .pdf), atomically."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise OutputError(f"{path.name}: the report is a PDF; name it {path.stem}.pdf")
    with atomic_output(path) as tmp:
        write_governors_pdf(governors_report(plan, today), tmp)
    return path
