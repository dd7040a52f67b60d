-- The board of indicator 9 (spec §4): members on the board extract's latest snapshot date inside
-- each financial year (same rule as the ESR snapshot, var wres_snapshot_in_year). Non-executive
-- directors come only from here: they are not workforce. Person-level: never selected by a mart.
{%- set rule = var('wres_snapshot_in_year', 'latest') %}
{%- if rule not in ['latest', 'earliest'] %}
    {{ exceptions.raise_compiler_error("var wres_snapshot_in_year must be 'latest' or 'earliest', not " ~ rule) }}
{%- endif %}

with members as (
    select * from {{ ref('stg_board__members') }}
),

dated as (
    select
        *,
        cast({{ financial_year('snapshot_date') }} as integer) as reporting_year
    from members
),

selected_snapshots as (
    select
        org_code,
        reporting_year,
        {{ 'max' if rule == 'latest' else 'min' }}(snapshot_date) as snapshot_date
    from dated
    group by org_code, reporting_year
),

final as (
    select
        dated.org_code,
        dated.reporting_year,
        dated.snapshot_date,
        dated.member_id,
        dated.role,
        dated.is_voting,
        dated.is_executive,
        dated.ethnic_group,
        -- the member's landing line: what `wres trace` names for indicator 9
        dated.source_file,
        dated.source_line_number
    from dated
    inner join selected_snapshots
        on
            dated.org_code = selected_snapshots.org_code
            and dated.reporting_year = selected_snapshots.reporting_year
            and dated.snapshot_date = selected_snapshots.snapshot_date
)

select * from final
