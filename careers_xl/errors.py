"""careers-xl's exceptions: one base class, so callers can catch everything we raise.

Only the CLI turns these into ``click.ClickException``; library code never prints.
"""

from __future__ import annotations

from pathlib import Path


class CareersXLError(Exception):
    """Base class for every error careers-xl raises on purpose."""


class UnreadableWorkbook(CareersXLError):
    """The file is not a workbook careers-xl can open (corrupt, .xls, CSV, encrypted, bomb...)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class NoPlanFound(CareersXLError):
    """The workbook opened but holds no strategic-plan table."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path.name}: {reason}")


class RolloverError(CareersXLError):
    """A rollover was asked for something that makes no sense (same or earlier year)."""


class OutputError(CareersXLError):
    """An output could not be written (would overwrite an input, folder missing, ...)."""
