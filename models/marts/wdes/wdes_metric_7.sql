-- WDES metric 7 for readers (wdes-spec §8): the rows of wdes_indicators for metric 7.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('7')
)

select * from final
