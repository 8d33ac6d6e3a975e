"""Shared fixtures: the example workbooks and where test outputs go."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted(FIXTURES.glob("*.xlsx"))
