"""tests/_ci_skips.py: with CI=true a skipped LibreOffice test fails the run (issue 13,
defect 8: on CI the macro tests skipped unseen because python3-uno was missing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

SAMPLE = """
import pytest

@pytest.mark.libreoffice
def test_marked():
    pytest.skip("LibreOffice (soffice) is not installed")

def test_needs_uno():
    pytest.skip("LibreOffice cannot be scripted: /usr/bin/python3 cannot import uno")

def test_other_skip():
    pytest.skip("msoffcrypto is not installed")

def test_passes():
    pass
"""
CONFTEST = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from _ci_skips import pytest_runtest_makereport  # noqa: F401
"""


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers = libreoffice: needs LibreOffice\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.mark.parametrize("ci", [None, "false", ""])
def test_skips_stay_skips_off_ci(tmp_path: Path, ci: str | None) -> None:
    done = _run(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 3 skipped" in done.stdout


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_libreoffice_skips_fail_on_ci(tmp_path: Path, ci: str) -> None:
    done = _run(tmp_path, ci)
    assert done.returncode == 1, done.stdout
    assert "2 failed, 1 passed, 1 skipped" in done.stdout
    assert "test_marked" in done.stdout and "test_needs_uno" in done.stdout
    assert "it skipped because: LibreOffice (soffice) is not installed" in done.stdout
