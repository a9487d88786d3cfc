"""Reading import files: encoding, delimiter, and rows streamed with their line numbers.

Files come from spreadsheets and administration systems. The encoding is decided by a
byte-order mark, then strict UTF-8, then Windows-1252 (charset guessers misread names
such as "Muñoz" in that code page). The delimiter is one of comma, semicolon, tab or
pipe. Rows are streamed, never held whole, and carry the physical line they start on.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError
from store.text import unguard_formula

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CHUNK = 1 << 16
SAMPLE_LINES = 20
CP1252_UNDEFINED = tuple(bytes([byte]) for byte in b"\x81\x8d\x8f\x90\x9d")
# Fields are limited by the rules anyway; a row this long is a damaged file, not data.
csv.field_size_limit(1 << 20)


class UnreadableFile(StoreError):
    """The file cannot be read as a table at all; nothing was done."""


@dataclass(frozen=True)
class Row:
    """One record of the file: the line it starts on (1-based) and its cells."""

    line: int
    cells: list[str]


@dataclass(frozen=True)
class TableFile:
    """A readable import file with its decided encoding and delimiter."""

    path: Path
    encoding: str
    delimiter: str
    fingerprint: str
    lines: int

    def rows(self) -> Iterator[Row]:
        """Every non-empty record in file order, streamed; formula guards undone (export's)."""
        with _open_text(self.path, self.encoding) as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            line = 1
            try:
                for cells in reader:
                    if cells:
                        yield Row(line, _unguarded(cells))
                    line = reader.line_num + 1
            except (csv.Error, UnicodeDecodeError) as exc:
                raise UnreadableFile(
                    f"{self.path.name} cannot be read after line {line}: {exc}. "
                    "Check the quotes on that line, or give --encoding."
                ) from exc

    @property
    def delimiter_name(self) -> str:
        """The delimiter as a word people know."""
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def _unguarded(cells: list[str]) -> list[str]:
    """The cells with export's formula guards undone (most rows hold no quote at all)."""
    if "'" not in "".join(cells):
        return cells
    return [unguard_formula(cell) for cell in cells]


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 (the caller closes it)


def _scan(path: Path, given_encoding: str | None) -> tuple[str, str, int]:
    """The encoding, a fingerprint of the bytes and about how many lines, in one read."""
    digest = hashlib.sha256()
    lines = 1
    with open(path, "rb") as raw:
        head = raw.read(CHUNK)
        if not head.strip(b"\r\n\t \xef\xbb\xbf\xff\xfe\x00"):
            raise UnreadableFile(f"{path.name} is empty: there is nothing to import.")
        encoding = given_encoding or next((name for bom, name in BOMS if head.startswith(bom)), "")
        utf8 = codecs.getincrementaldecoder("utf-8")() if not encoding else None
        cp1252_ok = True
        binary = not encoding and b"\x00" in head
        chunk = head
        while chunk:
            digest.update(chunk)
            lines += chunk.count(b"\n")
            if utf8 is not None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = None
            cp1252_ok = cp1252_ok and not any(byte in chunk for byte in CP1252_UNDEFINED)
            binary = binary or (not encoding and b"\x00" in chunk)
            chunk = raw.read(CHUNK)
    if binary:
        raise UnreadableFile(
            f"{path.name} is not a text file: save it from the spreadsheet as CSV."
        )
    if not encoding:
        encoding = "utf-8" if utf8 is not None and _utf8_ends(utf8) else "cp1252"
    if encoding == "cp1252" and not cp1252_ok and not given_encoding:
        raise UnreadableFile(
            f"{path.name} is neither UTF-8 nor Windows-1252 text: save it from the "
            "spreadsheet as CSV UTF-8, or name its encoding with --encoding."
        )
    return encoding, digest.hexdigest()[:16], lines


def _utf8_ends(decoder: codecs.IncrementalDecoder) -> bool:
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sample(path: Path, encoding: str) -> list[str]:
    with _open_text(path, encoding) as text:
        lines = []
        for _ in range(SAMPLE_LINES):
            line = text.readline()
            if not line:
                break
            lines.append(line)
    return lines


def detect_delimiter(lines: list[str]) -> str:
    """The candidate giving the most columns, consistently over the first lines."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(cells) for cells in csv.reader(lines, delimiter=delimiter) if cells]
        if not counts or counts[0] < 2:
            continue
        agreeing = sum(1 for count in counts if count == counts[0])
        score = (agreeing, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def open_table(path: Path, encoding: str | None = None, delimiter: str | None = None) -> TableFile:
    """Check the file can be read and decide how; raises UnreadableFile with the reason."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UnreadableFile(
                f"--encoding {encoding} is not an encoding Python knows; "
                "use e.g. utf-8, utf-16 or cp1252."
            ) from exc
    if delimiter is not None and len(delimiter) != 1:
        raise UnreadableFile(f"--delimiter '{delimiter}' must be one character, e.g. ';'.")
    try:
        used, fingerprint, lines = _scan(path, encoding)
        if delimiter is None:
            delimiter = detect_delimiter(_sample(path, used))
    except FileNotFoundError as exc:
        raise UnreadableFile(f"There is no file {path}: check the name and folder.") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(f"{path} is a folder, not a file: name the CSV file in it.") from exc
    except PermissionError as exc:
        raise UnreadableFile(f"{path} cannot be read: you lack permission to read it.") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path.name} is not text in {encoding}: {exc.reason}. Try another --encoding."
        ) from exc
    except OSError as exc:
        raise UnreadableFile(f"{path} cannot be read: {exc.strerror}.") from exc
    return TableFile(path, used, delimiter, fingerprint, lines)


def fingerprint_of(path: Path) -> str:
    """The fingerprint of the file as it is now ('' when it is gone)."""
    try:
        return _scan(path, "latin-1")[1]
    except (OSError, UnreadableFile):
        return ""
