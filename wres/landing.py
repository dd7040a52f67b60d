"""Landing: read the six extracts with DuckDB's CSV reader into the build database, losing nothing.

Why a Python step and not a dbt ``external_location`` source: the contract lets trusts send
headers in any case and order, with spaces or hyphens and extra columns, and DuckDB's
``normalize_names`` would turn ``snapshot-date`` into ``snapshotdate``. Reading the header
ourselves lets us (1) fail a malformed file before anything is written, with a message that
names the file and the problem, (2) read every data column as text under its contract name,
(3) keep rows the CSV parser rejects (too many / too few fields, invalid UTF-8) with their
line number instead of dropping them, and (4) record the line of every accepted row
so a quarantined value can be found in the file. The rows themselves are read by DuckDB, in
parallel, never row by row in Python.

What lands, in schema ``landing`` of the build database:
- one table per extract (the contract columns as text, plus ``source_file`` and
  ``source_line_number``);
- ``csv_rejects``: rows the CSV parser could not split into the header's columns;
- ``landing_files``: one row per file read (size, SHA-256, rows read / loaded / rejected).
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from wres.io_helpers import file_sha256, sql_string
from wres.run_errors import classify_text
from wres.test_hooks import pause_point

from wres.contract import EXTRACTS, Extract, normalise_header


class LandingError(Exception):
    """A file-level problem: the run stops before anything is written, naming the file."""


@dataclass(frozen=True)
class LandedFile:
    extract: str
    path: Path
    header: list[str]  # normalised names, in file order
    file_bytes: int


@dataclass(frozen=True)
class LandingResult:
    extract: str
    source_file: str
    rows_read: int
    rows_loaded: int
    rows_rejected_by_parser: int


def read_header(path: Path) -> list[str]:
    """Return the normalised header names of a CSV file, or raise LandingError naming the problem."""
    with path.open("rb") as handle:
        first_bytes = handle.read(1 << 20)
    if not first_bytes.strip(b"\xef\xbb\xbf \t\r\n"):
        raise LandingError(f"{path}: the file is empty; expected a header row and data rows")
    first_line = first_bytes.splitlines()[0] if first_bytes.splitlines() else b""
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LandingError(
            f"{path}: the header row is not valid UTF-8 ({error.reason} at byte {error.start}); "
            "re-export the file as UTF-8"
        ) from None
    header = next(csv.reader(io.StringIO(text)), [])
    return [normalise_header(name) for name in header]


def check_file(landing_dir: Path, extract: Extract) -> LandedFile:
    """Check one extract's file exists and its header carries every contract column."""
    path = landing_dir / extract.file_name
    if not path.is_file():
        raise LandingError(
            f"{path}: file not found; every extract of the landing contract is required "
            f"({extract.description})"
        )
    try:
        header = read_header(path)
    except OSError as error:  # e.g. no read permission, an I/O error of the disk it is on
        raise LandingError(f"{path}: cannot be read ({error.strerror or error})") from None
    duplicates = sorted({name for name in header if header.count(name) > 1 and name})
    if duplicates:
        raise LandingError(f"{path}: header names the column(s) {', '.join(duplicates)} more than once")
    missing = [column for column in extract.columns if column not in header]
    if missing:
        raise LandingError(
            f"{path}: required column(s) missing from the header: {', '.join(missing)} "
            f"(header has: {', '.join(header) or 'nothing'})"
        )
    return LandedFile(extract.name, path, header, path.stat().st_size)


def check_landing_dir(landing_dir: Path) -> list[LandedFile]:
    """Check every file before any is loaded, so a bad file changes nothing."""
    if not landing_dir.is_dir():
        raise LandingError(f"{landing_dir}: landing directory not found")
    return [check_file(landing_dir, extract) for extract in EXTRACTS]


