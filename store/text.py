"""Text helpers shared by the rules and the search: trimming and accent folding."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Zoë" and "zoe" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean(value: object) -> str:
    """A value as trimmed text; None becomes the empty string."""
    if value is None:
        return ""
    return str(value).strip()
