-- Model Employer inputs (wdes-spec §11-12): BME and all-staff headcounts of each year's
-- workforce (WRES spec §3, ethnicity groups of WRES §2; Unknown is in every denominator) in the
-- scope of var model_employer_scope, for the bands of var model_employer_bands, the band below
-- each (for target method pipeline), the pooled aggregate row and the whole scope.
-- Grain: org x year x band_row.
{%- set scope = var('model_employer_scope') %}
{%- if scope not in ['non_medical', 'all_staff'] %}
    {{ exceptions.raise_compiler_error("var model_employer_scope must be 'non_medical' or 'all_staff', not " ~ scope) }}
{%- endif %}
{%- set bands = var('model_employer_bands') %}
{%- set below = var('model_employer_pipeline_band_below') %}
{%- set listed = (bands + below.values() | list) | unique | list %}
{%- set listed_sql = "'" ~ listed | join("', '") ~ "'" %}
{%- set bands_sql = "'" ~ bands | join("', '") ~ "'" %}

with people as (
    select * from {{ ref('int_workforce_people_counted') }}
    {%- if scope == 'non_medical' %}
        where not is_medical
    {%- endif %}
),

band_people as (
    select
        org_code,
        reporting_year,
        band_row,
        ethnic_group
    from people
    where band_row in ({{ listed_sql }})
    union all
    select
        org_code,
        reporting_year,
        '{{ var("model_employer_aggregate_row") }}' as band_row,
        ethnic_group
    from people
    where band_row in ({{ bands_sql }})
    union all
    select
        org_code,
        reporting_year,
        'scope_total' as band_row,
        ethnic_group
    from people
),

years as (
    select distinct
        org_code,
        reporting_year
    from people
),

band_rows as (
    {%- for band in listed + [var('model_employer_aggregate_row'), 'scope_total'] %}
        select '{{ band }}' as band_row
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

rows_wanted as (
    select
        years.org_code,
        years.reporting_year,
        band_rows.band_row
    from years
    cross join band_rows
),

final as (
    select
        rows_wanted.org_code,
        rows_wanted.reporting_year,
        rows_wanted.band_row,
        count(band_people.ethnic_group) filter (where band_people.ethnic_group = 'BME') as bme_headcount,
        count(band_people.ethnic_group) as headcount
    from rows_wanted
    left join band_people
        on
            rows_wanted.org_code = band_people.org_code
            and rows_wanted.reporting_year = band_people.reporting_year
            and rows_wanted.band_row = band_people.band_row
    group by rows_wanted.org_code, rows_wanted.reporting_year, rows_wanted.band_row
)

select * from final
