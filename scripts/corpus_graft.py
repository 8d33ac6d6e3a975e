"""Write into real workbooks: graft a careers plan into each one, run every writing command on
the grafted copy, and check that nothing of the user's changed.

Real workbooks hold no careers plan, so ``corpus_run.py`` only sees update and rollover
refuse them. Here each .xlsx/.xlsm under DIR gets a one-sheet Benchmark 1 plan added into its
own package (``tests/graft.py``: careers-xl's package layer, nothing rebuilt), and then, each
as its own subprocess under the limits of ``limited_run.py``::

    update G -o OUT
    rollover G -o OUT
    compass G --bm1 55 -o OUT
    refresh IN_DIR -o OUT_DIR --jobs 1 --template gatsby-2018     (the hub's refresh)

Every workbook written is then checked against the grafted input, in one more limited
subprocess: parts careers-xl does not own byte for byte, with its bookkeeping parts keeping
every entry (``graft.kept``); the user's cells position by position as openpyxl reads them
(``graft.cells_changed``); the OOXML schemas (``tests/ooxml_check.py``), which the output
must pass wherever the grafted input did; formulas written as text (``compare_formulas``).

    python scripts/corpus_graft.py corpus --out /tmp/graft.tsv --jobs 2
    python scripts/corpus_graft.py --summarise /tmp/graft.tsv

The "graft" row of each file says whether the plan could be added (a file careers-xl cannot
open is refused there, as ``corpus_run.py`` reports).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from limited_run import (
    OUTCOMES,
    REPO_ROOT,
    Run,
    classify,
    code_snapshot,
    compare_formulas,
    error_line,
    failure_class,
    find_workbooks,
    first_line,
    names_file,
    output_suffix,
    python_env,
    run_limited,
    table,
)

COMMANDS = ("update", "rollover", "compass", "refresh")
TODAY = "15/01/2026"
TEMPLATE = "gatsby-2018"  # worded unlike the grafted plan, so the hub's refresh rewords it


@dataclass
class Result:
    """One row of the report: one workbook, one step (graft or a command)."""

    file: str
    command: str
    outcome: str
    exit: str
    seconds: float
    peak_rss_mb: float
    names_file: str = ""  # yes / no for a refusal or error line
    message: str = ""
    parts_changed: str = ""  # count of parts or entries of the user's lost or changed
    cells_changed: str = ""  # count of the user's cells that openpyxl sees changed
    schema_in: str = ""  # the grafted input: valid / N error(s)
    schema_out: str = ""  # the output: valid / N error(s)
    formula_as_text: str = ""
    example: str = ""  # the first problem found by the checks
    check_failed: str = ""  # why the checks could not run


def _worker(python: str, *args: str) -> list[str]:
    """This script run as one of its workers (--graft, --check)."""
    return [python, str(Path(__file__).resolve()), *args]


def _row(rel: str, command: str, run: Run, wrote: bool, path: Path) -> Result:
    outcome = classify(command, run, wrote)
    line = error_line(run, path) if outcome != "ok" else ""
    return Result(file=rel, command=command, outcome=outcome,
                  exit="timeout" if run.exit is None else str(run.exit),
                  seconds=round(run.seconds, 2), peak_rss_mb=round(run.peak_rss_mb, 1),
                  names_file=names_file(line, path) if outcome != "ok" else "",
                  message=line)


def run_file(path: Path, rel: str, *, timeout: float, mem_mb: int, check_timeout: float,
             check_mem_mb: int, python: str, code: Path) -> list[Result]:
    """Graft, run every command, check every output: the rows of one workbook."""
    env = python_env(code)
    with tempfile.TemporaryDirectory(prefix="corpus-graft-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "in").mkdir()
        grafted = tmp / "in" / path.name  # refusals name the user's file
        run = run_limited(_worker(python, "--graft", str(path), str(grafted)),
                          cwd=tmp, timeout=timeout, mem_mb=mem_mb, env=env)
        rows = [_row(rel, "graft", run, grafted.is_file(), path)]
        if rows[0].outcome != "ok":
            return rows
        sheet = run.stdout.strip()
        suffix = output_suffix(grafted)
        base = [python, "-m", "careers_xl"]
        outputs: dict[str, Path] = {}
        for command in COMMANDS:
            out = tmp / f"{command}{suffix}"
            if command == "compass":
                argv = [*base, "compass", str(grafted), "--bm1", "55", "-o", str(out)]
            elif command == "refresh":
                out = tmp / "out" / grafted.name
                argv = [*base, "refresh", str(tmp / "in"), "-o", str(tmp / "out"), "--jobs", "1",
                        "--template", TEMPLATE, "--today", TODAY]
            else:
                argv = [*base, command, str(grafted), "-o", str(out)]
            run = run_limited(argv, cwd=tmp, timeout=timeout, mem_mb=mem_mb, env=env)
            rows.append(_row(rel, command, run, out.is_file(), path))
            if out.is_file():
                outputs[command] = out
        if outputs:
            _check(rows, grafted, sheet, outputs, tmp, timeout=check_timeout,
                   mem_mb=check_mem_mb, python=python, env=env)
        return rows


def _check(rows: list[Result], grafted: Path, sheet: str, outputs: dict[str, Path], tmp: Path,
           *, timeout: float, mem_mb: int, python: str, env: dict[str, str]) -> None:
    """Fill in each written output's checks from one limited ``--check`` subprocess."""
    argv = _worker(python, "--check", str(grafted), sheet,
                   *(f"{c}={p}" for c, p in outputs.items()))
    run = run_limited(argv, cwd=tmp, timeout=timeout, mem_mb=mem_mb, env=env)
    reports = {}
    for line in run.stdout.splitlines():  # one JSON line per output, flushed as it is done
        if line.startswith("{"):
            item = json.loads(line)
            reports[item["command"]] = item
    why = "timeout" if run.timed_out else first_line(run.stderr.splitlines()[-1]
                                                     if run.stderr.strip() else "")
    for row in rows:
        if row.command not in outputs:
            continue
        item = reports.get(row.command)
        if item is None:
            row.check_failed = (why or f"exit {run.exit}")[:300]
            continue
        row.schema_in, row.schema_out = item["schema_in"], item["schema_out"]
        row.parts_changed = str(len(item["kept"]))
        row.cells_changed = str(len(item["cells"]))
        row.formula_as_text = str(item["formulas"]["as_text"] + item["formulas"]["reprs"])
        found = item["kept"] + item["cells"] + item["formulas"]["examples"] + item["schema"]
        row.example = "; ".join(found[:2])[:300]
        row.check_failed = item.get("failed", "")


