{{ config(alias='wdes_metric_2') }}
-- WDES metric 2, published: the rows of published.wdes_indicators for metric 2 (as the mart
-- twin reads marts.wdes_indicators), so it withholds exactly what the tidy table does.
with indicators as (
    select * from {{ ref('published_wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('2')
)

select * from final
