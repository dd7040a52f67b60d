-- The headline figures of spec §8: one row per organisation and reporting year with a workforce
-- snapshot. Read from wres_indicators so each figure has one definition; a figure that is not
-- calculable, or whose source has no data that year, is NULL. Which tidy row is each headline:
-- macro summary_headline_ctes, shared with published.wres_summary.
with snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

indicators as (
    select * from {{ ref('wres_indicators') }}
),

{{ summary_headline_ctes('snapshots', 'indicators') }}

select * from final
