-- WDES metric 8 for readers (wdes-spec §8): the rows of wdes_indicators for metric 8.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('8')
)

select * from final
