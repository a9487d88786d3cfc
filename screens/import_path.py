"""Completion of file and folder names while a path is typed (right arrow accepts)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the first folder or file that starts with what was typed; folders end in /."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The typed path completed to the first matching entry, or None."""
        return complete_path(value)


def complete_path(value: str) -> str | None:
    """`value` completed to the first entry of its folder that starts with its last part."""
    if not value:
        return None
    typed = Path(os.path.expanduser(value))
    folder, start = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.startswith(start))
    except OSError:
        return None
    for name in names:
        if name.startswith(".") and not start.startswith("."):
            continue
        if name == start and not (folder / name).is_dir():
            continue
        suffix = os.sep if (folder / name).is_dir() else ""
        return value + name[len(start) :] + suffix
    return None
