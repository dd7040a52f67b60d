{#- Typing of landing text (spec §7). Staging is the only layer that calls these. -#}

{#- `column` without leading and trailing whitespace of any kind: spaces, tabs, line ends, vertical
    tab, form feed, no-break space, and byte-order marks (a BOM inside a file, e.g. where two
    exports were joined, is invisible in messages). Plain trim() removes only spaces, so `Yes<TAB>`
    would be an unrecognised boolean. Every parsing macro trims with this. -#}
{% macro trim_whitespace(column) -%}
    trim({{ column }}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160) || chr(65279))
{%- endmacro %}

{#- Blank and whitespace-only text is missing: NULL. -#}
{% macro clean_text(column) -%}
    nullif({{ trim_whitespace(column) }}, '')
{%- endmacro %}

{#- clean_text of a column of mostly distinct values (employee, assignment, application numbers):
    the same result, cheaper there. DuckDB types a dictionary-compressed column once per distinct
    value, but an identifier column is typed row by row, and trim() with a set of characters costs
    ~200 ns a value (issue 13: a quarter of a second per column of 1.2 million ESR rows). So trim()
    runs only on a value whose first or last character is one it removes; any other value is
    already trimmed. ord() and right() count code points, as trim() does. Not for columns of few
    values: the CASE would type them row by row. `column` must be a column (it is named four times). -#}
{% macro clean_identifier(column) -%}
    {%- set whitespace_code_points = '(32, 9, 10, 11, 12, 13, 160, 65279)' -%}
    nullif(
        case
            when ord({{ column }}) in {{ whitespace_code_points }}
                or ord(right({{ column }}, 1)) in {{ whitespace_code_points }}
                then {{ trim_whitespace(column) }}
            else {{ column }}
        end,
        ''
    )
{%- endmacro %}

{#- Organisation codes are codes: ` r5p<TAB>` is R5P (issue 9.3), in every extract, so one
    organisation never splits into two. NULL when blank. -#}
{% macro normalise_org_code(column) -%}
    upper({{ clean_text(column) }})
{%- endmacro %}

{#- ISO YYYY-MM-DD, or ESR-style DD/MM/YYYY. NULL when blank or not a real date (31/02/2024):
    callers quarantine a non-blank value that does not parse. -#}
{% macro parse_date(column) -%}
    {{ return(adapter.dispatch('parse_date', 'wres')(column)) }}
{%- endmacro %}

{% macro default__parse_date(column) -%}
    coalesce(
        try_strptime({{ trim_whitespace(column) }}, '%Y-%m-%d'),
        try_strptime({{ trim_whitespace(column) }}, '%d/%m/%Y')
    )::date
{%- endmacro %}

{#- Y/N, Yes/No, true/false, 1/0 (any case); NULL for anything else. -#}
{% macro parse_boolean(column) -%}
    case
        when upper({{ trim_whitespace(column) }}) in ('Y', 'YES', 'TRUE', 'T', '1') then true
        when upper({{ trim_whitespace(column) }}) in ('N', 'NO', 'FALSE', 'F', '0') then false
    end
{%- endmacro %}

{#- The leading code token of an ethnic origin value: `PC Black Nigerian` -> `PC` (spec §2:
    map on the code, never on the label). NULL when blank. -#}
{% macro ethnic_code_token(column) -%}
    nullif(upper(split_part({{ trim_whitespace(column) }}, ' ', 1)), '')
{%- endmacro %}

{#- `AfC Band 8A` -> `band 8a`: the key looked up in seed pay_band_spellings. -#}
{% macro normalise_pay_band(column) -%}
    nullif(
        trim(regexp_replace(
            regexp_replace(lower({{ trim_whitespace(column) }}), '^(afc|agenda for change)[ :-]*', ''),
            '\s+', ' ', 'g'
        )),
        ''
    )
{%- endmacro %}

{#- `08 Administrative and Clerical` -> `administrative and clerical` (NWD numeric prefixes). -#}
{% macro normalise_staff_group(column) -%}
    nullif(lower(trim(regexp_replace({{ trim_whitespace(column) }}, '^[0-9]+\s*', ''))), '')
{%- endmacro %}

{#- The first failing rule of a row, as text, or NULL when the row is accepted.
    `checks` is a list of [condition, reason-expression] pairs evaluated in order. -#}
{% macro quarantine_reason(checks) -%}
    case
    {%- for check in checks %}
        when {{ check[0] }} then {{ check[1] }}
    {%- endfor %}
    end
{%- endmacro %}

{#- The three ethnicity columns every staging model carries, from the raw value and a left join
    to stg_reference__ethnic_codes on `ethnic_code_token(...)` aliased `lookup_alias`.
    Blank is a recognised Unknown (not stated); an unmatched code is Unknown and flagged. -#}
{% macro ethnicity_columns(source_column, lookup_alias='ethnic_codes') -%}
    {{ ethnic_code_token(source_column) }} as ethnic_code,
    coalesce({{ lookup_alias }}.ethnic_group, 'Unknown') as ethnic_group,
    ({{ ethnic_code_token(source_column) }} is null or {{ lookup_alias }}.ethnic_code is not null)
        as is_ethnic_code_recognised
{%- endmacro %}

{#- The rows of CTE `relation` with their quarantine reason: `row_error` when a value rule
    failed, else `message` for every row but the first (in file order) of each key among the rows
    that passed the value rules; NULL otherwise. Spec §7: a duplicate key is quarantined, and the
    first occurrence is the one kept. `message` may name the key columns unqualified.
    Why not row_number() over every row: a window buffers and sorts every row with all its
    columns (issue 13: 10 of the 17 CPU-s of the survey's base model at 40 organisations). The
    key hashes are grouped first, so the window sees only the rows of keys that repeat (none in a
    clean extract; a hash collision only adds a candidate, the window over the real key decides).
    The hashes are grouped over every row, row_error or not: a superset of the candidates, and
    the grouping reads only the key columns, not the columns the value rules need (issue 13).
    Still exact: the window ranks only the rows without a row_error (WHERE comes before QUALIFY),
    and a key's rows are all candidates or none (the hash is the key's), so a key with one
    accepted row ranks it 1 and keeps it, whatever rows with a row_error share its hash; a row
    with a row_error is never a first occurrence nor a duplicate.
    `relation` is read twice: DuckDB buffers a copy of the CTEs up to it to share between the
    two reads, unless they are `as not materialized` (then the second read types again only the
    columns it needs): cheaper where the rows are many (the survey), or where the buffer would
    spill (ESR at national scale: 1.26 GB written to disk).
    `key_relation` (default `relation`), the same rows with at least source_file,
    source_line_number, the key columns and row_error, is the one the second read reads: a model
    whose `relation` adds lookups (joins) the key does not need names the relation before them,
    so that the second read does not join again.
    `member_bits` (optional): for a key whose last column is one of a few members of a group (the
    survey's question of a respondent), an integer expression over `key_relation` numbering the
    member (0, 1, 2, ...; one number per distinct value of that column). Then the candidates are
    found per group instead of per key: the rows are grouped on the other key columns, counted,
    and the bit of each member is OR-ed into a 64-bit mask (bit_or of cast(1 as ubigint) << number); a group
    with more rows than bits set (bit_count) has a member twice, and only its rows go to the window
    over the real key. A group is many rows, so this groups far fewer than one hash per row (issue
    13: the survey). More than 64 members are not an error and need no other path: a number N is bit
    N % 64 of the mask of the group's N // 64-th word (the grouping is on the other key columns and
    N >> 6), so every member has its own bit at any count. Two members sharing a number, a NULL
    number or two groups' hashes colliding only add candidates: the window decides, as above.
    These groups too are of every row, row_error or not (for the survey 2.8 -> 2.1 CPU-s of the
    model without its write at 40 organisations): a row with a row_error raises its group's count
    by one and its mask by at most one bit, so it only adds candidates, and all the rows of a key
    are in one group, so they are all candidates or none, as above. -#}
{% macro with_duplicate_key_reason(relation, key_columns, message, key_relation=none, member_bits=none) -%}
    {%- set key_relation = key_relation or relation -%}
    {%- set keys = key_columns | join(', ') -%}
    {%- if member_bits is none -%}
        {%- set candidate_hash = 'hash(' ~ keys ~ ')' -%}
        {%- set groups = '1' -%}
        {%- set repeats = 'count(*) > 1' -%}
    {%- else -%}
        {%- set candidate_hash = 'hash(' ~ (key_columns[:-1] | join(', ')) ~ ')' -%}
        {%- set groups = candidate_hash ~ ', (' ~ member_bits ~ ') >> 6' -%}
        {%- set repeats = 'count(*) > bit_count(coalesce(bit_or(cast(1 as ubigint) << cast((' ~ member_bits ~ ') & 63 as ubigint)), cast(0 as ubigint)))' -%}
    {%- endif -%}
    select
        {{ relation }}.* exclude (row_error),
        coalesce(
            {{ relation }}.row_error,
            case when repeated_rows.repeated_line_number is not null then {{ message }} end
        ) as quarantine_reason
    from {{ relation }}
    left join (
        select
            source_file as repeated_source_file,
            source_line_number as repeated_line_number
        from {{ key_relation }}
        where
            row_error is null
            and {{ candidate_hash }} in (
                select {{ candidate_hash }} from {{ key_relation }}
                group by {{ groups }}
                having {{ repeats }}
            )
        qualify row_number() over (partition by {{ keys }} order by source_line_number) > 1
    ) as repeated_rows
        on
            {{ relation }}.source_file = repeated_rows.repeated_source_file
            and {{ relation }}.source_line_number = repeated_rows.repeated_line_number
{%- endmacro %}

{#- dbt's default safe_cast is a plain cast, which fails the whole model on one bad value.
    DuckDB has try_cast; `dispatch` in dbt_project.yml makes dbt.safe_cast find this one. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- wdes-spec §2.1: a raw disability value is mapped on the whole value after trimming,
    upper-casing and collapsing inner whitespace (`not  declared ` -> `NOT DECLARED`). NULL when blank. -#}
{% macro normalise_disability(column) -%}
    nullif(upper(regexp_replace({{ trim_whitespace(column) }}, '\s+', ' ', 'g')), '')
{%- endmacro %}

{#- The disability columns of a staging model, from a left join to seed equality_group_map
    (`lookup_alias`): the raw value, the group (Unknown when blank or unmapped) and whether the
    value was recognised (blank counts as recognised: it means not declared). wdes-spec §2.1: an
    unmapped value is Unknown and reported in the data-quality output, never dropped. -#}
{% macro disability_columns(source_column, lookup_alias='disability_values') -%}
    {{ clean_text(source_column) }} as disability,
    coalesce({{ lookup_alias }}.disability_group, 'Unknown') as disability_group,
    ({{ normalise_disability(source_column) }} is null or {{ lookup_alias }}.raw_value is not null)
        as is_disability_recognised
{%- endmacro %}

{#- The ethnicity columns of each distinct value of a landed column, for a model that types its
    columns of few values once per value and joins them back on the landed value (issue 13): the
    body of a CTE, with `landed_value` to join on. `lookup` is the model's CTE over
    stg_reference__ethnic_codes. The distinct values are read from the landing relation itself:
    a CTE read several times would be buffered whole. -#}
{% macro ethnicity_of_landed_values(landed_relation, column='ethnic_origin', lookup='ethnic_codes') -%}
    select
        landed.{{ column }} as landed_value,
        {{ clean_text('landed.' ~ column) }} as ethnic_origin,
        {{ ethnicity_columns('landed.' ~ column, lookup) }}
    from (select distinct {{ column }} from {{ landed_relation }}) as landed
    left join {{ lookup }}
        on {{ ethnic_code_token('landed.' ~ column) }} = {{ lookup }}.ethnic_code
{%- endmacro %}

{#- The same for the disability columns; `lookup` is the model's CTE over
    stg_reference__disability_values. -#}
{% macro disability_of_landed_values(landed_relation, column='disability', lookup='disability_values') -%}
    select
        landed.{{ column }} as landed_value,
        {{ disability_columns('landed.' ~ column, lookup) }}
    from (select distinct {{ column }} from {{ landed_relation }}) as landed
    left join {{ lookup }}
        on {{ normalise_disability('landed.' ~ column) }} = {{ lookup }}.raw_value
{%- endmacro %}

{#- The ethnicity and disability of a staging model typed once per distinct landed value: the two
    lookup CTEs ethnic_origin_values (ethnicity_of_landed_values) and disability_values_landed
    (disability_of_landed_values) over `landed_relation` (the model needs the CTEs ethnic_codes and
    disability_values they join; the caller writes the comma after them), the seven columns taken
    from them and their joins on `relation`'s landed_ethnic_origin and landed_disability: one set
    for ESR, recruitment and the survey. -#}
{% macro landed_equality_lookups(landed_relation) -%}
ethnic_origin_values as (
    {{ ethnicity_of_landed_values(landed_relation) }}
),

disability_values_landed as (
    {{ disability_of_landed_values(landed_relation) }}
)
{%- endmacro %}

{% macro landed_equality_columns() -%}
    ethnic_origin_values.ethnic_origin,
        ethnic_origin_values.ethnic_code,
        ethnic_origin_values.ethnic_group,
        ethnic_origin_values.is_ethnic_code_recognised,
        disability_values_landed.disability,
        disability_values_landed.disability_group,
        disability_values_landed.is_disability_recognised
{%- endmacro %}

{% macro landed_equality_joins(relation) -%}
    left join ethnic_origin_values
        on {{ relation }}.landed_ethnic_origin is not distinct from ethnic_origin_values.landed_value
    left join disability_values_landed
        on {{ relation }}.landed_disability is not distinct from disability_values_landed.landed_value
{%- endmacro %}
