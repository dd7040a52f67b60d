-- Indicator 9, friendly: one row per organisation, reporting year with a board snapshot, and board
-- subset (total, voting, non-voting, executive, non-executive; is_headline marks voting). Member
-- counts beside the shares (Unknown in the base), the workforce BME share of indicator 1 and the
-- percentage-point difference, with the previous year's difference and change where it exists.
-- Unrounded.
{%- set groups = {'white': 'White', 'bme': 'BME', 'unknown': 'Unknown'} %}
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with indicators as (
    select * from {{ ref('wres_indicators') }}
    where indicator = 9
),

workforce_bme as (
    select
        org_code,
        reporting_year,
        value as workforce_bme_pct
    from {{ ref('wres_indicators') }}
    where
        indicator = 1
        and measure = 'pct'
        and breakdown = 'overall'
        and ethnic_group = 'BME'
),

board_snapshots as (
    select distinct
        org_code,
        reporting_year,
        snapshot_date
    from {{ ref('int_board_members_selected') }}
),

figures as (
    select
        org_code,
        reporting_year,
        breakdown,
        {%- for prefix, group in groups.items() %}
            {{ pick | format('headcount', group, 'numerator') }} as {{ prefix }}_members,
        {%- endfor %}
        {{ pick | format('headcount', 'All', 'numerator') }} as total_members,
        {%- for prefix, group in groups.items() %}
            {{ pick | format('pct', group, 'value') }} as {{ prefix }}_pct,
        {%- endfor %}
        {{ pick | format('pct', 'BME', 'ci_lower') }} as bme_pct_ci_lower,
        {{ pick | format('pct', 'BME', 'ci_upper') }} as bme_pct_ci_upper,
        {{ pick | format('pct_point_diff', 'BME', 'value') }} as pct_point_diff,
        {{ pick | format('pct_point_diff', 'BME', 'not_calculable_reason') }} as not_calculable_reason,
        {{ pick | format('pct_point_diff_yoy_change', 'BME', 'value') }} as pct_point_diff_yoy_change,
        max(case when measure = 'pct_point_diff_yoy_change' then 1 else 0 end) as has_previous_year
    from indicators
    group by org_code, reporting_year, breakdown
),

final as (
    select
        current_year.org_code,
        current_year.reporting_year,
        board_snapshots.snapshot_date as board_snapshot_date,
        current_year.breakdown as board_subset,
        (current_year.breakdown = 'board_voting') as is_headline,
        {%- for prefix in groups %}
            current_year.{{ prefix }}_members,
        {%- endfor %}
        current_year.total_members,
        {%- for prefix in groups %}
            current_year.{{ prefix }}_pct,
        {%- endfor %}
        current_year.bme_pct_ci_lower,
        current_year.bme_pct_ci_upper,
        workforce_bme.workforce_bme_pct,
        current_year.pct_point_diff,
        current_year.not_calculable_reason,
        previous_year.pct_point_diff as previous_year_pct_point_diff,
        current_year.pct_point_diff_yoy_change
    from figures as current_year
    inner join board_snapshots
        on
            current_year.org_code = board_snapshots.org_code
            and current_year.reporting_year = board_snapshots.reporting_year
    left join workforce_bme
        on
            current_year.org_code = workforce_bme.org_code
            and current_year.reporting_year = workforce_bme.reporting_year
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
            and current_year.breakdown = previous_year.breakdown
)

select * from final
