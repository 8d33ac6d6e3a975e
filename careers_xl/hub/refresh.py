"""A Careers Hub's folder of school plans: refresh them all at once, and sum them up.

A hub officer looks after 20-40 schools (nationally, thousands). ``refresh_folder`` rewrites
every workbook in a folder into an output folder, in parallel processes, and checks that
each output still holds every cell of its input; one bad workbook is reported, never fatal.
``collect`` / ``summary`` read every plan into pandas tables (one row per school, ranked by
overdue actions; one per school and benchmark; one per school and year of Compass results)
that ``hub.summary`` turns into the hub's summary workbook. Only those import pandas: a
refresh's worker processes start without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CareersXLError, OutputError
from ..model import Action, Plan, Rag
from ..rules.checks import is_overdue

if TYPE_CHECKING:
    import pandas as pd

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LOCK_PREFIX = "~$"  # Excel's owner/lock file beside an open workbook
TEMP_PREFIX = ".~"  # careers-xl's own half-written outputs (safety.atomic_output)
BACKUP = re.compile(r"\.backup-\d{8}-\d{6}(-\d+)?$")  # `update --in-place`'s backups

RAG_COLUMNS = ["Red", "Amber", "Green", "Complete", "No RAG"]
COMPASS_COLUMNS = [f"BM{n} %" for n in range(1, 9)]
SCHOOL_COLUMNS = ["school", "file", "year", "objectives", "actions", *RAG_COLUMNS, "overdue",
                  *COMPASS_COLUMNS, "named from"]
TEXT_COLUMNS = ("school", "named from", "file", "year", "status")
TREND_COLUMNS = ["school", "file", "year", *COMPASS_COLUMNS]
BENCHMARK_COLUMNS = ["school", "file", "benchmark", "compass %", "objectives", "actions",
                     *RAG_COLUMNS, "overdue"]


def find_workbooks(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Every .xlsx/.xlsm under ``folder`` (recursively), sorted, without Excel's ``~$`` lock
    files, careers-xl's hidden temporary files and dated backups (``plan.backup-...xlsx``),
    or anything inside an ``exclude`` folder/file (so an output folder inside the input
    folder is never read back as input)."""
    root = Path(folder)
    if not root.is_dir():
        raise OutputError(f"{root} is not a folder")
    skip = [Path(e).resolve() for e in exclude]
    found = []
    for path in root.rglob("*"):
        if (path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file()
                or path.name.startswith((LOCK_PREFIX, TEMP_PREFIX)) or BACKUP.search(path.stem)):
            continue
        resolved = path.resolve()
        if any(resolved == s or resolved.is_relative_to(s) for s in skip):
            continue
        found.append(path)
    return sorted(found)


# ---------------------------------------------------------------------------------------------
# Refresh


@dataclass
class RefreshResult:
    """What happened to one workbook of a folder refresh."""

    source: Path  # relative to the input folder
    output: Path | None = None  # where it was written (None when it failed before writing)
    school: str | None = None
    objectives: int = 0
    actions: int = 0
    problems: int = 0
    error: str | None = None  # one line for the hub officer; None means ok

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "ok" if self.error is None else f"failed: {self.error}"


def output_path(source: Path, input_dir: Path, output_dir: Path) -> Path:
    """Where the refreshed copy of ``source`` goes: the same relative path (and the same
    kind of workbook: an .xlsm keeps its macros) under ``output_dir``."""
    return output_dir / source.relative_to(input_dir)


def refresh_one(source: Path, output: Path, relative: Path,
                template: str | None = None, today: date | None = None) -> RefreshResult:
    """Update one workbook (in a template's wording, if given), checked part by part and
    cell by cell against its input before it is written. Never raises: a failure of any
    kind becomes the result's one-line ``error``, so one bad workbook cannot stop a hub's
    batch. Runs in a worker process, so it takes plain paths and a template name.
    """
    from ..rules.checks import check_plan
    from ..templates import load_template
    from ..workflows import update_workbook

    result = RefreshResult(source=relative)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        loaded = load_template(template) if template is not None else None
        outcome = update_workbook(source, output, template=loaded, today=today)
        plan = outcome.plan
        result.school = plan.school
        result.objectives = len(plan.objectives)
        result.actions = len([a for a in plan.actions if a.text])
        result.problems = len(check_plan(plan, today))  # what `careers-xl check` lists
        result.output = output
    except CareersXLError as err:
        result.error = _one_line(str(err)).removeprefix(f"{source.name}: ")
    except Exception as err:  # noqa: BLE001 - a bug of ours must not stop the other schools
        result.error = f"unexpected error ({type(err).__name__}: {_one_line(str(err))})"
    return result


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "no reason given"


