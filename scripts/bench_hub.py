"""Benchmark a Careers Hub refresh: 40 and 400 school workbooks, --jobs 1 against --jobs 2.

Usage: python scripts/bench_hub.py [--quick]   (--quick: 40 schools only)

The hub is made of copies of the two bundled example plans, each given its own school name.
Reports wall seconds, seconds per workbook and the speed-up of two processes over one,
measured in the same run on the same files, and what 5,000 schools would take at the
two-process rate (wall clock, so other work on the machine counts; scripts/bench.py projects
the same from CPU time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl

from careers_xl.hub.refresh import refresh_folder

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
HUB = 5_000  # schools in the projection


def make_hub(folder: Path, schools: int) -> None:
    """``schools`` plan workbooks: alternately the multi-sheet and the single-sheet example."""
    sources = [FIXTURES / "huxlow-master-plan-2025-26.xlsx",
               FIXTURES / "single-sheet-plan-2025-26.xlsx"]
    renamed = folder / "_named.xlsx"
    wb = openpyxl.load_workbook(sources[0])
    for number in range(schools):
        target = folder / f"school-{number:03d}.xlsx"
        if number % 2 == 0:
            wb["Cover"]["B3"] = f"School {number:03d}"
            wb.save(renamed)
            shutil.copy(renamed, target)
        else:
            shutil.copy(sources[1], target)
    renamed.unlink()


def timed_refresh(hub: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    results = refresh_folder(hub, out, jobs=jobs)
    elapsed = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"{len(failed)} workbooks failed: {failed[0].status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 schools only")
    args = parser.parse_args()
    sizes = [40] if args.quick else [40, 400]
    print(f"cores: {os.cpu_count()}")
    print(f"{'schools':>8} {'jobs=1 s':>9} {'s/wb':>6} {'jobs=2 s':>9} {'s/wb':>6} {'speed-up':>9}")
    with tempfile.TemporaryDirectory(prefix="careers-xl-hub-bench-") as tmp:
        for schools in sizes:
            hub = Path(tmp) / f"hub-{schools}"
            hub.mkdir()
            make_hub(hub, schools)
            one = timed_refresh(hub, Path(tmp) / "out1", 1)
            two = timed_refresh(hub, Path(tmp) / "out2", 2)
            print(f"{schools:>8} {one:>9.1f} {one / schools:>6.2f} {two:>9.1f} "
                  f"{two / schools:>6.2f} {one / two:>8.2f}x")
        print(f"{HUB:,} schools at the jobs=2 rate: {HUB:,} x {two / schools:.3f} s = "
              f"{HUB * two / schools / 60:.1f} minutes")


if __name__ == "__main__":
    main()
