{{ config(alias='wdes_metric_1') }}
-- WDES metric 1, published: the rows of published.wdes_indicators for metric 1 (as the mart
-- twin reads marts.wdes_indicators), so it withholds exactly what the tidy table does.
with indicators as (
    select * from {{ ref('published_wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('1')
)

select * from final
