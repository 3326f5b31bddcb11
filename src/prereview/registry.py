"""The reference registry: CSV tables -> SQLite, lookups by key and fuzzy lookups by name.

The registry is read from the CSV folder of docs/report-format.md ("Registry") or from a SQLite file
made by `import_csv`. Keys are stored folded (`normalize.fold`) and upper-cased, names as given
plus a folded column, so every comparison sees the same form as the rest of prereview.
Records are found by key first; names are only ever compared with `name_similarity`, so two
registry neighbours whose names differ by one character (王小明 / 王晓明) never swap.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process

from .errors import InputNotFound, InvalidConfiguration, UsageError
from .intake import refusal
from .limits import REGISTRY_QUERY_SECONDS
from .normalize import fold

OWNER_SEPARATOR = "、"
RecordT = TypeVar("RecordT")


@dataclass(frozen=True)
class Table:
    """One registry table: its CSV file, columns, key and allowed statuses."""

    name: str
    columns: tuple[str, ...]
    key: str
    statuses: tuple[str, ...] = ()
    # Columns that hold names: stored as given plus a `<column>_folded` twin for matching.
    name_columns: tuple[str, ...] = ()
    # Further keys: folded like the key, unique when present, may be left empty.
    secondary_keys: tuple[str, ...] = ()
    key_length: int | None = None

    @property
    def file_name(self) -> str:
        """The CSV file of this table."""
        return f"{self.name}.csv"


PERSONS = Table(
    "persons", ("id_number", "name"), "id_number", name_columns=("name",), key_length=18
)
ENTERPRISES = Table(
    "enterprises",
    ("credit_code", "name", "legal_representative", "status"),
    "credit_code",
    statuses=("active", "revoked", "cancelled"),
    name_columns=("name", "legal_representative"),
)
PROPERTIES = Table(
    "properties",
    ("certificate_number", "unit_number", "owner", "location", "status"),
    "certificate_number",
    statuses=("normal", "seized", "mortgaged"),
    name_columns=("owner",),
    secondary_keys=("unit_number",),
)
TABLES = (PERSONS, ENTERPRISES, PROPERTIES)


@dataclass(frozen=True)
class PersonRecord:
    """A person in the registry."""

    id_number: str
    name: str


@dataclass(frozen=True)
class EnterpriseRecord:
    """An enterprise in the registry; status is active, revoked or cancelled."""

    credit_code: str
    name: str
    legal_representative: str
    status: str


@dataclass(frozen=True)
class PropertyRecord:
    """A property in the registry; status is normal, seized or mortgaged."""

    certificate_number: str
    unit_number: str | None
    owners: tuple[str, ...]
    location: str
    status: str


@dataclass(frozen=True)
class BadRow:
    """A CSV row that was not imported, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    """What an import read: rows imported per table and every row left out."""

    persons: int = 0
    enterprises: int = 0
    properties: int = 0
    bad_rows: tuple[BadRow, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every row of every file was imported."""
        return not self.bad_rows

    def summary(self, target: str) -> str:
        """`imported 12 persons, 8 enterprises, 9 properties into FILE; 2 bad rows`."""
        bad = len(self.bad_rows)
        return (
            f"imported {self.persons} persons, {self.enterprises} enterprises, "
            f"{self.properties} properties into {target}; {bad} bad row{'' if bad == 1 else 's'}"
        )


# --- import -------------------------------------------------------------------------------


def import_csv(csv_dir: Path, db_path: Path) -> ImportReport:
    """Load the registry CSVs of `csv_dir` into a new SQLite file at `db_path`.

    The file is written beside `db_path` and renamed into place, so a failed import leaves
    any previous registry untouched. Bad rows are imported around and listed in the report.
    """
    csv_dir = Path(csv_dir)
    db_path = Path(db_path)
    _check_csv_dir(csv_dir)
    if db_path.is_dir():
        raise UsageError(f"--db must be a file, not a folder: {db_path}")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", dir=db_path.parent)
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        # mkstemp makes the file private (0600); a re-import keeps the mode the file had.
        if db_path.exists():
            shutil.copymode(db_path, temp_path)
        connection = sqlite3.connect(temp_path)
        try:
            report = load_tables(connection, csv_dir)
            connection.commit()
        finally:
            connection.close()
        os.replace(temp_path, db_path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return report


def load_tables(connection: sqlite3.Connection, csv_dir: Path) -> ImportReport:
    """Create the registry tables in `connection` and fill them from the CSVs of `csv_dir`."""
    _check_csv_dir(csv_dir)
    counts: dict[str, int] = {}
    bad_rows: list[BadRow] = []
    files: list[str] = []
    for table in TABLES:
        _create_table(connection, table)
        path = csv_dir / table.file_name
        if path.is_file():
            files.append(table.file_name)
            rows, bad = _read_table(path, table)
            _insert_rows(connection, table, rows)
            counts[table.name] = len(rows)
            bad_rows.extend(bad)
        else:
            counts[table.name] = 0
    return ImportReport(**counts, bad_rows=tuple(bad_rows), files=tuple(files))


def missing_registry_message(path: Path) -> str:
    """What to do when --registry names nothing: build the database, or name the CSV folder."""
    return (
        f"找不到登记库 {path}：请先用 prereview registry import CSV_DIR --db {path} 建立，"
        f"或直接给出存放 CSV 文件的文件夹 (no such registry: {path}; build one with "
        f"`prereview registry import CSV_DIR --db {path}`, or pass the folder of CSV files)"
    )


def _csv_file_message(path: Path, wanted: str) -> str:
    return (
        f"{path} 是 CSV 文件，不是{wanted}：请给出存放 CSV 文件的文件夹 {path.parent}"
        f"（persons.csv、enterprises.csv、properties.csv） (a CSV file, not {_WANTED[wanted]}: "
        f"pass the folder that holds the CSV files, e.g. {path.parent})"
    )


_WANTED = {"登记库": "a prereview registry", "CSV 文件夹": "a folder of registry CSV files"}


def _check_csv_dir(csv_dir: Path) -> None:
    if not csv_dir.exists():
        raise InputNotFound(
            f"找不到登记库 CSV 文件夹 {csv_dir} (no such registry folder: {csv_dir})"
        )
    if not csv_dir.is_dir():
        if csv_dir.suffix.lower() == ".csv":
            raise InvalidConfiguration(_csv_file_message(csv_dir, "CSV 文件夹"))
        raise InvalidConfiguration(
            f"{csv_dir} 不是存放登记库 CSV 文件的文件夹 (not a folder of registry CSV files: {csv_dir})"
        )
    if not any((csv_dir / table.file_name).is_file() for table in TABLES):
        expected = ", ".join(table.file_name for table in TABLES)
        raise InvalidConfiguration(
            f"{csv_dir} 中没有登记库文件（{expected}） "
            f"({csv_dir} holds none of the registry files ({expected}))"
        )


def _read_table(path: Path, table: Table) -> tuple[list[dict[str, str | None]], list[BadRow]]:
    rows: list[dict[str, str | None]] = []
    bad_rows: list[BadRow] = []
    # Keys already imported -> the line they came from, per key column.
    seen: dict[str, dict[str, int]] = {column: {} for column in (table.key, *table.secondary_keys)}
    for line, cells in _csv_rows(path, table):
        row, reason = _parse_row(cells, table, seen)
        if reason:
            bad_rows.append(BadRow(path.name, line, reason))
            continue
        rows.append(row)
        for column in seen:
            if row[column]:
                seen[column][row[column]] = line
    return rows, bad_rows


def _csv_rows(path: Path, table: Table) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank data row; the header is checked first."""
    try:
        # utf-8-sig: spreadsheet programs on Windows write a byte-order mark.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            _check_header(path, table, next(reader, None))
            start = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield start, cells
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise InvalidConfiguration(f"{path}: not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise InvalidConfiguration(f"{path}: not a readable CSV file ({exc})") from None


def _check_header(path: Path, table: Table, header: list[str] | None) -> None:
    found = tuple(cell.strip().lower() for cell in header or [])
    if found != table.columns:
        shown = ",".join(header) if header else "an empty file"
        raise InvalidConfiguration(
            f"{path}: wrong header: expected columns {','.join(table.columns)}, found {shown}"
        )


def _parse_row(
    cells: list[str], table: Table, seen: dict[str, dict[str, int]]
) -> tuple[dict[str, str | None], str | None]:
    """The stored form of a row, or the reason it cannot be imported."""
    if len(cells) != len(table.columns):
        return {}, f"expected {len(table.columns)} columns, found {len(cells)}"
    # Names and other text as given, only trimmed; keys in their lookup form.
    row: dict[str, str | None] = {
        column: cell.strip() for column, cell in zip(table.columns, cells, strict=True)
    }
    for column in (table.key, *table.secondary_keys):
        row[column] = key_form(row[column] or "") or None
    if table.statuses:
        row["status"] = fold(row["status"] or "").lower()
    reason = _row_problem(row, table, seen)
    if reason:
        return {}, reason
    for column in table.name_columns:
        row[f"{column}_folded"] = fold(row[column] or "")
    return row, None


def _row_problem(row: dict[str, str | None], table: Table, seen: dict[str, dict[str, int]]) -> str:
    """Why a row cannot be imported, or "" when it can.

    Reasons never show a key: keys include ID numbers, and the line already points at the row.
    """
    key = row[table.key]
    if not key:
        return f"empty {table.key}"
    if table.key_length and len(key) != table.key_length:
        return f"{table.key} has {len(key)} characters, expected {table.key_length}"
    for column in table.name_columns:
        if not fold(row[column] or ""):
            return f"empty {column}"
    if table.statuses and row["status"] not in table.statuses:
        shown = repr(row["status"]) if row["status"] else "(empty)"
        return f"status {shown} is not one of {', '.join(table.statuses)}"
    for column, lines in seen.items():
        if row[column] and row[column] in lines:
            return f"duplicate {column} (first on line {lines[row[column]]})"
    return ""


def key_form(value: str) -> str:
    """The stored and looked-up form of a key: folded and upper-case."""
    return fold(value).upper()


def _create_table(connection: sqlite3.Connection, table: Table) -> None:
    columns = [f"{column} TEXT" for column in table.columns]
    columns[0] = f"{table.key} TEXT PRIMARY KEY"
    columns += [f"{column}_folded TEXT NOT NULL" for column in table.name_columns]
    connection.execute(f"CREATE TABLE {table.name} ({', '.join(columns)})")
    for column in table.secondary_keys:
        connection.execute(f"CREATE UNIQUE INDEX {table.name}_{column} ON {table.name} ({column})")
    for column in table.name_columns:
        connection.execute(
            f"CREATE INDEX {table.name}_{column}_folded ON {table.name} ({column}_folded)"
        )


def _insert_rows(
    connection: sqlite3.Connection, table: Table, rows: list[dict[str, str | None]]
) -> None:
    columns = [*table.columns, *(f"{column}_folded" for column in table.name_columns)]
    placeholders = ", ".join(f":{column}" for column in columns)
    connection.executemany(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})", rows
    )


