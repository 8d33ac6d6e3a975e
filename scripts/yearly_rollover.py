"""The hub's summer job, kept for the scripts that call it: ``careers-xl rollover-folder``.

    python scripts/yearly_rollover.py IN_DIR OUT_DIR [--to 2026/27] [--drop-complete]
"""

import sys

from careers_xl.cli import cli

if __name__ == "__main__":
    cli(["rollover-folder", *sys.argv[1:]], prog_name="yearly_rollover.py")
