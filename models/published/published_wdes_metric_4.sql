{{ config(alias='wdes_metric_4') }}
-- WDES metric 4 (4a(i)-(iii) and 4b), published: the rows of published.wdes_indicators for those
-- metrics (as the mart twin reads marts.wdes_indicators), so it withholds what the tidy table does.
with indicators as (
    select * from {{ ref('published_wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('4a_i', '4a_ii', '4a_iii', '4b')
)

select * from final
