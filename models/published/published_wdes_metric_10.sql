{{ config(alias='wdes_metric_10') }}
-- WDES metric 10, published: the rows of published.wdes_indicators for metric 10 (as the mart
-- twin reads marts.wdes_indicators), so it withholds exactly what the tidy table does.
with indicators as (
    select * from {{ ref('published_wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('10')
)

select * from final
