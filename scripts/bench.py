"""How fast careers-xl reads, updates and writes master plans, against openpyxl and xlsxwriter.

Generates plans of 500, 5,000 and 50,000 actions in the Huxlow layout (8 benchmark sheets,
title and Compass rows, merged period labels, three periods a row, RAG as text or only as a
fill, end points of every kind) and uses the Huxlow example as the typical school. Times are
CPU seconds of this process (best of several runs), and every figure is a ratio within this
one run, so other work on a busy machine moves both sides alike:

- read:   ``read_plan`` / ``openpyxl.load_workbook`` of the same file (target <= 0.25);
- update: ``update_workbook`` / openpyxl load + save of the same file (aim <= 0.3);
- write:  ``write_plan`` / xlsxwriter writing the same cells bare (target <= 1.5);
- a hub refresh job (read, edit, write, verify) for the Huxlow example: CPU per school
  (target <= 80 ms) and 5,000 schools on 2 cores (target < 5 minutes);
- peak memory (VmHWM of a fresh process) of a read at 50,000 actions (target <= 160 MB).

    python scripts/bench.py            # 500, 5,000 and 50,000 actions
    python scripts/bench.py --quick    # 500 and 5,000 only
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import openpyxl
import xlsxwriter

from careers_xl import Plan, read_plan, write_plan
from careers_xl.model import BENCHMARK_TITLES, DEFAULT_PERIOD_LABELS, PERIOD_FIELDS
from careers_xl.workflows import update_workbook

HUXLOW = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / \
    "huxlow-master-plan-2025-26.xlsx"
SIZES = (500, 5_000, 50_000)
QUICK_SIZES = (500, 5_000)
REPEATS = 5
ONCE_FROM = 50_000  # sizes this big are timed once
UPDATE_UP_TO = 5_000  # update is compared up to this size
READ_TARGET = 0.25
UPDATE_TARGET = 0.3
WRITE_TARGET = 1.5
JOB_TARGET_MS = 80
SCHOOLS, CORES, HUB_TARGET_MIN = 5_000, 2, 5
MEMORY_TARGET_MB = 160
TARGET_ROWS = ("Huxlow example", "5,000 actions")  # where the read and update targets apply
HEADERS = list(PERIOD_FIELDS.values())
SHEETS = ("BM1 Programme", "BM2 LMI", "BM3 Needs", "BM4 Curriculum", "BM5 Employers",
          "BM6 Workplaces", "BM7 FE & HE", "BM8 Guidance")

VERBS = ("Plan", "Deliver", "Review", "Publish", "Organise", "Evaluate", "Launch", "Embed",
         "Track", "Survey", "Train", "Book")
THINGS = ("the Year 10 work experience week", "a careers fair with 30 local employers",
          "impartial guidance interviews for Year 11", "labour market information assemblies",
          "subject-based careers lessons in science", "university visits for Year 12",
          "apprenticeship talks for parents", "destination tracking for all leavers",
          "mock interviews with employer volunteers", "the careers programme web page")
LEADS = ("ZCO", "ZCO/JHO", "GOCA, ZCO", "HT & SENCO", "Heads of Dept", "JHO and GOCA")
PROGRESS = ("Draft shared with SLT", "Booked", "Not yet started", "Half of tutors trained",
            "Waiting on employer replies", None)
IMPACT = ("Students make informed choices about their next steps",
          "More Year 11 students apply to the sixth form",
          "Every student has at least one employer encounter a year")
EVIDENCE = ("Register", "Student voice survey", "Governor report", "Destination data",
            "Photos on the website", "Feedback forms")
END_POINTS = ("Mar-26", "07.10.25", "31/03/2026", "2026-02-06", "July 2026", "w/c 13/1/26",
              "Autumn 2", "Oct half term", "Easter", "Ongoing", "TBC", None)
RAG_TEXT = ("G", "Amber", "red", "Complete", "A", "Green")
RAG_FILLS = ("#FF0000", "#C00000", "#FFC000", "#FFFF00", "#00B050", "#92D050", "#0070C0")


def generate(path: Path, actions: int, seed: int = 1) -> None:
    """A plan of about ``actions`` actions (three a row, objectives merged over two rows)."""
    rng = random.Random(seed)
    rows = -(-actions // 3)
    with xlsxwriter.Workbook(str(path)) as wb:
        label = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF"})
        header = wb.add_format({"bold": True, "bg_color": "#D9E1F2"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        when = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        fills = [wb.add_format({"bg_color": c}) for c in RAG_FILLS]
        cover = wb.add_worksheet("Cover")
        for r, (key, value) in enumerate((
                ("School", "Benchmark Academy"), ("Academic year", "2025/26"),
                ("Careers Leader", "Zoe Correa (ZCO)"), ("Priority 1", "Raise aspirations"))):
            cover.write_row(r + 2, 0, [key, value])
        for number, name in enumerate(SHEETS, start=1):
            ws = wb.add_worksheet(name)
            ws.write(0, 0, f"Gatsby Benchmark {number}: {BENCHMARK_TITLES[number]}")
            ws.write(1, 0, f"Compass: your institution has met {rng.randrange(0, 101)}% of the "
                           f"assessment areas in Gatsby Benchmark {number}")
            ws.write(4, 0, "Objective", header)
            for period in (1, 2, 3):
                first = 1 + 7 * (period - 1)
                ws.merge_range(3, first, 3, first + 4, DEFAULT_PERIOD_LABELS[period], label)
                ws.merge_range(3, first + 5, 3, first + 6, "Status", label)
                ws.write_row(4, first, HEADERS, header)
            share = rows // len(SHEETS) + (number <= rows % len(SHEETS))
            for index in range(share):
                row = 5 + index
                if index % 2 == 0:
                    text = f"{rng.choice(IMPACT)} (C{number}.{index % 9 + 1})"
                    if index + 1 < share:
                        ws.merge_range(row, 0, row + 1, 0, text, wrap)
                    else:
                        ws.write(row, 0, text, wrap)
                for period in (1, 2, 3):
                    _write_action(ws, row, 1 + 7 * (period - 1), rng, wrap, when, fills)


def _write_action(ws: xlsxwriter.worksheet.Worksheet, row: int, col: int, rng: random.Random,
                  wrap: object, when: object, fills: list[object]) -> None:
    ws.write(row, col, f"{rng.choice(VERBS)} {rng.choice(THINGS)}", wrap)
    ws.write(row, col + 1, rng.choice(LEADS))
    progress = rng.choice(PROGRESS)
    if progress:
        ws.write(row, col + 2, progress, wrap)
    if rng.random() < 0.25:
        month = rng.randrange(1, 13)
        due = datetime(2025 if month >= 9 else 2026, month, rng.randrange(1, 29))
        ws.write_datetime(row, col + 3, due, when)
    elif (end := rng.choice(END_POINTS)) is not None:
        ws.write(row, col + 3, end)
    ws.write(row, col + 4, rng.choice(IMPACT), wrap)
    kind = rng.random()
    if kind < 0.4:
        ws.write(row, col + 5, rng.choice(RAG_TEXT))
    elif kind < 0.8:
        ws.write_blank(row, col + 5, None, rng.choice(fills))
    ws.write(row, col + 6, "\n".join(rng.sample(EVIDENCE, rng.randrange(1, 4))), wrap)


def write_bare(plan: Plan, path: Path) -> None:
    """The same cells write_plan writes for each action, with xlsxwriter and nothing else."""
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as wb:
        for sheet in plan.sheets:
            ws = wb.add_worksheet(sheet.name[:31])
            ws.write_row(1, 1, HEADERS * 3)
            row = 1
            for objective in (o for o in plan.objectives if o.sheet == sheet.name):
                row += 1
                ws.write(row, 0, objective.text)
                for action in objective.actions:
                    col = 1 + 7 * (action.period - 1)
                    ws.write_row(row, col, [
                        action.text, "/".join(action.leads), action.progress or "",
                        action.end_point or "", action.impact or "",
                        action.rag.label if action.rag else "", "\n".join(action.evidence)])


def timed(fn: Callable[[], object], repeats: int) -> float:
    """Best CPU time (this process) of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def load_and_save(path: Path, out: Path) -> None:
    openpyxl.load_workbook(path).save(out)


