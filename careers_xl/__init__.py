"""careers-xl: read, refresh, roll over and report on careers strategic-plan workbooks."""

__version__ = "0.1.0"
