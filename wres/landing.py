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
- one relation per extract, ``landing.<extract>`` (the contract columns as text, plus
  ``source_file`` and ``source_line_number``). For most files (no row rejected, no blank line, no
  value spanning lines, no column outside the contract) it is a view over the internal table
  ``landing.<extract>__parsed``: the rows as the CSV reader read them, in file order, under the
  header's names; the view adds the file name, numbers each row's line from its rowid, renames an
  accepted alias and gives an optional column the file lacks as NULL. Reading the file straight into
  that table saves a copy of every row (at national scale 32 million survey rows). Otherwise it is
  a table, and there is no ``__parsed`` table for that extract;
- ``csv_rejects``: rows the CSV parser could not split into the header's columns;
- ``landing_files``: one row per file read (size, SHA-256, rows read / loaded / rejected).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

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

    def header_name(self, column: str, aliases: tuple[tuple[str, str], ...] = ()) -> str | None:
        """The header that carries a contract column: its own name, else an accepted alias."""
        if column in self.header:
            return column
        return next((alias for name, alias in aliases if name == column and alias in self.header), None)


@dataclass(frozen=True)
class LandingResult:
    extract: str
    source_file: str
    rows_read: int
    rows_loaded: int
    rows_rejected_by_parser: int
    lines_in_file: int  # physical lines, header and blank lines included
    blank_lines: int  # blank lines outside quoted values (not records)
    records_in_file: int  # records counted from the lines, independently of the CSV reader


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
    if path.is_dir():
        raise LandingError(f"{path}: is a directory, not a file; expected the {extract.description} extract")
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
    if landing_dir.exists() and not landing_dir.is_dir():
        raise LandingError(f"{landing_dir}: the landing directory is a file; give the directory that holds the six extracts")
    if not landing_dir.is_dir():
        raise LandingError(f"{landing_dir}: landing directory not found")
    return [check_file(landing_dir, extract) for extract in EXTRACTS]


# The longest physical line the line count reads (the CSV reader's own limit is 2,000,000 bytes:
# a longer line becomes a quarantined row, but it must still be counted). DuckDB's reader holds
# buffers of 16 times this, outside any spilling: 8 MB costs 128 MB (64 MB cost 1 GB, half of a
# national run's memory); a line longer than this fails the file, naming it.
LONGEST_COUNTED_LINE = 8_000_000
# Parser rejects keep the start of the raw line, enough to find and fix it.
REJECT_LINE_SHOWN = 1000


