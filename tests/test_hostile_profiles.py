"""Hostile input to the profile rules: every case ends saved or refused in sentences.

Random unicode, NUL bytes and control characters, lone surrogates, huge fields and
spreadsheet formulas, in any field, through `register` and `update`. Whatever comes in,
the outcome is a saved patron or a ValidationError whose problems name a field and read
as sentences; never another exception, never a partial write.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ValidationError
from store.fields import LABELS
from store.models import AuditEntry, FormClass, FormClassMembership, Patron, SystemGroupMembership
from store.patrons import get_patron, register, update
from store.profiles import profile_of
from store.rules import PARSERS, parse_values
from tests.conftest import student_values

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x")']
HOSTILE = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Mn"])),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.sampled_from(FORMULAS),
    st.sampled_from([254, 255, 256, 5000, 200_000]).map(lambda n: "é" * n),
    st.sampled_from(["", " ", "\x00", "a\x00b", "yes", "NO", "2030", "N", "Banksia", "9B"]),
    st.none(),
)
# Password hashing is deliberately slow; spoil it less often than the rest.
FIELDS = [key for key in PARSERS if key != "password"]
USERNAMES = st.one_of(st.sampled_from(["zoe", "ZOE", "sam", " sam "]), HOSTILE)
BARCODES = st.one_of(st.sampled_from(["0001", "0002", "001"]), HOSTILE)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def hostile_values(draw: st.DrawFn) -> dict[str, Any]:
    """A student's values with some fields replaced by hostile ones."""
    values = student_values(username=draw(USERNAMES), barcode=draw(BARCODES))
    for key in draw(st.sets(st.sampled_from(FIELDS), max_size=6)):
        values[key] = draw(HOSTILE)
    if draw(st.integers(0, 19)) == 0:
        values["password"] = draw(HOSTILE)
    return values


def snapshot() -> tuple[int, ...]:
    """Row counts of everything a save writes."""
    models = (Patron, AuditEntry, SystemGroupMembership, FormClassMembership, FormClass)
    return tuple(model.select().count() for model in models)


def assert_sentences(error: ValidationError) -> None:
    assert error.problems, "a refusal names at least one problem"
    for problem in error.problems:
        assert problem.field in LABELS
        text = problem.message.strip()
        assert text and text[0].isupper() and text[-1] in ".!?", problem.message


@SETTINGS
@given(values=hostile_values())
def test_parse_values_returns_values_or_problems_for_anything(
    school: Path, values: dict[str, Any]
) -> None:
    parsed, problems = parse_values(values)
    assert {p.field for p in problems} | set(parsed) == set(values)
    if problems:
        assert_sentences(ValidationError(problems))


@SETTINGS
@given(values=hostile_values())
def test_register_saves_or_refuses_in_sentences_and_never_half_writes(
    school: Path, values: dict[str, Any]
) -> None:
    before = snapshot()
    try:
        patron = register(values, actor="fuzz")
    except ValidationError as error:
        assert_sentences(error)
        assert snapshot() == before
        return
    saved = profile_of(get_patron(patron.id))
    assert saved["username"] == str(values["username"]).strip()
    assert snapshot()[0] == before[0] + 1


@SETTINGS
@given(values=hostile_values())
def test_update_saves_or_refuses_in_sentences_and_never_half_writes(
    make_student: Any, values: dict[str, Any]
) -> None:
    patron = Patron.get_or_none(Patron.username_key == "target") or make_student(
        username="target", barcode="T-1"
    )
    values.pop("username")
    before, version = snapshot(), patron.version
    stored = profile_of(patron)
    try:
        updated = update(patron.id, values, version, actor="fuzz")
    except ValidationError as error:
        assert_sentences(error)
        assert snapshot() == before
        assert profile_of(get_patron(patron.id)) == stored
        assert get_patron(patron.id).version == version
        return
    assert updated.version in (version, version + 1)


def test_a_username_of_broken_bytes_on_the_command_line_is_refused_in_a_sentence(
    tmp_path: Path,
) -> None:
    patrons = Path(sys.executable).parent / "patrons"
    result = subprocess.run(
        [patrons, "--db", tmp_path / "p.db", "admin", "create", b"zo\xff", "--password-stdin"],
        input=b"long-enough\n",
        capture_output=True,
    )
    assert result.returncode == 2
    said = result.stderr.decode(errors="replace")
    assert said.startswith("patrons: Username holds bytes that are not valid text; type it again.")
    assert "Traceback" not in said
