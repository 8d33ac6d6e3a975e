"""Every ```console session in README.md is run, and its output compared with the README.

Like sqlite-utils checks its documentation with cog, but the other way round: the README is
the expectation, and this test fails when careers-xl's output drifts from it.

How a session is read:

- a line starting with ``$ `` is a command; the lines after it, up to the next command, are
  what it prints (standard output and standard error together, as a terminal shows them);
  blank lines at the end of that output and spaces at the end of every line are ignored;
- a line that is exactly ``...`` stands for any number of lines (none included);
- ``YYYYmmdd-HHMMSS`` in an expected line stands for the time stamp of a backup's name
  (``my-plan.backup-20261123-101500.xlsx``), the one thing that differs between runs.

Nothing else is loose. Each session runs as one bash script in a fresh folder that holds a
copy of ``tests/fixtures/`` (so ``tests/fixtures/...`` paths work as in a clone of the
repository), with ``careers-xl`` running this checkout's code (``python -m careers_xl``).
``$?`` is the real exit status of the command before. Rich tables are drawn 120 characters
wide whatever the terminal (the CLI fixes the width; ``COLUMNS=120`` is set too).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ANY_LINES = "..."
PLACEHOLDERS = {"YYYYmmdd-HHMMSS": r"\d{8}-\d{6}(?:-\d+)?"}
_MARK = "@@careers-xl-readme-command-{}@@"


@dataclass
class Step:
    command: str
    expected: list[str]


@dataclass
class Session:
    line: int  # where the ```console block starts in README.md (1-based)
    steps: list[Step]


def sessions(text: str) -> list[Session]:
    """The ```console blocks of a README, each as its commands and their expected output."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        start, steps = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i].rstrip()
            if line.startswith("$ "):
                steps.append(Step(line[2:], []))
            elif steps:
                steps[-1].expected.append(line)
            else:
                raise AssertionError(f"README.md:{i + 1}: output before any command: {line!r}")
            i += 1
        for step in steps:
            while step.expected and not step.expected[-1]:
                step.expected.pop()
        found.append(Session(start, steps))
        i += 1
    return found


def expected_pattern(expected: list[str]) -> re.Pattern[str]:
    """The regular expression for a command's expected output lines (see the docstring)."""
    parts = []
    for line in expected:
        if line == ANY_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces = re.split("(" + "|".join(map(re.escape, PLACEHOLDERS)) + ")", line)
        parts.append("".join(PLACEHOLDERS.get(p, re.escape(p)) for p in pieces) + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: str) -> bool:
    lines = [line.rstrip() for line in actual.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    text = "".join(line + "\n" for line in lines)
    return expected_pattern(expected).fullmatch(text) is not None


def run_session(session: Session, folder: Path) -> list[str]:
    """Run a session's commands in order in ``folder``; the output of each."""
    bin_dir = folder.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "careers-xl"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m careers_xl "$@"\n')
    shim.chmod(0o755)
    script = ["exec 2>&1"]
    for n, step in enumerate(session.steps):
        # The marker must not change $?: keep it, print the marker, give it back.
        script += ["__status=$?", f"echo {_MARK.format(n)}", "(exit $__status)", step.command]
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "COLUMNS": "120", "PYTHONUNBUFFERED": "1",
           "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=900)
    chunks = re.split(r"^@@careers-xl-readme-command-\d+@@\n", done.stdout, flags=re.M)
    assert len(chunks) == len(session.steps) + 1, done.stdout
    return chunks[1:]


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def test_every_command_shows_its_help() -> None:
    """`careers-xl COMMAND --help`, as a reader of this README would try it."""
    from click.testing import CliRunner

    from careers_xl.cli import cli

    for name in cli.commands:  # type: ignore[attr-defined]
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, (name, result.output)


def test_the_readme_has_console_sessions() -> None:
    assert len(SESSIONS) >= 5 and all(s.steps for s in SESSIONS)


def test_the_readme_starts_with_the_two_commands() -> None:
    """The first code block: the main job on the bundled example, then the whole test suite."""
    block = README.read_text(encoding="utf-8").split("```")[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "careers-xl update tests/fixtures/" in commands[0]
    assert commands[1].endswith("python -m pytest -q")


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: f"README.md:{s.line}")
def test_console_session(session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    shutil.copytree(ROOT / "tests" / "fixtures", folder / "tests" / "fixtures")
    outputs = run_session(session, folder)
    wrong = [f"$ {step.command}\n--- the README shows:\n" + "\n".join(step.expected)
             + "\n--- but it printed:\n" + output
             for step, output in zip(session.steps, outputs, strict=True)
             if not matches(step.expected, output)]
    if wrong:
        pytest.fail(f"README.md:{session.line}: {len(wrong)} command(s) print something else\n"
                    + "\n".join(wrong), pytrace=False)


@pytest.mark.parametrize(("expected", "actual", "ok"), [
    (["a", "...", "d"], "a\nb\nc\nd\n", True),
    (["a", "...", "d"], "a\nd", True),
    (["a", "...", "d"], "a\nb\nc\n", False),
    (["a", "b"], "a\nb  \n\n", True),
    (["a"], "a\nb\n", False),
    (["x.backup-YYYYmmdd-HHMMSS.xlsx"], "x.backup-20261123-101500.xlsx", True),
    (["x.backup-YYYYmmdd-HHMMSS.xlsx"], "x.backup-2026-1123.xlsx", False),
    (["a.b"], "axb", False),
    ([], "", True),
    ([], "something\n", False),
])
def test_what_a_readme_line_matches(expected: list[str], actual: str, ok: bool) -> None:
    assert matches(expected, actual) is ok


def test_exit_status_is_the_command_before(tmp_path: Path) -> None:
    session = Session(0, [Step("false", []), Step("echo $?", ["1"]), Step("true", []),
                          Step("echo $?", ["0"])])
    (tmp_path / "work").mkdir()
    assert run_session(session, tmp_path / "work") == ["", "1\n", "", "0\n"]
