-- The disability rows of seed equality_group_map (wdes-spec §2.1, §9.1), one per normalised raw
-- value: the lookup every staging model joins its raw disability value to.
with group_map as (
    select * from {{ ref('equality_group_map') }}
),

final as (
    select
        raw_value,
        group_name as disability_group
    from group_map
    where
        characteristic = 'disability'
        and match_rule = 'exact_normalised'
        and source = '*'
)

select * from final
