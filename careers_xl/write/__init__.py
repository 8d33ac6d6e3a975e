"""Sheets careers-xl draws itself with xlsxwriter: a new plan, the Dashboard, print layout."""