def _count_physical_lines(con: duckdb.DuckDBPyConnection, landed: LandedFile) -> None:
    """Number the file's physical lines with DuckDB, independently of the CSV parser.

    Each line is read as one text value (no delimiter, no quoting; latin-1 so that any byte
    sequence is readable). A record starts on a line that does not begin inside a quoted value,
    and whether a line ends inside one depends only on the line and on whether it began inside:
    begun outside, it ends inside when it parses as complete fields followed by a quoted value
    that is not closed (`opens_quote`; a quote inside an unquoted value, `12" screen`, is
    literal, as DuckDB's reader takes it); begun inside, it stays inside when its quotes are
    even (`stays_inside`). Blank lines outside quoted values are not records (the reader skips
    them) but still count for line numbers.

    Leaves temp tables ``physical_lines`` (every line), ``units`` (what the CSV reader numbers
    as its "lines": a record or a blank line outside quotes, with the record's last physical
    line), ``records`` (data records with their number and first line) and
    ``record_line_offsets``. Most files have no line that leaves a quote open: then no window
    over the file is needed.
    """
    try:
        _read_lines(con, landed)
    except duckdb.InvalidInputException as error:
        if "Maximum line size" not in str(error):
            raise
        line = re.search(r"CSV Error on Line: (\d+)", str(error))
        raise LandingError(
            f"{landed.path}: line {line.group(1) if line else '?'} is longer than {LONGEST_COUNTED_LINE:,} bytes, "
            "the most a landing line may hold; check the file's line ends"
        ) from None
    first_rowid, last_rowid, lines, odd_lines, blank_lines = con.execute(
        "select min(rowid), max(rowid), count(*), count(*) filter (where opens_quote), "
        "count(*) filter (where is_blank) from raw_lines"
    ).fetchall()[0]
    # rowid follows file order (insertion order is preserved) from an offset in temp tables
    if lines and last_rowid - first_rowid + 1 == lines:
        line_number = f"rowid - {first_rowid} + 1"
    else:
        line_number = "row_number() over (order by rowid)"
    # Most files: no line leaves a quote open, so every line is computed from its own row and the
    # tables below are projections of raw_lines: views, not one more copy of every line (at
    # national scale each copy is 23 million rows). Otherwise windows order the lines: tables.
    relation = "view" if odd_lines == 0 else "table"
    _drop_relations(con, "records", "units", "physical_lines", "line_states")
    if odd_lines == 0:
        # no line begun outside a quoted value leaves one open: every line begins outside
        con.execute(
            f"""
            create or replace temp view line_states as
            select {line_number} as line_number, is_blank, false as is_inside_quotes, false as is_inside_after
            from raw_lines
            """
        )
    else:
        # Each line maps "begun inside?" to "ends inside?" as one of: always outside, always
        # inside (constants), unchanged, or flipped. The state after a line is the value of the
        # last constant line before it, flipped once per flipping line since.
        con.execute(
            f"""
            create or replace temp table line_states as
            with numbered as (
                select
                    {line_number} as line_number,
                    is_blank,
                    opens_quote,
                    opens_quote = stays_inside as is_constant,
                    opens_quote and not stays_inside as is_flip
                from raw_lines
            ),
            flips as (
                select *, sum(is_flip::integer) over (order by line_number) as flips_so_far from numbered
            ),
            constants as (
                select
                    *,
                    coalesce(last_value(case when is_constant then opens_quote end ignore nulls)
                        over (order by line_number), false) as constant_value,
                    coalesce(last_value(case when is_constant then flips_so_far end ignore nulls)
                        over (order by line_number), 0) as flips_at_constant
                from flips
            ),
            states as (
                select *, constant_value != ((flips_so_far - flips_at_constant) % 2 = 1) as is_inside_after
                from constants
            )
            select
                line_number, is_blank,
                coalesce(lag(is_inside_after) over (order by line_number), false) as is_inside_quotes,
                is_inside_after
            from states
            """
        )
    con.execute(
        f"""
        create or replace temp {relation} physical_lines as
        select
            line_number, is_blank, is_inside_quotes, is_inside_after,
            -- the CSV reader numbers its "lines" this way: one per record or blank line
            not is_inside_quotes as starts_unit,
            not is_inside_quotes and not is_blank and line_number > 1 as starts_record
        from line_states
        """
    )
    if odd_lines == 0:
        unit_number, end_line = "line_number", "line_number"
    else:
        unit_number = "row_number() over (order by line_number)"
        end_line = "coalesce(lead(line_number) over (order by line_number) - 1, max(line_number) over ())"
    con.execute(
        f"""
        create or replace temp {relation} units as
        select line_number, {unit_number} as unit_number, starts_record, {end_line} as end_line
        from physical_lines
        where starts_unit
        """
    )
    record_number = "line_number - 1" if odd_lines == 0 and blank_lines == 0 else "row_number() over (order by line_number)"
    con.execute(
        f"""
        create or replace temp {"view" if odd_lines == 0 and blank_lines == 0 else "table"} records as
        select line_number, {record_number} as record_number, end_line
        from units
        where starts_record
        """
    )
    # first line = record number + offset; the offset changes only after a blank line or a
    # value spanning lines, so this table is small (one row for most files)
    if odd_lines == 0 and blank_lines == 0:  # every record's first line is its number + 1
        con.execute(
            """
            create or replace temp table record_line_offsets as
            select 1::bigint as record_number, 1::bigint as line_offset
            where exists (select 1 from records)
            """
        )
        return
    con.execute(
        """
        create or replace temp table record_line_offsets as
        with offsets as (
            select
                record_number,
                line_number - record_number as line_offset,
                lag(line_number - record_number) over (order by record_number) as previous_offset
            from records
        )
        select record_number, line_offset from offsets
        where previous_offset is null or previous_offset != line_offset
        """
    )


