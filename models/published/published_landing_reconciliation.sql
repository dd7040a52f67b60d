-- What the run read and kept, per landing file, beside the figures (spec §8): lets a reader of
-- the publication check that every row read was either used or quarantined. File-level only.
with reconciliation as (
    select * from {{ ref('landing_reconciliation') }}
),

final as (
    select
        run_id,
        extract_name,
        source_file,
        sha256,
        records_in_file,
        rows_read,
        rows_accepted,
        rows_quarantined,
        is_balanced
    from reconciliation
)

select * from final
