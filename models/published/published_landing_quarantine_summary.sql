-- Quarantined rows counted by file and kind of problem (spec §8: data quality beside the figures).
-- Only the rule's name is published: the full reason and the row summary carry values from the
-- row (ids, codes) and stay in audit.landing_quarantine, inside the build database.
with quarantine as (
    select * from {{ ref('landing_quarantine') }}
),

final as (
    select
        extract_name,
        source_file,
        quarantined_by,
        -- 'unparseable snapshot_date: 31/02/2024' -> 'unparseable snapshot_date'
        split_part(quarantine_reason, ':', 1) as quarantine_rule,
        count(*) as row_count
    from quarantine
    group by extract_name, source_file, quarantined_by, split_part(quarantine_reason, ':', 1)
)

select * from final