def child(mode: str, path: Path) -> None:
    """Run one job in this (fresh) process and print its peak memory in MB."""
    if mode == "none":
        pass
    elif mode == "load":
        openpyxl.load_workbook(path)
    elif mode == "read":
        read_plan(path)
    elif mode == "write":
        write_plan(read_plan(path), path.with_name("peak-out.xlsx"))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(_peak_rss_mb())


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec, whereas
    ru_maxrss carries over the parent's peak from before the exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def peak_mb(mode: str, path: Path) -> float:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def _mark(ok: bool, label: str = TARGET_ROWS[0]) -> str:
    if label not in TARGET_ROWS:
        return ""
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 and 5,000 actions only")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    sizes = QUICK_SIZES if args.quick else SIZES
    reads: list[tuple[str, float, float]] = []
    updates: list[tuple[str, float, float]] = []
    writes: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="careers-xl-bench-") as tmp:
        folder = Path(tmp)
        files = [("Huxlow example", HUXLOW, 0)]
        for size in sizes:
            path = folder / f"plan-{size}.xlsx"
            generate(path, size)
            files.append((f"{size:,} actions", path, size))
        for label, path, size in files:
            repeats = 1 if size >= ONCE_FROM else REPEATS * (3 if not size else 1)
            reads.append((label, timed(partial(openpyxl.load_workbook, path), repeats),
                          timed(partial(read_plan, path), repeats)))
            if size <= UPDATE_UP_TO:
                out = folder / "out.xlsx"
                updates.append((label, timed(partial(load_and_save, path, out), repeats),
                                timed(partial(update_workbook, path, out), repeats)))
            if size:
                plan = read_plan(path)
                writes.append((len(plan.actions),
                               timed(partial(write_bare, plan, folder / "bare.xlsx"), repeats),
                               timed(partial(write_plan, plan, folder / "new.xlsx"), repeats)))
            print(f"  {label} done", file=sys.stderr, flush=True)
        from careers_xl.hub.refresh import refresh_one  # pandas: not in the memory children

        job = timed(partial(refresh_one, HUXLOW, folder / "hub" / HUXLOW.name,
                            Path(HUXLOW.name)), REPEATS * 3)
        largest = folder / f"plan-{sizes[-1]}.xlsx"
        peaks = [(what, peak_mb(mode, largest)) for mode, what in (
            ("none", "imports only"), ("load", "openpyxl.load_workbook"),
            ("read", "read_plan"), ("write", "read_plan + write_plan"))]

    print(f"\n{'read':<16} {'load_workbook':>14} {'read_plan':>10} {'ratio':>6}")
    for label, load, read in reads:
        print(f"{label:<16} {load:>13.3f}s {read:>9.3f}s {read / load:>6.2f}  "
              f"{_mark(read / load <= READ_TARGET, label)}")
    print(f"target: read_plan <= {READ_TARGET} x load_workbook ({' and '.join(TARGET_ROWS)})")
    print(f"\n{'update':<16} {'load + save':>14} {'update':>10} {'ratio':>6}")
    for label, base, ours in updates:
        print(f"{label:<16} {base:>13.3f}s {ours:>9.3f}s {ours / base:>6.2f}  "
              f"{_mark(ours / base <= UPDATE_TARGET, label)}")
    print(f"aim: update <= {UPDATE_TARGET} x openpyxl load + save ({' and '.join(TARGET_ROWS)})")
    print(f"\n{'write':<16} {'xlsxwriter':>14} {'write_plan':>10} {'ratio':>6}")
    for actions, bare, ours in writes:
        print(f"{actions:>9,} actions {bare:>12.3f}s {ours:>9.3f}s {ours / bare:>6.2f}  "
              f"{_mark(ours / bare <= WRITE_TARGET)}")
    print(f"target: write_plan <= {WRITE_TARGET} x xlsxwriter")
    total_min = job * SCHOOLS / CORES / 60
    print(f"\nhub refresh job (read, edit, write, verify), Huxlow example: {job * 1000:.0f} ms "
          f"CPU  {_mark(job * 1000 <= JOB_TARGET_MS)} (target <= {JOB_TARGET_MS} ms)")
    print(f"{SCHOOLS:,} schools on {CORES} cores: {SCHOOLS:,} x {job * 1000:.0f} ms / "
          f"{CORES} = {total_min:.1f} minutes  {_mark(total_min < HUB_TARGET_MIN)} "
          f"(target < {HUB_TARGET_MIN} minutes)")
    print(f"\npeak memory of a fresh process at {sizes[-1]:,} actions:")
    for what, mb in peaks:
        mark = f"  {_mark(mb <= MEMORY_TARGET_MB)} (target <= {MEMORY_TARGET_MB} MB)" \
            if what == "read_plan" else ""
        print(f"  {what:<24} {mb:8.0f} MB{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
