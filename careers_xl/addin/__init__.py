"""The Excel add-in: the .xlam package, its ribbon, and the VBA project built from vba/*.bas."""
