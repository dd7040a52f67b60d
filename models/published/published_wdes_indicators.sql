{{ config(alias='wdes_indicators') }}
-- The published WDES tidy table (issue 12): marts.wdes_indicators with the small-numbers
-- suppression of spec §6, as published.wres_indicators. Same rows, columns and types; a withheld
-- figure has value, interval and flags NULL and says so in one public phrase; a numerator or
-- denominator is NULL exactly when that count is withheld. The decisions come from
-- int_wdes_figures_suppressed (the WRES engine with the WDES counts; docs/wdes.md).
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

decisions as (
    select * from {{ ref('int_wdes_figures_suppressed') }}
),

decided as (
    select
        indicators.org_code,
        indicators.reporting_year,
        indicators.metric,
        indicators.measure,
        indicators.breakdown,
        indicators.disability_group,
        indicators.survey_year,
        indicators.method,
        indicators.numerator,
        indicators.denominator,
        indicators.value,
        indicators.ci_lower,
        indicators.ci_upper,
        indicators.is_non_adverse,
        indicators.is_significant,
        indicators.is_adverse_gap,
        indicators.not_calculable_reason,
        decisions.is_suppressed,
        decisions.is_value_rounded,
        decisions.rounded_value,
        decisions.suppression_reason,
        decisions.numerator_suppression_reason,
        decisions.denominator_suppression_reason
    from indicators
    inner join decisions
        on
            indicators.org_code = decisions.org_code
            and indicators.reporting_year = decisions.reporting_year
            and indicators.metric = decisions.metric
            and indicators.measure = decisions.measure
            and indicators.breakdown = decisions.breakdown
            and indicators.disability_group = decisions.disability_group
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(metric as varchar) as metric,
        cast(measure as varchar) as measure,
        cast(breakdown as varchar) as breakdown,
        cast(disability_group as varchar) as disability_group,
        cast(survey_year as integer) as survey_year,
        cast(method as varchar) as method,  -- noqa: RF04
        cast({{ published_count('numerator', 'numerator_suppression_reason') }} as bigint) as numerator,
        cast({{ published_count('denominator', 'denominator_suppression_reason') }} as bigint) as denominator,
        cast({{ published_figure(
            "case when measure = 'headcount' then " ~ round_published_count('value')
            ~ " when is_value_rounded then rounded_value else value end",
            'is_suppressed'
        ) }} as double) as value,  -- noqa: RF04
        cast({{ published_figure('ci_lower', '(is_suppressed or is_value_rounded)') }} as double) as ci_lower,
        cast({{ published_figure('ci_upper', '(is_suppressed or is_value_rounded)') }} as double) as ci_upper,
        cast({{ published_figure('is_non_adverse', '(is_suppressed or is_value_rounded)') }} as boolean)
            as is_non_adverse,
        cast({{ published_figure('is_significant', '(is_suppressed or is_value_rounded)') }} as boolean)
            as is_significant,
        cast({{ published_figure('is_adverse_gap', 'is_suppressed') }} as boolean) as is_adverse_gap,
        cast({{ published_figure('not_calculable_reason', 'is_suppressed') }} as varchar) as not_calculable_reason,
        cast(is_suppressed as boolean) as is_suppressed,
        -- one public phrase for all reasons (spec §6.5); the detailed reason stays internal
        cast(
            case when suppression_reason is not null then {{ published_suppression_phrase() }} end as varchar
        ) as suppression_reason
    from decided
)

select * from final