def _schema(path: Path) -> tuple[str, list[str]]:
    from ooxml_check import schema_errors

    errors = schema_errors(path)
    return ("valid" if not errors else f"{len(errors)} error(s)"), errors


def check_outputs(grafted: Path, sheet: str, outputs: list[str]) -> None:
    """The ``--check`` worker: one JSON line per output, printed as soon as it is checked.
    A check that cannot run (openpyxl cannot load a file careers-xl reads) is named in
    "failed"; the others still run."""
    from graft import cells_changed, kept

    def formulas(out: Path) -> dict[str, Any]:
        """Formulas as text in ``out`` that were not already text in the input (a user may
        type "=A:A" as text beside the same formula)."""
        found = compare_formulas(grafted, out)
        for key in ("as_text", "reprs"):
            found[key] = max(0, found[key] - already[key])
        found["examples"] = [e for e in found["examples"] if e not in already["examples"]]
        return found

    checks: dict[str, Any] = {"kept": lambda out: kept(grafted, out, sheet)[:20],
                              "cells": lambda out: cells_changed(grafted, out, sheet),
                              "formulas": formulas, "schema_out": _schema}
    try:
        already = compare_formulas(grafted, grafted)
    except Exception:  # openpyxl cannot read the input: the formulas check fails below
        already = {"as_text": 0, "reprs": 0, "examples": []}
    schema_in, errors_in = _schema(grafted)
    for item in outputs:
        command, _, name = item.partition("=")
        report: dict[str, Any] = {"command": command, "schema_in": schema_in, "kept": [],
                                  "cells": [], "schema": [], "schema_out": "",
                                  "formulas": {"as_text": 0, "reprs": 0, "examples": []}}
        failed = []
        for check, run in checks.items():
            try:
                report[check] = run(Path(name))
            except Exception as err:  # this check failed on this output: say so, go on
                failed.append(f"{check}: {type(err).__name__}: {err}"[:150])
        if isinstance(report["schema_out"], tuple):
            report["schema_out"], errors = report["schema_out"]
            report["schema"] = [] if errors_in else errors[:3]
        report["failed"] = "; ".join(failed)
        print(json.dumps(report), flush=True)


