"""``python -m careers_xl``: the same as the ``careers-xl`` command."""

from .cli import main

main()
