-- WDES metric 10 for readers (wdes-spec §8): the rows of wdes_indicators for metric 10.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('10')
)

select * from final
