"""Reading real import files: encodings, delimiters, quoting, line numbers and headers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from store.importing import ImportOptions, UnreadableFile, UsageError, open_table, plan_import
from store.importing.mapping import header_fields, parse_fields

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year\r\n"
MUNOZ = "s1,0001234,José,Muñoz,yes,no,2030\r\n"


def write(tmp_path: Path, data: bytes, name: str = "students.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + MUNOZ).encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + (HEADER + MUNOZ).encode("utf-8"), "utf-8-sig"),
        ((HEADER + MUNOZ).encode("utf-16"), "utf-16"),
        ((HEADER + MUNOZ).encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "windows-1252"],
)
def test_every_encoding_reads_munoz_exactly(tmp_path: Path, data: bytes, encoding: str) -> None:
    table = open_table(write(tmp_path, data))
    rows = list(table.rows())
    assert table.encoding == encoding
    assert rows[0].cells[0] == "username"
    assert rows[1].cells[:4] == ["s1", "0001234", "José", "Muñoz"]


def test_encoding_given_by_the_operator_wins(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + MUNOZ).encode("utf-8"))
    table = open_table(path, encoding="latin-1")
    assert list(table.rows())[1].cells[3] == "MuÃ±oz"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    text = (HEADER + MUNOZ).replace(",", delimiter)
    table = open_table(write(tmp_path, text.encode()))
    assert table.delimiter == delimiter
    assert list(table.rows())[1].cells[3] == "Muñoz"


def test_the_operator_delimiter_wins(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, b"a;b,c\nd;e,f\n"), delimiter=";")
    assert [row.cells for row in table.rows()] == [["a", "b,c"], ["d", "e,f"]]


def test_quoted_delimiters_quotes_and_newlines_keep_physical_line_numbers(tmp_path: Path) -> None:
    text = (
        "username,given_name,surname\n"
        's1,"Ann, Jr","O""Brien"\n'
        's2,"two\nline\nname",Lee\n'
        "\n"
        's3,Bob,"Smith"\r\n'
    )
    rows = list(open_table(write(tmp_path, text.encode())).rows())
    assert [(row.line, row.cells) for row in rows] == [
        (1, ["username", "given_name", "surname"]),
        (2, ["s1", "Ann, Jr", 'O"Brien']),
        (3, ["s2", "two\nline\nname", "Lee"]),
        (7, ["s3", "Bob", "Smith"]),
    ]


def test_values_stay_text_with_leading_zeros(tmp_path: Path) -> None:
    rows = list(open_table(write(tmp_path, b"username,barcode\ns1,0001234\n")).rows())
    assert rows[1].cells == ["s1", "0001234"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"username,surname\ns1,\x81\x8d\n", "neither UTF-8 nor Windows-1252"),
    ],
    ids=["empty", "blank lines", "binary", "undecodable"],
)
def test_unreadable_files_stop_with_a_reason(tmp_path: Path, data: bytes, words: str) -> None:
    with pytest.raises(UnreadableFile, match=words):
        open_table(write(tmp_path, data))


def test_a_missing_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="There is no file .*nowhere.csv"):
        open_table(tmp_path / "nowhere.csv")


def test_header_names_from_the_manual_and_administration_systems_map_to_keys() -> None:
    cells = [
        "\ufeffUser Name",
        "Library Barcode",
        "Admin System ID",
        "Primary email address",
        "Graduating year",
        "Staff Member",
        "SURNAME",
        "first-name",
        "",
    ]
    assert header_fields("users", cells) == [
        "username",
        "barcode",
        "admin_id",
        "email",
        "graduating_year",
        "staff",
        "surname",
        "given_name",
        "skip",
    ]


def test_a_row_of_data_is_not_a_header() -> None:
    assert header_fields("users", ["s1", "0001", "Smith"]) is None
    assert header_fields("users", ["Barcode", "Surname"]) is None  # names no username


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ("username,barcode,colour", "'colour' is not a field"),
        ("username,barcode,barcode", "'barcode' is given twice"),
        ("barcode,surname", "needs 'username'"),
        ("username,skip", "at least one field besides"),
    ],
)
def test_bad_field_lists_are_usage_errors_naming_the_key(fields: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        parse_fields("users", fields)


def plan(path: Path, **options: object) -> list[tuple[int | None, str]]:
    report = plan_import(path, ImportOptions(**options))  # type: ignore[arg-type]
    try:
        return [(row.line, row.outcome) for row in report.rows]
    finally:
        report.rows.close()


def test_header_auto_reports_the_header_row(school: Path, tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + MUNOZ).encode())
    assert plan(path) == [(1, "header"), (2, "added")]


def test_a_field_list_wins_over_the_header_and_the_header_is_still_recognised(
    school: Path, tmp_path: Path
) -> None:
    text = "Surname,Username,Library Barcode\nMuñoz,s1,0001\n"
    fields = ("surname", "username", "barcode")
    report = plan_import(write(tmp_path, text.encode()), ImportOptions(fields=fields))
    assert report.fields == ["surname", "username", "barcode"]
    assert [(r.line, r.outcome, r.username) for r in report.rows][0] == (1, "header", "")
    report.rows.close()


def test_header_no_judges_the_first_row_as_data(school: Path, tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + MUNOZ).encode())
    fields = tuple(HEADER.strip().split(","))
    assert plan(path, fields=fields, header="no") == [(1, "invalid"), (2, "added")]


def test_header_yes_without_field_names_is_a_usage_error(school: Path, tmp_path: Path) -> None:
    path = write(tmp_path, MUNOZ.encode())
    with pytest.raises(UsageError, match="does not name the fields"):
        plan(path, header="yes")


def test_no_header_and_no_fields_asks_for_fields(school: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="give them with --fields"):
        plan(write(tmp_path, MUNOZ.encode()))
