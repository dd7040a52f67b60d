{{ config(alias='wres_indicator_1') }}
-- Indicator 1, published: the rows and columns of marts.wres_indicator_1, with every count,
-- percentage and interval read from published.wres_indicators, so the friendly table withholds
-- exactly what the tidy one does. Only the row labels (section, band row, orders, snapshot date)
-- come from the mart. Grain: one row per organisation, reporting year and indicator 1 row.
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}
{%- set groups = {'white': 'White', 'bme': 'BME', 'unknown': 'Unknown'} %}

with frame as (
    select
        org_code,
        reporting_year,
        snapshot_date,
        section,
        band_row,
        breakdown,
        section_order,
        band_row_order
    from {{ ref('wres_indicator_1') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = 1
),

figures as (
    select
        org_code,
        reporting_year,
        breakdown,
        {%- for prefix, group in groups.items() %}
            {{ pick | format('headcount', group, 'numerator') }} as {{ prefix }}_headcount,
        {%- endfor %}
        {{ pick | format('headcount', 'All', 'numerator') }} as total_headcount,
        {%- for prefix, group in groups.items() %}
            {{ pick | format('pct', group, 'value') }} as {{ prefix }}_pct,
            {{ pick | format('pct', group, 'ci_lower') }} as {{ prefix }}_pct_ci_lower,
            {{ pick | format('pct', group, 'ci_upper') }} as {{ prefix }}_pct_ci_upper,
        {%- endfor %}
        {{ pick | format('pct', 'BME', 'not_calculable_reason') }} as not_calculable_reason,
        {{ pick | format('pct_yoy_change', 'BME', 'value') }} as bme_pct_yoy_change,
        max(case when measure = 'pct_yoy_change' and ethnic_group = 'BME' then 1 else 0 end) as has_previous_year
    from indicators
    group by org_code, reporting_year, breakdown
),

final as (
    select
        frame.org_code,
        frame.reporting_year,
        frame.snapshot_date,
        frame.section,
        frame.band_row,
        frame.breakdown,
        frame.section_order,
        frame.band_row_order,
        {%- for prefix in groups %}
            cast(current_year.{{ prefix }}_headcount as bigint) as {{ prefix }}_headcount,
        {%- endfor %}
        cast(current_year.total_headcount as bigint) as total_headcount,
        {%- for prefix in groups %}
            cast(current_year.{{ prefix }}_pct as double) as {{ prefix }}_pct,
            cast(current_year.{{ prefix }}_pct_ci_lower as double) as {{ prefix }}_pct_ci_lower,
            cast(current_year.{{ prefix }}_pct_ci_upper as double) as {{ prefix }}_pct_ci_upper,
        {%- endfor %}
        cast(current_year.not_calculable_reason as varchar) as not_calculable_reason,
        cast(previous_year.bme_pct as double) as previous_year_bme_pct,
        cast(current_year.bme_pct_yoy_change as double) as bme_pct_yoy_change
    from frame
    inner join figures as current_year
        on
            frame.org_code = current_year.org_code
            and frame.reporting_year = current_year.reporting_year
            and frame.breakdown = current_year.breakdown
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
            and current_year.breakdown = previous_year.breakdown
)

select * from final