def _read_lines(con: duckdb.DuckDBPyConnection, landed: LandedFile) -> None:
    """Every physical line of the file, as the three facts the record count needs (temp table raw_lines).

    Read as UTF-8 first: decoding latin-1 converts every byte, which cost this read half its CPU
    (issue 13: 0.66 -> 0.36 CPU-s for the 284 MB survey file of 40 organisations). The facts are
    the same either way (quotes, commas and line ends are single bytes in both). A line that is
    not valid UTF-8 is logged as a reject (an error would abort the landing transaction) and the
    file is read again as latin-1, which reads any byte sequence, as before.
    """
    line_rejects = "line_rejects"
    _read_lines_as(con, landed, "utf-8", line_rejects)
    if con.execute(f"select count(*) from {line_rejects}").fetchall()[0][0]:
        _read_lines_as(con, landed, "latin-1", None)
    con.execute(f"drop table if exists {line_rejects}")
    con.execute(f"drop table if exists {line_rejects}_scan")


def _read_lines_as(con: duckdb.DuckDBPyConnection, landed: LandedFile, encoding: str, rejects_table: str | None) -> None:
    complete_field = '(?:"(?:[^"]|"")*"|[^",][^,]*|)'
    open_quoted_value = '"(?:[^"]|"")*'
    store_rejects = (
        f", store_rejects = true, rejects_table = '{rejects_table}', rejects_scan = '{rejects_table}_scan'"
        if rejects_table else ""
    )
    con.execute(
        f"""
        create or replace temp table raw_lines as
        select
            line is null or line = '' as is_blank,
            -- case, not and/or: the regular expression runs only on lines holding a quote
            case
                when contains(line, '"') then regexp_full_match(line, '(?:{complete_field},)*{open_quoted_value}')
                else false
            end as opens_quote,
            case
                when contains(line, '"') then (length(line) - length(replace(line, '"', ''))) % 2 = 0
                else true
            end as stays_inside
        from read_csv(
            {sql_string(str(landed.path))},
            header = false, auto_detect = false, delim = '\0', quote = '', escape = '',
            encoding = '{encoding}', max_line_size = {LONGEST_COUNTED_LINE}, columns = {{'line': 'VARCHAR'}}
            {store_rejects}
        )
        """
    )


