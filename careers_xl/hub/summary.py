"""The Careers Hub summary workbook (and its CSV / JSON twins) from ``hub.collect``'s tables.

The workbook is for hub staff and their steering group: a Summary sheet with one row per
school (most overdue actions first), RAG-coloured data bars, a red-to-green colour scale on
Compass percentages, a hub totals row of live SUM/AVERAGE formulas (so an edited number
updates the totals), a stacked bar chart of RAG per school (every school labelled) and a
column chart of the hub's Compass per benchmark; one sheet per Gatsby Benchmark comparing
the schools on it; the hub's Compass trend over the years; and the files not read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..errors import OutputError
from ..model import BENCHMARK_TITLES
from ..package.safety import atomic_output
from .refresh import COMPASS_COLUMNS, RAG_COLUMNS, TEXT_COLUMNS, HubData

# Fill colours for RAG headers, data bars and chart series (the shades the writer uses).
RAG_COLOURS = {"Red": "#E06666", "Amber": "#F6B26B", "Green": "#93C47D",
               "Complete": "#6FA8DC", "No RAG": "#CCCCCC"}
HEADER_ROW = 3  # 0-based: the table's header row; data starts on the next row
FORMATS = ("xlsx", "csv", "json")
HEADINGS = {"school": "School", "named from": "Named from", "file": "File", "year": "Year",
            "objectives": "Objectives", "schools": "Schools",
            "actions": "Actions", "overdue": "Overdue", "compass %": "Compass %",
            **{c: c.replace(" %", " Compass %") for c in COMPASS_COLUMNS}}


def summary_format(path: str | Path, fmt: str | None) -> str:
    """The summary's format: ``fmt`` if given, else the file's extension. Raises
    ``OutputError`` when they disagree or the name says no format careers-xl writes."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in FORMATS:
            raise OutputError(f"{path.name}: name the summary hub.xlsx, hub.csv or hub.json "
                              "so careers-xl knows what to write")
        return suffix
    if suffix != fmt:
        raise OutputError(f"{path.name} does not end in .{fmt} but --format is {fmt}: name it "
                          f"{path.stem}.{fmt}, or leave out --format")
    return fmt


def write_table(frame: pd.DataFrame, path: str | Path, fmt: str) -> Path:
    """Write one hub table as ``csv`` or ``json`` (a list of records), atomically."""
    path = Path(path)
    with atomic_output(path) as tmp:
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        elif fmt == "json":
            # pandas' JSON handles NA and numpy ints; re-dumped for readable "2025/26".
            records = json.loads(frame.to_json(orient="records"))
            tmp.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
        else:
            raise OutputError(f"unknown format {fmt!r}: use xlsx, csv or json")
    return path


def write_hub_workbook(data: HubData, path: str | Path) -> Path:
    """Write the hub summary workbook to ``path`` atomically. Raises ``OutputError`` when no
    school could be read (an empty summary would only hide the problem)."""
    if data.schools.empty:
        raise OutputError("no school's plan could be read, so there is nothing to summarise")
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                                  "strings_to_urls": False,
                                                  "strings_to_numbers": False})
        workbook.set_properties({"title": "Careers Hub summary",
                                 "comments": "Written by careers-xl"})
        _Report(workbook, data).write()
        workbook.close()
    return path