def refresh_folder(input_dir: str | Path, output_dir: str | Path, *, template: str | None = None,
                   jobs: int | None = None, today: date | None = None,
                   on_done: Callable[[RefreshResult], None] | None = None,
                   on_start: Callable[[int], None] | None = None) -> list[RefreshResult]:
    """Refresh every workbook under ``input_dir`` into ``output_dir``, keeping relative paths.

    ``template`` is a template name or .toml path applied to every plan (checked before any
    work starts); ``jobs`` is the number of worker processes (default: the number of cores;
    1 runs in this process). ``on_start`` gets the number of workbooks found and ``on_done``
    each result as it finishes (for a progress bar). Results come back in path order.
    Raises ``OutputError`` when an output could overwrite an input.
    """
    src, dst = Path(input_dir), Path(output_dir)
    if not src.is_dir():
        raise OutputError(f"{src} is not a folder")
    if dst.exists() and dst.resolve() == src.resolve():
        raise OutputError("the output folder is the input folder: choose another one so "
                          "every school's original is kept")
    if template is not None:
        from ..templates import load_template

        load_template(template)  # a bad template name fails once, not once per school
    sources = find_workbooks(src, exclude=[dst])
    outputs = [output_path(s, src, dst) for s in sources]
    _refuse_overwriting_inputs(sources, outputs)
    if on_start is not None:
        on_start(len(sources))

    results: list[RefreshResult | None] = [None] * len(sources)
    tasks: list[tuple[int, Path, Path, Path]] = []
    seen: dict[Path, Path] = {}
    for i, (source, output) in enumerate(zip(sources, outputs, strict=True)):
        relative = source.relative_to(src)
        clash = seen.setdefault(output.resolve(), relative)
        if clash != relative:  # a.xlsx and a.xlsm would both become a.xlsx
            failed = RefreshResult(relative, error=f"its output {output.name} is already "
                                                   f"the output of {clash}")
            results[i] = failed
            if on_done is not None:
                on_done(failed)
        else:
            tasks.append((i, source, output, relative))

    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    if workers == 1:
        for i, source, output, relative in tasks:
            result = refresh_one(source, output, relative, template, today)
            results[i] = result
            if on_done is not None:
                on_done(result)
    else:
        _run_pool(tasks, template, today, workers, results, on_done)
    return [r for r in results if r is not None]


def _run_pool(tasks: Sequence[tuple[int, Path, Path, Path]], template: str | None,
              today: date | None, workers: int,
              results: list[RefreshResult | None],
              on_done: Callable[[RefreshResult], None] | None) -> None:
    """Run ``refresh_one`` for every task in ``workers`` processes, filling ``results``.

    If a worker process dies (out of memory, killed), its school is reported as failed and
    the others carry on being collected.
    """
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(refresh_one, source, output, relative, template, today):
                   (i, relative)
                   for i, source, output, relative in tasks}
        for future in as_completed(futures):
            i, relative = futures[future]
            try:
                result = future.result()
            except Exception as err:  # noqa: BLE001 - the worker died: report, keep going
                result = RefreshResult(relative, error=f"worker process failed "
                                                       f"({type(err).__name__}: {err})")
            results[i] = result
            if on_done is not None:
                on_done(result)


def _refuse_overwriting_inputs(sources: list[Path], outputs: list[Path]) -> None:
    """Raise ``OutputError`` if any output is (a link to) any input, before anything is written."""
    by_path = {s.resolve(): s for s in sources}
    by_inode = {(st.st_dev, st.st_ino): s for s in sources for st in [s.stat()]}
    for output in outputs:
        clash = by_path.get(output.resolve())
        if clash is None and output.exists():
            st = output.stat()
            clash = by_inode.get((st.st_dev, st.st_ino))
        if clash is not None:
            raise OutputError(f"{output} would overwrite the input workbook {clash}: choose an "
                              "output folder outside the input folder")