def graft_one(source: Path, dest: Path) -> int:
    """The ``--graft`` worker: prints the plan sheet's name; a refusal is one line."""
    from graft import graft

    from careers_xl.errors import CareersXLError

    try:
        print(graft(source, dest))
    except CareersXLError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    return 0


def run_all(files: list[tuple[Path, str]], *, jobs: int, progress: bool, out: Path | None,
            **limits: Any) -> list[Result]:
    """Every file's rows, in file order; with ``out``, each file's rows are also appended
    to it as soon as they are in (the finished report replaces them, sorted)."""
    order = {rel: i for i, (_path, rel) in enumerate(files)}
    results: list[Result] = []
    started = time.monotonic()
    if out:
        write_report([], out)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_file, path, rel, **limits): rel for path, rel in files}
        for done, future in enumerate(as_completed(futures), 1):
            rel = futures[future]
            try:
                rows = future.result()
            except Exception as err:  # the harness itself failed: say so, carry on
                rows = [Result(rel, "graft", "other", "harness", 0.0, 0.0,
                               message=f"harness error: {type(err).__name__}: {err}")]
            results += rows
            if out:
                write_report(rows, out, append=True)
            if progress and (done % 25 == 0 or done == len(files)):
                print(f"[{done}/{len(files)}] {time.monotonic() - started:.0f}s",
                      file=sys.stderr, flush=True)
    steps = ("graft", *COMMANDS)
    return sorted(results, key=lambda r: (order.get(r.file, -1), steps.index(r.command)))


def _flag(value: str) -> bool:
    return value not in ("", "0")


def summarise(results: list[Result], files: int) -> str:
    parts = [f"{files} workbook(s); a plan grafted into "
             f"{sum(1 for r in results if r.command == 'graft' and r.outcome == 'ok')}", ""]
    header = ["step", *OUTCOMES, "parts-changed", "cells-changed", "schema-broken",
              "formula-as-text", "check-failed", "msg-unnamed"]
    rows = []
    for command in ("graft", *COMMANDS):
        mine = [r for r in results if r.command == command]
        counts = Counter(r.outcome for r in mine)
        broken = sum(1 for r in mine if r.schema_in == "valid" and r.schema_out
                     and r.schema_out != "valid")
        rows.append([command, *(str(counts.get(o, 0)) for o in OUTCOMES),
                     str(sum(_flag(r.parts_changed) for r in mine)),
                     str(sum(_flag(r.cells_changed) for r in mine)), str(broken),
                     str(sum(_flag(r.formula_as_text) for r in mine)),
                     str(sum(bool(r.check_failed) for r in mine)),
                     str(sum(r.outcome != "ok" and r.names_file == "no" for r in mine))])
    parts.append(table(header, rows))
    schema = Counter(r.schema_in for r in results if r.command == "update" and r.schema_in)
    parts += ["", "Grafted inputs against the schemas (of those update wrote): "
              + ", ".join(f"{n} {k}" for k, n in schema.most_common(3))
              + (" ..." if len(schema) > 3 else "")]
    parts += ["", "Slowest (seconds, peak RSS MB, step, outcome, file):"]
    slowest = sorted(results, key=lambda r: (-r.seconds, r.file, r.command))[:10]
    parts.append(table(["seconds", "rss-mb", "step", "outcome", "file"],
                       [[f"{r.seconds:.2f}", f"{r.peak_rss_mb:.0f}", r.command, r.outcome,
                         r.file] for r in slowest]))
    classes: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        if r.outcome != "ok":
            classes[(r.outcome, failure_class(r.message, r.file))].append(r)
    parts += ["", "Distinct failure classes (outcome, count, steps, message):"]
    for (outcome, message), members in sorted(classes.items(),
                                              key=lambda kv: (kv[0][0], -len(kv[1]))):
        steps = sorted({m.command for m in members}, key=("graft", *COMMANDS).index)
        parts.append(f"  {outcome:16} {len(members):5d}  {','.join(steps):30} {message}")
        parts.append(f"  {'':16} {'':5}  e.g. {members[0].file}")
    found = [r for r in results if _flag(r.parts_changed) or _flag(r.cells_changed)
             or _flag(r.formula_as_text) or r.check_failed
             or (r.schema_in == "valid" and r.schema_out not in ("", "valid"))]
    if found:
        parts += ["", "Outputs that failed a check (step, file: what):"]
        parts += [f"  {r.command:9} {r.file}: {r.check_failed or r.example}" for r in found]
    return "\n".join(parts)