def _load_one(con: duckdb.DuckDBPyConnection, extract: Extract, landed: LandedFile) -> LandingResult:
    # Unnamed header cells get placeholder names so DuckDB still sees one column per field.
    names = [name or f"unnamed_column_{index}" for index, name in enumerate(landed.header, start=1)]
    columns = "{" + ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in names) + "}"
    rejects_table, rejects_scan = f"rejects_{extract.name}", f"rejects_scan_{extract.name}"
    con.execute(f"drop table if exists {rejects_table}")
    con.execute(f"drop table if exists {rejects_scan}")
    # auto_detect off: a sniffer guessing another delimiter on an odd file would mis-read it
    # silently; the contract fixes comma, double quotes and a header row.
    con.execute(
        f"""
        create or replace temp table parsed as
        select * from read_csv(
            {sql_string(str(landed.path))},
            header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
            columns = {columns}, store_rejects = true,
            rejects_table = '{rejects_table}', rejects_scan = '{rejects_scan}'
        )
        """
    )
    # Line of each accepted row: its position in the file, plus the header line,
    # plus the rejected rows before it (ASOF finds how many precede each row). One line per record:
    # a quoted field spanning lines shifts later numbers; the row's key still identifies it.
    con.execute(
        f"""
        create or replace temp table reject_offsets as
        with reject_lines as (
            select distinct line from {rejects_table}
        ),
        ranked as (
            select line, row_number() over (order by line) as rejects_so_far from reject_lines
        )
        select line - rejects_so_far - 1 as first_row_after, max(rejects_so_far) as rejects_before
        from ranked group by 1
        """
    )
    contract_columns = ", ".join(f'parsed."{column}"' for column in extract.columns)
    con.execute(
        f"""
        create or replace table landing.{extract.name} as
        with numbered as (
            -- rowid follows file order (insertion order is preserved), but temp tables number
            -- from an offset, hence the rank
            select row_number() over (order by rowid) - 1 as row_index, * from parsed
        )
        select
            {sql_string(landed.path.name)} as source_file,
            parsed.row_index + 2 + coalesce(reject_offsets.rejects_before, 0) as source_line_number,
            {contract_columns}
        from numbered as parsed
        asof left join reject_offsets on parsed.row_index >= reject_offsets.first_row_after
        order by source_line_number
        """
    )
    con.execute(
        f"""
        insert into landing.csv_rejects
        select {sql_string(extract.name)}, {sql_string(landed.path.name)}, line,
               any_value(error_type::varchar), arg_min(error_message, column_idx), any_value(trim(csv_line, chr(10) || chr(13)))
        from {rejects_table}
        group by line
        """
    )
    rows_loaded = con.execute(f"select count(*) from landing.{extract.name}").fetchall()[0][0]
    rows_rejected = con.execute(f"select count(distinct line) from {rejects_table}").fetchall()[0][0]
    return LandingResult(
        extract.name, landed.path.name, rows_loaded + rows_rejected, rows_loaded, rows_rejected
    )


def land(database: Path, landing_dir: Path, run_id: str) -> list[LandingResult]:
    """Check then load every extract into ``landing`` in one transaction: all or nothing."""
    checked = check_landing_dir(landing_dir)
    hashes = {landed.extract: file_sha256(landed.path) for landed in checked}
    database.parent.mkdir(parents=True, exist_ok=True)
    results = []
    with duckdb.connect(str(database)) as con:
        con.execute("begin transaction")
        try:
            con.execute("create schema if not exists landing")
            con.execute(
                """
                create or replace table landing.csv_rejects (
                    extract_name varchar, source_file varchar, source_line_number bigint,
                    error_type varchar, error_message varchar, csv_line varchar
                )
                """
            )
            con.execute(
                """
                create or replace table landing.landing_files (
                    run_id varchar, extract_name varchar, source_file varchar, source_path varchar,
                    file_bytes bigint, sha256 varchar, rows_read bigint, rows_loaded bigint,
                    rows_rejected_by_parser bigint, landed_at timestamp
                )
                """
            )
            landed_at = datetime.now(timezone.utc).replace(tzinfo=None)
            for extract, landed in zip(EXTRACTS, checked):
                try:
                    result = _load_one(con, extract, landed)
                except duckdb.Error as error:
                    if classify_text(str(error), database) and str(landed.path) not in str(error):
                        raise  # the database's disk (full, read-only), not the file: wres/run_errors.py
                    raise LandingError(f"{landed.path}: could not be read as CSV: {error}") from None
                pause_point("landing")
                results.append(result)
                con.execute(
                    "insert into landing.landing_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        run_id, extract.name, landed.path.name, str(landed.path.resolve()),
                        landed.file_bytes, hashes[extract.name], result.rows_read,
                        result.rows_loaded, result.rows_rejected_by_parser, landed_at,
                    ],
                )
            con.execute("commit")
        except BaseException:
            # after an I/O error DuckDB has already ended the transaction: a failing rollback must
            # not hide the error that matters ("cannot rollback - no transaction is active")
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise
    return results
