-- WDES metric 6 for readers (wdes-spec §8): the rows of wdes_indicators for metric 6.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('6')
)

select * from final
