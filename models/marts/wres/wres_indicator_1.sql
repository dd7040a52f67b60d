-- Indicator 1, friendly: one row per organisation, reporting year and row of the published table
-- (each band row of each section, the section totals and the overall workforce), in display order
-- (section_order, band_row_order). Headcounts beside every percentage; unrounded. The previous
-- year's BME share and its change are given for the overall workforce, as in wres_indicators.
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with representation as (
    select * from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WRES' and breakdown_kind != 'cluster'
),

-- one row per row of the published table: the engine's representation rows of standard WRES
headcounts as (
    select
        org_code,
        reporting_year,
        snapshot_date,
        section,
        case section when 'non_clinical' then 1 when 'clinical' then 2 else 3 end as section_order,
        {{ wres_band_row('breakdown_kind', 'breakdown') }} as band_row,
        cast(band_row_order as integer) as band_row_order,
        {{ wres_breakdown_label('section', 'breakdown_kind', 'breakdown') }} as breakdown,
        cast(sum(case when group_name = 'White' then headcount else 0 end) as bigint) as white_headcount,
        cast(sum(case when group_name = 'BME' then headcount else 0 end) as bigint) as bme_headcount,
        cast(sum(case when group_name = 'Unknown' then headcount else 0 end) as bigint) as unknown_headcount,
        cast(max(headcount_all) as bigint) as total_headcount
    from representation
    group by org_code, reporting_year, snapshot_date, section, breakdown_kind, breakdown, band_row_order
),

indicators as (
    select * from {{ ref('wres_indicators') }}
    where indicator = 1
),

figures as (
    select
        org_code,
        reporting_year,
        breakdown,
        {%- for group in ['White', 'BME', 'Unknown'] %}
            {{ pick | format('pct', group, 'value') }} as {{ group | lower }}_pct,
            {{ pick | format('pct', group, 'ci_lower') }} as {{ group | lower }}_pct_ci_lower,
            {{ pick | format('pct', group, 'ci_upper') }} as {{ group | lower }}_pct_ci_upper,
        {%- endfor %}
        {{ pick | format('pct', 'BME', 'not_calculable_reason') }} as not_calculable_reason,
        {{ pick | format('pct_yoy_change', 'BME', 'value') }} as bme_pct_yoy_change,
        max(case when measure = 'pct_yoy_change' and ethnic_group = 'BME' then 1 else 0 end) as has_previous_year
    from indicators
    group by org_code, reporting_year, breakdown
),

final as (
    select
        headcounts.org_code,
        headcounts.reporting_year,
        headcounts.snapshot_date,
        headcounts.section,
        headcounts.band_row,
        headcounts.breakdown,
        headcounts.section_order,
        headcounts.band_row_order,
        headcounts.white_headcount,
        headcounts.bme_headcount,
        headcounts.unknown_headcount,
        headcounts.total_headcount,
        {%- for group in ['white', 'bme', 'unknown'] %}
            current_year.{{ group }}_pct,
            current_year.{{ group }}_pct_ci_lower,
            current_year.{{ group }}_pct_ci_upper,
        {%- endfor %}
        current_year.not_calculable_reason,
        previous_year.bme_pct as previous_year_bme_pct,
        current_year.bme_pct_yoy_change
    from headcounts
    inner join figures as current_year
        on
            headcounts.org_code = current_year.org_code
            and headcounts.reporting_year = current_year.reporting_year
            and headcounts.breakdown = current_year.breakdown
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
            and current_year.breakdown = previous_year.breakdown
)

select * from final
