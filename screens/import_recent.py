"""The files this operator imported lately, newest first, kept in the user's config folder.

Recent files are paths on the machine the app runs on, so they belong to that machine's
user, not to the database (a district's PostgreSQL database is shared by many machines).
They live in a small JSON file beside the user's other settings (platformdirs).
"""

from __future__ import annotations

import json
from pathlib import Path

from platformdirs import user_config_path

KEEP = 8


def recent_files_path() -> Path:
    """Where the list is kept: `recent-imports.json` in the user's config folder."""
    return user_config_path("patrons") / "recent-imports.json"


def recent_files(store: Path | None = None) -> list[Path]:
    """The remembered files that still exist, newest first; [] when none or unreadable."""
    try:
        names = json.loads((store or recent_files_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(names, list):
        return []
    return [Path(name) for name in names if isinstance(name, str) and Path(name).is_file()]


def remember_file(path: Path, store: Path | None = None) -> None:
    """Put the file first in the list; a list that cannot be written is silently not kept."""
    store = store or recent_files_path()
    chosen = path.expanduser().resolve()
    names = [str(chosen)] + [str(p) for p in recent_files(store) if p.resolve() != chosen]
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(names[:KEEP], indent=1), encoding="utf-8")
    except OSError:
        return
