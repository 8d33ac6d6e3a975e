"""scripts/yearly_rollover.py, the hub's summer job, run as hub staff run it: a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cells import cell_differences
from conftest import EXAMPLES

from careers_xl import AcademicYear, read_plan
from careers_xl.workflows import rollover_workbook

SCRIPT = Path(__file__).parent.parent / "scripts" / "yearly_rollover.py"


def roll(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)],
                          capture_output=True, text=True, timeout=300, check=False)


def test_rolls_every_school_skips_existing_and_reports_the_bad_one(tmp_path):
    schools, out = tmp_path / "2025-26", tmp_path / "2026-27"
    (schools / "west").mkdir(parents=True)
    for example in EXAMPLES:
        shutil.copy(example, schools / example.name)
    shutil.copy(EXAMPLES[0], schools / "west" / EXAMPLES[0].name)
    (schools / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (schools / "~$broken.xlsx").write_bytes(b"lock")

    first = roll(schools, out, "--to", "2026/27")
    assert first.returncode == 1, first.stderr
    lines = first.stdout.splitlines()
    good = len(EXAMPLES) + 1  # every example, and one of them again in west/
    assert len(lines) == good + 2  # one line per workbook (lock file skipped) and the summary
    assert lines[-1] == (f"{good} rolled over, 0 skipped (already there), 1 failed, "
                         f"of {good + 1} workbook(s).")
    assert any(line.startswith("FAILED   broken.xlsx: ") for line in lines)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx"))
    assert written == sorted([e.name.replace("2025-26", "2026-27") for e in EXAMPLES]
                             + [f"west/{EXAMPLES[0].name.replace('2025-26', '2026-27')}"])
    for path in out.rglob("*.xlsx"):
        plan = read_plan(path)
        assert str(plan.academic_year) == "2026/27"
        assert all(a.rag is None for a in plan.actions)
        assert {h.year for h in plan.history} == {"2025/26"}
    # Each output is exactly what rollover_workbook writes: every other cell where it was.
    source = schools / EXAMPLES[0].name
    alone = tmp_path / "alone" / EXAMPLES[0].name
    alone.parent.mkdir()
    changed = rollover_workbook(source, alone, to_year=AcademicYear(2026)).report.changed
    rolled = out / EXAMPLES[0].name.replace("2025-26", "2026-27")
    assert cell_differences(source, rolled, changed) == []
    assert cell_differences(alone, rolled, {}) == []

    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*.xlsx")}
    second = roll(schools, out)
    assert second.returncode == 1
    assert second.stdout.count("already exists, not overwritten") == good
    assert f"0 rolled over, {good} skipped (already there), 1 failed" in second.stdout
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*.xlsx")} == stamps


def test_all_good_exits_0_and_refuses_bad_arguments(tmp_path):
    schools = tmp_path / "in"
    schools.mkdir()
    shutil.copy(EXAMPLES[0], schools / "plan.xlsx")
    ok = roll(schools, tmp_path / "out", "--drop-complete")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("rolled   Huxlow Academy: plan.xlsx -> plan.xlsx (2026/27")
    same = roll(schools, schools)
    assert same.returncode == 2 and "must differ" in same.stderr
    backwards = roll(schools, tmp_path / "back", "--to", "2024/25")
    assert backwards.returncode == 1 and "must go forward" in backwards.stdout
    bad_year = roll(schools, tmp_path / "x", "--to", "next year")
    assert bad_year.returncode == 2 and "academic year" in bad_year.stderr


def test_each_plan_is_opened_and_read_once(tmp_path, monkeypatch):
    """The summer job names next year's file from the plan it rolls over: one read a school,
    and a school already rolled is skipped without writing anything."""
    from careers_xl.hub.rollover import rollover_folder
    from careers_xl.package.opc import Package

    reads: list[object] = []
    real = Package.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Package, "open", classmethod(
        lambda cls, source, *args, **kwargs: reads.append(source) or real(cls, source, *args,
                                                                            **kwargs)))
    schools = tmp_path / "2025-26"
    schools.mkdir()
    shutil.copy(EXAMPLES[0], schools / EXAMPLES[0].name)
    first = rollover_folder(schools, tmp_path / "out", to_year=AcademicYear(2026))
    assert [r.status for r in first] == ["rolled"] and len(reads) == 1
    again = rollover_folder(schools, tmp_path / "out", to_year=AcademicYear(2026))
    assert [r.status for r in again] == ["skipped"] and len(reads) == 2
    assert len(list((tmp_path / "out").rglob("*.xls*"))) == 1
