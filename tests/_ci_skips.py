"""On CI, a LibreOffice test that skips is a failure, not a quiet "s".

The add-in's macros and the real-office-suite checks run only where LibreOffice (and, for
macros, python3-uno) is installed; elsewhere they skip. That is right on a laptop and wrong
on CI, where a missing package would hide those tests for good. With ``CI=true`` in the
environment, every skipped test marked ``libreoffice`` (or skipped for want of LibreOffice,
soffice or UNO) is reported as failed, saying why it skipped.

Register it in tests/conftest.py::

    from _ci_skips import pytest_runtest_makereport  # noqa: F401  (CI: LibreOffice skips fail)
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from typing import Any

import pytest

_LIBREOFFICE = re.compile(r"libreoffice|soffice|\buno\b|python3-uno", re.IGNORECASE)


def on_ci() -> bool:
    """True when the CI variable says this run is CI (GitHub, GitLab and most set CI=true)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail") or not on_ci():
        return
    reason = _skip_reason(report)
    if item.get_closest_marker("libreoffice") is None and not _LIBREOFFICE.search(reason):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"CI=true, so this LibreOffice test may not skip; it skipped because: {reason}\n"
        "Install LibreOffice Calc with python3-uno (see .ci/run)."
    )
