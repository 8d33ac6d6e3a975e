"""careers-xl as a user gets it: a wheel installed without ``-e``, run outside the source tree.

An editable install finds files through the source tree (e.g. ``workbook_templates/`` beside
the package), so the rest of the suite cannot see what a wheel leaves out. Here the wheel is
built from this checkout, installed into a fresh virtual environment, and ``careers-xl new``
and ``careers-xl update`` are run from that environment's own ``bin/`` in a folder outside
the repository, with no PYTHONPATH: nothing can resolve from the source tree.

By default the environment sees this Python's installed packages (``--system-site-packages``)
for careers-xl's dependencies, so the test needs no network; the wheel itself is installed
with ``--no-deps`` and the test checks careers_xl is imported from the new environment.
``.ci/run`` sets ``CAREERS_XL_WHEEL_ISOLATED=1``: then the environment is fully fresh and pip
installs the wheel with its declared dependencies, so a dependency missing from
pyproject.toml fails too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HUXLOW = ROOT / "tests" / "fixtures" / "huxlow-master-plan-2025-26.xlsx"
ISOLATED = os.environ.get("CAREERS_XL_WHEEL_ISOLATED") == "1"


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str],
         timeout: int = 900) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, (f"{' '.join(map(str, cmd))} exited {done.returncode}:\n"
                                  f"{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with careers-xl installed from a wheel of this checkout:
    (its bin/ folder, the environment to run it in)."""
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    # Build from a copy of the sources, so no build/ or egg-info lands in the checkout.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".*cache", "corpus", "tests"))
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source],
         cwd=base, env=env)
    (wheel,) = dist.glob("careers_xl-*.whl")
    target = base / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=not ISOLATED).create(target)
    bin_dir = target / "bin"
    deps = [] if ISOLATED else ["--no-deps", "--no-index"]
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", *deps, wheel], cwd=base,
         env=env)
    return bin_dir, env


def test_careers_xl_comes_from_the_wheel(installed: tuple[Path, dict[str, str]],
                                         tmp_path: Path) -> None:
    bin_dir, env = installed
    where = _run([bin_dir / "python", "-c", "import careers_xl; print(careers_xl.__file__)"],
                 cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(bin_dir.parent), where
    assert not Path(where).is_relative_to(ROOT), where


def test_new_and_update_from_the_wheel(installed: tuple[Path, dict[str, str]],
                                       tmp_path: Path) -> None:
    bin_dir, env = installed
    exe = bin_dir / "careers-xl"
    done = _run([exe, "new", "--school", "Huxlow Academy", "--year", "2026/27", "-o",
                 "new.xlsx"], cwd=tmp_path, env=env)
    assert "Wrote new.xlsx: a blank plan for Huxlow Academy, 2026/27." in done.stdout
    for template in ("gatsby-2018",):  # a template that extends another, found by name
        _run([exe, "new", "--school", "X", "--year", "2026/27", "--template", template,
              "-o", f"{template}.xlsx"], cwd=tmp_path, env=env)
    shutil.copy(HUXLOW, tmp_path / "plan.xlsx")
    done = _run([exe, "update", "plan.xlsx", "-o", "refreshed.xlsx"], cwd=tmp_path, env=env)
    assert "Wrote refreshed.xlsx." in done.stdout
    done = _run([exe, "read", "refreshed.xlsx", "--format", "json"], cwd=tmp_path, env=env)
    assert '"school": "Huxlow Academy"' in done.stdout
    # The add-in's VBA sources travel in the wheel too.
    _run([exe, "addin", "-o", "CareersPlan.xlam"], cwd=tmp_path, env=env)
