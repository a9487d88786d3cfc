"""Campuses (with their import IDs) and presentation groups."""

from __future__ import annotations

from store.db import writes
from store.models import (
    Campus,
    Patron,
    PresentationGroup,
)
from store.settings.common import (
    CAMPUS,
    PRESENTATION_GROUP,
    SettingItem,
    clean_name,
    get_row,
    group_name,
    invalid,
    refuse_taken,
    remove_movable,
    usage_counts,
)


def list_campuses() -> list[SettingItem]:
    """Every campus by name, with its import ID and number of patrons."""
    used = usage_counts(Patron.campus)
    return [
        SettingItem(
            c.id,
            c.name,
            f"import ID {c.import_id}",
            used.get(c.id, 0),
            {"name": c.name, "import_id": c.import_id},
        )
        for c in Campus.select().order_by(Campus.name)
    ]


def _campus_values(name: object, import_id: object, self_id: int | None) -> tuple[str, str]:
    checked = clean_name(name, "Campus name")
    code = clean_name(import_id, "Import ID", "import_id")
    if any(ch.isspace() for ch in code):
        raise invalid("import_id", f"Import ID '{code}' contains a space; remove it.")
    refuse_taken(Campus, Campus.name, checked, self_id, f"A campus named {checked} already exists.")
    refuse_taken(
        Campus,
        Campus.import_id,
        code,
        self_id,
        f"Import ID {code} already belongs to another campus.",
        "import_id",
    )
    return checked, code


@writes
def create_campus(name: str, import_id: str) -> Campus:
    """A campus, referred to by its import ID in files."""
    checked, code = _campus_values(name, import_id, None)
    return Campus.create(name=checked, import_id=code)


@writes
def rename_campus(campus_id: int, name: str, import_id: str) -> Campus:
    """Change a campus's name and import ID (files must then use the new ID)."""
    campus = get_row(Campus, campus_id, "campus")
    campus.name, campus.import_id = _campus_values(name, import_id, campus_id)
    campus.save()
    return campus


@writes
def remove_campus(campus_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a campus; one in use needs another campus to move its patrons to."""
    return remove_movable(CAMPUS, campus_id, actor, move_to)


def list_presentation_groups() -> list[SettingItem]:
    """Every presentation group by name, with its number of patrons."""
    used = usage_counts(Patron.presentation_group)
    return [
        SettingItem(g.id, g.name, "", used.get(g.id, 0), {"name": g.name})
        for g in PresentationGroup.select().order_by(PresentationGroup.name)
    ]


@writes
def create_presentation_group(name: str) -> PresentationGroup:
    """A presentation group."""
    return PresentationGroup.create(
        name=group_name(PresentationGroup, name, None, "presentation group")
    )


@writes
def rename_presentation_group(group_id: int, name: str) -> PresentationGroup:
    """Rename a presentation group; its patrons stay in it."""
    group = get_row(PresentationGroup, group_id, "presentation group")
    group.name = group_name(PresentationGroup, name, group_id, "presentation group")
    group.save()
    return group


@writes
def remove_presentation_group(group_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a presentation group; one in use needs another to move its patrons to."""
    return remove_movable(PRESENTATION_GROUP, group_id, actor, move_to)
