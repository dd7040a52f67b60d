-- The tidy table of spec §8: one row per figure of indicators 1-9 (the union of the
-- int_figures__indicator_<n> models, which share one shape) plus the year-on-year change of spec
-- §5, and the suppression columns (the internal tier is never suppressed: see published).
-- A new indicator model is one more entry in indicator_models.
{%- set indicator_models = [
    'int_figures__indicator_1',
    'int_figures__indicator_2',
    'int_figures__indicator_3',
    'int_figures__indicator_4',
    'int_figures__indicator_5',
    'int_figures__indicator_6',
    'int_figures__indicator_7',
    'int_figures__indicator_8',
    'int_figures__indicator_9',
] %}

with
{% for model_name in indicator_models %}
    {{ model_name }} as (
        select * from {{ ref(model_name) }}
    ),
{% endfor %}

figures as (
    {%- for model_name in indicator_models %}
        select * from {{ model_name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- spec §5: the change against the previous reporting year of every ratio, survey and board
-- percentage, the overall workforce percentage and every board difference
comparable as (
    select * from figures
    where
        measure in ('relative_likelihood', 'pct_point_diff')
        or (measure = 'pct' and indicator between 5 and 9)
        or (measure = 'pct' and indicator = 1 and breakdown = 'overall')
),

year_on_year as (
    select
        current_year.org_code,
        current_year.reporting_year,
        current_year.indicator,
        current_year.measure || '_yoy_change' as measure,
        current_year.breakdown,
        current_year.ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        current_year.value - previous_year.value as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        case
            when current_year.value is null then current_year.not_calculable_reason
            when previous_year.value is null then 'previous_year_not_calculable'
        end as not_calculable_reason
    from comparable as current_year
    inner join comparable as previous_year
        on
            current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
            and current_year.indicator = previous_year.indicator
            and current_year.measure = previous_year.measure
            and current_year.breakdown = previous_year.breakdown
            and current_year.ethnic_group = previous_year.ethnic_group
),

all_figures as (
    select * from figures
    union all
    select * from year_on_year
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(indicator as integer) as indicator,
        cast(measure as varchar) as measure,
        cast(breakdown as varchar) as breakdown,
        cast(ethnic_group as varchar) as ethnic_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(value as double) as value,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(is_non_adverse as boolean) as is_non_adverse,
        cast(is_significant as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason,
        false as is_suppressed,
        cast(null as varchar) as suppression_reason
    from all_figures
)

select * from final
