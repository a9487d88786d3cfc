"""The peewee models: every table of the patron store.

The database is bound at run time through `database` (see store.db.open_database).
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    """The current time in UTC, without tzinfo, as stored in every timestamp column."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class SchemaInfo(BaseModel):
    """One row: the schema version this database is at."""

    version = IntegerField()


class Cohort(BaseModel):
    """A graduating year ("Class of 2031")."""

    year = IntegerField(unique=True)


class AcademicPeriod(BaseModel):
    """A school year or term; exactly one is current."""

    name = CharField(unique=True)
    is_current = BooleanField(default=False)


class Campus(BaseModel):
    """A site of the school, referred to by its import ID in files."""

    name = CharField()
    import_id = CharField(unique=True)


class PresentationGroup(BaseModel):
    """A group used to present patrons (e.g. a house or year group)."""

    name = CharField(unique=True)


class LibraryGroup(BaseModel):
    """A borrowing group carrying circulation rights."""

    name = CharField(unique=True)
    max_loans = IntegerField(default=5)
    loan_days = IntegerField(default=14)
    may_reserve = BooleanField(default=True)


class FormClass(BaseModel):
    """A form (home room) class within one academic period."""

    period_id: int

    period = ForeignKeyField(AcademicPeriod, backref="form_classes", on_delete="CASCADE")
    name = CharField()
    name_key = CharField()

    class Meta:
        indexes = ((("period", "name_key"), True),)


class Patron(BaseModel):
    """A borrower: student, staff member or generic catalogue account."""

    cohort_id: int | None
    campus_id: int | None
    presentation_group_id: int | None
    library_group_id: int | None

    username = CharField()
    username_key = CharField(unique=True)
    password_hash = CharField(null=True)
    email = CharField(null=True, index=True)
    barcode = CharField(unique=True)
    admin_id = CharField(null=True, unique=True)
    gender = CharField(default="")
    given_name = CharField(default="")
    middle_name = CharField(default="")
    preferred_name = CharField(default="")
    surname = CharField()
    enabled = BooleanField(default=True)
    until_date = DateField(null=True)
    staff = BooleanField(default=False)
    generic = BooleanField(default=False)
    cohort = ForeignKeyField(Cohort, null=True, backref="patrons", on_delete="RESTRICT")
    academic_level = CharField(default="")
    campus = ForeignKeyField(Campus, null=True, backref="patrons", on_delete="RESTRICT")
    presentation_group = ForeignKeyField(
        PresentationGroup, null=True, backref="patrons", on_delete="RESTRICT"
    )
    library_group = ForeignKeyField(
        LibraryGroup, null=True, backref="patrons", on_delete="RESTRICT"
    )
    search_text = TextField(default="")
    sort_key = CharField(default="", index=True)
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    updated_by = CharField(default="")
    failed_sign_ins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)


class SystemGroupMembership(BaseModel):
    """A patron's membership of one of the fixed system groups."""

    patron_id: int

    patron = ForeignKeyField(Patron, backref="system_groups", on_delete="CASCADE")
    group = CharField()

    class Meta:
        indexes = ((("patron", "group"), True),)


class FormClassMembership(BaseModel):
    """A patron in a form class; one per patron per academic period."""

    patron_id: int
    form_class_id: int
    period_id: int

    patron = ForeignKeyField(Patron, backref="form_memberships", on_delete="CASCADE")
    form_class = ForeignKeyField(FormClass, backref="members", on_delete="CASCADE")
    period = ForeignKeyField(AcademicPeriod, on_delete="CASCADE")

    class Meta:
        indexes = ((("patron", "period"), True),)


class Contact(BaseModel):
    """A further email address for a patron, e.g. a parent's."""

    patron_id: int

    patron = ForeignKeyField(Patron, backref="contacts", on_delete="CASCADE")
    email = CharField(index=True)
    relationship = CharField(default="")
    name = CharField(default="")

    class Meta:
        indexes = ((("patron", "email"), True),)


class Loan(BaseModel):
    """An item lent to a patron; out while `returned` is empty."""

    patron_id: int

    patron = ForeignKeyField(Patron, backref="loans", on_delete="RESTRICT")
    item_barcode = CharField()
    issued = DateField()
    due = DateField()
    returned = DateField(null=True)


class AuditEntry(BaseModel):
    """Who did what to which patron, when, with the before/after of each changed field.

    `patron_id` is a plain integer, not a foreign key, so the trail outlives a deleted patron.
    `changes` is JSON: {field: [before, after]}; passwords appear only as "(changed)".
    """

    at = DateTimeField(default=utcnow, index=True)
    actor = CharField()
    action = CharField()
    patron_id = IntegerField(null=True, index=True)
    username = CharField(default="")
    changes = TextField(default="{}")


class ImportBatch(BaseModel):
    """One applied import run, with what is needed to undo it (see store.importing)."""

    at = DateTimeField(default=utcnow)
    actor = CharField()
    kind = CharField(default="users")
    file_name = CharField(default="")
    counts = TextField(default="{}")
    undone_at = DateTimeField(null=True)


class ImportBatchItem(BaseModel):
    """A patron an import batch added or changed, with its image before the import."""

    batch_id: int

    batch = ForeignKeyField(ImportBatch, backref="items", on_delete="CASCADE")
    patron_id = IntegerField(index=True)
    outcome = CharField()
    before = TextField(default="{}")
    version_after = IntegerField()
    undone_at = DateTimeField(null=True)


class FieldOrder(BaseModel):
    """A saved field order for imports ("SIS students"), usable by the CLI and the screen."""

    name = CharField(unique=True)
    kind = CharField(default="users")
    fields = TextField()


class BlacklistedEmail(BaseModel):
    """An address never to be used for sending, with why, when and by whom."""

    address = CharField(unique=True)
    reason = CharField()
    detail = TextField(default="")
    at = DateTimeField(default=utcnow)
    added_by = CharField()


class EmailCheckRun(BaseModel):
    """One run of the email check, and whether the school's sending is disabled after it."""

    at = DateTimeField(default=utcnow)
    actor = CharField()
    checked = IntegerField(default=0)
    invalid = IntegerField(default=0)
    sending_disabled = BooleanField(default=False)
    reason = TextField(default="")


class MergeRecord(BaseModel):
    """A merge of patrons into a target, with the images needed to undo it."""

    at = DateTimeField(default=utcnow)
    actor = CharField()
    target_id = IntegerField(index=True)
    target_version_after = IntegerField()
    snapshot = TextField()
    undone_at = DateTimeField(null=True)


MODELS: list[type[BaseModel]] = [
    SchemaInfo,
    Cohort,
    AcademicPeriod,
    Campus,
    PresentationGroup,
    LibraryGroup,
    FormClass,
    Patron,
    SystemGroupMembership,
    FormClassMembership,
    Contact,
    Loan,
    AuditEntry,
    ImportBatch,
    ImportBatchItem,
    FieldOrder,
    BlacklistedEmail,
    EmailCheckRun,
    MergeRecord,
]
