"""Reading workbooks straight from the package: cells, formats and structure in one pass."""