class _Report:
    """Writes the sheets of one hub summary workbook."""

    def __init__(self, workbook: Any, data: HubData) -> None:
        self.wb = workbook
        self.data = data
        self.f = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "note": workbook.add_format({"italic": True, "font_color": "#595959"}),
            "head": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1,
                                         "text_wrap": True, "valign": "top"}),
            "text": workbook.add_format({"border": 1}),
            "int": workbook.add_format({"border": 1, "num_format": "0"}),
            "pct": workbook.add_format({"border": 1, "num_format": '0"%"'}),
            "total": workbook.add_format({"bold": True, "top": 2, "bottom": 1,
                                          "num_format": "0", "bg_color": "#F2F2F2"}),
            "total_pct": workbook.add_format({"bold": True, "top": 2, "bottom": 1,
                                              "num_format": '0"%"', "bg_color": "#F2F2F2"}),
            "overdue_hit": workbook.add_format({"bold": True, "font_color": "#9C0006",
                                            "bg_color": "#FFC7CE"}),
            **{rag: workbook.add_format({"bold": True, "border": 1, "bg_color": colour,
                                         "text_wrap": True, "valign": "top"})
               for rag, colour in RAG_COLOURS.items()},
        }

    def write(self) -> None:
        summary = self.wb.add_worksheet("Summary")
        n = len(self.data.schools)
        self._intro(summary, "Careers Hub summary",
                    f"{n} school plan(s), most overdue actions first; overdue as of "
                    f"{self.data.today:%d/%m/%Y}. The Hub row is live formulas (SUM of "
                    "counts, AVERAGE of Compass %).")
        totals = self._table(summary, self.data.schools)
        self._summary_charts(summary, totals)
        benches = self.data.benchmarks
        for number, title in BENCHMARK_TITLES.items():
            ws = self.wb.add_worksheet(f"BM{number}")
            frame = benches[benches["benchmark"].eq(number).fillna(False).astype(bool)] \
                .drop(columns="benchmark")
            self._intro(ws, f"Gatsby Benchmark {number}: {title}",
                        "Each school's Compass result, actions and RAG for this benchmark.")
            totals = self._table(ws, frame.reset_index(drop=True))
            self._compass_chart(ws, totals, frame)
        self._trend()
        if self.data.failures:
            self._failures()

    def _intro(self, ws: Any, title: str, note: str) -> None:
        ws.write_string(0, 0, title, self.f["title"])
        ws.write_string(1, 0, note, self.f["note"])
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        ws.freeze_panes(HEADER_ROW + 1, 1)

    def _table(self, ws: Any, frame: pd.DataFrame) -> int:
        """Write ``frame`` as a formatted table with a Hub totals row; return that row."""
        first, last = HEADER_ROW + 1, HEADER_ROW + len(frame)
        totals = last + 1
        for col, name in enumerate(frame.columns):
            head = self.f.get(name, self.f["head"])
            ws.write_string(HEADER_ROW, col, HEADINGS.get(name, name), head)
            values = frame[name]
            is_pct = name in COMPASS_COLUMNS or name == "compass %"
            for row, value in enumerate(values, start=first):
                if pd.isna(value):
                    ws.write_blank(row, col, None, self.f["pct" if is_pct else "text"])
                elif name in TEXT_COLUMNS:
                    ws.write_string(row, col, str(value), self.f["text"])
                else:
                    ws.write_number(row, col, int(value), self.f["pct" if is_pct else "int"])
            ws.set_column(col, col, _width(name, values))
            cells = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
            if name == "school":
                ws.write_string(totals, col, f"Hub ({len(frame)} schools)", self.f["total"])
            elif name in TEXT_COLUMNS:
                ws.write_blank(totals, col, None, self.f["total"])
            elif is_pct:
                known = values.dropna()
                ws.write_formula(totals, col, f'=IFERROR(AVERAGE({cells}),"")',
                                 self.f["total_pct"], float(known.mean()) if len(known) else "")
                ws.conditional_format(cells, {
                    "type": "3_color_scale", "min_type": "num", "min_value": 0,
                    "mid_type": "num", "mid_value": 50, "max_type": "num", "max_value": 100,
                    "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"})
            else:
                ws.write_formula(totals, col, f"=SUM({cells})", self.f["total"],
                                 int(values.sum()))
                self._bars(ws, name, cells)
        ws.autofilter(HEADER_ROW, 0, last, len(frame.columns) - 1)
        ws.set_row(HEADER_ROW, 45)
        return totals

    def _bars(self, ws: Any, name: str, cells: str) -> None:
        """Data bars in the RAG colour for RAG counts; a red fill for any overdue action."""
        if name in RAG_COLOURS:
            ws.conditional_format(cells, {"type": "data_bar", "bar_color": RAG_COLOURS[name],
                                          "bar_solid": True, "min_type": "num",
                                          "min_value": 0})
        elif name == "actions":
            ws.conditional_format(cells, {"type": "data_bar", "bar_color": "#8EA9DB",
                                          "bar_solid": True, "min_type": "num",
                                          "min_value": 0})
        elif name == "overdue":
            ws.conditional_format(cells, {"type": "cell", "criteria": ">", "value": 0,
                                          "format": self.f["overdue_hit"]})

    def _summary_charts(self, ws: Any, totals: int) -> None:
        """A stacked bar of RAG per school and a column chart of the hub's Compass per BM."""
        columns = list(self.data.schools.columns)
        first, last = HEADER_ROW + 1, totals - 1
        n = last - first + 1
        rag = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for name in RAG_COLUMNS:
            col = columns.index(name)
            rag.add_series({
                "name": ["Summary", HEADER_ROW, col],
                "categories": ["Summary", first, 0, last, 0],
                "values": ["Summary", first, col, last, col],
                "fill": {"color": RAG_COLOURS[name]}, "border": {"color": "#FFFFFF"},
                "gap": 60,
            })
        rag.set_title({"name": "Actions by RAG, per school"})
        rag.set_x_axis({"name": "Actions"})
        rag.set_y_axis(EVERY_SCHOOL)
        rag.set_legend({"position": "bottom"})
        rag.set_size({"width": 720, "height": chart_height(n)})
        ws.insert_chart(totals + 3, 0, rag)

        compass = self.wb.add_chart({"type": "column"})
        c1, c8 = columns.index(COMPASS_COLUMNS[0]), columns.index(COMPASS_COLUMNS[-1])
        compass.add_series({
            "name": "Hub average",
            "categories": ["Summary", HEADER_ROW, c1, HEADER_ROW, c8],
            "values": ["Summary", totals, c1, totals, c8],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True, "num_format": '0"%"'},
        })
        compass.set_title({"name": "Hub average Compass % per Gatsby Benchmark"})
        compass.set_y_axis({"min": 0, "max": 100, "name": "% of assessment areas met"})
        compass.set_legend({"none": True})
        compass.set_size({"width": 620, "height": 320})
        ws.insert_chart(totals + 3, 6 if n < 4 else 8, compass)

    def _compass_chart(self, ws: Any, totals: int, frame: pd.DataFrame) -> None:
        """On a benchmark sheet: each school's Compass % for that benchmark."""
        col = list(frame.columns).index("compass %")
        first, last = HEADER_ROW + 1, totals - 1
        chart = self.wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": [ws.name, HEADER_ROW, col],
            "categories": [ws.name, first, 0, last, 0],
            "values": [ws.name, first, col, last, col],
            "fill": {"color": "#4472C4"}, "gap": 60,
        })
        chart.set_title({"name": f"{ws.name}: Compass % per school"})
        chart.set_x_axis({"min": 0, "max": 100})
        chart.set_y_axis(EVERY_SCHOOL)
        chart.set_legend({"none": True})
        chart.set_size({"width": 720, "height": chart_height(last - first + 1)})
        ws.insert_chart(totals + 3, 0, chart)

    def _trend(self) -> None:
        """The hub's average Compass % per benchmark per year, with a line per benchmark."""
        trend = self.data.compass_trend()
        if trend.empty:
            return
        ws = self.wb.add_worksheet("Compass trend")
        self._intro(ws, "Compass trend across the hub",
                    "The average Compass % per benchmark of the schools that recorded one, "
                    "year by year (from each plan's Compass History and this year's results).")
        for col, name in enumerate(trend.columns):
            ws.write_string(HEADER_ROW, col, HEADINGS.get(name, name), self.f["head"])
            for row, value in enumerate(trend[name], start=HEADER_ROW + 1):
                if name == "year":
                    ws.write_string(row, col, str(value), self.f["text"])
                elif pd.isna(value):
                    ws.write_blank(row, col, None, self.f["pct"])
                else:
                    ws.write_number(row, col, int(value),
                                    self.f["pct" if name in COMPASS_COLUMNS else "int"])
            ws.set_column(col, col, 10)
        first, last = HEADER_ROW + 1, HEADER_ROW + len(trend)
        totals = last + 1
        chart = self.wb.add_chart({"type": "line"})
        for number, column in enumerate(COMPASS_COLUMNS, start=1):
            col = list(trend.columns).index(column)
            chart.add_series({"name": f"BM{number}", "marker": {"type": "circle"},
                              "categories": [ws.name, first, 0, last, 0],
                              "values": [ws.name, first, col, last, col]})
        chart.set_title({"name": "Hub average Compass % by year"})
        chart.set_y_axis({"min": 0, "max": 100})
        chart.set_legend({"position": "right"})
        chart.set_size({"width": 720, "height": 360})
        ws.insert_chart(totals + 3, 0, chart)

    def _failures(self) -> None:
        ws = self.wb.add_worksheet("Not read")
        ws.write_string(0, 0, "Workbooks that could not be read", self.f["title"])
        ws.write_string(1, 0, "They are not in the summary: fix them and run hub-summary again.",
                        self.f["note"])
        ws.write_row(HEADER_ROW, 0, ["File", "Reason"], self.f["head"])
        for row, (path, reason) in enumerate(self.data.failures, start=HEADER_ROW + 1):
            ws.write_string(row, 0, str(path), self.f["text"])
            ws.write_string(row, 1, reason, self.f["text"])
        ws.set_column(0, 0, 40)
        ws.set_column(1, 1, 100)


# A bar chart's school axis: every school labelled (not every other one), first at the top.
EVERY_SCHOOL = {"reverse": True, "interval_unit": 1, "num_font": {"size": 9}}


def chart_height(schools: int) -> int:
    """Pixels for a bar chart with one bar per school: 22 a school, so 40 schools read."""
    return max(320, 110 + 22 * schools)


def _width(name: str, values: pd.Series) -> float:
    """A column width that fits the heading and the longest value, within reason."""
    if name in TEXT_COLUMNS:
        longest = max((len(str(v)) for v in values.dropna()), default=0)
        return min(max(longest, len(HEADINGS.get(name, name))) + 2, 45)
    return 9 if name in COMPASS_COLUMNS else 11

