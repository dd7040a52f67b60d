-- WDES metric 9 for readers (wdes-spec §8): 9a, the staff engagement score (rows of
-- wdes_indicators), with 9b, whether action was taken to hear Disabled staff (seed wdes_narrative).
with indicators as (
    select * from {{ ref('wdes_indicators') }}
    where metric in ('9a')
),

narrative as (
    select * from {{ ref('wdes_narrative') }}
),

final as (
    select
        indicators.*,
        narrative.metric_9b_action_taken
    from indicators
    left join narrative
        on
            indicators.org_code = narrative.org_code
            and indicators.reporting_year = narrative.reporting_year
)

select * from final
