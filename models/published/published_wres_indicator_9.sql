{{ config(alias='wres_indicator_9') }}
-- Indicator 9, published: the rows and columns of marts.wres_indicator_9, every member count,
-- share, difference and change read from published.wres_indicators (and the workforce BME share
-- from its indicator 1 rows), so it withholds exactly what the tidy table does. Only the row
-- labels (subset, headline flag, board snapshot date) come from the mart. Grain: one row per
-- organisation, reporting year with a board snapshot, and board subset.
{%- set groups = {'white': 'White', 'bme': 'BME', 'unknown': 'Unknown'} %}
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with frame as (
    select
        org_code,
        reporting_year,
        board_snapshot_date,
        board_subset,
        is_headline
    from {{ ref('wres_indicator_9') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = 9
),

workforce_bme as (
    select
        org_code,
        reporting_year,
        value as workforce_bme_pct
    from {{ ref('published_wres_indicators') }}
    where
        indicator = 1
        and measure = 'pct'
        and breakdown = 'overall'
        and ethnic_group = 'BME'
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
        frame.org_code,
        frame.reporting_year,
        frame.board_snapshot_date,
        frame.board_subset,
        frame.is_headline,
        {%- for prefix in groups %}
            cast(current_year.{{ prefix }}_members as bigint) as {{ prefix }}_members,
        {%- endfor %}
        cast(current_year.total_members as bigint) as total_members,
        {%- for prefix in groups %}
            cast(current_year.{{ prefix }}_pct as double) as {{ prefix }}_pct,
        {%- endfor %}
        cast(current_year.bme_pct_ci_lower as double) as bme_pct_ci_lower,
        cast(current_year.bme_pct_ci_upper as double) as bme_pct_ci_upper,
        cast(workforce_bme.workforce_bme_pct as double) as workforce_bme_pct,
        cast(current_year.pct_point_diff as double) as pct_point_diff,
        cast(current_year.not_calculable_reason as varchar) as not_calculable_reason,
        cast(previous_year.pct_point_diff as double) as previous_year_pct_point_diff,
        cast(current_year.pct_point_diff_yoy_change as double) as pct_point_diff_yoy_change
    from frame
    inner join figures as current_year
        on
            frame.org_code = current_year.org_code
            and frame.reporting_year = current_year.reporting_year
            and frame.board_subset = current_year.breakdown
    left join workforce_bme
        on
            frame.org_code = workforce_bme.org_code
            and frame.reporting_year = workforce_bme.reporting_year
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
            and current_year.breakdown = previous_year.breakdown
)

select * from final
