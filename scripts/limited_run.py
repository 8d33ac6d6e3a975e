"""What the corpus scripts share: running one command under limits, reading how it ended,
and checking what it wrote.

``run_limited`` runs a command in its own session under a wall-clock timeout and an
address-space limit (RLIMIT_AS) and measures its peak RSS; ``classify`` and ``error_line``
say how it ended; ``compare_formulas`` (openpyxl, as an independent oracle) counts formulas a
written workbook holds as text or lost.  Used by ``corpus_run.py`` (every command over real
workbooks) and ``corpus_graft.py`` (the same workbooks with a careers plan grafted in).
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-01-15"  # every run judges dates as of this day
SUFFIXES = (".xlsx", ".xlsm")
WRITING_COMMANDS = ("update", "rollover", "compass", "refresh")
OUTCOMES = ("ok", "refused", "hang", "over-memory", "crash", "traceback", "unexpected-error",
            "other")
MEMORY_SIGNS = ("memoryerror", "cannot allocate memory", "std::bad_alloc", "out of memory",
                "memory allocation")  # lower case; OpenBLAS: "Memory allocation ... failed"
MAX_CAPTURE = 1_000_000  # bytes of stdout/stderr kept per run

@dataclass
class Run:
    """How one subprocess ended."""

    exit: int | None  # None when it was killed for running too long
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    timed_out: bool


def _limit(mem_bytes: int) -> Callable[[], None]:
    def apply() -> None:  # runs in the child between fork and exec: keep it tiny
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _read_capture(handle: Any) -> str:
    handle.seek(0)
    return handle.read(MAX_CAPTURE).decode("utf-8", "replace")


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_limited(argv: list[str], *, cwd: Path, timeout: float, mem_mb: int,
                env: dict[str, str]) -> Run:
    """Run ``argv`` in its own session under the limits; peak RSS from wait4's rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True,
                                preexec_fn=_limit(mem_mb * 1024 * 1024))
        timed_out = False
        pause = 0.005
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                _kill_group(proc.pid)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(pause)
            pause = min(pause * 1.5, 0.05)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group(proc.pid)  # anything it left running (a refresh's worker processes)
        return Run(exit=None if timed_out else proc.returncode, seconds=seconds,
                   peak_rss_mb=usage.ru_maxrss / 1024, stdout=_read_capture(out),
                   stderr=_read_capture(err), timed_out=timed_out)


# ---------------------------------------------------------------------------------------------
# Formulas written as text (openpyxl, run in a limited subprocess by the caller)


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", None)  # ArrayFormula, DataTableFormula
    return str(text if text is not None else value)


def formula_cells(workbook: Any) -> Iterable[tuple[str, Any]]:
    """(sheet title, cell) for every cell a read-only workbook's sheets store."""
    for ws in workbook.worksheets:
        if not hasattr(ws, "reset_dimensions"):
            continue  # a chartsheet
        ws.reset_dimensions()  # trust the cells, not a <dimension> of A1:XFD1048576
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "coordinate", None):
                    yield ws.title, cell


def compare_formulas(source: Path, written: Path) -> dict[str, Any]:
    """Formula cells of ``source`` against what ``written`` holds.

    A written cell counts as a formula turned to text when it is a string starting with
    "<openpyxl" (an object's repr), or a string starting with "=" that either sits where the
    input had a formula or repeats an input formula's text (the writer may move rows).
    ``lost`` counts input formulas whose text no output formula cell has (as many times)."""
    import openpyxl

    src = openpyxl.load_workbook(source, read_only=True, data_only=False)
    formulas: dict[tuple[str, str], str] = {}
    for title, cell in formula_cells(src):
        if _is_formula(cell):
            formulas[(title, cell.coordinate)] = _formula_text(cell.value)
    src.close()
    texts = set(formulas.values())
    out = openpyxl.load_workbook(written, read_only=True, data_only=False)
    as_text = reprs = 0
    written_formulas: Counter[str] = Counter()
    examples: list[str] = []
    for title, cell in formula_cells(out):
        value = cell.value
        if _is_formula(cell):
            written_formulas[_formula_text(value)] += 1
            continue
        if not isinstance(value, str):
            continue
        where = f"{title}!{cell.coordinate}"
        if value.startswith("<openpyxl"):
            reprs += 1
            as_text += 1
        elif value.startswith("=") and ((title, cell.coordinate) in formulas or value in texts):
            as_text += 1
        else:
            continue
        if len(examples) < 3:
            was = formulas.get((title, cell.coordinate))
            examples.append(f"{where}: {value[:70]!r}" + (f" (was {was[:50]!r})" if was else ""))
    out.close()
    lost = sum(max(0, count - written_formulas[text])
               for text, count in Counter(formulas.values()).items())
    return {"formulas_in": len(formulas), "formulas_out": sum(written_formulas.values()),
            "as_text": as_text, "lost": lost, "reprs": reprs, "examples": examples}


# ---------------------------------------------------------------------------------------------
# How a command ended


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().replace("\t", " ")[:300]
    return ""


def refresh_table(stdout: str) -> dict[str, str]:
    """The cells of refresh's one-row rich table, by column title, wrapped lines joined by
    spaces (see ``unwrap_name`` for the words rich had to cut)."""
    columns: list[str] = []
    pieces: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        if line.startswith("\u2503") and not columns:  # the header row
            columns = [part.strip() for part in line.strip("\u2503").split("\u2503")]
            pieces = {name: [] for name in columns}
        elif line.startswith("\u2502") and columns:
            parts = line.strip().strip("\u2502").split("\u2502")
            for name, part in zip(columns, parts, strict=False):
                if part.strip():
                    pieces[name].append(part.strip())
    return {name: " ".join(chunks) for name, chunks in pieces.items()}


