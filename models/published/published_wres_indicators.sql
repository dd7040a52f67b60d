{{ config(alias='wres_indicators') }}
-- The published tidy table (spec §8): marts.wres_indicators with the small-numbers suppression of
-- spec §6. Same rows, columns and types; a suppressed figure has value, interval and flags NULL
-- and says so in one public phrase; a numerator or denominator is NULL exactly when that count
-- is suppressed. The decisions come from int_indicator_figures_suppressed (primary,
-- complementary to a fixed point, derived); rounding of counts is var
-- wres_round_published_counts_to (off by default).
with indicators as (
    select * from {{ ref('wres_indicators') }}
),

decisions as (
    select * from {{ ref('int_indicator_figures_suppressed') }}
),

decided as (
    select
        indicators.org_code,
        indicators.reporting_year,
        indicators.indicator,
        indicators.measure,
        indicators.breakdown,
        indicators.ethnic_group,
        indicators.numerator,
        indicators.denominator,
        indicators.value,
        indicators.ci_lower,
        indicators.ci_upper,
        indicators.is_non_adverse,
        indicators.is_significant,
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
            and indicators.indicator = decisions.indicator
            and indicators.measure = decisions.measure
            and indicators.breakdown = decisions.breakdown
            and indicators.ethnic_group = decisions.ethnic_group
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(indicator as integer) as indicator,
        cast(measure as varchar) as measure,
        cast(breakdown as varchar) as breakdown,
        cast(ethnic_group as varchar) as ethnic_group,
        cast({{ published_count('numerator', 'numerator_suppression_reason') }} as bigint) as numerator,
        cast({{ published_count('denominator', 'denominator_suppression_reason') }} as bigint) as denominator,
        -- a headcount's value is the count itself, so it is rounded like one; a relative likelihood
        -- of suppressed counts is shown rounded to 2 dp as the engine rounded it (is_value_rounded),
        -- without interval or flags
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
        cast({{ published_figure('not_calculable_reason', 'is_suppressed') }} as varchar) as not_calculable_reason,
        cast(is_suppressed as boolean) as is_suppressed,
        -- one public phrase for all reasons (spec §6.5); the detailed reason stays internal
        cast(
            case when suppression_reason is not null then {{ published_suppression_phrase() }} end as varchar
        ) as suppression_reason
    from decided
)

select * from final