# --- matching -----------------------------------------------------------------------------


def name_similarity(a: str, b: str) -> float:
    """0..100: rapidfuzz `fuzz.ratio` of the folded names; 100 when they agree after folding."""
    folded_a, folded_b = fold(a), fold(b)
    if folded_a == folded_b:
        return 100.0
    return float(fuzz.ratio(folded_a, folded_b))


def match_grade(score: float, accept: float, reject: float) -> str:
    """`match` (score >= accept), `grey` (reject <= score < accept) or `mismatch` (< reject).

    The thresholds come from the rule pack that asks, never from here.
    """
    if reject > accept:
        raise InvalidConfiguration(
            f"name-match thresholds: reject ({reject}) is above accept ({accept})"
        )
    if score >= accept:
        return "match"
    if score >= reject:
        return "grey"
    return "mismatch"


# --- lookups ------------------------------------------------------------------------------


class Registry:
    """Read-only lookups in a registry, opened from a SQLite file or a CSV folder."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        source: str,
        sha256: str,
        import_report: ImportReport | None = None,
    ) -> None:
        self._connection = connection
        self._deadline = 0.0
        # A file can hold views that never finish (a recursive CTE): every query has a time limit.
        connection.set_progress_handler(self._past_deadline, 10_000)
        self.source = source
        self.sha256 = sha256
        # Bad rows of a CSV folder opened directly; None for a SQLite file.
        self.import_report = import_report
        self._names: dict[str, tuple[list[str], list[str]]] = {}

    @classmethod
    def open(cls, path: Path, cache: Path | None = None) -> Registry:
        """Open a SQLite file made by `import_csv`, or a CSV folder: imported into
        `cache/registry-<sha256 of the CSVs>.db` once and reused while the CSVs are unchanged
        (into memory when no cache folder is given)."""
        path = Path(path)
        if not path.exists() and not path.is_symlink():
            raise InputNotFound(missing_registry_message(path))
        if path.is_dir():
            return cls._from_csv_dir(path, cache)
        reason = refusal(path)
        if reason:
            # A FIFO would block the run, a device never ends.
            raise InvalidConfiguration(f"registry {path}: {reason}")
        return cls._from_sqlite(path)

    @classmethod
    def _from_csv_dir(cls, csv_dir: Path, cache: Path | None = None) -> Registry:
        digest = csv_dir_sha256(csv_dir)
        if cache is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            report = load_tables(connection, csv_dir)
            return cls(connection, str(csv_dir), digest, report)
        db_path = cache / f"registry-{digest}.db"
        report_path = db_path.with_suffix(".json")
        if not (db_path.is_file() and report_path.is_file()):
            report = import_csv(csv_dir, db_path)
            write_report(report_path, report)
        cached = cls._from_sqlite(db_path, digest)
        cached.import_report = read_report(report_path)
        cached.source = str(csv_dir)
        return cached

    @classmethod
    def _from_sqlite(cls, path: Path, digest: str | None = None) -> Registry:
        try:
            digest = digest or file_sha256(path)
        except OSError as exc:
            raise InputNotFound(f"cannot read registry {path}: {exc.strerror}") from None
        # Read-only: opening must never create or change the file a report's sha256 names.
        uri = f"{path.resolve().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        if not _has_registry_tables(connection):
            connection.close()
            if path.suffix.lower() == ".csv":
                raise InvalidConfiguration(_csv_file_message(path, "登记库"))
            raise InvalidConfiguration(
                f"{path} 不是 prereview 登记库：请用 prereview registry import CSV_DIR --db FILE "
                f"建立 ({path}: not a prereview registry; build one with "
                "`prereview registry import CSV_DIR --db FILE`)"
            )
        return cls(connection, str(path), digest)

    def _past_deadline(self) -> int:
        return int(self._deadline > 0 and time.monotonic() > self._deadline)

    def _execute(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        """A query that may take REGISTRY_QUERY_SECONDS at most, then InvalidConfiguration."""
        self._deadline = time.monotonic() + REGISTRY_QUERY_SECONDS
        try:
            cursor = self._connection.execute(sql, parameters)
            cursor.row_factory = sqlite3.Row
            rows = cursor.fetchall()
        except sqlite3.OperationalError as exc:
            raise InvalidConfiguration(
                f"registry {self.source}: query stopped after {REGISTRY_QUERY_SECONDS:g} s or "
                f"failed ({exc})"
            ) from None
        finally:
            self._deadline = 0.0
        return rows

    def close(self) -> None:
        """Close the database connection."""
        self._connection.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def person(self, id_number: str) -> PersonRecord | None:
        """The person with this ID number, or None."""
        return self._one(PERSONS, "id_number", id_number, _person)

    def enterprise(self, credit_code: str) -> EnterpriseRecord | None:
        """The enterprise with this unified social credit code, or None."""
        return self._one(ENTERPRISES, "credit_code", credit_code, _enterprise)

    def property_by_certificate(self, number: str) -> PropertyRecord | None:
        """The property with this certificate number (京（2021）朝阳区不动产权第0012345号)."""
        return self._one(PROPERTIES, "certificate_number", number, _property)

    def property_by_unit(self, unit_number: str) -> PropertyRecord | None:
        """The property with this 28-character unit number, or None."""
        return self._one(PROPERTIES, "unit_number", unit_number, _property)

    def persons_named(self, name: str, limit: int = 5) -> list[tuple[PersonRecord, float]]:
        """Persons whose names are closest to `name`, best first, with scores 0..100."""
        return [
            (_person(row), score)
            for row, score in self._named(PERSONS, "name", "id_number", name, limit)
        ]

    def enterprises_named(self, name: str, limit: int = 5) -> list[tuple[EnterpriseRecord, float]]:
        """Enterprises whose names are closest to `name`, best first, with scores 0..100."""
        return [
            (_enterprise(row), score)
            for row, score in self._named(ENTERPRISES, "name", "credit_code", name, limit)
        ]

    def _one(
        self, table: Table, column: str, value: str, make: Callable[[sqlite3.Row], RecordT]
    ) -> RecordT | None:
        rows = self._execute(f"SELECT * FROM {table.name} WHERE {column} = ?", (key_form(value),))
        return make(rows[0]) if rows else None

    def _named(
        self, table: Table, column: str, key: str, name: str, limit: int
    ) -> list[tuple[sqlite3.Row, float]]:
        keys, names = self._name_index(table, column, key)
        found = process.extract(fold(name), names, scorer=fuzz.ratio, limit=limit)
        results = []
        for _, score, index in found:
            rows = self._execute(f"SELECT * FROM {table.name} WHERE {key} = ?", (keys[index],))
            results.append((rows[0], float(score)))
        return results

    def _name_index(self, table: Table, column: str, key: str) -> tuple[list[str], list[str]]:
        """(keys, folded names) of a table, read once: rapidfuzz scans a list in C."""
        if table.name not in self._names:
            rows = self._execute(f"SELECT {key}, {column}_folded FROM {table.name} ORDER BY {key}")
            self._names[table.name] = ([r[0] for r in rows], [r[1] for r in rows])
        return self._names[table.name]


def _has_registry_tables(connection: sqlite3.Connection) -> bool:
    """The three tables with their columns, as tables: a view may never finish."""
    try:
        kinds = dict(connection.execute("SELECT name, type FROM sqlite_master").fetchall())
        if any(kinds.get(table.name) != "table" for table in TABLES):
            return False
        for table in TABLES:
            found = {row[1] for row in connection.execute(f"PRAGMA table_info({table.name})")}
            if not set(table.columns) <= found:
                return False
    except sqlite3.DatabaseError:  # not an SQLite file at all
        return False
    return True


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (a registry can be large)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def write_report(path: Path, report: ImportReport) -> None:
    """An import's report beside its cached database, so a reuse lists the same bad rows."""
    data = {**asdict(report), "bad_rows": [asdict(row) for row in report.bad_rows]}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def read_report(path: Path) -> ImportReport | None:
    """The report write_report kept, or None when it cannot be read."""
    try:
        data = json.loads(path.read_text("utf-8"))
        bad_rows = tuple(BadRow(**row) for row in data.pop("bad_rows"))
        return ImportReport(**{**data, "files": tuple(data["files"])}, bad_rows=bad_rows)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def csv_dir_sha256(csv_dir: Path) -> str:
    """sha256 over the three registry CSVs in a fixed order; a missing file counts as absent
    (so does anything that is not a regular file: a FIFO would block)."""
    digest = hashlib.sha256()
    for table in TABLES:
        path = csv_dir / table.file_name
        readable = refusal(path) is None
        # Name and length frame each file, so moving bytes between files changes the digest.
        frame = f"{table.file_name}:{path.stat().st_size if readable else '-'}\n"
        digest.update(frame.encode())
        if readable:
            with path.open("rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def _person(row: sqlite3.Row) -> PersonRecord:
    return PersonRecord(id_number=row["id_number"], name=row["name"])


def _enterprise(row: sqlite3.Row) -> EnterpriseRecord:
    return EnterpriseRecord(
        credit_code=row["credit_code"],
        name=row["name"],
        legal_representative=row["legal_representative"],
        status=row["status"],
    )


def _property(row: sqlite3.Row) -> PropertyRecord:
    owners = tuple(part.strip() for part in row["owner"].split(OWNER_SEPARATOR) if part.strip())
    return PropertyRecord(
        certificate_number=row["certificate_number"],
        unit_number=row["unit_number"],
        owners=owners,
        location=row["location"],
        status=row["status"],
    )
