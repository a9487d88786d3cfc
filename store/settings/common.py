"""What every kind of setting shares: list items, name and number checks, in-use refusals,
and moving patrons to another campus or group when one is removed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import SQL, Field, fn

from store.errors import DeleteRefused, FieldProblem, NotFound, ValidationError
from store.groups import Change, reassign
from store.models import (
    BaseModel,
    Campus,
    LibraryGroup,
    Patron,
    PresentationGroup,
)
from store.rules import LONE_SURROGATE
from store.text import clean

MAX_NAME = 100


@dataclass(frozen=True)
class SettingItem:
    """One cohort, period, form class, campus or group as the settings lists show it.

    `values` are the editable values, e.g. {"name": "Staff", "max_loans": 20, ...}.
    """

    id: int
    name: str
    detail: str
    patrons: int
    values: dict[str, Any]


def invalid(field: str, message: str) -> ValidationError:
    """One problem with one field, as the ValidationError every caller understands."""
    return ValidationError([FieldProblem(field, message)])


def clean_name(raw: object, label: str, field: str = "name") -> str:
    """A trimmed name, refused when blank, too long or holding control characters."""
    value = clean(raw)
    if not value:
        raise invalid(field, f"{label} is required: type one.")
    if len(value) > MAX_NAME:
        raise invalid(field, f"{label} is {len(value)} characters long; at most {MAX_NAME}.")
    if LONE_SURROGATE.search(value):
        raise invalid(field, f"{label} holds bytes that are not valid text; type it again.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise invalid(field, f"{label} '{value}' contains a control character; remove it.")
    return value


def parse_number(raw: object, label: str, field: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`, given as a number or as typed text."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else clean(raw)
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise invalid(
            field, f"{label} '{text}' is not a whole number from {low} to {high}: type one."
        )
    return int(text)


def parse_year(raw: object) -> int:
    """A graduating year: four digits."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else clean(raw)
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        raise invalid(
            "year", f"Graduating year '{text}' is not a year: use four digits, e.g. 2031."
        )
    return int(text)


def refuse_taken(
    model: type[BaseModel],
    column: Field,
    value: str,
    self_id: int | None,
    sentence: str,
    field: str = "name",
) -> None:
    """Refuse a name another row already has, ignoring case."""
    query = model.select(model.id).where(fn.LOWER(column) == value.lower())
    if self_id is not None:
        query = query.where(model.id != self_id)
    if query.exists():
        raise invalid(field, sentence)


def get_row(model: type[BaseModel], row_id: int, what: str) -> Any:
    """The row with this id, or NotFound saying someone removed it meanwhile."""
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound(f"This {what} no longer exists; someone removed it meanwhile.")
    return row


def usage_counts(column: Field) -> dict[int, int]:
    """How many rows point at each id through `column` (patrons per cohort, ...)."""
    model = column.model
    query = model.select(column.alias("ref"), fn.COUNT(SQL("*")).alias("n")).group_by(column)
    return {row["ref"]: row["n"] for row in query.dicts() if row["ref"] is not None}


def patrons_phrase(count: int) -> str:
    """'1 patron' or 'N patrons'."""
    return f"{count} patron" if count == 1 else f"{count} patrons"


def in_use(what: str, count: int, way_out: str) -> DeleteRefused:
    """The refusal to remove something still used, with the count and the way out."""
    return DeleteRefused(f"{what} is used by {patrons_phrase(count)}: {way_out}")


def move_target(model: type[BaseModel], row_id: int, move_to: int, what: str) -> Any:
    """The row patrons move to when `row_id` is removed; never the removed row itself."""
    if move_to == row_id:
        raise DeleteRefused(f"Choose another {what} to move them to, not the one being removed.")
    return get_row(model, move_to, what)


@dataclass(frozen=True)
class Movable:
    """A kind whose patrons may safely be moved to another one when it is removed."""

    model: type[BaseModel]
    what: str
    key: str
    shown: str


CAMPUS = Movable(Campus, "campus", "campus", "import_id")
PRESENTATION_GROUP = Movable(PresentationGroup, "presentation group", "presentation_group", "name")
LIBRARY_GROUP = Movable(LibraryGroup, "library group", "library_group", "name")


def remove_movable(kind: Movable, row_id: int, actor: str, move_to: int | None) -> str:
    """Remove a campus or group; its patrons move to `move_to` first, or it is refused."""
    row = get_row(kind.model, row_id, kind.what)
    users = list(
        Patron.select(Patron.id, Patron.username).where(getattr(Patron, kind.key) == row_id)
    )
    if users and move_to is None:
        raise in_use(
            f"The {kind.what} {row.name}",
            len(users),
            f"move them to another {kind.what} first; removing it in Settings offers to.",
        )
    if users and move_to is not None:
        target = move_target(kind.model, row_id, move_to, kind.what)
        changes = [Change(p.id, p.username, getattr(row, kind.shown)) for p in users]
        reassign(kind.key, changes, target.id, getattr(target, kind.shown), actor)
    row.delete_instance()
    return str(row.name)


def group_name(model: type[BaseModel], raw: object, self_id: int | None, what: str) -> str:
    """A checked name for a group of this kind, refused when another already has it."""
    name = clean_name(raw, f"{what.capitalize()} name")
    column = model._meta.fields["name"]
    refuse_taken(model, column, name, self_id, f"A {what} named {name} already exists.")
    return name
