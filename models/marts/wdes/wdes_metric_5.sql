-- WDES metric 5 for readers (wdes-spec §8): the rows of wdes_indicators for metric 5.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('5')
)

select * from final
