"""A workbook encrypted with Excel's built-in password is protected, not secret.

Excel encrypts a workbook whose structure is protected with the password "VelvetSweatshop"
and opens it again without asking, as LibreOffice does; careers-xl called such files
password-protected. They are read; update and rollover write a normal, unencrypted workbook
and say so, keeping every part and cell of the user's (and the protection itself). A file
encrypted with a password of the user's is still refused as password-protected, with
nothing written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURES
from msoffcrypto.format.ooxml import OOXMLFile
from test_edit_in_place import check_kept
from test_safety import rewrite

from careers_xl import read_plan
from careers_xl.cli import cli
from careers_xl.workflows import rollover_workbook, update_workbook

PLAN = FIXTURES / "single-sheet-plan-2025-26.xlsx"
LOCKED = b'<workbookProtection lockStructure="1" workbookPassword="CBEB"/>'


def encrypted(plain: Path, path: Path, password: str) -> Path:
    with plain.open("rb") as fin, path.open("wb") as fout:
        OOXMLFile(fin).encrypt(password, fout)
    return path


def locked_plan(tmp_path: Path) -> tuple[Path, Path]:
    """A plan whose structure is protected, and the same file as Excel saves it: encrypted
    with its built-in password. (The encrypted package holds the plain file's bytes.)"""
    with zipfile.ZipFile(PLAN) as zf:
        book = zf.read("xl/workbook.xml")
    plain = rewrite(PLAN, tmp_path / "plain.xlsx",
                    {"xl/workbook.xml": book.replace(b"<workbookProtection/>", LOCKED)})
    return plain, encrypted(plain, tmp_path / "locked-plan.xlsx", "VelvetSweatshop")


def test_it_is_read_like_the_plain_file(tmp_path: Path) -> None:
    plain, locked = locked_plan(tmp_path)
    assert locked.read_bytes()[:4] != b"PK\x03\x04"
    want, got = read_plan(plain), read_plan(locked)
    assert got.academic_year == want.academic_year
    assert [(a.cell, a.text, a.rag) for a in got.actions] == \
        [(a.cell, a.text, a.rag) for a in want.actions]


def test_update_and_rollover_write_a_normal_workbook_and_say_so(tmp_path: Path) -> None:
    plain, locked = locked_plan(tmp_path)
    for outcome in (update_workbook(locked, tmp_path / "updated.xlsx"),
                    rollover_workbook(locked, tmp_path / "next.xlsx")):
        assert zipfile.is_zipfile(outcome.output)
        check_kept(plain, outcome)  # every part and cell of the decrypted workbook kept
        with zipfile.ZipFile(outcome.output) as zf:
            assert LOCKED in zf.read("xl/workbook.xml")
        (note,) = [n for n in outcome.notes if "built-in password" in n]
        assert "locked-plan.xlsx" in note and outcome.output.name in note


def test_the_cli_updates_in_place_keeping_the_encrypted_original(tmp_path: Path) -> None:
    _, locked = locked_plan(tmp_path)
    original = locked.read_bytes()
    result = CliRunner().invoke(cli, ["update", str(locked), "--in-place"])
    assert result.exit_code == 0, result.output
    assert "note: locked-plan.xlsx was encrypted with Excel's built-in password" in \
        result.stderr
    assert zipfile.is_zipfile(locked)
    (backup,) = tmp_path.glob("locked-plan*backup*")
    assert backup.read_bytes() == original


def test_a_password_of_the_users_is_still_refused_and_nothing_written(tmp_path: Path) -> None:
    plain, _ = locked_plan(tmp_path)
    secret = encrypted(plain, tmp_path / "secret.xlsx", "correct horse")
    out = tmp_path / "out.xlsx"
    for args in (["read", str(secret)], ["update", str(secret), "-o", str(out)],
                 ["rollover", str(secret), "-o", str(out)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        line, = result.output.strip().splitlines()
        assert line.startswith("Error: secret.xlsx: is password-protected"), line
    assert not out.exists()
