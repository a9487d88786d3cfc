"""`patrons import`, `rename` and `contacts` as cron and IT staff run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.startup import close_database, open_database
from tui.cli import main

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year"


@pytest.fixture
def cli_db(school: Path) -> Path:
    """A school database closed again, so each command opens it as a real run would."""
    close_database()
    return school


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "students.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def patrons(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_json_report_has_the_documented_shape(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEADER, "s1,0001,Ann,Lee,yes,no,2030", "s2,0002,Bob,Lee,maybe,no,2030")
    assert patrons(cli_db, "import", str(path), "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "file": "students.csv",
        "committed": False,
        "batch": None,
        "counts": {"added": 1, "updated": 0, "unchanged": 0, "invalid": 1, "total": 2},
        "rows": [
            {"line": 1, "username": "", "outcome": "header", "reasons": [], "changes": {}},
            {
                "line": 2,
                "username": "s1",
                "outcome": "added",
                "reasons": [],
                "changes": {
                    "username": [None, "s1"],
                    "barcode": [None, "0001"],
                    "given_name": [None, "Ann"],
                    "surname": [None, "Lee"],
                    "enabled": [None, True],
                    "staff": [None, False],
                    "generic": [None, False],
                    "graduating_year": [None, 2030],
                },
            },
            {
                "line": 3,
                "username": "s2",
                "outcome": "invalid",
                "reasons": [
                    "Enabled 'maybe' is not yes or no: use Y, yes, true or 1, or N, no, false or 0."
                ],
                "changes": {},
            },
        ],
    }


def test_exit_statuses_and_commit(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, HEADER, "s1,0001,Ann,Lee,yes,no,2030")
    assert patrons(cli_db, "import", str(good)) == 0
    assert "nothing written" in capsys.readouterr().out
    assert patrons(cli_db, "import", str(good), "--commit", "--json") == 0
    assert json.loads(capsys.readouterr().out)["batch"] == 1
    assert patrons(cli_db, "search", "s1") == 0
    capsys.readouterr()
    assert patrons(cli_db, "import", str(good), "--commit") == 0
    assert "0 added, 0 updated, 1 unchanged, 0 invalid, 1 total" in capsys.readouterr().out
    mixed = write(tmp_path, HEADER, "s2,0002,Bob,Lee,yes,no,2030", "s3,0003,Cy,,yes,no,2030")
    assert patrons(cli_db, "import", str(mixed), "--commit") == 1
    out = capsys.readouterr().out
    assert "line 3 (s3): Surname is required." in out
    assert patrons(cli_db, "search", "s2") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "missing.csv"], "There is no file"),
        (["import", "FILE", "--fields", "username,colour"], "'colour' is not a field"),
        (["import", "FILE", "--fields", "username,barcode,barcode"], "given twice"),
        (["import", "FILE", "--profile", "nope"], "no saved field order 'nope'"),
        (["import", "--undo", "99"], "no import batch #99"),
        (["import"], "Name the CSV file"),
    ],
)
def test_nothing_done_exits_2_with_one_line(
    cli_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    path = write(tmp_path, HEADER, "s1,0001,Ann,Lee,yes,no,2030")
    args = [
        str(path) if arg == "FILE" else str(tmp_path / arg) if arg.endswith(".csv") else arg
        for arg in args
    ]
    assert patrons(cli_db, *args, "--commit") == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    open_database(str(cli_db))
    from store.models import Patron

    assert Patron.select().count() == 0
    close_database()


def test_saved_profile_list_and_undo(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert patrons(cli_db, "import", "--save-profile", "SIS", "--fields", HEADER) == 0
    path = write(tmp_path, "s1,0001,Ann,Lee,yes,no,2030")
    assert patrons(cli_db, "import", str(path), "--profile", "SIS", "--commit") == 0
    capsys.readouterr()
    assert patrons(cli_db, "import", "--list") == 0
    assert "#1" in capsys.readouterr().out
    assert patrons(cli_db, "import", "--undo", "1") == 0
    assert "would be undone" in capsys.readouterr().out
    assert patrons(cli_db, "import", "--undo", "1", "--commit", "--json") == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"undone": 1, "refused": 0, "total": 1}
    assert patrons(cli_db, "search", "s1") == 1


def test_a_real_subprocess_run_of_the_installed_command(cli_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, "s1,0001,Zoë,Muñoz,yes,no,2030", "s2,0002,Bob,,yes,no,2030")
    command = Path(sys.executable).parent / "patrons"
    env = {**os.environ, "PATRONS_DB": str(cli_db)}
    result = subprocess.run(
        [str(command), "import", str(path), "--commit", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == "line 3 (s2): Surname is required.\n"
    assert result.stderr == ""
    found = subprocess.run(
        [str(command), "search", "munoz"], capture_output=True, text=True, env=env, check=False
    )
    assert "Zoë Muñoz" in found.stdout