def write_report(results: list[Result], out: Path, *, append: bool = False) -> None:
    with out.open("a" if append else "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Result)],
                                delimiter="\t", lineterminator="\n")
        if not append:
            writer.writeheader()
        writer.writerows(asdict(r) for r in results)


def read_report(path: Path) -> list[Result]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Result(**{**row, "seconds": float(row["seconds"] or 0),  # type: ignore[arg-type]
                      "peak_rss_mb": float(row["peak_rss_mb"] or 0)}) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, nargs="?", help="folder of workbooks (recursive)")
    parser.add_argument("--out", type=Path, help="write the per-step TSV here")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds each command may run (default 30)")
    parser.add_argument("--mem-mb", type=int, default=1024,
                        help="address-space limit per command, MB (default 1024)")
    parser.add_argument("--check-timeout", type=float, default=180.0,
                        help="seconds the checks of one workbook's outputs may run")
    parser.add_argument("--check-mem-mb", type=int, default=2048)
    parser.add_argument("--jobs", type=int, default=2, help="workbooks at once (default 2)")
    parser.add_argument("--match", help="only files whose path has this regex")
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--code", default="worktree",
                        help="whose careers_xl to run (as corpus_run.py --code)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--summarise", type=Path, metavar="REPORT_TSV")
    parser.add_argument("--graft", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.graft or args.check:
        sys.path.insert(0, str(REPO_ROOT / "tests"))
        if args.graft:
            return graft_one(*args.graft)
        check_outputs(Path(args.check[0]), args.check[1], args.check[2:])
        return 0
    if args.summarise:
        results = read_report(args.summarise)
        print(summarise(results, len({r.file for r in results})))
        return 0
    if args.dir is None or not args.dir.is_dir():
        parser.error("DIR must be a folder of workbooks")
    files = find_workbooks(args.dir)
    if args.match:
        files = [(p, rel) for p, rel in files if re.search(args.match, rel)]
    files = files[:args.limit] if args.limit is not None else files
    with tempfile.TemporaryDirectory(prefix="corpus-graft-code-") as snapshot:
        code, described = code_snapshot(args.code, Path(snapshot))
        results = run_all(files, jobs=max(1, args.jobs), progress=not args.quiet,
                          out=args.out, timeout=args.timeout, mem_mb=args.mem_mb,
                          check_timeout=args.check_timeout, check_mem_mb=args.check_mem_mb,
                          python=args.python, code=code)
    if args.out:
        write_report(results, args.out)
    print(f"careers_xl from {described}")
    print(summarise(results, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