def _drop_relations(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Drop temp tables or views of the previous file (one file's may be views, the next's tables)."""
    for name in names:
        kind = con.execute(
            "select table_type from information_schema.tables where table_schema = 'main' "
            "and table_catalog = 'temp' and table_name = ?",
            [name],
        ).fetchall()
        if kind:
            con.execute(f"drop {'view' if kind[0][0] == 'VIEW' else 'table'} temp.main.{name}")


def _check_records(con: duckdb.DuckDBPyConnection, landed: LandedFile, rejects_table: str, rows_loaded: int) -> dict:
    """Reconcile the parser's records with the file's physical lines; raise LandingError if they differ."""
    lines, blank_lines, records, open_quotes = con.execute(
        """
        select
            count(*), count(*) filter (where is_blank and starts_unit), count(*) filter (where starts_record),
            coalesce(arg_max(is_inside_after, line_number), false)
        from physical_lines
        """
    ).fetchall()[0]
    if open_quotes:
        # the reader's own report of the quote when it has one, else the last record's start
        line = con.execute(
            f"""
            select coalesce(
                (select min(units.line_number) from {rejects_table} as rejects
                 inner join units on rejects.line = units.unit_number
                 where rejects.error_message ilike '%unterminated quote%'),
                (select max(line_number) from records)
            )
            """
        ).fetchall()[0][0]
        following = lines - line
        raise LandingError(
            f"{landed.path}: line {line}: a quoted value opened on this line is never closed (an "
            f"unterminated quote), so the CSV reader would read the {following} line(s) after it as part "
            "of that value; close or remove the quote and land the file again"
        )
    merged = con.execute(
        f"""
        select units.line_number, units.end_line, any_value(rejects.error_message)
        from {rejects_table} as rejects
        inner join units on rejects.line = units.unit_number
        where units.end_line > units.line_number
        group by all
        order by 1
        limit 1
        """
    ).fetchall()
    if merged:
        first, last, error = merged[0]
        raise LandingError(
            f"{landed.path}: lines {first}-{last} were read as one record because of a quote "
            f"that opens a value on line {first} and closes it on line {last} ({error}); "
            "fix the quotes and land the file again"
        )
    rows_rejected = con.execute(f"select count(distinct line) from {rejects_table}").fetchall()[0][0]
    if rows_loaded + rows_rejected != records:
        raise LandingError(
            f"{landed.path}: the CSV reader split {rows_loaded + rows_rejected} record(s) but the file has "
            f"{records} (its {lines} lines counted one by one, a quoted value spanning lines once); "
            "check the file's quotes and line ends"
        )
    return {"lines_in_file": lines, "blank_lines": blank_lines, "records_in_file": records, "rows_rejected": rows_rejected}


def parsed_table(extract: Extract) -> str:
    """The internal table a view ``landing.<extract>`` reads: the file's rows as parsed, in file order."""
    return f"{extract.name}__parsed"


def _drop_landing_relations(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Drop landing relations of a previous run, tables or views (a run may land either)."""
    for name in names:
        kind = con.execute(
            "select table_type from information_schema.tables where table_catalog = current_database() "
            "and table_schema = 'landing' and table_name = ?",
            [name],
        ).fetchall()
        if kind:
            con.execute(f'drop {"view" if kind[0][0] == "VIEW" else "table"} landing."{name}"')


def _load_one(con: duckdb.DuckDBPyConnection, extract: Extract, landed: LandedFile) -> LandingResult:
    # Unnamed header cells get placeholder names so DuckDB still sees one column per field.
    names = [name or f"unnamed_column_{index}" for index, name in enumerate(landed.header, start=1)]
    columns = "{" + ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in names) + "}"
    rejects_table, rejects_scan = f"rejects_{extract.name}", f"rejects_scan_{extract.name}"
    con.execute(f"drop table if exists {rejects_table}")
    con.execute(f"drop table if exists {rejects_scan}")
    _drop_relations(con, "parsed")
    _drop_landing_relations(con, extract.name, parsed_table(extract))
    # The rows are read into landing.<extract>__parsed, which the landing view reads when they are
    # in line order (most files): no second copy of every row. A file with a column outside the
    # contract is read into a temp table instead: extra columns are ignored, so never stored in
    # the build database, and every field must still be read (a column left out of the read is not
    # decoded, so its invalid UTF-8 would no longer reject the row).
    carried = {landed.header_name(column, extract.column_aliases) for column in extract.landed_columns}
    into_landing = all(name in carried for name in names)
    parsed = f'landing."{parsed_table(extract)}"' if into_landing else "parsed"
    # auto_detect off: a sniffer guessing another delimiter on an odd file would mis-read it
    # silently; the contract fixes comma, double quotes and a header row.
    con.execute(
        f"""
        create {"table" if into_landing else "or replace temp table"} {parsed} as
        select * from read_csv(
            {sql_string(str(landed.path))},
            header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
            columns = {columns}, store_rejects = true,
            rejects_table = '{rejects_table}', rejects_scan = '{rejects_scan}'
        )
        """
    )
    _count_physical_lines(con, landed)
    rows_loaded = con.execute(f"select count(*) from {parsed}").fetchall()[0][0]
    counts = _check_records(con, landed, rejects_table, rows_loaded)
    # Record number of each reject (the reader numbers records and blank lines as "lines"),
    # then of each accepted row: its position in the file plus the rejected records before it
    # (ASOF finds how many precede each row). The record number gives the physical line.
    con.execute(
        f"""
        create or replace temp table reject_records as
        select rejects.line as reader_line, records.line_number, records.record_number
        from (select distinct line from {rejects_table}) as rejects
        inner join units on rejects.line = units.unit_number
        inner join records on units.line_number = records.line_number
        """
    )
    placed_rejects = con.execute("select count(*) from reject_records").fetchall()[0][0]
    if placed_rejects != counts["rows_rejected"]:
        raise LandingError(
            f"{landed.path}: {counts['rows_rejected']} unreadable row(s) but only {placed_rejects} placed on a "
            "line of the file; check the file's quotes and line ends"
        )
    con.execute(
        """
        create or replace temp table reject_offsets as
        with ranked as (
            select record_number, row_number() over (order by record_number) as rejects_so_far
            from reject_records
        )
        select record_number - rejects_so_far as first_row_after, max(rejects_so_far) as rejects_before
        from ranked group by 1
        """
    )
    # An optional (WDES) column the header lacks is NULL for every row; an alias is renamed.
    contract_columns = ", ".join(
        [f'parsed."{column}"' for column in extract.columns]
        + [
            f'parsed."{header}" as "{column}"' if header else f'cast(null as varchar) as "{column}"'
            for column in extract.optional_columns
            for header in [landed.header_name(column, extract.column_aliases)]
        ]
    )
    offsets = con.execute("select min(line_offset), count(*) from record_line_offsets").fetchall()[0]
    if offsets[1] <= 1:  # one offset for the whole file (no blank line, no value spanning lines)
        line_offset, offsets_join = f"{offsets[0] or 1}", ""
    else:
        line_offset = "record_line_offsets.line_offset"
        offsets_join = "asof inner join record_line_offsets on parsed.record_number >= record_line_offsets.record_number"
    first_rowid, last_rowid = con.execute(f"select min(rowid), max(rowid) from {parsed}").fetchall()[0]
    # rowid follows file order (insertion order is preserved) from an offset: contiguous here
    is_in_line_order = counts["rows_rejected"] == 0 and offsets[1] <= 1 and (
        rows_loaded == 0 or last_rowid - first_rowid + 1 == rows_loaded
    )
    if is_in_line_order and into_landing:
        # Most files: every record was read and the lines follow the records one to one, so a
        # row's line is its position plus a constant: the landing relation is a view over the
        # parsed rows. The rowids of a table written in a transaction start at an offset that
        # changes when it commits (to 0), so the view takes the first rowid when it is read.
        con.execute(
            f"""
            create view landing.{extract.name} as
            select
                {sql_string(landed.path.name)} as source_file,
                parsed.rowid - first_row.first_rowid + 1 + {line_offset} as source_line_number,
                {contract_columns}
            from {parsed} as parsed
            cross join (select min(rowid) as first_rowid from {parsed}) as first_row
            """
        )
    elif is_in_line_order:
        # the same rows copied from the temp table, without a window, join or sort over every row
        con.execute(
            f"""
            create table landing.{extract.name} as
            select
                {sql_string(landed.path.name)} as source_file,
                parsed.rowid - {first_rowid or 0} + 1 + {line_offset} as source_line_number,
                {contract_columns}
            from {parsed} as parsed
            """
        )
    else:
        _land_with_rejects(con, extract, landed, parsed, contract_columns, line_offset, offsets_join)
    if into_landing and not is_in_line_order:
        con.execute(f"drop table {parsed}")  # the landing table holds the rows: no internal table left
    _insert_rejects(con, extract, landed, rejects_table)
    landed_rows = con.execute(f"select count(*) from landing.{extract.name}").fetchall()[0][0]
    if landed_rows != rows_loaded:
        raise LandingError(f"{landed.path}: {rows_loaded} rows read but {landed_rows} placed on a line of the file")
    return LandingResult(
        extract.name, landed.path.name, rows_loaded + counts["rows_rejected"], rows_loaded, counts["rows_rejected"],
        counts["lines_in_file"], counts["blank_lines"], counts["records_in_file"],
    )


def _land_with_rejects(con: duckdb.DuckDBPyConnection, extract: Extract, landed: LandedFile, parsed: str,
                       contract_columns: str, line_offset: str, offsets_join: str) -> None:
    """The landing table when rows were rejected or lines are not one per record: each row is
    placed after the rejected records before it (ASOF) and on the line its record starts on."""
    con.execute(
        f"""
        create table landing.{extract.name} as
        with numbered as (
            -- rowid follows file order (insertion order is preserved), but a table written in
            -- the transaction numbers from an offset, hence the rank
            select row_number() over (order by rowid) - 1 as row_index, * from {parsed}
        ),
        placed as (
            select
                parsed.*,
                parsed.row_index + 1 + coalesce(reject_offsets.rejects_before, 0) as record_number
            from numbered as parsed
            asof left join reject_offsets on parsed.row_index >= reject_offsets.first_row_after
        )
        select
            {sql_string(landed.path.name)} as source_file,
            parsed.record_number + {line_offset} as source_line_number,
            {contract_columns}
        from placed as parsed
        {offsets_join}
        order by source_line_number
        """
    )


def _insert_rejects(con: duckdb.DuckDBPyConnection, extract: Extract, landed: LandedFile, rejects_table: str) -> None:
    con.execute(
        f"""
        insert into landing.csv_rejects
        select {sql_string(extract.name)}, {sql_string(landed.path.name)}, reject_records.line_number,
               any_value(error_type::varchar),
               -- a row-level error (line too long) has no column, so arg_min over the column is NULL
               coalesce(arg_min(error_message, column_idx), any_value(error_message), any_value(error_type::varchar)),
               -- a byte-order mark inside the file would be invisible in the message: shown
               any_value(replace(left(trim(csv_line, chr(10) || chr(13)), {REJECT_LINE_SHOWN}), chr(65279), '<BOM>'))
        from {rejects_table} as rejects
        inner join reject_records on rejects.line = reject_records.reader_line
        group by reject_records.line_number
        """
    )


def land(database: Path, landing_dir: Path, run_id: str) -> list[LandingResult]:
    """Check then load every extract into ``landing`` in one transaction: all or nothing."""
    checked = check_landing_dir(landing_dir)
    database.parent.mkdir(parents=True, exist_ok=True)
    results = []
    # A file found malformed while loading (a quote never closed) is found after the database
    # is opened: a database this run created is removed again, so nothing is written.
    is_new_database = not database.exists()
    # The SHA-256 of the files is computed in a thread while DuckDB reads them (hashlib releases
    # the GIL): at national scale a separate pass over 2 GB before the load cost its own seconds.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="landing-sha256") as hasher:
        hashes = {landed.extract: hasher.submit(file_sha256, landed.path) for landed in checked}
        try:
            _land_checked(database, checked, hashes, run_id, results)
        except (LandingError, OSError):  # OSError: a file that could not be read for its hash
            if is_new_database:
                database.unlink(missing_ok=True)
                Path(str(database) + ".wal").unlink(missing_ok=True)
            raise
        finally:
            for pending in hashes.values():
                pending.cancel()
    return results


def _land_checked(database: Path, checked: list[LandedFile], hashes: dict[str, Future], run_id: str, results: list) -> None:
    with connect_duckdb(database) as con:
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
            # Which header carried each contract column (NULL: an optional column the file lacks);
            # the run warns about absent WDES columns from this table.
            con.execute(
                """
                create or replace table landing.landing_columns (
                    extract_name varchar, column_name varchar, is_required boolean, header_name varchar
                )
                """
            )
            con.executemany(
                "insert into landing.landing_columns values (?, ?, ?, ?)",
                [
                    [extract.name, column, column in extract.columns, landed.header_name(column, extract.column_aliases)]
                    for extract, landed in zip(EXTRACTS, checked)
                    for column in extract.landed_columns
                ],
            )
            con.execute(
                """
                create or replace table landing.landing_files (
                    run_id varchar, extract_name varchar, source_file varchar, source_path varchar,
                    file_bytes bigint, sha256 varchar, rows_read bigint, rows_loaded bigint,
                    rows_rejected_by_parser bigint, lines_in_file bigint, blank_lines bigint,
                    records_in_file bigint, landed_at timestamp
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
                    "insert into landing.landing_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        run_id, extract.name, landed.path.name, str(landed.path.resolve()),
                        landed.file_bytes, hashes[extract.name].result(), result.rows_read,
                        result.rows_loaded, result.rows_rejected_by_parser, result.lines_in_file,
                        result.blank_lines, result.records_in_file, landed_at,
                    ],
                )
            con.execute("commit")
        except BaseException:
            # after an I/O error DuckDB has already ended the transaction: a failing rollback must
            # not hide the error that matters ("cannot rollback - no transaction is active")
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise
