"""Images of stored rows as JSON-safe dicts, and putting them back: what undo relies on."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from peewee import DateField, DateTimeField, ForeignKeyField

from store.models import Contact, FormClassMembership, Patron, SystemGroupMembership


def _column(field: Any) -> str:
    return str(field.column_name)


def row_image(patron_id: int) -> dict[str, Any]:
    """Every column of the patron's row, dates as ISO text."""
    row = cast(dict[str, Any], Patron.select().where(Patron.id == patron_id).dicts().get())
    image = {}
    for field in Patron._meta.sorted_fields:
        value = row[field.name]
        image[_column(field)] = value.isoformat() if isinstance(value, dt.date) else value
    return image


def row_values(image: dict[str, Any]) -> dict[str, Any]:
    """Model field values from a row image, ready for Patron.insert or Patron.update."""
    values = {}
    for field in Patron._meta.sorted_fields:
        value = image[_column(field)]
        if value is not None and isinstance(field, DateTimeField):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, DateField):
            value = dt.date.fromisoformat(value)
        name = field.name if not isinstance(field, ForeignKeyField) else _column(field)
        values[name] = value
    return values


def memberships_image(patron_id: int) -> dict[str, Any]:
    """The patron's system groups and form class memberships (every period)."""
    groups = SystemGroupMembership.select(SystemGroupMembership.group).where(
        SystemGroupMembership.patron == patron_id
    )
    forms = FormClassMembership.select().where(FormClassMembership.patron == patron_id)
    return {
        "groups": sorted(m.group for m in groups),
        "forms": [[m.form_class_id, m.period_id] for m in forms],
    }


def restore_memberships(patron_id: int, image: dict[str, Any]) -> None:
    """Put the patron's system groups and form class memberships back as in the image."""
    SystemGroupMembership.delete().where(SystemGroupMembership.patron == patron_id).execute()
    FormClassMembership.delete().where(FormClassMembership.patron == patron_id).execute()
    for group in image["groups"]:
        SystemGroupMembership.create(patron=patron_id, group=group)
    for form_class_id, period_id in image["forms"]:
        FormClassMembership.create(patron=patron_id, form_class=form_class_id, period=period_id)


def contact_image(contact: Contact) -> dict[str, Any]:
    """A contact row as a dict."""
    return {
        "id": contact.id,
        "email": contact.email,
        "relationship": contact.relationship,
        "name": contact.name,
    }
