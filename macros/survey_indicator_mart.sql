{#- WRES indicators 5-8 (NHS Staff Survey) from the equality engine: the counts of
    int_equality__survey_items_counted for standard WRES and the indicator (seed survey_item_map
    rows WRES, metric_code = the indicator). Every organisation with respondents in a survey year
    that feeds the reporting year has a White and a BME row (zero counts when nobody of the group
    is in the base: NULL percentage and 'denominator_zero'); Unknown is in neither. -#}

{#- The tidy rows of int_figures__indicator_<n>: percentage positive with its Wilson interval. -#}
{% macro survey_indicator_figures(indicator) -%}
with counted as (
    select * from {{ ref('int_equality__survey_items_counted') }}
    where standard_code = 'WRES' and metric_code = '{{ indicator }}'
),

org_years as (
    select
        org_code,
        reporting_year
    from counted
    where group_name = 'All'
),

ethnic_groups as (
    select 'White' as ethnic_group
    union all
    select 'BME' as ethnic_group
),

counts as (
    select
        org_years.org_code,
        org_years.reporting_year,
        ethnic_groups.ethnic_group,
        coalesce(counted.positive_respondents, 0) as numerator,
        coalesce(counted.valid_respondents, 0) as denominator
    from org_years
    cross join ethnic_groups
    left join counted
        on
            org_years.org_code = counted.org_code
            and org_years.reporting_year = counted.reporting_year
            and ethnic_groups.ethnic_group = counted.group_name
),

figures as (
    select
        org_code,
        reporting_year,
        ethnic_group,
        numerator,
        denominator,
        {{ percentage('numerator', 'denominator') }} as figure_value,
        {{ wilson_bound('numerator', 'denominator', 'lower') }} as ci_lower,
        {{ wilson_bound('numerator', 'denominator', 'upper') }} as ci_upper,
        case when denominator = 0 then 'denominator_zero' end as not_calculable_reason
    from counts
),

final as (
    select
        {{ tidy_figure_columns(
            indicator=indicator, measure="'pct'", breakdown="'overall'", value='figure_value',
            is_non_adverse='null', is_significant='null'
        ) }}
    from figures
)

select * from final
{%- endmacro %}

{#- The friendly mart of one indicator: the White and BME rows of int_figures__indicator_<n>
    side by side, with the survey year and the difference BME - White in points. The four tables
    differ only in the indicator number, so they share this one definition. -#}
{% macro survey_indicator_mart(indicator) -%}
with figures as (
    select * from {{ ref('int_figures__indicator_' ~ indicator) }}
),

survey_years as (
    select
        org_code,
        reporting_year,
        survey_year
    from {{ ref('int_equality__survey_items_counted') }}
    where standard_code = 'WRES' and metric_code = '{{ indicator }}' and group_name = 'All'
),

by_group as (
    select
        org_code,
        reporting_year,
        max(case when ethnic_group = 'White' then denominator end) as white_valid_respondents,
        max(case when ethnic_group = 'White' then numerator end) as white_positive_respondents,
        max(case when ethnic_group = 'BME' then denominator end) as bme_valid_respondents,
        max(case when ethnic_group = 'BME' then numerator end) as bme_positive_respondents,
        max(case when ethnic_group = 'White' then value end) as white_pct,
        max(case when ethnic_group = 'White' then ci_lower end) as white_ci_lower,
        max(case when ethnic_group = 'White' then ci_upper end) as white_ci_upper,
        max(case when ethnic_group = 'White' then not_calculable_reason end) as white_not_calculable_reason,
        max(case when ethnic_group = 'BME' then value end) as bme_pct,
        max(case when ethnic_group = 'BME' then ci_lower end) as bme_ci_lower,
        max(case when ethnic_group = 'BME' then ci_upper end) as bme_ci_upper,
        max(case when ethnic_group = 'BME' then not_calculable_reason end) as bme_not_calculable_reason
    from figures
    group by org_code, reporting_year
),

final as (
    select
        by_group.org_code,
        by_group.reporting_year,
        cast(survey_years.survey_year as integer) as survey_year,
        by_group.white_valid_respondents,
        by_group.white_positive_respondents,
        by_group.bme_valid_respondents,
        by_group.bme_positive_respondents,
        by_group.white_pct,
        by_group.white_ci_lower,
        by_group.white_ci_upper,
        by_group.white_not_calculable_reason,
        by_group.bme_pct,
        by_group.bme_ci_lower,
        by_group.bme_ci_upper,
        by_group.bme_not_calculable_reason,
        by_group.bme_pct - by_group.white_pct as bme_minus_white_pct_points
    from by_group
    inner join survey_years
        on
            by_group.org_code = survey_years.org_code
            and by_group.reporting_year = survey_years.reporting_year
)

select * from final
{%- endmacro %}
