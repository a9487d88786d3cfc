"""Text helpers shared by the rules and the search: trimming and accent folding."""

from __future__ import annotations

import re
import unicodedata

# A cell a spreadsheet would run as a formula, possibly already guarded by quotes (OWASP).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Zoë" and "zoe" compare equal."""
    if text.isascii():  # most names and every address: nothing to decompose or strip
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean(value: object) -> str:
    """A value as trimmed text; None becomes the empty string."""
    if value is None:
        return ""
    return str(value).strip()


def guard_formula(cell: str) -> str:
    """The cell with a leading single quote when a spreadsheet would run it as a formula.

    Cells that already start with quotes before a formula character get one more, so
    `unguard_formula` can always undo exactly what was done (export -> import).
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def unguard_formula(cell: str) -> str:
    """The exact inverse of `guard_formula`: drops the one quote it added."""
    return cell[1:] if cell[:1] == "'" and _GUARDED.match(cell) else cell
