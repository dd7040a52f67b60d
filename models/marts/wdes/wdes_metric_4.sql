-- WDES metric 4 for readers (wdes-spec §8): the rows of wdes_indicators for metric 4a_i / 4a_ii / 4a_iii / 4b.
with indicators as (
    select * from {{ ref('wdes_indicators') }}
),

final as (
    select * from indicators
    where metric in ('4a_i', '4a_ii', '4a_iii', '4b')
)

select * from final
