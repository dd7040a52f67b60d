{#- Generic data tests we write ourselves: the dbt package hub (dbt_utils) is unreachable here. -#}

{#- Fails with every row where the column lies outside [min_value, max_value] (NULL passes). -#}
{% test between(model, column_name, min_value=none, max_value=none) %}
select *
from {{ model }}
where {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
    )
{% endtest %}

{#- Every column rule of a model in one query (issue 13: one test node per rule cost dbt ~25 ms each,
    ~400 of them). The rules are declared on each column, beside its description, as
      config: {meta: {checks: [not_null, unique, {accepted_values: [a, b]}, {between: {min_value: 0, max_value: 100}}]}}
    with the meanings of dbt's not_null, unique and accepted_values tests and our between test (NULL
    passes every rule but not_null). The model declares `- column_checks` once under its data_tests.
    Fails with one row per broken rule: the column, the rule, how many rows break it and an example
    value, so a failure names the column and the rule as a per-column test did.
    `grain` (optional) names the columns whose combination is unique in the model: checked in the
    same test (a separate unique_combination test node cost dbt as much again for each model), as
    the rule `unique combination` of the columns joined by ', ': the rows beyond the first of each
    repeated combination; the example is the least repeated one, as text (a grain's NULLs are equal,
    as in group by).
    The grain is checked on the combinations' hashes first (issue 13: the 6.3 M survey answers of 40
    organisations): one integer per row, sorted, where a repeated hash is the one before it
    (lag over the sorted hashes: cheaper than grouping every hash, most of which are unique), and only
    the rows of a repeated hash (none in a clean model, so that read stops at once) are grouped on the
    columns themselves. A hash collision only adds a candidate; the grouping on the columns decides.
    The column rules are aggregates over the model (one row), the grain's its own CTE, read once for
    its count and its example; a model with a grain and no column rule gives one row too, not one per
    row of the model. -#}
{% test column_checks(model, grain=none) %}
{%- set rules = wres_column_check_rules(model, grain) -%}
{%- if not execute %}
{#- at parse time (no graph yet) dbt only needs the model's ref, taken from the test's arguments -#}
select null as column_name, null as rule, 0 as failing_rows, null as example_value
where 1 = 0
{%- else %}
with
{%- if rules | length > 0 %}
checked as (
    select
    {%- for rule in rules %}
        {{ rule.failing_rows }} as rule_{{ loop.index }}_failing_rows,
        {{ rule.example }} as rule_{{ loop.index }}_example{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
){{ ',' if grain }}
{%- endif %}
{%- if grain %}
{%- set grain_columns = grain | join(', ') %}
grain_hashes as (
    select grain_hash, lag(grain_hash) over (order by grain_hash) as previous_grain_hash
    from (select hash({{ grain_columns }}) as grain_hash from {{ model }}) as hashed
),
repeated_combinations as (
    select {{ grain_columns }}, count(*) as occurrences
    from {{ model }}
    where hash({{ grain_columns }}) in (select grain_hash from grain_hashes where grain_hash = previous_grain_hash)
    group by {{ grain_columns }}
    having count(*) > 1
),
grain_checked as (
    select
        coalesce(sum(occurrences - 1), 0) as failing_rows,
        min(concat_ws(', '
        {%- for column in grain %}, cast({{ column }} as {{ dbt.type_string() }}){% endfor %})) as example
    from repeated_combinations
)
{%- endif %}
{%- for rule in rules %}
select
    '{{ rule.column }}' as column_name,
    '{{ rule.text | replace("'", "''") }}' as rule,
    rule_{{ loop.index }}_failing_rows as failing_rows,
    rule_{{ loop.index }}_example as example_value
from checked
where rule_{{ loop.index }}_failing_rows > 0
{{ 'union all' if not loop.last or grain }}
{%- endfor %}
{%- if grain %}
select
    '{{ grain | join(', ') }}' as column_name,
    'unique combination' as rule,
    failing_rows,
    example as example_value
from grain_checked
where failing_rows > 0
{%- endif %}
{%- endif %}
{% endtest %}

{#- The rules of column_checks for `model` (a relation): each column's config.meta.checks, found in
    dbt's graph by the relation's schema and identifier (the grain is checked by the test itself).
    [] at parse time; an error when the model is not found or there is nothing to check, no column
    rule and no grain (a column_checks test that checked nothing would always pass). -#}
{% macro wres_column_check_rules(model, grain=none) %}
{%- if not execute %}{{ return([]) }}{% endif -%}
{%- set nodes = [] -%}
{%- for node in graph.nodes.values() -%}
    {%- if node.resource_type in ('model', 'seed', 'snapshot') and node.schema == model.schema
        and (node.alias or node.name) == model.identifier -%}
        {%- do nodes.append(node) -%}
    {%- endif -%}
{%- endfor -%}
{%- if nodes | length != 1 -%}
    {{ exceptions.raise_compiler_error("column_checks: no single model is the relation " ~ model) }}
{%- endif -%}
{%- set rules = [] -%}
{%- set as_text = dbt.type_string() -%}
{%- for column in nodes[0].columns.values() -%}
    {%- for check in ((column.config or {}).get('meta') or column.meta or {}).get('checks', []) -%}
        {%- set name = check if check is string else (check.keys() | list)[0] -%}
        {%- set argument = none if check is string else check[name] -%}
        {%- set quoted = adapter.quote(column.name) if column.quote else column.name -%}
        {%- if name == 'not_null' -%}
            {%- do rules.append({'column': column.name, 'quoted': quoted, 'text': 'not_null', 'failing': quoted ~ ' is null'}) -%}
        {%- elif name == 'unique' -%}
            {#- the rows beyond the first of each repeated value; the example is the least repeated value -#}
            {%- do rules.append({'column': column.name, 'text': 'unique',
                'failing_rows': 'count(' ~ quoted ~ ') - count(distinct ' ~ quoted ~ ')',
                'example': '(select min(cast(repeated.' ~ quoted ~ ' as ' ~ as_text ~ ')) from (select ' ~ quoted ~ ' from '
                    ~ model ~ ' group by ' ~ quoted ~ ' having count(' ~ quoted ~ ') > 1) as repeated)'}) -%}
        {%- elif name == 'accepted_values' -%}
            {%- set literals = [] -%}
            {%- for value in argument -%}
                {%- do literals.append(("'" ~ (value | replace("'", "''")) ~ "'") if value is string else (value | string | lower)) -%}
            {%- endfor -%}
            {%- do rules.append({'column': column.name, 'quoted': quoted, 'text': 'accepted_values: ' ~ (argument | join(', ')),
                'failing': quoted ~ ' is not null and ' ~ quoted ~ ' not in (' ~ (literals | join(', ')) ~ ')'}) -%}
        {%- elif name == 'between' -%}
            {%- set bounds = [] -%}
            {%- if argument.get('min_value') is not none %}{% do bounds.append(quoted ~ ' < ' ~ argument['min_value']) %}{% endif -%}
            {%- if argument.get('max_value') is not none %}{% do bounds.append(quoted ~ ' > ' ~ argument['max_value']) %}{% endif -%}
            {%- do rules.append({'column': column.name, 'quoted': quoted,
                'text': 'between ' ~ argument.get('min_value', '-inf') ~ ' and ' ~ argument.get('max_value', 'inf'),
                'failing': quoted ~ ' is not null and (' ~ (bounds | join(' or ')) ~ ')'}) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("column_checks on " ~ model ~ ": column " ~ column.name ~ " has an unknown check " ~ check) }}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- if rules | length == 0 and not grain -%}
    {{ exceptions.raise_compiler_error("column_checks on " ~ model ~ ": no column declares a check (config: meta: checks:) and no grain is given") }}
{%- endif -%}
{%- for rule in rules if 'failing' in rule -%}
    {%- do rule.update({'failing_rows': 'sum(case when ' ~ rule.failing ~ ' then 1 else 0 end)',
        'example': 'min(case when ' ~ rule.failing ~ ' then cast(' ~ rule.quoted ~ ' as ' ~ as_text ~ ') end)'}) -%}
{%- endfor -%}
{{ return(rules) }}
{% endmacro %}
