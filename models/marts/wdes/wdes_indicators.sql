-- The tidy WDES table of wdes-spec §8: one row per figure of metrics 1-10 (9b is in wdes_summary).
-- Internal tier: nothing is suppressed here (is_suppressed false); published.wdes_indicators is
-- its suppressed twin (docs/wdes.md).
with figures as (
    select * from {{ ref('int_equality__wdes_figures') }}
),

final as (
    select
        org_code,
        reporting_year,
        metric,
        measure,
        breakdown,
        disability_group,
        survey_year,
        method,
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        is_non_adverse,
        is_significant,
        is_adverse_gap,
        not_calculable_reason,
        false as is_suppressed,
        cast(null as varchar) as suppression_reason
    from figures
)

select * from final
