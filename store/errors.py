"""The errors the store raises. Each carries a sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """Base of every error the store raises on purpose; its str() is for people."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field of a record."""

    field: str
    message: str


class ValidationError(StoreError):
    """A record broke one or more rules; carries every problem at once, field by field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    def by_field(self) -> dict[str, list[str]]:
        """The messages grouped by field key, in the order they were found."""
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field, []).append(problem.message)
        return grouped


class NotFound(StoreError):
    """The record asked for does not exist (any more)."""


class VersionConflict(StoreError):
    """Someone else saved the record since it was loaded."""


class DeleteRefused(StoreError):
    """The record cannot be removed now; the message says why."""


class DatabaseBusy(StoreError):
    """The database stayed locked by another writer for longer than we wait."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened, read or written (missing, unreadable, full, read-only)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of the program."""
