"""careers-xl's edits to a user's workbook: plan sheets, its own sheets, rollover and wording."""
