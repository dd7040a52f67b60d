-- WDES metric 2 for readers (wdes-spec §8): the rows of wdes_indicators for metric 2.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('2')
)

select * from final
