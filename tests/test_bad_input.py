"""Every bad input from issue 2, through the CLI: one line naming the file, a non-zero exit
(``check``: 2), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from plan_builder import PlanBook
from test_safety import (
    BILLION_LAUGHS,
    corrupt,
    make_xlsx,
    password_protected,
    rewrite,
    truncated,
)

from careers_xl import NoPlanFound, UnreadableWorkbook, read_plan
from careers_xl.cli import cli


def old_xls(tmp_path: Path) -> Path:
    path = tmp_path / "old-format.xls"
    path.write_bytes((FIXTURES / "bad" / "old-format.xls").read_bytes())
    return path


def csv_renamed(tmp_path: Path) -> Path:
    path = tmp_path / "exported.xlsx"
    path.write_text("Objective,Action,Lead,RAG\nRaise aspirations,Careers fair,ZCO,Green\n")
    return path


def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xlsx"
    path.touch()
    return path


def missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.xlsx"


def no_worksheets(tmp_path: Path) -> Path:
    src = make_xlsx(tmp_path / "whole.xlsx")
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("xl/workbook.xml")
    start, end = xml.index(b"<sheets>"), xml.index(b"</sheets>") + len(b"</sheets>")
    return rewrite(src, tmp_path / "no-sheets.xlsx",
                   {"xl/workbook.xml": xml[:start] + b"<sheets/>" + xml[end:]})


def sheets_missing(tmp_path: Path) -> Path:
    """The workbook part lists its sheet, but the sheet's part is gone (a file cut short or
    built by a broken tool): damaged, not a workbook "with no worksheets"."""
    src = make_xlsx(tmp_path / "whole.xlsx")
    with zipfile.ZipFile(src) as zf:
        sheets = {n: None for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}
    return rewrite(src, tmp_path / "sheets-missing.xlsx", dict(sheets))


def xml_bomb(tmp_path: Path) -> Path:
    src = make_xlsx(tmp_path / "whole.xlsx")
    with zipfile.ZipFile(src) as zf:
        body = zf.read("xl/worksheets/sheet1.xml").split(b"?>", 1)[1]
    body = body.replace(b'<c r="A1" t="s"><v>0</v></c>',
                        b'<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c>')
    return rewrite(src, tmp_path / "laughs.xlsx",
                   {"xl/worksheets/sheet1.xml": BILLION_LAUGHS + body})


def zip_bomb(tmp_path: Path) -> Path:
    return rewrite(make_xlsx(tmp_path / "whole.xlsx"), tmp_path / "bomb.xlsx",
                   {"xl/media/image1.png": bytes(20 << 20)})


def no_plan_table(tmp_path: Path) -> Path:
    book = PlanBook()
    book.cover([("School", "Test Academy"), ("Academic year", "2025/26")])
    book.sheet("Notes", [["Objective", "Ideas"], ["Careers fair", "Ask the PTA"]])
    return book.save(tmp_path / "notes-only.xlsx")


def blank_workbook(tmp_path: Path) -> Path:
    book = PlanBook()
    book.sheet("Sheet1")
    return book.save(tmp_path / "blank.xlsx")


BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "truncated zip": (truncated, "damaged or incomplete"),
    "corrupt member": (corrupt, "damaged"),
    "old .xls": (old_xls, "97-2003"),
    "CSV renamed .xlsx": (csv_renamed, "CSV"),
    "password-protected": (password_protected, "password"),
    "empty file": (empty_file, "empty"),
    "missing file": (missing, "not found"),
    "no worksheets": (no_worksheets, "no worksheets"),
    "sheet contents missing": (sheets_missing, "lists the sheet"),
    "XML bomb": (xml_bomb, "unsafe XML"),
    "zip bomb": (zip_bomb, "zip bomb"),
    "no plan table": (no_plan_table, "no plan table"),
    "blank workbook": (blank_workbook, "no plan table"),
}
NO_PLAN = {"no plan table", "blank workbook"}


def one_line(output: str, path: Path, words: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert path.name in lines[0] and words.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("kind", list(BAD))
def test_library_raises_a_clear_exception(tmp_path: Path, kind: str) -> None:
    make, words = BAD[kind]
    path = make(tmp_path)
    error = NoPlanFound if kind in NO_PLAN else UnreadableWorkbook
    with pytest.raises(error) as info:
        read_plan(path)
    assert str(info.value).startswith(f"{path.name}: ")
    assert words.lower() in str(info.value).lower()


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize(("command", "code"), [
    (["read"], 1), (["read", "--format", "json"], 1), (["check"], 2)],
    ids=["read", "read-json", "check"])
def test_cli_says_one_line_and_exits_non_zero(tmp_path: Path, kind: str, command: list[str],
                                              code: int) -> None:
    make, words = BAD[kind]
    path = make(tmp_path)
    args = [command[0], str(path), *command[1:]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # no exception escaped: no traceback
    assert result.stdout == ""
    one_line(result.output, path, words)


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = csv_renamed(tmp_path)
    done = subprocess.run([sys.executable, "-m", "careers_xl", "check", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    one_line(done.stderr, path, "CSV")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path)
    assert path.stat().st_size < 1 << 20  # 20 MB of zeros, squeezed
    with pytest.raises(UnreadableWorkbook, match="zip bomb"):
        read_plan(path)


@pytest.mark.parametrize(("error", "code", "words"), [
    (MemoryError(), 2, "too large for careers-xl to read safely (ran out of memory)"),
    (RecursionError("maximum recursion depth exceeded"), 2, "ran out of nesting depth"),
    (KeyError("sheet1.xml"), 3, "unexpected error with single-sheet-plan-2025-26.xlsx"),
])
def test_a_failure_of_any_kind_names_the_file_in_one_line(
        error: BaseException, code: int, words: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import careers_xl.read.plan
    from careers_xl.cli import main

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    plan = FIXTURES / "single-sheet-plan-2025-26.xlsx"
    monkeypatch.setattr(careers_xl.read.plan, "read_plan", fail)
    monkeypatch.setattr(sys, "argv", ["careers-xl", "read", str(plan)])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == code
    err = capsys.readouterr().err
    assert words in err and plan.name in err and "Nothing was written" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def windows_named(src: Path, dst: Path) -> Path:
    """``src`` as some writers store it: members named with Windows separators and in
    another case than the relationships use (xl\\WORKBOOK.xml for xl/workbook.xml)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = info.filename
            if name.startswith("xl/"):
                folder, _, leaf = name.rpartition("/")
                name = folder.replace("/", "\\") + "\\" + leaf.upper().replace(".XML", ".xml")
            zout.writestr(name, zin.read(info))
    return dst


def test_windows_separators_and_other_case_in_part_names_are_read_not_damaged(
        tmp_path: Path) -> None:
    """Excel and LibreOffice open packages whose members are named xl\\worksheets\\sheet1.xml
    or xl/WorkBook.xml; careers-xl called them damaged. They read, and update writes them."""
    original = FIXTURES / "single-sheet-plan-2025-26.xlsx"
    odd = windows_named(original, tmp_path / "odd-names.xlsx")
    with zipfile.ZipFile(odd) as zf:
        assert any("\\" in n for n in zf.namelist())
        assert "xl\\WORKBOOK.xml" in zf.namelist()
    expected = [a.text for a in read_plan(original).actions]
    assert [a.text for a in read_plan(odd).actions] == expected
    out = tmp_path / "updated.xlsx"
    result = CliRunner().invoke(cli, ["update", str(odd), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [a.text for a in read_plan(out).actions] == expected