# ---------------------------------------------------------------------------------------------
# Hub summary


@dataclass
class HubData:
    """Every readable school plan of a hub, as tables, plus the files that could not be read."""

    schools: pd.DataFrame  # one row per school, most overdue actions first: SCHOOL_COLUMNS
    benchmarks: pd.DataFrame  # one row per school and benchmark 1-8: BENCHMARK_COLUMNS
    failures: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)
    today: date = field(default_factory=date.today)
    compass: pd.DataFrame = field(default_factory=lambda: _frame([], TREND_COLUMNS,
                                                                 COMPASS_COLUMNS))
    base: Path | None = None  # the hub folder files are named relative to

    def table(self) -> pd.DataFrame:
        """The schools with a status column, and a row for each workbook not read (its
        reason as the status): the CSV and JSON summary."""
        import pandas as pd

        frame = self.schools.assign(status="ok")
        failed = pd.DataFrame([{"file": _relative(path, self.base),
                                "status": f"could not be read: {reason}"}
                               for path, reason in self.failures], columns=["file", "status"])
        return pd.concat([frame, failed], ignore_index=True) if len(failed) else frame

    def compass_trend(self) -> pd.DataFrame:
        """The hub's average Compass % per benchmark, one row per academic year."""
        import pandas as pd

        if self.compass.empty:
            return pd.DataFrame(columns=["year", "schools", *COMPASS_COLUMNS])
        grouped = self.compass.groupby("year")
        trend = grouped[COMPASS_COLUMNS].mean().round(0)
        trend.insert(0, "schools", grouped["school"].nunique())
        return trend.reset_index()

    def notes(self) -> list[str]:
        """What a hub officer should know about how schools were named."""
        out = []
        for source, why in (("title", "no School on a Cover, so named from its title"),
                            ("file name", "no School on a Cover and no title, so named from "
                                          "the file name")):
            files = list(self.schools.loc[self.schools["named from"] == source, "file"])
            if files:
                shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more"
                                                if len(files) > 3 else "")
                out.append(f"{len(files)} plan(s) with {why}: {shown}.")
        return out


def _counts(actions: list[Action], today: date) -> dict[str, int]:
    """RAG counts and overdue count of some actions (only actions with text count)."""
    acts = [a for a in actions if a.text]
    counts = {label: sum(1 for a in acts if a.rag == rag)
              for label, rag in zip(RAG_COLUMNS, [*Rag, None], strict=True)}
    return {"actions": len(acts), **counts,
            "overdue": sum(1 for a in acts if is_overdue(a, today))}


_TITLE_NOISE = re.compile(r"(?i)\b(strategic|careers?|plan|programme|action|master|"
                          r"20\d\d\s*[/\-_–]\s*(?:20)?\d\d)\b")


def school_name(plan: Plan, file: str) -> tuple[str, str]:
    """The school's name and where it came from: its Cover ("Cover"), the plan's title
    ("title") or, failing both, the file name ("file name")."""
    if plan.school:
        return plan.school, "Cover"
    titles = [plan.cover_title or ""] + [line for s in plan.sheets[:1] for line in s.preamble[:1]
                                         if not re.search(r"(?i)gatsby|benchmark|compass",
                                                          line)]
    for title in titles:
        name = re.split(r"\s[-–:|]\s|:", title)[0]
        name = " ".join(_TITLE_NOISE.sub(" ", name).split()).strip(" -–:,")
        if name:
            return name, "title"
    return Path(file).stem, "file name"


def school_row(plan: Plan, file: str, today: date) -> dict[str, object]:
    """One school's row of the hub summary."""
    name, source = school_name(plan, file)
    row: dict[str, object] = {
        "school": name,
        "file": file,
        "year": str(plan.academic_year) if plan.academic_year else None,
        "objectives": len(plan.objectives),
        **_counts(plan.actions, today),
    }
    for n, column in enumerate(COMPASS_COLUMNS, start=1):
        bench = plan.benchmarks.get(n)
        row[column] = bench.compass_percent if bench else None
    row["named from"] = source
    return row


