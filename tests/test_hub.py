"""A Careers Hub folder: batch refresh (``careers-xl refresh``) and the hub summary
(``careers-xl hub-summary``), on the shared examples, variants of them and broken files."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cells import cell_differences
from click.testing import CliRunner
from conftest import FIXTURES
from libreoffice import recalculated_values, requires_libreoffice, sheet_page
from lxml import etree

from careers_xl import CareersXLError, Rag, read_plan
from careers_xl.cli import cli
from careers_xl.hub.refresh import (
    COMPASS_COLUMNS,
    RAG_COLUMNS,
    collect,
    find_workbooks,
    refresh_folder,
    summary,
)
from careers_xl.report.export import plan_to_dict
from careers_xl.rules.checks import check_plan, is_overdue
from careers_xl.workflows import update_workbook

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SINGLE = FIXTURES / "single-sheet-plan-2025-26.xlsx"
TODAY = date(2026, 3, 1)
GOOD = [
    "huxlow-master-plan-2025-26.xlsx",
    "single-sheet-plan-2025-26.xlsx",
    "trelawny-plan-2025-26.xlsx",
    "north/area 2/single-sheet-plan-2025-26.xlsx",
]
BROKEN = {"truncated.xlsx": "incomplete", "exported.xlsx": "CSV"}


def build_hub(folder: Path) -> Path:
    """A hub folder: both examples, a renamed school, a nested copy, a lock file, two broken."""
    folder.mkdir(parents=True)
    shutil.copy(HUXLOW, folder / GOOD[0])
    shutil.copy(SINGLE, folder / GOOD[1])
    wb = openpyxl.load_workbook(HUXLOW)
    wb["Cover"]["B3"] = "Trelawny School"
    wb["Cover"]["A1"] = "Trelawny School - Strategic Careers Plan 2025/26"
    wb.save(folder / GOOD[2])
    (folder / GOOD[3]).parent.mkdir(parents=True)
    shutil.copy(SINGLE, folder / GOOD[3])
    (folder / "~$huxlow-master-plan-2025-26.xlsx").write_bytes(b"\x00lock owner")
    data = HUXLOW.read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "exported.xlsx").write_text("School,Action,RAG\nHuxlow,Careers fair,Green\n")
    return folder


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hub(tmp_path_factory.mktemp("hub") / "schools")


def changed_by_update(source: Path, tmp_path: Path) -> dict[str, set[tuple[int, int]]]:
    """The cells ``careers-xl update`` changes on purpose in ``source`` (run on its own)."""
    target = tmp_path / "alone" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    return update_workbook(source, target).report.changed


def run(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ------------------------------------------------------------------------------------- refresh


def test_refresh_writes_and_verifies_good_ones_and_lists_broken(hub, tmp_path):
    out = tmp_path / "refreshed"
    result = run("refresh", hub, "-o", out, "--jobs", "2")
    assert result.exit_code == 1, result.output
    for name in GOOD:
        assert (out / name).is_file(), name
        changed = changed_by_update(hub / name, tmp_path / name)
        assert cell_differences(hub / name, out / name, changed) == []
        # ... and the cells it did change are changed just as `careers-xl update` would.
        alone = tmp_path / name / "alone" / Path(name).name
        assert cell_differences(alone, out / name, {}) == []
        # Nothing but cells (no sheet renamed, no column inserted): same sheets, same places.
        assert set(read_plan(out / name).owned_sheets.values()) >= {"dashboard", "lists"}
    assert read_plan(out / GOOD[2]).school == "Trelawny School"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx")) == sorted(GOOD)
    assert "4 refreshed and verified, 2 failed" in result.output
    text = " ".join(result.output.split())
    for name, reason in BROKEN.items():
        assert name in text and reason in text
    assert "~$" not in result.output and result.output.count("failed:") == 2
    assert "Trelawny School" in result.output and "Huxlow Academy" in result.output


def test_refresh_results_from_the_library(hub, tmp_path):
    started: list[int] = []
    done: list[str] = []
    results = refresh_folder(hub, tmp_path / "out", jobs=1, on_start=started.append,
                             on_done=lambda r: done.append(str(r.source)))
    assert started == [6] and sorted(done) == sorted(str(r.source) for r in results)
    by_file = {r.source.as_posix(): r for r in results}
    huxlow = read_plan(HUXLOW)
    first = by_file[GOOD[0]]
    assert first.ok and first.status == "ok" and first.school == "Huxlow Academy"
    assert (first.objectives, first.actions) == (len(huxlow.objectives), len(huxlow.actions))
    assert first.problems == len(check_plan(huxlow)) > len(huxlow.problems)  # check's count
    assert not by_file["exported.xlsx"].ok and by_file["exported.xlsx"].output is None
    assert by_file["exported.xlsx"].status.startswith("failed: looks like a CSV")


def test_one_and_two_jobs_give_the_same_outputs(hub, tmp_path):
    one = refresh_folder(hub, tmp_path / "one", jobs=1)
    two = refresh_folder(hub, tmp_path / "two", jobs=2)
    strip = [(r.source, r.school, r.objectives, r.actions, r.problems, r.error) for r in one]
    assert strip == [(r.source, r.school, r.objectives, r.actions, r.problems, r.error)
                     for r in two]
    for name in GOOD:
        assert (plan_to_dict(read_plan(tmp_path / "one" / name))
                == plan_to_dict(read_plan(tmp_path / "two" / name)))


def test_refresh_never_overwrites_inputs(hub, tmp_path):
    result = run("refresh", hub, "-o", hub)
    assert result.exit_code == 1
    assert "output folder is the input folder" in result.output
    # An output folder inside the input folder is never read back as input.
    folder = build_hub(tmp_path / "inside")
    for _ in range(2):
        result = run("refresh", folder, "-o", folder / "refreshed", "--jobs", "1")
        assert "4 refreshed and verified, 2 failed" in result.output
    assert not (folder / "refreshed" / "refreshed").exists()
    # An output that is a link to an input is refused before anything is written.
    linked = tmp_path / "linked"
    (linked / "north" / "area 2").mkdir(parents=True)
    (linked / GOOD[0]).symlink_to(hub / GOOD[0])
    result = run("refresh", hub, "-o", linked)
    assert result.exit_code == 1 and "would overwrite the input workbook" in result.output
    assert not (linked / GOOD[1]).exists()


HUB_TEMPLATE = """
extends = "gatsby-2018"

