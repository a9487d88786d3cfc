"""The audit trail: every way of changing a patron leaves who and when; never a password.

One school goes through every kind of change (register, edit, import, rename, group
change, merge, delete), each by a different actor, with passwords set along the way.
Afterwards each change is in the trail with its actor and a time, and no entry holds a
password or any stored hash.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest

from store.merging.merge import merge_patrons
from store.models import AuditEntry, Patron, utcnow
from store.patrons import delete_patron, find_patron, register, update
from tests.conftest import student_values
from tui.cli import main

SECRETS = ("first-secret-1", "second-secret-2", "imported-secret-3")


def entries_for(username: str) -> list[tuple[str, str]]:
    query = AuditEntry.select().where(AuditEntry.username == username).order_by(AuditEntry.id)
    return [(entry.actor, entry.action) for entry in query]


def test_every_change_is_in_the_trail_with_actor_and_time_and_no_secret(
    school: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = utcnow() - dt.timedelta(seconds=1)
    zoe = register(student_values(username="zoe", password=SECRETS[0]), actor="clerk")
    update(zoe.id, {"password": SECRETS[1], "given_name": "Zo"}, zoe.version, "editor")
    register(student_values(username="twin", barcode="0009"), actor="clerk")
    cli = getpass.getuser()
    rows = tmp_path / "sis.csv"
    rows.write_text(
        "username,barcode,surname,enabled,staff,graduating_year,password\n"
        f"new1,N1,Ngata,yes,no,2030,{SECRETS[2]}\n"
        "zoe,0001234,Smythe,,,,\n"
    )
    renames = tmp_path / "renames.csv"
    renames.write_text("username,new_username\nnew1,ngata1\n")
    db = str(db_path)
    assert main(["--db", db, "import", str(rows), "--commit"]) == 0
    assert main(["--db", db, "rename", str(renames), "--commit"]) == 0
    assert main(["--db", db, "group", "add", "Staff", "zoe"]) == 0
    capsys.readouterr()
    twin = find_patron("twin")
    ngata = find_patron("ngata1")
    assert twin is not None and ngata is not None
    merge_patrons(zoe.id, [twin.id], {}, "merger")
    delete_patron(ngata.id, "remover")

    zoe_trail = entries_for("zoe")
    assert ("clerk", "created") in zoe_trail
    assert ("editor", "updated") in zoe_trail
    actors = {actor for actor, _ in zoe_trail}
    assert {"clerk", "editor", cli, "merger"} <= actors
    assert any(action.startswith("merged with") for _, action in zoe_trail)
    assert any(action.startswith("merged into") for _, action in entries_for("twin"))
    assert {actor for actor, _ in entries_for("ngata1")} >= {cli, "remover"}
    assert ("remover", "deleted") in entries_for("ngata1")
    assert all(entry.at >= started and entry.actor for entry in AuditEntry.select())

    hashes = [p.password_hash for p in Patron.select() if p.password_hash]
    trail = " ".join(f"{e.action} {e.changes}" for e in AuditEntry.select())
    for secret in (*SECRETS, *hashes, "scrypt$"):
        assert secret not in trail
