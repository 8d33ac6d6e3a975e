"""An output's name must match what Excel will find inside, or Excel refuses to open it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES

from careers_xl.errors import OutputError
from careers_xl.hub.refresh import refresh_one
from careers_xl.workflows import update_workbook

PLAN = FIXTURES / "single-sheet-plan-2025-26.xlsx"
PLAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_ENABLED = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def macro_enabled_without_macros(folder: Path) -> Path:
    """A plan saved by Excel as .xlsm with no macros in it (hub folders hold many)."""
    path = folder / "plan.xlsm"
    with zipfile.ZipFile(PLAN) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                assert PLAIN in data
                data = data.replace(PLAIN, MACRO_ENABLED)
            target.writestr(info, data)
    return path


def test_a_macro_enabled_workbook_without_macros_stays_xlsm(tmp_path: Path) -> None:
    source = macro_enabled_without_macros(tmp_path)
    out = update_workbook(source, tmp_path / "out.xlsm").output
    with zipfile.ZipFile(out) as z:
        assert MACRO_ENABLED in z.read("[Content_Types].xml")
    with pytest.raises(OutputError, match=r"macro-enabled workbook: name the output x\.xlsm"):
        update_workbook(source, tmp_path / "x.xlsx")
    result = refresh_one(source, tmp_path / "hub" / "plan.xlsm", Path("plan.xlsm"))
    assert result.error is None and result.output == tmp_path / "hub" / "plan.xlsm"


def test_a_plain_workbook_is_not_named_xlsm(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"has no macros: name the output x\.xlsx"):
        update_workbook(PLAN, tmp_path / "x.xlsm")
    assert not (tmp_path / "x.xlsm").exists()
