"""Running the add-in's macros in LibreOffice (headless), for the add-in tests.

No Excel runs here, so LibreOffice stands in for it: it imports the VBA project of an
.xlsm and runs its Basic in VBA-compatibility mode. ``run_macros`` opens a workbook with
macros allowed, calls functions of its VBA project one after another through the
document's script provider (in LibreOffice's own Python, which has the UNO bridge), saves
the result as .xlsx and returns what each call returned.

Tests that need it skip when soffice or python3-uno is missing; CI turns such a skip into
a failure (tests/_ci_skips.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import pytest

SOFFICE = shutil.which("soffice")
# LibreOffice's Python (Debian's python3-uno puts the UNO bridge in the system Python).
UNO_PYTHON = "/usr/bin/python3"


@cache
def has_uno() -> bool:
    if not Path(UNO_PYTHON).exists():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def skip_without_libreoffice() -> None:
    """Skip the calling test (or fixture) unless LibreOffice can run macros here."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not has_uno():
        pytest.skip(
            f"LibreOffice cannot be scripted: {UNO_PYTHON} cannot import uno (install python3-uno)"
        )


# Runs in LibreOffice's Python: open a workbook with macros allowed, call Basic functions of
# its (imported VBA) library through the document's script provider, save it as .xlsx.
# A call that fails gives {"error": "..."} instead of a result.
UNO_RUNNER = r"""
import json, subprocess, sys, time, uuid
import uno
from com.sun.star.beans import PropertyValue

def pv(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

src, out, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
tag = uuid.uuid4().hex
profile, pipe = f"/tmp/lo-{tag}", f"careersxl{tag}"
proc = subprocess.Popen(
    ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
     "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       (pv("Hidden", True), pv("MacroExecutionMode", 4)))
    provider = doc.getScriptProvider()
    results = []
    for macro, args in calls:
        try:
            script = provider.getScript(
                f"vnd.sun.star.script:VBAProject.{macro}?language=Basic&location=document")
            results.append(script.invoke(tuple(args), (), ())[0])
        except Exception as exc:
            results.append({"error": f"{type(exc).__name__}: {getattr(exc, 'Message', exc)}"})
    doc.storeToURL(uno.systemPathToFileUrl(out), (pv("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    print(json.dumps(results, default=str))
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    subprocess.run(["rm", "-rf", profile])
"""


def run_macros(workbook: Path, calls: list[tuple[str, list[Any]]], out: Path) -> list[Any]:
    """Run ``calls`` ("Module.Function", [arguments]) on ``workbook`` in LibreOffice; the
    workbook as the macros left it is saved to ``out`` (.xlsx). Numbers are best passed as
    text: the script provider hands Python ints to Basic Long parameters as 0."""
    skip_without_libreoffice()
    runner = out.parent / f"uno_runner_{uuid.uuid4().hex}.py"
    runner.write_text(UNO_RUNNER)
    try:
        done = subprocess.run(
            [UNO_PYTHON, str(runner), str(workbook), str(out), json.dumps(calls)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        runner.unlink()
    assert done.returncode == 0, done.stderr
    results: list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return results
