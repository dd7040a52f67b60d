"""No person-level data in any mart or published table (spec §6, the project rules).

Scans every column of schemas `marts` and `published` of the build database, and every table of
the published DuckDB file and Parquet files, for
- identifier column names (employee_number, assignment_number, applicant_id, application_id,
  case_id, respondent_id, member_id, or any column named `*_id` / `*_number` / `id`), and
- values equal to an identifier of the landing extracts of the same run (employee and assignment
  numbers, application, applicant, case, respondent and member ids), and text values holding one
  as a word (`pay_band=A0001; row_count=1` in the data-quality examples, issue 9.2). Identifiers
  shorter than 5 characters are left out of the value check: a count of 12 is not employee number "12".
A control plants both kinds in a scratch table and must be caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from wres import publish
from wres.contract import EXTRACTS

PERSON_ID_COLUMNS = ("employee_number", "assignment_number", "application_id", "applicant_id", "case_id",
                     "respondent_id", "member_id")
IDENTIFIER_NAME = re.compile(r"(^id$|_id$|_number$|^employee|^applicant|^respondent|nhs_number|date_of_birth)")
NOT_ABOUT_PEOPLE = {"run_id"}  # published.publication: which run wrote the file
SHORTEST_ID = 5
# what separates the words of a text value: spaces, and the punctuation of the data-quality
# examples (`key=value; key=value | ...`, value lists in brackets)
WORD_SEPARATORS = r"[\s;,|=()\[\]{}'\"]+"


def landing_ids(connection: duckdb.DuckDBPyConnection) -> None:
    """Load every person-level identifier of the landing tables into temp table person_ids."""
    selects = [
        f"select distinct cast({column} as varchar) as id from build.landing.{extract.name} where {column} is not null"
        for extract in EXTRACTS for column in extract.columns if column in PERSON_ID_COLUMNS
    ]
    connection.execute(
        f"create or replace temp table person_ids as select distinct id from ({' union all '.join(selects)}) "
        f"where length(id) >= {SHORTEST_ID}"
    )


def scan(connection: duckdb.DuckDBPyConnection, relations: dict[str, str]) -> list[str]:
    """Problems found in the given relations (label -> SQL relation)."""
    problems = []
    for label, relation in relations.items():
        described = connection.execute(f"describe select * from {relation}").fetchall()
        for column, column_type, *_ in described:
            if column_type == "VARCHAR":
                words = connection.execute(
                    f"""
                    select count(distinct word) from (
                        select unnest(regexp_split_to_array("{column}", $separators)) as word
                        from {relation}
                    ) inner join person_ids on word = id
                    """,
                    {"separators": WORD_SEPARATORS},
                ).fetchall()[0][0]
                if words:
                    problems.append(f"{label}.{column}: {words} landing identifiers inside text values")
            if column.lower() not in NOT_ABOUT_PEOPLE and IDENTIFIER_NAME.search(column.lower()):
                problems.append(f"{label}.{column}: identifier column name")
            hits = connection.execute(
                f'select count(*) from (select distinct cast("{column}" as varchar) as v from {relation}) '
                f"inner join person_ids on v = id"
            ).fetchall()[0][0]
            if hits:
                problems.append(f"{label}.{column}: {hits} values equal to landing identifiers")
    return problems


def tables(connection: duckdb.DuckDBPyConnection, catalog: str, schemas: tuple[str, ...]) -> dict[str, str]:
    rows = connection.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? and table_schema in (select unnest(?)) order by all",
        [catalog, list(schemas)],
    ).fetchall()
    assert rows, f"nothing to scan in {catalog} {schemas}"
    return {f"{catalog}.{schema}.{table}": f'{catalog}."{schema}"."{table}"' for schema, table in rows}


def scan_build(build_database: Path, publish_dir: Path | None) -> list[str]:
    with duckdb.connect() as connection:
        connection.execute(f"attach '{build_database}' as build (read_only)")
        landing_ids(connection)
        assert connection.execute("select count(*) from person_ids").fetchall()[0][0] > 0, "no identifiers to look for"
        relations = tables(connection, "build", ("marts", "published"))
        if publish_dir is not None:
            publication = publish.current_publication_dir(publish_dir)
            connection.execute(f"attach '{publication / publish.DATABASE_FILE}' as outside (read_only)")
            relations.update(tables(connection, "outside", ("published",)))
            parquet_files = sorted(publication.glob("*.parquet"))
            assert parquet_files, "no Parquet files published"
            relations.update({path.name: f"read_parquet('{path}')" for path in parquet_files})
        return scan(connection, relations)


# the published WDES tables and the Model Employer trajectory (issue 12) are scanned like every other
WDES_PUBLISHED = ("wdes_indicators", "wdes_summary", *(f"wdes_metric_{n}" for n in range(1, 11)),
                  "model_employer_trajectory")


def test_no_person_level_data_in_marts_or_the_publication(demo_build):
    publication = publish.current_publication_dir(demo_build.publish_dir)
    assert {f"{table}.parquet" for table in WDES_PUBLISHED} <= {path.name for path in publication.glob("*.parquet")}
    problems = scan_build(demo_build.database, demo_build.publish_dir)
    assert not problems, "\n".join(problems)


def test_the_scan_catches_planted_identifiers(demo_build, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(Path(demo_build.database).read_bytes())
    with duckdb.connect(str(copy)) as connection:
        employee = connection.execute(
            "select employee_number from landing.esr_staff_in_post where length(employee_number) >= 5 limit 1"
        ).fetchall()[0][0]
        connection.execute(
            f"create table marts.leak as select 'R1A' as org_code, '{employee}' as note, 1 as member_id, "
            f"'pay_band={employee}; row_count=1' as examples"
        )
    problems = scan_build(copy, None)
    assert any("marts.leak.note: 1 values equal to landing identifiers" in p for p in problems)
    assert any("marts.leak.examples: 1 landing identifiers inside text values" in p for p in problems)
    assert not any("marts.leak.org_code" in p for p in problems)
    assert any("marts.leak.member_id: identifier column name" in p for p in problems)
