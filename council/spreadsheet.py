"""Cells of a CSV file as text a spreadsheet will not run (CSV injection), for every app's downloads."""


def csv_safe(values: list) -> list[str]:
    """Cells as text a spreadsheet will not run: one beginning with = + - @ (or a tab or carriage return, which some
    programs skip before reading a formula) gets a leading apostrophe (CSV injection)."""
    return [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else str(v) for v in values]
