"""Run careers-xl's commands over every workbook in a folder and report how each one ended.

For each .xlsx/.xlsm under DIR (recursively, in sorted order) it runs, each as its own
subprocess (``python -m careers_xl`` from this checkout) under a wall-clock timeout and an
address-space limit (RLIMIT_AS)::

    read FILE
    check --today 2026-01-15 FILE
    update FILE -o OUT
    rollover FILE -o OUT
    refresh IN_DIR -o OUT_DIR --jobs 1     (only with --commands ...,refresh; a one-file folder)

and records the exit code, seconds, peak RSS, the first line of stderr, whether a Python
traceback or careers-xl's "unexpected error" line appeared, whether a refusal names the file,
and, for every workbook written, whether a cell that held a formula in the input now holds
text starting with "=" or "<openpyxl" (checked with openpyxl, in a limited subprocess too).

    python scripts/corpus_run.py corpus --out corpus-report.tsv
    python scripts/corpus_run.py tests/corpus --timeout 30 --mem-mb 1024 --jobs 2

Outcomes (one per file and command, first that applies): hang (timed out), over-memory
(MemoryError or similar), crash (killed by a signal), traceback, unexpected-error, ok
(exit 0; for check also exit 1 with problems listed and no "Error:" line), refused (exit 1 or
2 with a message), other (any other exit).  Counted on top of those: formula-as-text (written
workbooks with such cells), formulas-lost (written workbooks missing input formulas) and
msg-unnamed (not ok, and the message does not name the file).  update and rollover write
OUT as .xlsm when the input holds a VBA project, else .xlsx, as careers-xl asks.

Getting the corpus: the workbooks are not committed (they come from other projects'
repositories).  ``scripts/fetch_corpus.py`` rebuilds them, file for file, from git mirrors of
the pinned public repositories it lists (``--list-sources`` says which mirrors are here; the
session ``fetch`` tool brings a missing one to /work/.mirror)::

    python scripts/fetch_corpus.py                  # corpus/ (git-ignored), ~1,000 files
    python scripts/fetch_corpus.py --sample tests/corpus   # the 38-file sample
    python scripts/corpus_run.py corpus --out /tmp/corpus-report.tsv --timeout 30 --mem-mb 1024

``corpus/SOURCES.tsv`` names each file's repository, commit, path and licence.  A full run of
four commands over ~1,000 files takes about half an hour on two cores (each command is its
own Python process); ``--match`` or a folder of links to every n-th file makes a sample.
Few real-world files hold a careers plan, so update and rollover mostly test refusals there
(``corpus_graft.py`` grafts a plan into each file to test writing); the formula check
(openpyxl, as an independent oracle) runs on every workbook written.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from limited_run import (
    OUTCOMES,
    TODAY,
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
    refresh_table,
    run_limited,
    table,
    traceback_last,
    unwrap_name,
)

ALL_COMMANDS = ("read", "check", "update", "rollover", "refresh")
DEFAULT_COMMANDS = ("read", "check", "update", "rollover")


@dataclass
class Result:
    """One row of the report: one workbook, one command."""

    file: str
    command: str
    outcome: str
    exit: str
    seconds: float
    peak_rss_mb: float
    traceback: bool
    unexpected_error: bool
    names_file: str  # yes / no for a refusal or error line, else empty
    formulas_in: str  # formula cells in the input (written outputs only)
    formula_as_text: str  # of those, how many became "=..." or "<openpyxl..." text
    formulas_lost: str  # of those, how many are no longer formulas at all
    openpyxl_repr: str  # output cells anywhere whose text starts with "<openpyxl"
    stderr_first_line: str
    message: str  # the line that says why: "Error: ...", the exception line of a traceback
    formula_example: str
    traceback_last: str = ""  # the exception line closing the last traceback, if any


def run_one(path: Path, rel: str, command: str, *, timeout: float, mem_mb: int,
            formula_check: bool, python: str, code: Path) -> Result:
    env = python_env(code)
    base = [python, "-m", "careers_xl"]
    suffix = output_suffix(path)
    with tempfile.TemporaryDirectory(prefix="corpus-run-") as tmp_name:
        tmp = Path(tmp_name)
        output: Path | None = None
        if command == "read":
            argv = [*base, "read", str(path)]
        elif command == "check":
            argv = [*base, "check", "--today", TODAY, str(path)]
        elif command in ("update", "rollover"):
            output = tmp / f"output{suffix}"
            argv = [*base, command, str(path), "-o", str(output)]
        elif command == "refresh":
            (tmp / "in").mkdir()
            shutil.copyfile(path, tmp / "in" / path.name)
            output = tmp / "out" / path.name  # refresh keeps the name: a wrong suffix shows
            argv = [*base, "refresh", str(tmp / "in"), "-o", str(tmp / "out"), "--jobs", "1"]
        else:
            raise ValueError(f"unknown command {command}")
        run = run_limited(argv, cwd=tmp, timeout=timeout, mem_mb=mem_mb, env=env)
        wrote = output is not None and output.is_file()
        outcome = classify(command, run, wrote)
        line = error_line(run, path) if outcome != "ok" else ""
        text = run.stdout + run.stderr
        result = Result(
            file=rel, command=command, outcome=outcome,
            exit="timeout" if run.exit is None else str(run.exit),
            seconds=round(run.seconds, 2), peak_rss_mb=round(run.peak_rss_mb, 1),
            traceback="Traceback (most recent call last)" in text,
            unexpected_error="unexpected error" in text,
            names_file=("" if outcome == "ok" else names_file(line, path)
                        if command != "refresh" else
                        names_file(unwrap_name(refresh_table(run.stdout).get("File", ""),
                                                path), path)),
            formulas_in="", formula_as_text="", formulas_lost="", openpyxl_repr="",
            stderr_first_line=first_line(run.stderr), message=line, formula_example="",
            traceback_last=traceback_last(run.stderr))
        if wrote and output is not None and formula_check:
            _check_formulas(result, path, output, tmp, timeout=timeout, mem_mb=mem_mb,
                            python=python, env=env)
        return result


def _check_formulas(result: Result, source: Path, written: Path, tmp: Path, *,
                    timeout: float, mem_mb: int, python: str, env: dict[str, str]) -> None:
    argv = [python, str(Path(__file__).resolve()), "--compare-formulas", str(source),
            str(written)]
    run = run_limited(argv, cwd=tmp, timeout=timeout, mem_mb=mem_mb, env=env)
    if run.exit != 0:
        why = "timeout" if run.timed_out else first_line(run.stderr.splitlines()[-1]
                                                          if run.stderr else "")
        result.formula_example = f"formula check failed: {why}"[:300]
        return
    report = json.loads(run.stdout)
    result.formulas_in = str(report["formulas_in"])
    result.formula_as_text = str(report["as_text"])
    result.formulas_lost = str(report["lost"])
    result.openpyxl_repr = str(report["reprs"])
    result.formula_example = " | ".join(report["examples"])[:300]


def run_all(files: list[tuple[Path, str]], commands: Iterable[str], *, jobs: int,
            timeout: float, mem_mb: int, formula_check: bool, python: str, code: Path,
            progress: bool) -> list[Result]:
    tasks = [(path, rel, command) for path, rel in files for command in commands]
    order = {(rel, command): i for i, (_path, rel, command) in enumerate(tasks)}
    results: list[Result] = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_one, path, rel, command, timeout=timeout, mem_mb=mem_mb,
                               formula_check=formula_check, python=python, code=code):
                   (rel, command)
                   for path, rel, command in tasks}
        for done, future in enumerate(as_completed(futures), 1):
            rel, command = futures[future]
            try:
                result = future.result()
            except Exception as err:  # the harness itself failed: say so, carry on
                result = Result(file=rel, command=command, outcome="other", exit="harness",
                                seconds=0.0, peak_rss_mb=0.0, traceback=False,
                                unexpected_error=False, names_file="", formulas_in="",
                                formula_as_text="", formulas_lost="", openpyxl_repr="",
                                stderr_first_line="",
                                message=f"harness error: {type(err).__name__}: {err}",
                                formula_example="")
            results.append(result)
            if progress and (done % 50 == 0 or done == len(tasks)):
                print(f"[{done}/{len(tasks)}] {time.monotonic() - started:.0f}s",
                      file=sys.stderr, flush=True)
    return sorted(results, key=lambda r: order[(r.file, r.command)])


def write_report(results: list[Result], out: Path) -> None:
    names = [f.name for f in fields(Result)]
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for result in results:
            writer.writerow(asdict(result))


def summarise(results: list[Result], commands: list[str], files: int) -> str:
    parts = [f"{files} workbook(s), commands: {', '.join(commands)}", ""]
    header = ["command", *OUTCOMES, "formula-as-text", "formulas-lost", "msg-unnamed"]
    rows = []
    for command in commands:
        mine = [r for r in results if r.command == command]
        counts = Counter(r.outcome for r in mine)
        as_text = sum(1 for r in mine if r.formula_as_text not in ("", "0")
                      or r.openpyxl_repr not in ("", "0"))
        lost = sum(1 for r in mine if r.formulas_lost not in ("", "0"))
        unnamed = sum(1 for r in mine if r.outcome != "ok" and r.names_file == "no")
        rows.append([command, *(str(counts.get(o, 0)) for o in OUTCOMES), str(as_text),
                     str(lost), str(unnamed)])
    parts.append(table(header, rows))
    parts += ["", "Slowest (file, command, seconds, peak RSS MB):"]
    slowest = sorted(results, key=lambda r: (-r.seconds, r.file, r.command))[:10]
    parts.append(table(["seconds", "rss-mb", "command", "outcome", "file"],
                        [[f"{r.seconds:.2f}", f"{r.peak_rss_mb:.0f}", r.command, r.outcome,
                          r.file] for r in slowest]))
    classes: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        if r.outcome != "ok":
            classes[(r.outcome, failure_class(r.message or r.stderr_first_line, r.file))].append(r)
    parts += ["", "Distinct failure classes (outcome, count, commands, message, example):"]
    for (outcome, message), members in sorted(classes.items(),
                                              key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        used = sorted({m.command for m in members}, key=ALL_COMMANDS.index)
        example = members[0]
        parts.append(f"  {outcome:16} {len(members):5d}  {','.join(used):28} {message}")
        parts.append(f"  {'':16} {'':5}  e.g. {example.file}: {example.message}")
    flagged = [r for r in results if r.formula_as_text not in ("", "0")
               or r.openpyxl_repr not in ("", "0")]
    if flagged:
        parts += ["", "Formula cells written back as text:"]
        parts += [f"  {r.command:9} {r.file}: {r.formula_as_text} text cell(s), input had "
                  f"{r.formulas_in} formula(s), {r.formulas_lost} lost; {r.formula_example}"
                  for r in flagged]
    failed_checks = [r for r in results if r.formula_example.startswith("formula check failed")]
    if failed_checks:
        parts += ["", "Formula checks that could not run:"]
        parts += [f"  {r.command:9} {r.file}: {r.formula_example}" for r in failed_checks]
    return "\n".join(parts)


def read_report(path: Path) -> list[Result]:
    """Results back from a report TSV (to summarise it again, or merge runs)."""
    types = {f.name: f.type for f in fields(Result)}
    results = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            values: dict[str, Any] = {}
            for name, kind in types.items():
                raw = row.get(name, "")
                values[name] = (float(raw or 0) if kind in (float, "float") else
                                raw == "True" if kind in (bool, "bool") else raw)
            results.append(Result(**values))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, nargs="?", help="folder of workbooks (recursive)")
    parser.add_argument("--out", type=Path, default=None, help="write the per-run TSV here")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds each command may run (default 30)")
    parser.add_argument("--mem-mb", type=int, default=1024,
                        help="address-space limit per command, MB (default 1024)")
    parser.add_argument("--jobs", type=int, default=2, help="commands run at once (default 2)")
    parser.add_argument("--commands", default=",".join(DEFAULT_COMMANDS),
                        help=f"comma-separated, from {','.join(ALL_COMMANDS)} "
                             f"(default {','.join(DEFAULT_COMMANDS)})")
    parser.add_argument("--match", default=None, help="only files whose path has this regex")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--no-formula-check", action="store_true",
                        help="skip the openpyxl comparison of written workbooks")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that runs careers_xl (default: this one)")
    parser.add_argument("--code", default="worktree",
                        help="whose careers_xl to run: 'worktree' (default), a git revision "
                             "such as HEAD (exported to a temporary folder), or a folder "
                             "holding careers_xl/")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--summarise", type=Path, metavar="REPORT_TSV", default=None,
                        help="print the summary of an earlier --out report instead of running")
    parser.add_argument("--compare-formulas", nargs=2, type=Path, metavar=("IN", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compare_formulas:
        print(json.dumps(compare_formulas(*args.compare_formulas)))
        return 0
    if args.summarise:
        results = read_report(args.summarise)
        commands = [c for c in ALL_COMMANDS if any(r.command == c for r in results)]
        print(summarise(results, commands, len({r.file for r in results})))
        return 0
    if args.dir is None or not args.dir.is_dir():
        parser.error("DIR must be a folder of workbooks")
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = sorted(set(commands) - set(ALL_COMMANDS))
    if unknown:
        parser.error(f"unknown command(s): {', '.join(unknown)}")
    files = find_workbooks(args.dir)
    if args.match:
        files = [(p, rel) for p, rel in files if re.search(args.match, rel)]
    if args.limit is not None:
        files = files[:args.limit]
    with tempfile.TemporaryDirectory(prefix="corpus-run-code-") as snapshot:
        code, described = code_snapshot(args.code, Path(snapshot))
        if not args.quiet:
            print(f"careers_xl from {described}", file=sys.stderr)
        results = run_all(files, commands, jobs=max(1, args.jobs), timeout=args.timeout,
                          mem_mb=args.mem_mb, formula_check=not args.no_formula_check,
                          python=args.python, code=code, progress=not args.quiet)
    if args.out:
        write_report(results, args.out)
    print(f"careers_xl from {described}")
    print(summarise(results, commands, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
