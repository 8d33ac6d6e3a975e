"""`careers-xl new`, and generated workbooks compared with expected ones kept under tests/.

The comparison works like XlsxWriter's own tests: unzip both, strip volatile parts
(document properties), and compare every XML part, so layout changes are deliberate.
Regenerate an expected file with ``CAREERS_XL_REGENERATE=1 python -m pytest`` after a
change you meant, and look at the diff.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from libreoffice import loads_cleanly, render_png, requires_libreoffice

from careers_xl import read_plan, write_plan
from careers_xl.cli import cli

EXPECTED = Path(__file__).parent / "expected"
COMPANIONS = ["Strategic Plan", "Programme by Year", "Strategy Checklist",
              "Encounter Checklist", "SWOT", "Learning Outcomes"]


def xml_parts(path: Path) -> dict[str, str]:
    """Every part of a package except the volatile document properties."""
    with zipfile.ZipFile(path) as package:
        return {name: re.sub(r"\s+", " ", package.read(name).decode("utf-8"))
                for name in sorted(package.namelist()) if not name.startswith("docProps/")}


@pytest.mark.parametrize("example", ["huxlow-master-plan-2025-26.xlsx",
                                     "single-sheet-plan-2025-26.xlsx"])
def test_refreshed_workbook_matches_expected(example: str, tmp_path: Path) -> None:
    got = write_plan(read_plan(FIXTURES / example), tmp_path / example)
    expected = EXPECTED / example.replace(".xlsx", "-refreshed.xlsx")
    if os.environ.get("CAREERS_XL_REGENERATE"):
        expected.write_bytes(got.read_bytes())
    want, have = xml_parts(expected), xml_parts(got)
    assert sorted(have) == sorted(want)
    for name in want:
        assert have[name] == want[name], f"{name} differs from {expected.name}"


def test_new_writes_every_template(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    result = CliRunner().invoke(cli, ["new", "--school", "Huxlow Academy", "--year", "2026/27",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Cover", "Dashboard"]
    assert [n for n in wb.sheetnames if n.startswith("BM")] == [
        "BM1 Programme", "BM2 LMI", "BM3 Needs", "BM4 Curriculum", "BM5 Employers",
        "BM6 Workplaces", "BM7 FE & HE", "BM8 Guidance"]
    for name in COMPANIONS:
        assert name in wb.sheetnames
    assert wb["Lists"].sheet_state == "hidden"
    plan = read_plan(out)
    assert plan.school == "Huxlow Academy" and str(plan.academic_year) == "2026/27"
    assert sorted(plan.benchmarks) == list(range(1, 9)) and plan.actions == []
    rag_lists = [dv for dv in wb["BM1 Programme"].data_validations.dataValidation
                 if dv.formula1 == '"Red,Amber,Green,Complete"']
    assert len(rag_lists) == 3


def test_new_rejects_a_bad_year(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--school", "X", "--year", "next year",
                                      "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "academic year" in result.output


@requires_libreoffice
def test_new_plan_opens_in_libreoffice(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    CliRunner().invoke(cli, ["new", "--school", "Huxlow Academy", "--year", "2026/27",
                             "-o", str(out)])
    assert loads_cleanly(out, tmp_path / "lo")
    pages = render_png(out, tmp_path / "png", sheet="Strategy Checklist", dpi=40)
    assert pages and pages[0].stat().st_size > 3_000
