"""Real-office-suite checks for the test suite: recalculate, render and round-trip with LibreOffice.

openpyxl never calculates formulas and cannot tell whether Excel would open a file, so tests that
care ask LibreOffice (headless). Every conversion gets its own throwaway user profile, so tests
can run in parallel and no setting leaks between runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import openpyxl
import pytest
from pdf_words import Page, pdf_pages

T = TypeVar("T", bound=Callable[..., object])

# Export filters by output format; LibreOffice picks a sensible one for formats not listed.
_FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "ods": "ods:calc8",
    "pdf": "pdf:calc_pdf_Export",
}

_SINGLE_PAGE_SHEETS = '{"SinglePageSheets":{"type":"boolean","value":"true"}}'

# Profile settings: recalculate every formula on load (0 = always, 1 = never).
_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop>
</item>
</oor:items>
"""


def soffice() -> str | None:
    """Path to the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_skip_without = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


def requires_libreoffice(obj: T) -> T:
    """Mark a test (function or class) ``libreoffice`` and skip it when LibreOffice is missing."""
    return pytest.mark.libreoffice(_skip_without(obj))


def convert(src: Path, fmt: str, outdir: Path, *, recalc: bool = True, timeout: int = 180) -> Path:
    """Convert ``src`` headlessly to ``fmt`` ("xlsx", "pdf", "ods"...) in ``outdir``; return it.

    The output is ``<stem>.<fmt>`` in ``outdir``. Raises AssertionError (with LibreOffice's
    output) if nothing appears, and kills LibreOffice if it runs past ``timeout`` seconds.
    """
    exe = soffice()
    assert exe is not None, "LibreOffice is not installed"
    ext = fmt.split(":", 1)[0]
    out = Path(outdir) / f"{Path(src).stem}.{ext}"
    assert out.resolve() != Path(src).resolve(), f"converting {src} would overwrite it"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="careers-xl-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_XCU.format(mode=0 if recalc else 1))
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            _FILTERS.get(fmt, fmt),
            "--outdir",
            str(out.parent),
            str(src),
        ]
        # A session of its own, so a timeout kills soffice.bin too, not just the wrapper script.
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            err = stderr.decode(errors="replace")
            raise AssertionError(
                f"LibreOffice took over {timeout}s converting {src}: {err}"
            ) from None
    if not out.is_file() or out.stat().st_size == 0:
        raise AssertionError(
            f"LibreOffice produced no {ext} for {src} (exit {proc.returncode}): "
            f"{stderr.decode(errors='replace')}{stdout.decode(errors='replace')}"
        )
    return out


def recalculated_values(src: Path, tmp: Path) -> openpyxl.Workbook:
    """Let LibreOffice recalculate every formula, then load the results (values, not formulas)."""
    return openpyxl.load_workbook(convert(src, "xlsx", Path(tmp) / "recalc"), data_only=True)


def render_pdf(src: Path, tmp: Path, *, sheet: str | None = None) -> tuple[Path, int]:
    """Render the workbook to PDF: (the PDF, the page number of ``sheet``, 1-based, else 0).

    Without ``sheet``: every printed page of every sheet, as it would print. With ``sheet``:
    LibreOffice's SinglePageSheets export, which puts each sheet, hidden and empty ones
    included, on one page of its own, in workbook order.
    """
    if sheet is None:
        return convert(src, "pdf", Path(tmp) / "render"), 0
    names = openpyxl.load_workbook(src, read_only=True).sheetnames
    fmt = f"{_FILTERS['pdf']}:{_SINGLE_PAGE_SHEETS}"
    return convert(src, fmt, Path(tmp) / "render"), names.index(sheet) + 1


def sheet_page(src: Path, tmp: Path, sheet: str) -> Page:
    """The words of one whole sheet as LibreOffice draws it, with their boxes (pdftotext)."""
    pdf, number = render_pdf(src, tmp, sheet=sheet)
    return pdf_pages(pdf)[number - 1]


def render_png(src: Path, tmp: Path, *, sheet: str | None = None, dpi: int = 60) -> list[Path]:
    """Render the workbook to PNG files, in page order (``sheet``: as in :func:`render_pdf`)."""
    pdf, first = render_pdf(src, tmp, sheet=sheet)
    last = first
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm (poppler-utils) is not installed"
    prefix = pdf.with_suffix("")
    pages = ["-f", str(first), "-l", str(last)] if first else []
    subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), *pages, str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pngs = sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    assert pngs, f"pdftoppm rendered no pages from {pdf}"
    return pngs


def loads_cleanly(src: Path, tmp: Path) -> bool:
    """True if LibreOffice can open the workbook, save it as .ods, and save that back as .xlsx."""
    try:
        ods = convert(src, "ods", Path(tmp) / "roundtrip-ods", recalc=False)
        convert(ods, "xlsx", Path(tmp) / "roundtrip-xlsx", recalc=False)
    except AssertionError:
        return False
    return True
