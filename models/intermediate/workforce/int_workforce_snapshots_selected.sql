-- Spec §1 Decision: reporting year Y takes the latest ESR snapshot date inside financial year Y
-- (var wres_snapshot_in_year: 'latest', or 'earliest'), so an extract holding several month-end
-- snapshots still gives exactly one workforce per organisation and year.
{%- set rule = var('wres_snapshot_in_year', 'latest') %}
{%- if rule not in ['latest', 'earliest'] %}
    {{ exceptions.raise_compiler_error("var wres_snapshot_in_year must be 'latest' or 'earliest', not " ~ rule) }}
{%- endif %}

with assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

snapshot_dates as (
    select distinct
        org_code,
        snapshot_date,
        {{ financial_year('snapshot_date') }} as reporting_year
    from assignments
),

final as (
    select
        org_code,
        cast(reporting_year as integer) as reporting_year,
        {{ 'max' if rule == 'latest' else 'min' }}(snapshot_date) as snapshot_date,
        count(*) as snapshot_dates_in_year
    from snapshot_dates
    group by org_code, reporting_year
)

select * from final
