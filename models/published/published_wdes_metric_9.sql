{{ config(alias='wdes_metric_9') }}
-- WDES metric 9, published: 9a from published.wdes_indicators (withheld as the tidy table
-- withholds it) and 9b, whether action was taken to hear Disabled staff (a yes/no about the
-- organisation, about nobody: seed wdes_narrative, shown as in the mart).
with indicators as (
    select * from {{ ref('published_wdes_indicators') }}
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
