"""The governors' one-page report (``careers-xl report``): content, then the PDF page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import OutputError
from ..model import Plan
from ..package.safety import atomic_output
from .content import GovernorsReport, governors_report
from .pdf import write_governors_pdf

__all__ = ["GovernorsReport", "governors_report", "write_report"]


def write_report(plan: Plan, path: str | Path, today: date | None = None) -> Path:
    """Write the governors' one-page PDF report on ``plan`` to ``path`` (a .pdf), atomically."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise OutputError(f"{path.name}: the report is a PDF; name it {path.stem}.pdf")
    with atomic_output(path) as tmp:
        write_governors_pdf(governors_report(plan, today), tmp)
    return path
