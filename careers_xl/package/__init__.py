"""The workbook as a package of parts: opened once, edited in place, written back."""