def compass_rows(plan: Plan, school: str, file: str) -> list[dict[str, object]]:
    """One row per year the plan holds a Compass result for (Compass History and this year)."""
    scores = dict(plan.compass_history)
    if plan.academic_year is not None:
        scores[str(plan.academic_year)] = {n: b.compass_percent
                                           for n, b in plan.benchmarks.items()}
    rows: list[dict[str, object]] = []
    for year, by_number in sorted(scores.items()):
        if any(v is not None for v in by_number.values()):
            rows.append({"school": school, "file": file, "year": year,
                         **{c: by_number.get(n) for n, c in enumerate(COMPASS_COLUMNS, 1)}})
    return rows


def benchmark_rows(plan: Plan, school: str, file: str, today: date) -> list[dict[str, object]]:
    """One row per Gatsby Benchmark (1-8) for this school, zeros where it plans nothing, and
    a "No benchmark" row (benchmark None) when some objectives have none."""
    rows: list[dict[str, object]] = []
    numbers: list[int | None] = list(range(1, 9))
    if any(o.benchmark is None for o in plan.objectives):
        numbers.append(None)
    for n in numbers:
        objectives = [o for o in plan.objectives if o.benchmark == n]
        bench = plan.benchmarks.get(n) if n is not None else None
        rows.append({"school": school, "file": file, "benchmark": n,
                     "compass %": bench.compass_percent if bench else None,
                     "objectives": len(objectives),
                     **_counts([a for o in objectives for a in o.actions], today)})
    return rows


def collect(paths: Iterable[str | Path], *, today: date | None = None,
            base: str | Path | None = None) -> HubData:
    """Read every workbook in ``paths`` into the hub tables. Unreadable workbooks (damaged,
    not a plan...) are listed in ``failures`` with their reason and left out of the tables.
    ``file`` is each path relative to ``base`` (default: its name); overdue is as of ``today``.
    """
    from ..read.plan import read_plan

    today = today or date.today()
    schools: list[dict[str, object]] = []
    benches: list[dict[str, object]] = []
    compass: list[dict[str, object]] = []
    failures: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        file = _relative(path, base)
        try:
            plan = read_plan(path)
        except CareersXLError as err:
            failures.append((path, _one_line(str(err)).removeprefix(f"{path.name}: ")))
            continue
        row = school_row(plan, file, today)
        schools.append(row)
        benches += benchmark_rows(plan, str(row["school"]), file, today)
        compass += compass_rows(plan, str(row["school"]), file)
    frame = _frame(schools, SCHOOL_COLUMNS, COMPASS_COLUMNS)
    frame = frame.sort_values(["overdue", "school"], ascending=[False, True], kind="stable")
    return HubData(frame.reset_index(drop=True),
                   _frame(benches, BENCHMARK_COLUMNS, ["compass %", "benchmark"]), failures,
                   today, _frame(compass, TREND_COLUMNS, COMPASS_COLUMNS),
                   Path(base) if base is not None else None)


def _relative(path: Path, base: str | Path | None) -> str:
    return str(path.relative_to(base)) if base is not None else path.name


def _frame(rows: list[dict[str, object]], columns: list[str], nullable: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns``; counts as int, Compass as nullable Int64."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    for column in columns:
        if column in nullable:
            frame[column] = frame[column].astype("Int64")
        elif column not in TEXT_COLUMNS:
            frame[column] = frame[column].astype("int64")
    return frame


def summary(paths: Iterable[str | Path], *, today: date | None = None) -> pd.DataFrame:
    """One row per school (SCHOOL_COLUMNS) for the workbooks in ``paths``.

    Strict: raises the first file's ``CareersXLError`` if any cannot be read; use
    ``collect`` to skip unreadable files and get their reasons instead.
    """
    data = collect(paths, today=today)
    if data.failures:
        raise CareersXLError(data.failures[0][1])
    return data.schools