[period_labels]
1 = "Autumn Term"
2 = "Spring Term"
3 = "Summer Term"

[column_labels]
lead = "Lead(s)"
rag = "R.A.G"
"""


def all_cells(path: Path) -> dict[tuple[str, str], object]:
    return {(ws.title, cell.coordinate): cell.value
            for ws in openpyxl.load_workbook(path).worksheets
            for row in ws.iter_rows() for cell in row if cell.value is not None}


def test_refresh_in_a_template(hub, tmp_path):
    """A hub's own template (a file extending gatsby-2018): every heading it rewords is
    reworded in the output, cell by cell, and nothing else differs from a plain refresh but
    the template's companion sheets, added after the school's own."""
    template = tmp_path / "our-hub.toml"
    template.write_text(HUB_TEMPLATE, encoding="utf-8")
    result = run("refresh", hub, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 1
    assert "4 refreshed and verified, 2 failed" in result.output
    refresh_folder(hub, tmp_path / "plain", jobs=1)
    new_labels = {1: "Autumn Term", 2: "Spring Term", 3: "Summer Term"}
    for name in GOOD:
        source, plain, out = hub / name, tmp_path / "plain" / name, tmp_path / "out" / name
        plan = read_plan(source)
        expected: dict[tuple[str, str], object] = {}
        for sheet in plan.sheets:
            ws = openpyxl.load_workbook(source)[sheet.name]
            for period, cols in sheet.columns.items():
                expected[(sheet.name, ws.cell(sheet.header_row, cols["lead"]).coordinate)] = \
                    "Lead(s)"
                expected[(sheet.name, ws.cell(sheet.header_row, cols["rag"]).coordinate)] = \
                    "R.A.G"
                for cell in ws[sheet.header_row - 1]:  # the period's label, above its columns
                    if cell.value == sheet.period_labels[period]:
                        expected[(sheet.name, cell.coordinate)] = new_labels[period]
            if sheet.benchmark == 3:
                expected[(sheet.name, "A1")] = \
                    "Gatsby Benchmark 3: Addressing the needs of each pupil"
        bm3 = next(c for c, v in all_cells(plain).items()
                   if c[0] == "Dashboard" and v == read_plan(plain).benchmarks[3].title)
        expected[bm3] = "Addressing the needs of each pupil"
        before, after = all_cells(plain), all_cells(out)
        companions = [s for s in openpyxl.load_workbook(out).sheetnames
                      if s not in openpyxl.load_workbook(plain).sheetnames]
        assert companions == ["Strategic Plan", "Programme by Year", "Strategy Checklist",
                              "Encounter Checklist", "SWOT", "Learning Outcomes"], name
        differences = {cell: after.get(cell) for cell in before.keys() | after.keys()
                       if cell[0] not in companions and before.get(cell) != after.get(cell)}
        assert differences == expected, name
        assert len(expected) > 8  # headings of every period really were reworded
    result = run("refresh", hub, "-o", tmp_path / "out", "--template", "no-such-template")
    assert result.exit_code == 1 and "no-such-template" in result.output


def test_refresh_empty_folder(tmp_path):
    result = run("refresh", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "no .xlsx or .xlsm workbooks" in result.output


# ------------------------------------------------------------------------------- hub summary


def expected_row(path: Path) -> dict[str, object]:
    """What the summary should say about one school, counted here straight from read_plan."""
    plan = read_plan(path)
    acts = plan.actions
    row: dict[str, object] = {
        "school": plan.school or path.stem, "year": "2025/26",
        "objectives": len(plan.objectives), "actions": len(acts),
        "Red": sum(a.rag is Rag.RED for a in acts), "Amber": sum(a.rag is Rag.AMBER for a in acts),
        "Green": sum(a.rag is Rag.GREEN for a in acts),
        "Complete": sum(a.rag is Rag.BLUE for a in acts),
        "No RAG": sum(a.rag is None for a in acts),
        "overdue": sum(is_overdue(a, TODAY) for a in acts),
    }
    for n in range(1, 9):
        bench = plan.benchmarks.get(n)
        row[f"BM{n} %"] = bench.compass_percent if bench else None
    return row


def test_summary_numbers_match_read_plan(hub):
    frame = summary([hub / name for name in GOOD], today=TODAY)
    assert sorted(frame["file"]) == sorted(Path(name).name for name in GOOD)
    assert list(frame["overdue"]) == sorted(frame["overdue"], reverse=True), "most overdue first"
    by_file = {row["file"]: row for _, row in frame.iterrows()}
    for name in GOOD[:3]:
        got, want = by_file[Path(name).name], expected_row(hub / name)
        assert {k: (None if pd.isna(got[k]) else got[k]) for k in want} == want
    huxlow = by_file[GOOD[0]]
    assert huxlow["Red"] == 3 and huxlow["BM5 %"] == 88
    assert {r["school"]: r["named from"] for r in by_file.values()} == {
        "Huxlow Academy": "Cover", "Trelawny School": "Cover",
        "single-sheet-plan-2025-26": "file name"}
    with pytest.raises(CareersXLError, match="CSV"):
        summary([hub / GOOD[0], hub / "exported.xlsx"])


def test_benchmark_table_adds_up_to_the_school_rows(hub):
    data = collect([hub / name for name in GOOD], today=TODAY, base=hub)
    per_school = data.benchmarks.groupby("file")[["objectives", *RAG_COLUMNS]].sum()
    schools = data.schools.set_index("file")
    # An objective with no benchmark (the single sheet has one) is a "No benchmark" row.
    for name in (GOOD[0], GOOD[1]):
        assert (per_school.loc[name] == schools.loc[name][["objectives", *RAG_COLUMNS]]).all()
    none = data.benchmarks[data.benchmarks["benchmark"].isna()]
    assert sorted(none["file"]) == sorted([GOOD[1], GOOD[3]])
    assert len(data.benchmarks) == 8 * len(GOOD) + 2


@pytest.fixture(scope="module")
def hub_xlsx(hub, tmp_path_factory):
    out = tmp_path_factory.mktemp("summary") / "hub.xlsx"
    result = CliRunner().invoke(cli, ["hub-summary", str(hub), "-o", str(out),
                                      "--today", TODAY.isoformat()])
    return out, result


def test_hub_summary_cli_lists_unreadable_and_exits_1(hub_xlsx):
    out, result = hub_xlsx
    assert result.exit_code == 1
    assert "Wrote" in result.stdout and "4 school(s), 2 workbook(s) could not be read" in \
        result.stdout
    assert "could not read truncated.xlsx: is damaged or incomplete" in result.stderr
    assert "could not read exported.xlsx: looks like a CSV" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", *[f"BM{n}" for n in range(1, 9)], "Compass trend",
                             "Not read"]
    summary_ws = wb["Summary"]
    assert summary_ws["A4"].value == "School" and summary_ws["A9"].value == "Hub (4 schools)"
    assert summary_ws["E9"].value == "=SUM(E5:E8)"
    assert summary_ws["L9"].value == '=IFERROR(AVERAGE(L5:L8),"")'
    assert len(summary_ws.conditional_formatting) >= 10
    assert wb["BM5"]["A1"].value == "Gatsby Benchmark 5: Encounters with employers and employees"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_hub_summary_csv_and_json(hub, tmp_path, fmt):
    out = tmp_path / f"hub.{fmt}"
    result = run("hub-summary", hub, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 1 and out.is_file()
    want = collect(sorted(hub / name for name in GOOD), today=TODAY, base=hub).schools
    failed = {"truncated.xlsx": "could not be read: is damaged or incomplete",
              "exported.xlsx": "could not be read: looks like a CSV"}
    if fmt == "csv":
        got = pd.read_csv(out)
        assert list(got.columns) == [*want.columns, "status"]
        assert got["Red"].tolist()[:4] == want["Red"].tolist()
        assert got["BM1 %"].isna().tolist()[:4] == want["BM1 %"].isna().tolist()
        records = got.to_dict("records")
    else:
        records = json.loads(out.read_text(encoding="utf-8"))
        assert [r["school"] for r in records][:4] == want["school"].tolist()
        assert records[0]["year"] == "2025/26"
    assert {r["file"] for r in records} == set(GOOD) | set(failed)
    for record in records:
        reason = failed.get(record["file"], "ok")
        assert str(record["status"]).startswith(reason), record
    records = records[:4]
    if fmt == "json":
        single = next(r for r in records if r["file"] == GOOD[1])
        assert single["BM3 %"] is None and single["overdue"] == want.loc[
            want["file"] == GOOD[1], "overdue"].item()


@requires_libreoffice
def test_hub_workbook_totals_recalculate_in_libreoffice(hub, hub_xlsx, tmp_path):
    out, _ = hub_xlsx
    frame = collect(sorted(hub / name for name in GOOD), today=TODAY, base=hub).schools
    ws = recalculated_values(out, tmp_path)["Summary"]
    headers = [c.value for c in ws[4]]
    totals = {h: c.value for h, c in zip(headers, ws[9], strict=True)}
    for column in ["objectives", "actions", *RAG_COLUMNS, "overdue"]:
        heading = column.capitalize() if column in ("objectives", "actions", "overdue") \
            else column
        assert totals[heading] == frame[column].sum(), column
    for n, column in enumerate(COMPASS_COLUMNS, start=1):
        assert totals[f"BM{n} Compass %"] == pytest.approx(frame[column].mean()), column

    # The totals are live: change one school's Red count and LibreOffice's total follows.
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(out)
    wb["Summary"]["F5"] = wb["Summary"]["F5"].value + 10
    wb.save(edited)
    again = recalculated_values(edited, tmp_path / "again")["Summary"]
    assert again["F9"].value == frame["Red"].sum() + 10


@requires_libreoffice
def test_hub_workbook_renders(hub_xlsx, tmp_path):
    """The Summary sheet as LibreOffice draws it (pdftotext words and their boxes): a line
    per school with its counts and Compass %, in the sheet's order, the Hub row's live totals
    and averages computed, and the charts naming every school."""
    out, _ = hub_xlsx
    page = sheet_page(out, tmp_path, "Summary")
    ws = openpyxl.load_workbook(out)["Summary"]
    header = [c.value for c in ws[4]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)
            if isinstance(row[3].value, int)]
    assert len(rows) == 4

    def shown(values: list[object]) -> list[str]:
        words = []
        for heading, value in zip(header, values, strict=True):
            if value is None or value == "":
                continue
            text = f"{round(value)}%" if "Compass" in str(heading) else str(value)
            words += text.split()
        return words

    top = -1.0
    for row in rows:  # each school's line, below the one before (same-named schools too)
        first = min((w for w in page.find(str(row[0])) if w.x0 < page.width / 10 and w.y0 > top),
                    key=lambda w: w.y0)
        assert page.line_of(first) == shown(row), row[0]
        top = first.y0
    counted = ["Objectives", "Actions", "Red", "Amber", "Green", "Complete", "No RAG", "Overdue"]
    totals = [str(sum(r[header.index(h)] for r in rows)) for h in counted]
    compass = [i for i, h in enumerate(header) if "Compass" in str(h)]
    averages = [f"{round(sum(r[i] for r in rows if r[i] is not None) / n)}%" for i in compass
                if (n := sum(1 for r in rows if r[i] is not None))]
    [hub_row] = [w for w in page.find("Hub (4 schools)") if w.x0 < page.width / 10]
    assert hub_row.y0 > top
    assert page.line_of(hub_row) == ["Hub", "(4", "schools)", *totals, *averages]
    for school in {str(r[0]) for r in rows}:  # in the table and on the RAG chart's axis
        assert len([w for w in page.find(school) if w.y0 > hub_row.y1]) >= 1, school


# ------------------------------------------------------------------- what hub staff see (issue 12)


def test_backups_are_not_schools(tmp_path):
    hub = tmp_path / "hub"
    hub.mkdir()
    shutil.copy(HUXLOW, hub / "huxlow.xlsx")
    shutil.copy(HUXLOW, hub / "huxlow.backup-20261123-101500.xlsx")
    shutil.copy(HUXLOW, hub / "huxlow.backup-20261123-101500-1.xlsx")
    result = run("hub-summary", hub, "-o", tmp_path / "hub.csv")
    assert result.exit_code == 0 and "1 school(s)" in result.output


@pytest.mark.parametrize(("name", "fmt", "said"), [
    ("x.xlsx", "csv", "x.xlsx does not end in .csv but --format is csv: name it x.csv"),
    ("x.txt", None, "x.txt: name the summary hub.xlsx, hub.csv or hub.json")])
def test_summary_format_must_agree_with_the_file_name(hub, tmp_path, name, fmt, said):
    args = ["--format", fmt] if fmt else []
    result = run("hub-summary", hub, "-o", tmp_path / name, *args)
    assert result.exit_code == 1 and said in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / name).exists()


def test_school_named_from_the_title_then_the_file_and_said(tmp_path):
    hub = tmp_path / "hub"
    hub.mkdir()
    wb = openpyxl.load_workbook(HUXLOW)
    wb["Cover"]["B3"] = None
    wb.save(hub / "no-school.xlsx")
    shutil.copy(SINGLE, hub / "single.xlsx")
    result = run("hub-summary", hub, "-o", tmp_path / "hub.json")
    records = {r["file"]: r for r in json.loads((tmp_path / "hub.json").read_text())}
    assert (records["no-school.xlsx"]["school"], records["no-school.xlsx"]["named from"]) == \
        ("Huxlow Academy", "title")
    assert (records["single.xlsx"]["school"], records["single.xlsx"]["named from"]) == \
        ("single", "file name")
    assert "note: 1 plan(s) with no School on a Cover, so named from its title: " \
           "no-school.xlsx." in result.stderr
    assert "named from the file name: single.xlsx." in result.stderr


def test_charts_label_every_one_of_forty_schools(tmp_path):
    hub = tmp_path / "hub"
    hub.mkdir()
    for n in range(40):
        shutil.copy(SINGLE, hub / f"school {n:02d}.xlsx")
    out = tmp_path / "hub.xlsx"
    assert run("hub-summary", hub, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as z:
        charts = [etree.fromstring(z.read(n)) for n in z.namelist()
                  if n.startswith("xl/charts/chart")]
        drawing = etree.fromstring(z.read("xl/drawings/drawing1.xml"))
    bars = [c for c in charts if c.find(".//{*}barDir") is not None
            and c.find(".//{*}barDir").get("val") == "bar"]
    assert bars, "a bar chart per school"
    for chart in bars:
        assert chart.find(".//{*}catAx/{*}tickLblSkip").get("val") == "1"
    spans = [int(a.findtext("{*}to/{*}row")) - int(a.findtext("{*}from/{*}row"))
             for a in drawing.iter("{*}twoCellAnchor")]
    assert max(spans) * 20 >= 40 * 22, "room for 40 labels (rows of 20 px)"


def test_compass_trend_across_the_hub(tmp_path):
    from careers_xl.workflows import record_compass, rollover_workbook

    hub = tmp_path / "hub"
    hub.mkdir()
    rolled = rollover_workbook(HUXLOW, tmp_path / "huxlow-2026-27.xlsx").output
    shutil.copy(SINGLE, hub / "single.xlsx")
    # A rolled-over year is not evaluated until the school enters its results: no trend yet.
    shutil.copy(rolled, hub / "huxlow.xlsx")
    assert list(collect(find_workbooks(hub), base=hub).compass_trend()["year"]) == ["2025/26"]
    record_compass(rolled, hub / "huxlow.xlsx", {1: 85})
    data = collect(find_workbooks(hub), base=hub)
    trend = data.compass_trend()
    assert list(trend["year"]) == ["2025/26", "2026/27"]
    assert trend.loc[0, "BM1 %"] == 77 and trend.loc[0, "schools"] == 1
    assert trend.loc[1, "BM1 %"] == 85
    out = tmp_path / "hub.xlsx"
    run("hub-summary", hub, "-o", out)
    ws = openpyxl.load_workbook(out)["Compass trend"]
    assert [ws.cell(r, 1).value for r in (5, 6)] == ["2025/26", "2026/27"]