def unwrap_name(text: str, path: Path) -> str:
    """``text`` with the file's name (or stem) whole again where rich cut it across lines:
    only names are longer than a column, so only they are cut mid-word."""
    for name in (f"{path.stem}.xlsx", f"{path.stem}.xlsm", path.name, path.stem):
        if len(name) < 4:
            continue
        spaced = r"\s?".join(re.escape(char) for char in name)
        text = re.sub(spaced, name.replace("\\", "\\\\"), text)
    return text


def _refresh_status(stdout: str, path: Path) -> str:
    """refresh's Status cell when it says "failed: ...", unwrapped."""
    status = unwrap_name(refresh_table(stdout).get("Status", ""), path)
    return f"refresh {status}" if status.startswith("failed") else ""


def error_line(run: Run, path: Path) -> str:
    """The line that says why: click's ``Error: ...``, our unexpected-error line, the
    exception line closing a traceback, or else the first line of stderr."""
    lines = [line.strip() for line in (run.stderr + "\n" + run.stdout).splitlines()]
    for line in lines:
        if line.startswith(("Error:", "careers-xl:", "skipped ", "FAILED", "failed")):
            return line.replace("\t", " ")[:300]
    status = _refresh_status(run.stdout, path)
    if status:
        return status[:300]
    return traceback_last(run.stderr) or first_line(run.stderr)


def traceback_last(stderr: str) -> str:
    """The exception line that closes the last traceback in ``stderr``."""
    if "Traceback (most recent call last)" not in stderr:
        return ""
    after = stderr[stderr.rindex("Traceback (most recent call last)"):]
    tail = [line for line in after.splitlines()[1:] if line.strip()
            and not line.startswith((" ", "Traceback", "During handling", "The above"))]
    return tail[0].strip().replace("\t", " ")[:300] if tail else ""


def classify(command: str, run: Run, wrote: bool) -> str:
    text = run.stdout + run.stderr
    if run.timed_out:
        return "hang"
    if any(sign in text.lower() for sign in MEMORY_SIGNS):
        return "over-memory"
    if run.exit is not None and run.exit < 0:
        return "crash"
    if "Traceback (most recent call last)" in text:
        return "traceback"
    if "unexpected error" in text:
        return "unexpected-error"
    if run.exit == 0:
        return "ok" if wrote or command not in WRITING_COMMANDS else "other"
    if command == "check" and run.exit == 1 and "Error:" not in run.stderr:
        return "ok"  # problems listed
    if run.exit in (1, 2):
        return "refused"
    return "other"


def names_file(line: str, path: Path) -> str:
    if not line:
        return ""
    return "yes" if path.name in line or path.stem in line else "no"


def python_env(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH")) if p)
    env.update(NO_COLOR="1", COLUMNS="120", PYTHONIOENCODING="utf-8")
    return env


def output_suffix(path: Path) -> str:
    """.xlsm when the input holds a VBA project or its workbook part is typed macro-enabled,
    else .xlsx (what careers-xl asks a user for); the input's own suffix when it is not a
    readable zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {name.lower().replace("\\", "/"): name for name in archive.namelist()}
            types_name = names.get("[content_types].xml")
            info = archive.getinfo(types_name) if types_name else None
            types = archive.read(info) if info and info.file_size < 1_000_000 else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError):
        return path.suffix.lower() if path.suffix.lower() in SUFFIXES else ".xlsx"
    macro_typed = b"sheet.macroenabled.main" in types.lower()
    return ".xlsm" if "xl/vbaproject.bin" in names or macro_typed else ".xlsx"


# ---------------------------------------------------------------------------------------------
# Files, code and tables


def failure_class(line: str, file: str) -> str:
    """A failure's message with the file's name, numbers and quoted bits made generic."""
    line = line.replace(Path(file).name, "<FILE>").replace(Path(file).stem, "<FILE>")
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    line = re.sub(r"\b[A-Z]{1,3}\d+\b", "<CELL>", line)
    line = re.sub(r"\d+", "N", line)
    return line[:160]


def find_workbooks(folder: Path) -> list[tuple[Path, str]]:
    """(absolute path, path relative to ``folder``) of every workbook, sorted."""
    folder = folder.resolve()  # the commands run in their own temporary folders
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append((path, path.relative_to(folder).as_posix()))
    return sorted(found, key=lambda item: item[1])


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True))
              for row in rows]
    return "\n".join(lines)


def code_snapshot(spec: str, into: Path) -> tuple[Path, str]:
    """The folder whose careers_xl package to run, and a description of it.

    ``worktree`` is this checkout as it stands; a folder holding careers_xl/ is used as is;
    anything else is a git revision of this repository, exported (``git archive``) into
    ``into`` so that edits under way in the work tree do not change the run."""
    if spec == "worktree":
        return REPO_ROOT, f"work tree {REPO_ROOT}"
    folder = Path(spec)
    if (folder / "careers_xl" / "__init__.py").is_file():
        return folder.resolve(), f"folder {folder.resolve()}"
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--verify",
                             f"{spec}^{{commit}}"], capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", "--format=tar", commit,
                              "careers_xl"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into, f"git {spec} = {commit}"
