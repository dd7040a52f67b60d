-- WDES metric 3 for readers (wdes-spec §8): the rows of wdes_indicators for metric 3.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('3')
)

select * from final
