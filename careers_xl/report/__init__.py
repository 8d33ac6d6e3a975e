"""What careers-xl tells people about a plan: the governors' one-page PDF (``content`` then
``pdf``), what changed between two versions (``diff``) and the JSON contract (``export``)."""
