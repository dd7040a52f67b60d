-- WDES metric 1 for readers (wdes-spec §8): the rows of wdes_indicators for metric 1.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('1')
)

select * from final
