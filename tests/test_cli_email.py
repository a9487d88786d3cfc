"""`patrons check-emails`, `patrons bounces` and `patrons blacklist`: output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store.email_health import find_entry
from store.models import Patron
from store.startup import open_database
from tui.cli import main

Output = pytest.CaptureFixture[str]


def _patrons(
    make_student: Any, db_path: Path, *, zoe: str = "zoe@@example.org", sam: str = ""
) -> list[str]:
    """Two students holding the given addresses as older data might; returns the --db option."""
    for username, barcode, address in (("s00017", "0001", zoe), ("s00018", "0002", sam)):
        patron = make_student(username=username, barcode=barcode)
        Patron.update(email=address or None).where(Patron.id == patron.id).execute()
    return ["--db", str(db_path)]


def test_check_emails_reports_and_exits_1_when_it_finds_an_invalid_address(
    make_student: Any, db_path: Path, capsys: Output
) -> None:
    db = _patrons(make_student, db_path, sam="Sam@EXAMPLE.org")

    assert main([*db, "check-emails"]) == 1

    out = capsys.readouterr().out
    assert "Checked 2 addresses: 1 invalid (1 newly blacklisted), 1 normalised." in out
    assert "invalid: zoe@@example.org:" in out
    assert "normalised: Sam@EXAMPLE.org -> Sam@example.org" in out
    assert "zoe@@example.org (invalid address): s00017 Zoë Smith (primary email)" in out
    assert "Email sending is disabled: 1 address in use cannot receive mail" in out


def test_check_emails_exits_0_when_all_is_well(
    make_student: Any, db_path: Path, capsys: Output
) -> None:
    db = _patrons(make_student, db_path, zoe="zoe@example.org")

    assert main([*db, "check-emails"]) == 0

    out = capsys.readouterr().out
    assert "0 invalid" in out and out.rstrip().endswith("Email sending is enabled.")


def test_check_emails_json_is_for_scripts(make_student: Any, db_path: Path, capsys: Output) -> None:
    db = _patrons(make_student, db_path)

    assert main([*db, "check-emails", "--json"]) == 1

    data = json.loads(capsys.readouterr().out)
    assert data["sending_disabled"] is True and data["checked"] == 1
    assert [bad["address"] for bad in data["invalid"]] == ["zoe@@example.org"]
    assert data["blacklisted_in_use"][0]["username"] == "s00017"


def test_bounces_blacklists_and_exits_1_listing_bad_lines(
    store: Any, db_path: Path, tmp_path: Path, capsys: Output
) -> None:
    report = tmp_path / "bounces.csv"
    report.write_text("gone@example.org,hard,2026-11-20\nnot-an-address,hard,2026-11-20\n")

    assert main(["--db", str(db_path), "bounces", str(report)]) == 1

    out = capsys.readouterr().out
    assert "Blacklisted 1 address; 0 already on the blacklist; 0 soft bounces left alone." in out
    assert "line 2 skipped: address 'not-an-address' is not an email address" in out
    open_database(str(db_path))
    assert find_entry("gone@example.org") is not None


def test_bounces_exits_0_for_a_clean_report_and_2_for_a_missing_file(
    store: Any, db_path: Path, tmp_path: Path, capsys: Output
) -> None:
    report = tmp_path / "bounces.csv"
    report.write_text("address,type,date\ngone@example.org,complaint,2026-11-20\n")
    db = ["--db", str(db_path)]

    assert main([*db, "bounces", str(report), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == ["gone@example.org"]
    assert main([*db, "bounces", str(tmp_path / "nope.csv")]) == 2
    assert "patrons: There is no file" in capsys.readouterr().err


def test_blacklist_add_list_remove(make_student: Any, db_path: Path, capsys: Output) -> None:
    db = _patrons(make_student, db_path, zoe="zoe@example.org")

    assert main([*db, "blacklist", "add", "zoe@example.org", "--note", "asked us"]) == 0
    assert "Blacklisted zoe@example.org; no mail will be sent to it." in capsys.readouterr().out
    assert main([*db, "blacklist", "add", "zoe@example.org"]) == 0
    assert "already on the blacklist (added by hand" in capsys.readouterr().out

    assert main([*db, "blacklist", "list"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("zoe@example.org  added by hand ")
    assert line.endswith(", asked us  used by: s00017 Zoë Smith (primary email)")
    assert main([*db, "blacklist", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["used_by"][0]["role"] == "primary email"

    assert main([*db, "blacklist", "remove", "zoe@example.org"]) == 0
    assert "Removed zoe@example.org (added by hand)" in capsys.readouterr().out
    assert main([*db, "blacklist", "list"]) == 0
    assert capsys.readouterr().out.strip() == "The blacklist is empty."


def test_blacklist_remove_of_an_unknown_address_exits_2(
    store: Any, db_path: Path, capsys: Output
) -> None:
    assert main(["--db", str(db_path), "blacklist", "remove", "x@example.org"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "patrons: x@example.org is not on the blacklist; 'patrons blacklist list' shows what is."
    )


def test_the_installed_command_runs_as_cron_would(store: Any, db_path: Path) -> None:
    patrons = str(Path(sys.executable).parent / "patrons")
    result = subprocess.run(
        [patrons, "--db", str(db_path), "check-emails"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked 0 addresses: 0 invalid")
