"""Helpers every export shares, so a spreadsheet opened from the portal cannot run a formula.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some spreadsheets skip before reading one of those) is read as a formula by Excel,
LibreOffice and Google Sheets. `neutralise_formula` prefixes such text with an
apostrophe, which spreadsheets show as plain text (OWASP's CSV injection advice).
Numbers are left alone: a negative Decimal is a number, not a formula.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise_formula(v) for v in values]


__all__ = ["neutralise_formula", "neutralise_row"]
