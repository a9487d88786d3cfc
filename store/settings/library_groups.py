"""Library groups with their circulation rights: maximum loans, loan days, may reserve."""

from __future__ import annotations

from store.db import writes
from store.models import (
    LibraryGroup,
    Patron,
)
from store.settings.common import (
    LIBRARY_GROUP,
    SettingItem,
    get_row,
    group_name,
    parse_number,
    remove_movable,
    usage_counts,
)


def rights_of(group: LibraryGroup) -> str:
    """A library group's circulation rights in words."""
    reserve = "may reserve" if group.may_reserve else "may not reserve"
    loans = "loan" if group.max_loans == 1 else "loans"
    days = "day" if group.loan_days == 1 else "days"
    return f"{group.max_loans} {loans}, {group.loan_days} {days}, {reserve}"


def list_library_groups() -> list[SettingItem]:
    """Every library group by name, with its circulation rights and number of members."""
    used = usage_counts(Patron.library_group)
    return [
        SettingItem(
            g.id,
            g.name,
            rights_of(g),
            used.get(g.id, 0),
            {
                "name": g.name,
                "max_loans": g.max_loans,
                "loan_days": g.loan_days,
                "may_reserve": g.may_reserve,
            },
        )
        for g in LibraryGroup.select().order_by(LibraryGroup.name)
    ]


def _rights(max_loans: object, loan_days: object) -> tuple[int, int]:
    return (
        parse_number(max_loans, "Maximum loans", "max_loans", 0, 999),
        parse_number(loan_days, "Loan days", "loan_days", 1, 3650),
    )


@writes
def create_library_group(
    name: str, max_loans: int | str = 5, loan_days: int | str = 14, may_reserve: bool = True
) -> LibraryGroup:
    """A library group with its circulation rights."""
    checked = group_name(LibraryGroup, name, None, "library group")
    loans, days = _rights(max_loans, loan_days)
    return LibraryGroup.create(
        name=checked, max_loans=loans, loan_days=days, may_reserve=may_reserve
    )


@writes
def change_library_group(
    group_id: int, name: str, max_loans: int | str, loan_days: int | str, may_reserve: bool
) -> LibraryGroup:
    """Rename a library group and set its rights; its members take the new rights."""
    group = get_row(LibraryGroup, group_id, "library group")
    group.name = group_name(LibraryGroup, name, group_id, "library group")
    group.max_loans, group.loan_days = _rights(max_loans, loan_days)
    group.may_reserve = may_reserve
    group.save()
    return group


@writes
def remove_library_group(group_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a library group; one with members needs another group to move them to."""
    return remove_movable(LIBRARY_GROUP, group_id, actor, move_to)
