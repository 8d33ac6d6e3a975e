"""What careers-xl says to a careers leader: help, check, read, diff, refresh's progress
lines, the new plan's Cover, and cells written empty rather than as empty text."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from lxml import etree

from careers_xl import read_plan, write_plan
from careers_xl.cli import cli
from careers_xl.workflows import update_workbook

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SINGLE = FIXTURES / "single-sheet-plan-2025-26.xlsx"


def run(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


# -- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_help_is_written_for_a_careers_leader(command: str) -> None:
    text = run(command, "--help").output
    for jargon in ("PLAN_FILE", "INPUT_DIR", "OLD_FILE", "INTEGER RANGE", "x>=1", ".toml",
                   "PATH", "TEXT"):
        assert jargon not in text, f"{command} --help says {jargon}"
    for param in cli.commands[command].params:
        if isinstance(param, __import__("click").Option) and param.name != "help":
            assert param.help, f"{command} {param.opts[0]} has no description"


# -- check and read -----------------------------------------------------------------------------


def test_check_on_a_brand_new_plan_finds_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "new.xlsx"
    assert run("new", "--school", "Test School", "--year", "2026/27", "-o", plan).exit_code == 0
    result = run("check", plan)
    assert result.exit_code == 0, result.output
    assert "cannot be carried" not in result.output and "no problems found" in result.output


def test_read_counts_what_check_lists() -> None:
    listed = run("check", HUXLOW, "--today", "15/01/2026")
    count = int(re.search(r"(\d+) problem\(s\) in", listed.output).group(1))
    assert count == len(listed.output.splitlines()) - 1
    said = run("read", HUXLOW, "--today", "15/01/2026").output
    assert f"{count} problem(s): run careers-xl check" in " ".join(said.split())


def test_check_names_the_action_and_its_lead_and_takes_uk_dates() -> None:
    uk = run("check", HUXLOW, "--today", "15/01/2026")
    iso = run("check", HUXLOW, "--today", "2026-01-15")
    assert uk.exit_code == iso.exit_code == 1 and uk.output == iso.output
    assert ("'BM1 Programme'!B7 \"Careers Leader to begin funded Level 6 training\" (lead HT): "
            "End point has passed") in uk.output
    assert "'BM3 Needs'!E7 \"Strengthen sixth form aspirations through Key...\" " \
           "(lead ZCO/JHO): End point 07.10.26" in uk.output
    bad = run("check", HUXLOW, "--today", "15/13/2026")
    assert bad.exit_code == 2 and "write it as 15/01/2026" in bad.output


def test_check_warns_of_an_objective_with_no_benchmark() -> None:
    result = run("check", SINGLE, "--today", "2025-09-01")
    assert "'Plan 2025-26'!A5: Objective has no Gatsby Benchmark" in result.output


# -- diff ---------------------------------------------------------------------------------------


def test_diff_says_what_changed_in_a_governors_words(tmp_path: Path) -> None:
    edited = tmp_path / "spring.xlsx"
    wb = openpyxl.load_workbook(HUXLOW)
    ws = wb["BM1 Programme"]
    ws["C7"] = "ZCO"
    ws["D6"] = "Published on the website"
    ws["E7"] = datetime(2026, 1, 30)
    ws["A2"] = "Compass: your institution has met 85% of the assessment areas in Gatsby " \
               "Benchmark 1."
    wb.save(edited)
    lines = run("diff", HUXLOW, edited).output.splitlines()
    assert "Compass BM1: 77% → 85%" in lines
    assert "Lead changed: HT → ZCO (BM1 Autumn: Careers Leader to begin funded Level 6 " \
           "training)" in lines
    assert "Progress updated: Draft shared with SLT → Published on the website (BM1 Autumn: " \
           "Publish the 2025/26 careers programme on the website with intended learning " \
           "outcomes per year group)" in lines
    assert "End point changed: 12/12/2025 → 30/01/2026 (BM1 Autumn: Careers Leader to begin " \
           "funded Level 6 training)" in lines
    assert lines[-1] == ("4 changes: 1 progress update, 1 lead change, 1 end point changed, "
                         "1 Compass result changed.")
    assert not any(line.startswith("Moved") for line in lines)


# -- refresh, update, new -------------------------------------------------------------------------


def test_refresh_prints_a_line_per_school_when_not_on_a_terminal(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    hub.mkdir()
    shutil.copy(HUXLOW, hub / "a.xlsx")
    (hub / "b.xlsx").write_text("not a workbook")
    output = run("refresh", hub, "-o", tmp_path / "out", "--jobs", "1", "--today",
                 "15/01/2026").output.splitlines()
    assert "ok     a.xlsx (Huxlow Academy): 27 actions, 6 problem(s)" in output  # as check
    assert any(line.startswith("failed b.xlsx: ") for line in output)
    assert output.index("ok     a.xlsx (Huxlow Academy): 27 actions, 6 problem(s)") < \
        next(i for i, line in enumerate(output) if "School" in line), "before the table"


def test_update_refuses_an_output_that_is_not_a_workbook(tmp_path: Path) -> None:
    result = run("update", HUXLOW, "-o", tmp_path / "out.txt")
    assert result.exit_code == 1 and "must be an Excel workbook" in result.output
    assert not (tmp_path / "out.txt").exists()


def test_new_cover_asks_for_leader_governor_vision_and_priorities(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    run("new", "--school", "Test School", "--year", "2026/27", "-o", path)
    cover = openpyxl.load_workbook(path)["Cover"]
    labels = [row[0] for row in cover.iter_rows(values_only=True) if row[0]]
    assert labels == ["School", "Academic year", "Careers Leader", "Link governor",
                      "Institution vision statement", "Careers vision statement",
                      *[f"Priority {n}" for n in range(1, 6)]]
    for row in range(5, 14):  # boxes to write in, tall enough for a vision statement
        assert cover.cell(row, 2).value is None and cover.cell(row, 2).border.left.style
    assert cover.row_dimensions[7].height >= 45


def empty_text_cells(path: Path) -> list[str]:
    """Cells holding an empty string (rather than nothing) in a workbook."""
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            strings = ["".join(si.itertext())
                       for si in etree.fromstring(z.read("xl/sharedStrings.xml"))]
        found = []
        for name in z.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            for cell in etree.fromstring(z.read(name)).iter("{*}c"):
                kind = cell.get("t")
                text = strings[int(cell.findtext("{*}v") or 0)] if kind == "s" else \
                    "".join(cell.itertext()) if kind in ("inlineStr", "str") else None
                if text == "":
                    found.append(f"{name}!{cell.get('r')}")
    return found


def test_blank_cells_are_written_empty(tmp_path: Path) -> None:
    assert empty_text_cells(write_plan(read_plan(SINGLE), tmp_path / "written.xlsx")) == []
    assert empty_text_cells(update_workbook(SINGLE, tmp_path / "updated.xlsx").output) == []
